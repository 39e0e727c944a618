/**
 * `createBitbucketClient()`: the `BitbucketClient` of ./api.ts over ./http.ts.
 *
 * Spec operations covered (operationIds of bitbucket-dc-9.2-openapi.json; test/contract/rest-client.contract.test.ts
 * checks every method's path and query names against them):
 * - core `/rest/api/latest`: getProjects, getRepositories_1, getRepository, getUsers_2 (repo permissions),
 *   getBranches, getDefaultBranch_2, getCommits, getCommit, streamRaw, editFile,
 *   getPage, getPullRequests (PRs containing a commit), get_3, create, update, canMerge, merge, decline,
 *   reopen, listParticipants, updateStatus, getActivities, getComments_1 (blocker comments), getCommits_1,
 *   streamChanges_1, streamDiff_2 (the PR diff), streamDiff (a commit's diff `?since=`, the diff between any two
 *   commits; `…/diff?since&until` is the raw-text stream and `…/compare/diff` starts at the merge base), getMergeBase_1.
 * - branch-utils `/rest/branch-utils/latest`: createBranch, deleteBranch, findByCommit; plus the branch model
 *   `GET …/branchmodel`, which real servers have but the document lacks (reference README).
 * - comment-likes `/rest/comment-likes/latest`: react_1, unReact_1 (PR comments), react, unReact (commit comments).
 * - insights `/rest/insights/latest`: getReports, getACodeInsightsReport, setACodeInsightsReport,
 *   deleteACodeInsightsReport, getAnnotations, getAnnotations_1, addAnnotations, setAnnotation, deleteAnnotations.
 * - build status: getBuildStatus (`GET /rest/build-status/latest/commits/{commitId}`). The repo-scoped builds
 *   resource (`GET …/commits/{commitId}/builds`, operation `get`) requires `key` and returns ONE status, so
 *   the spec offers no repo-scoped listing; the legacy resource is the only list (the most recent 100).
 *
 * Choices: `updatePullRequest` re-sends the current reviewers when the caller leaves them out:
 * Bitbucket's PUT replaces the reviewer list, so omitting it would remove every reviewer.
 */
import type { BitbucketClient, CollectOptions, Paged, RequestOptions } from './api';
import { RestError, isRestError } from './errors';
import { HttpClient, type ExpectedBody, type HttpMethod, type HttpOptions } from './http';
import {
  ShapeError,
  normalizeActivity,
  normalizeAnnotationList,
  normalizeBranch,
  normalizeBranchModel,
  normalizeBuildStatus,
  normalizeChange,
  normalizeComment,
  normalizeCommit,
  normalizeDiff,
  normalizeMergeStatus,
  normalizeMinimalRef,
  normalizeOptionalCommit,
  normalizePage,
  normalizeParticipant,
  normalizeProject,
  normalizePullRequest,
  normalizeReport,
  normalizeRepository,
  normalizeUser,
  normalizeUserReaction,
  type Normalizer,
} from './normalize';
import { createPaged } from './paging';
import type { RepoPermissions, RepoRef } from './types';
import { filePath, path, type Query } from './url';

const CORE = '/rest/api/latest';
const BRANCH_UTILS = '/rest/branch-utils/latest';
const COMMENT_LIKES = '/rest/comment-likes/latest';
const INSIGHTS = '/rest/insights/latest';
const BUILD_STATUS = '/rest/build-status/latest';

/** What matching findings needs of a diff: changed lines only, no comments (each cuts the bytes). */
const LEAST_DIFF = { contextLines: 0, withComments: false } as const;

export type BitbucketClientOptions = HttpOptions;

/** The client plus cache control for explicit "refresh" actions. */
export interface BitbucketRestClient extends BitbucketClient {
  clearCache(): void;
}

export function createBitbucketClient(options: BitbucketClientOptions = {}): BitbucketRestClient {
  const http = new HttpClient(options);

  async function call<T>(
    method: HttpMethod,
    target: () => string,
    init: { query?: Query; body?: unknown; expect?: ExpectedBody; allowEmpty?: boolean; options?: RequestOptions; normalize?: Normalizer<T> } = {},
  ): Promise<T | undefined> {
    const at = target();
    const { status, data } = await http.request<unknown>({
      method,
      path: at,
      query: init.query,
      body: init.body,
      expect: init.expect,
      allowEmpty: init.allowEmpty,
      signal: init.options?.signal,
      fresh: init.options?.fresh,
    });
    if (!init.normalize) return data as T | undefined;
    try {
      return init.normalize(data);
    } catch (error) {
      // A body without what identifies it (./normalize.ts): the same failure as one that does not parse.
      if (error instanceof ShapeError) throw new RestError('malformed', status, method, at, [], data);
      throw error;
    }
  }

  /** GET with a required JSON body (http.ts turns an empty one into `malformed`), read into its clean shape. */
  const get = async <T>(target: () => string, normalize: Normalizer<T>, query?: Query, options?: RequestOptions) =>
    (await call<T>('GET', target, { query, options, normalize })) as T;
  /** A write whose answer is an entity. */
  const send = async <T>(method: HttpMethod, target: () => string, normalize: Normalizer<T>, body?: unknown, query?: Query, options?: RequestOptions) =>
    (await call<T>(method, target, { body, query, options, normalize })) as T;
  /** A write Bitbucket answers with 204. */
  const sendNoContent = async (method: HttpMethod, target: () => string, body?: unknown, query?: Query, options?: RequestOptions) => {
    await call<never>(method, target, { body, query, expect: 'none', options });
  };

  /**
   * `sparePaging`: the operation's spec lists no `start`/`limit` (getUsers_2 answers a page but documents
   * neither), so send none on the first page and only `start` after it (rest-contracts.md §1.4: every
   * paged resource takes it).
   */
  function paged<T>(target: () => string, item: Normalizer<T>, query: Query = {}, sparePaging = false): Paged<T> {
    return createPaged<T>(async (request) => {
      const paging = sparePaging ? { start: request.start ? request.start : undefined } : { start: request.start, limit: request.limit };
      return (await call('GET', target, {
        query: { ...query, ...paging },
        options: { signal: request.signal, fresh: request.fresh },
        normalize: (body) => normalizePage(body, item),
      }))!;
    });
  }

  const repoBase = (base: string, repo: RepoRef) => base + path`/projects/${repo.projectKey}/repos/${repo.repositorySlug}`;
  const core = (repo: RepoRef) => repoBase(CORE, repo);
  const pr = (repo: RepoRef, id: number) => core(repo) + path`/pull-requests/${id}`;
  const insightsCommit = (repo: RepoRef, commitId: string) => repoBase(INSIGHTS, repo) + path`/commits/${commitId}`;
  const report = (repo: RepoRef, commitId: string, key: string) => insightsCommit(repo, commitId) + path`/reports/${key}`;

  /** Bitbucket's ref JSON for create-PR: a bare branch name means `refs/heads/<name>`. */
  const prRef = (repo: RepoRef, ref: string) => ({
    id: ref.startsWith('refs/') ? ref : `refs/heads/${ref}`,
    repository: { slug: repo.repositorySlug, project: { key: repo.projectKey } },
  });

  async function userHasPermission(repo: RepoRef, userSlug: string, permission: 'REPO_READ' | 'REPO_WRITE' | 'REPO_ADMIN', options?: RequestOptions) {
    // `filter` matches names/e-mails by "contains", so several users may come back: look for the exact slug.
    const users = paged(() => `${CORE}/users`, normalizeUser, {
      filter: userSlug,
      'permission.1': permission,
      'permission.1.projectKey': repo.projectKey,
      'permission.1.repositorySlug': repo.repositorySlug,
    }, true);
    for await (const user of users.items({ signal: options?.signal })) if (user.slug === userSlug) return true;
    return false;
  }

  const collect = (options?: RequestOptions): CollectOptions => ({ signal: options?.signal });

  const client: BitbucketRestClient = {
    clearCache: () => http.clearCache(),

    core: {
      listProjects: () => paged(() => `${CORE}/projects`, normalizeProject),
      listRepositories: (filter = {}) => paged(() => `${CORE}/repos`, normalizeRepository, { name: filter.name, projectname: filter.projectName, projectkey: filter.projectKey }),
      getRepository: (repo, options) => get(() => core(repo), normalizeRepository, undefined, options),
      hasRepoPermission: (repo, userSlug, permission, options) => userHasPermission(repo, userSlug, permission, options),
      async getRepoPermissions(repo, userSlug, options) {
        const [read, write, admin] = await Promise.all([
          userHasPermission(repo, userSlug, 'REPO_READ', options),
          userHasPermission(repo, userSlug, 'REPO_WRITE', options),
          userHasPermission(repo, userSlug, 'REPO_ADMIN', options),
        ]);
        // Bitbucket's permissions are ordered: admin implies write implies read.
        const result: RepoPermissions = { read: read || write || admin, write: write || admin, admin };
        return result;
      },

      listBranches: (repo, filter = {}) =>
        paged(() => `${core(repo)}/branches`, normalizeBranch, { filterText: filter.filterText, orderBy: filter.orderBy, details: filter.details, base: filter.base }),
      getDefaultBranch: (repo, options) => get(() => `${core(repo)}/default-branch`, normalizeMinimalRef, undefined, options),
      listCommits: (repo, filter = {}) => paged(() => `${core(repo)}/commits`, normalizeCommit, { until: filter.until, since: filter.since, path: filter.path }),
      getCommit: (repo, commitId, options) => get(() => core(repo) + path`/commits/${commitId}`, normalizeCommit, undefined, options),
      async getRawFile(repo, file, at, options) {
        const text = await call<string>('GET', () => core(repo) + path`/raw/${filePath(file)}`, { query: { at }, expect: 'text', allowEmpty: true, options });
        return text ?? '';
      },
      editFile(repo, file, edit, options) {
        return send('PUT', () => core(repo) + path`/browse/${filePath(file)}`, normalizeCommit, editForm(edit), undefined, options);
      },

      listPullRequests: (repo, filter = {}) =>
        paged(() => `${core(repo)}/pull-requests`, normalizePullRequest, { state: filter.state, at: filter.at, direction: filter.direction, order: filter.order }),
      pullRequestsContaining: (repo, commitId) => paged(() => core(repo) + path`/commits/${commitId}/pull-requests`, normalizePullRequest),
      getPullRequest: (repo, id, options) => get(() => pr(repo, id), normalizePullRequest, undefined, options),
      createPullRequest: (repo, request, options) =>
        send(
          'POST',
          () => `${core(repo)}/pull-requests`,
          normalizePullRequest,
          {
            title: request.title,
            description: request.description,
            fromRef: prRef(repo, request.fromRef),
            toRef: prRef(repo, request.toRef),
            reviewers: request.reviewers?.map((name) => ({ user: { name } })),
            draft: request.draft,
          },
          undefined,
          options,
        ),
      async updatePullRequest(repo, id, update, options) {
        let reviewers = update.reviewers?.map((name) => ({ user: { name } }));
        let { title, description } = update;
        if (reviewers === undefined || title === undefined) {
          // PUT replaces the reviewer list: read the current one so leaving it out keeps it. A version
          // mismatch between this read and `update.version` still ends in Bitbucket's 409.
          const current = await get(() => pr(repo, id), normalizePullRequest, undefined, { signal: options?.signal, fresh: true });
          reviewers ??= current.reviewers.map((p) => ({ user: { name: p.user.name } }));
          title ??= current.title;
          if (description === undefined) description = current.description;
        }
        return send('PUT', () => pr(repo, id), normalizePullRequest, { version: update.version, title, description, reviewers, draft: update.draft }, undefined, options);
      },
      getMergeStatus: (repo, id, options) => get(() => `${pr(repo, id)}/merge`, normalizeMergeStatus, undefined, options),
      merge: (repo, id, version, options) => send('POST', () => `${pr(repo, id)}/merge`, normalizePullRequest, { version }, { version }, options),
      decline: (repo, id, version, options) => send('POST', () => `${pr(repo, id)}/decline`, normalizePullRequest, { version }, { version }, options),
      reopen: (repo, id, version, options) => send('POST', () => `${pr(repo, id)}/reopen`, normalizePullRequest, { version }, { version }, options),
      listParticipants: (repo, id) => paged(() => `${pr(repo, id)}/participants`, normalizeParticipant),
      setReviewStatus: (repo, id, userSlug, status, options) =>
        send('PUT', () => pr(repo, id) + path`/participants/${userSlug}`, normalizeParticipant, { status }, undefined, options),
      listActivities: (repo, id) => paged(() => `${pr(repo, id)}/activities`, normalizeActivity),
      listBlockerComments: (repo, id, filter = {}) => paged(() => `${pr(repo, id)}/blocker-comments`, normalizeComment, { state: filter.state }),
      listPullRequestCommits: (repo, id) => paged(() => `${pr(repo, id)}/commits`, normalizeCommit),
      listPullRequestChanges: (repo, id) => paged(() => `${pr(repo, id)}/changes`, normalizeChange),
      getPullRequestDiff: (repo, id, options) => get(() => `${pr(repo, id)}/diff`, normalizeDiff, LEAST_DIFF, options),
      getCommitDiff: (repo, since, until, options) => get(() => core(repo) + path`/commits/${until}/diff`, normalizeDiff, { since, ...LEAST_DIFF }, options),
      async getMergeBase(repo, id, options) {
        const commit = await call('GET', () => `${pr(repo, id)}/merge-base`, { allowEmpty: true, options, normalize: normalizeOptionalCommit });
        return commit ?? null;
      },
    },

    branches: {
      createBranch: (repo, request, options) =>
        send('POST', () => `${repoBase(BRANCH_UTILS, repo)}/branches`, normalizeBranch, { name: request.name, startPoint: request.startPoint }, undefined, options),
      deleteBranch: (repo, request, options) =>
        sendNoContent(
          'DELETE',
          () => `${repoBase(BRANCH_UTILS, repo)}/branches`,
          { name: request.name, dryRun: request.dryRun ?? false, endPoint: request.endPoint },
          undefined,
          options,
        ),
      branchesContaining: (repo, commitId) => paged(() => repoBase(BRANCH_UTILS, repo) + path`/branches/info/${commitId}`, normalizeBranch),
      async getBranchModel(repo, options) {
        try {
          return await get(() => `${repoBase(BRANCH_UTILS, repo)}/branchmodel`, normalizeBranchModel, undefined, options);
        } catch (error) {
          // 404 with Bitbucket's envelope = no model for this repository; a missing repository/project stays an error.
          const missingParent = isRestError(error) && error.errors.some((e) => /NoSuch(Repository|Project)Exception$/.test(String(e.exceptionName)));
          if (isRestError(error) && error.kind === 'not-found' && !missingParent) return null;
          throw error;
        }
      },
    },

    likes: {
      addPullRequestReaction: (repo, pullRequestId, commentId, emoticon, options) =>
        send('PUT', () => repoBase(COMMENT_LIKES, repo) + path`/pull-requests/${pullRequestId}/comments/${commentId}/reactions/${emoticon}`, normalizeUserReaction, undefined, undefined, options),
      removePullRequestReaction: (repo, pullRequestId, commentId, emoticon, options) =>
        sendNoContent('DELETE', () => repoBase(COMMENT_LIKES, repo) + path`/pull-requests/${pullRequestId}/comments/${commentId}/reactions/${emoticon}`, undefined, undefined, options),
      addCommitReaction: (repo, commitId, commentId, emoticon, options) =>
        send('PUT', () => repoBase(COMMENT_LIKES, repo) + path`/commits/${commitId}/comments/${commentId}/reactions/${emoticon}`, normalizeUserReaction, undefined, undefined, options),
      removeCommitReaction: (repo, commitId, commentId, emoticon, options) =>
        sendNoContent('DELETE', () => repoBase(COMMENT_LIKES, repo) + path`/commits/${commitId}/comments/${commentId}/reactions/${emoticon}`, undefined, undefined, options),
    },

    insights: {
      listReports: (repo, commitId) => paged(() => `${insightsCommit(repo, commitId)}/reports`, normalizeReport),
      getReport: (repo, commitId, key, options) => get(() => report(repo, commitId, key), normalizeReport, undefined, options),
      putReport: (repo, commitId, key, body, options) => send('PUT', () => report(repo, commitId, key), normalizeReport, body, undefined, options),
      deleteReport: (repo, commitId, key, options) => sendNoContent('DELETE', () => report(repo, commitId, key), undefined, undefined, options),
      getReportAnnotations: (repo, commitId, key, options) => get(() => `${report(repo, commitId, key)}/annotations`, normalizeAnnotationList, undefined, options),
      getCommitAnnotations: (repo, commitId, filter = {}, options) =>
        get(
          () => `${insightsCommit(repo, commitId)}/annotations`,
          normalizeAnnotationList,
          { key: filter.key, path: filter.path, severity: filter.severity, type: filter.type, externalId: filter.externalId },
          options,
        ),
      addAnnotations: (repo, commitId, key, annotations, options) =>
        sendNoContent('POST', () => `${report(repo, commitId, key)}/annotations`, { annotations }, undefined, options),
      putAnnotation: (repo, commitId, key, externalId, annotation, options) =>
        sendNoContent('PUT', () => report(repo, commitId, key) + path`/annotations/${externalId}`, annotation, undefined, options),
      deleteAnnotations: (repo, commitId, key, externalIds = [], options) =>
        sendNoContent('DELETE', () => `${report(repo, commitId, key)}/annotations`, undefined, { externalId: externalIds }, options),
    },

    builds: {
      getBuildStatuses: (repo, commitId, options) =>
        paged(() => BUILD_STATUS + path`/commits/${commitId}`, normalizeBuildStatus).getAll({ ...collect(options), pageSize: 100 }),
    },
  };
  return client;
}

function editForm(edit: { branch: string; content: string; message: string; sourceCommitId?: string }): FormData {
  const form = new FormData();
  form.append('branch', edit.branch);
  form.append('content', edit.content);
  form.append('message', edit.message);
  // The spec's ExampleMultipartFormData: null (left out) only when creating a new file.
  if (edit.sourceCommitId !== undefined) form.append('sourceCommitId', edit.sourceCommitId);
  return form;
}
