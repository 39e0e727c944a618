/**
 * The client interface every panel and the viewer code against. `createBitbucketClient()` in
 * ./client.ts implements it over `fetch`; tests may pass a hand-made fake of the same shape.
 * Every method rejects with `RestError` only.
 */
import type {
  Activity,
  AddAnnotationRequest,
  AnnotationFilter,
  AnnotationList,
  Branch,
  BranchModel,
  BuildStatus,
  Change,
  Diff,
  Comment,
  Commit,
  InsightAnnotation,
  InsightReport,
  MergeStatus,
  MinimalRef,
  Page,
  Participant,
  ParticipantStatus,
  Project,
  PullRequest,
  PullRequestState,
  RepoPermissions,
  RepoRef,
  Repository,
  SetReportRequest,
  UserReaction,
} from './types';

export interface RequestOptions {
  signal?: AbortSignal;
  /** Skip the client's short response cache (an identical request already in flight is still shared). */
  fresh?: boolean;
}

export interface PageRequest extends RequestOptions {
  start?: number;
  limit?: number;
}

/** Reads pages until `max` items (hard cap 10 000, see MAX_ITEMS) or the last page. */
export interface CollectOptions extends RequestOptions {
  max?: number;
  pageSize?: number;
}

/** A paged collection: one page, an async iterator over items, or everything up to a cap. */
export interface Paged<T> {
  page(request?: PageRequest): Promise<Page<T>>;
  items(options?: CollectOptions): AsyncIterable<T>;
  getAll(options?: CollectOptions): Promise<T[]>;
}

export interface CoreApi {
  listProjects(): Paged<Project>;
  /** Every repository the current user can read (`GET /rest/api/latest/repos`). */
  listRepositories(filter?: { name?: string; projectName?: string; projectKey?: string }): Paged<Repository>;
  getRepository(repo: RepoRef, options?: RequestOptions): Promise<Repository>;
  getRepoPermissions(repo: RepoRef, userSlug: string, options?: RequestOptions): Promise<RepoPermissions>;
  /** One permission probe (`GET /users?filter=…&permission.1=…`): what a single write-gated action needs. */
  hasRepoPermission(repo: RepoRef, userSlug: string, permission: 'REPO_READ' | 'REPO_WRITE' | 'REPO_ADMIN', options?: RequestOptions): Promise<boolean>;

  listBranches(repo: RepoRef, filter?: { filterText?: string; orderBy?: 'ALPHABETICAL' | 'MODIFICATION'; details?: boolean; base?: string }): Paged<Branch>;
  getDefaultBranch(repo: RepoRef, options?: RequestOptions): Promise<MinimalRef>;
  listCommits(repo: RepoRef, filter?: { until?: string; since?: string; path?: string }): Paged<Commit>;
  getCommit(repo: RepoRef, commitId: string, options?: RequestOptions): Promise<Commit>;
  getRawFile(repo: RepoRef, path: string, at?: string, options?: RequestOptions): Promise<string>;
  editFile(
    repo: RepoRef,
    path: string,
    edit: { branch: string; content: string; message: string; sourceCommitId?: string },
    options?: RequestOptions,
  ): Promise<Commit>;

  listPullRequests(repo: RepoRef, filter?: { state?: PullRequestState | 'ALL'; at?: string; direction?: 'INCOMING' | 'OUTGOING'; order?: 'NEWEST' | 'OLDEST' }): Paged<PullRequest>;
  pullRequestsContaining(repo: RepoRef, commitId: string): Paged<PullRequest>;
  getPullRequest(repo: RepoRef, id: number, options?: RequestOptions): Promise<PullRequest>;
  createPullRequest(
    repo: RepoRef,
    request: { title: string; description?: string; fromRef: string; toRef: string; reviewers?: string[]; draft?: boolean },
    options?: RequestOptions,
  ): Promise<PullRequest>;
  updatePullRequest(
    repo: RepoRef,
    id: number,
    update: { version: number; title?: string; description?: string; reviewers?: string[]; draft?: boolean },
    options?: RequestOptions,
  ): Promise<PullRequest>;
  getMergeStatus(repo: RepoRef, id: number, options?: RequestOptions): Promise<MergeStatus>;
  merge(repo: RepoRef, id: number, version: number, options?: RequestOptions): Promise<PullRequest>;
  decline(repo: RepoRef, id: number, version: number, options?: RequestOptions): Promise<PullRequest>;
  reopen(repo: RepoRef, id: number, version: number, options?: RequestOptions): Promise<PullRequest>;
  listParticipants(repo: RepoRef, id: number): Paged<Participant>;
  setReviewStatus(repo: RepoRef, id: number, userSlug: string, status: ParticipantStatus, options?: RequestOptions): Promise<Participant>;
  listActivities(repo: RepoRef, id: number): Paged<Activity>;
  listBlockerComments(repo: RepoRef, id: number, filter?: { state?: 'OPEN' | 'RESOLVED' }): Paged<Comment>;
  listPullRequestCommits(repo: RepoRef, id: number): Paged<Commit>;
  listPullRequestChanges(repo: RepoRef, id: number): Paged<Change>;
  /**
   * The pull request's diff (merge base → head, the server computes the merge base) with what line matching
   * needs and no more: no context lines, no comments, whitespace as Bitbucket shows it.
   */
  getPullRequestDiff(repo: RepoRef, id: number, options?: RequestOptions): Promise<Diff>;
  /** The diff from `since` to `until`, any two commits (a tree-to-tree diff), trimmed like getPullRequestDiff. */
  getCommitDiff(repo: RepoRef, since: string, until: string, options?: RequestOptions): Promise<Diff>;
  /** Null when the branches share no history (Bitbucket answers 204). */
  getMergeBase(repo: RepoRef, id: number, options?: RequestOptions): Promise<Commit | null>;
}

export interface BranchApi {
  /** Branch-utils `POST …/branches` (201): a branch named `name` at `startPoint` (a commit id or ref). */
  createBranch(repo: RepoRef, request: { name: string; startPoint: string }, options?: RequestOptions): Promise<Branch>;
  /** `dryRun` validates only; `endPoint` refuses the delete when the branch moved past that commit. */
  deleteBranch(repo: RepoRef, request: { name: string; dryRun?: boolean; endPoint?: string }, options?: RequestOptions): Promise<void>;
  branchesContaining(repo: RepoRef, commitId: string): Paged<Branch>;
  /** Null when the server has no branch model for the repository (404). */
  getBranchModel(repo: RepoRef, options?: RequestOptions): Promise<BranchModel | null>;
}

export interface LikesApi {
  addPullRequestReaction(repo: RepoRef, pullRequestId: number, commentId: number, emoticon: string, options?: RequestOptions): Promise<UserReaction>;
  removePullRequestReaction(repo: RepoRef, pullRequestId: number, commentId: number, emoticon: string, options?: RequestOptions): Promise<void>;
  addCommitReaction(repo: RepoRef, commitId: string, commentId: number, emoticon: string, options?: RequestOptions): Promise<UserReaction>;
  removeCommitReaction(repo: RepoRef, commitId: string, commentId: number, emoticon: string, options?: RequestOptions): Promise<void>;
}

export interface InsightsApi {
  listReports(repo: RepoRef, commitId: string): Paged<InsightReport>;
  getReport(repo: RepoRef, commitId: string, key: string, options?: RequestOptions): Promise<InsightReport>;
  putReport(repo: RepoRef, commitId: string, key: string, report: SetReportRequest, options?: RequestOptions): Promise<InsightReport>;
  deleteReport(repo: RepoRef, commitId: string, key: string, options?: RequestOptions): Promise<void>;
  getReportAnnotations(repo: RepoRef, commitId: string, key: string, options?: RequestOptions): Promise<AnnotationList>;
  getCommitAnnotations(repo: RepoRef, commitId: string, filter?: AnnotationFilter, options?: RequestOptions): Promise<AnnotationList>;
  addAnnotations(repo: RepoRef, commitId: string, key: string, annotations: AddAnnotationRequest[], options?: RequestOptions): Promise<void>;
  putAnnotation(repo: RepoRef, commitId: string, key: string, externalId: string, annotation: AddAnnotationRequest, options?: RequestOptions): Promise<void>;
  /** Deletes the listed annotations, or all of the report's when `externalIds` is empty. */
  deleteAnnotations(repo: RepoRef, commitId: string, key: string, externalIds?: string[], options?: RequestOptions): Promise<void>;
}

export interface BuildsApi {
  /**
   * All build statuses of a commit, from `GET /rest/build-status/latest/commits/{commitId}` (the most recent 100).
   * The repo-scoped builds resource only answers one status per `key` (its GET requires `key`), so the spec
   * has no repo-scoped listing; `repo` is kept for the day it does.
   */
  getBuildStatuses(repo: RepoRef, commitId: string, options?: RequestOptions): Promise<BuildStatus[]>;
}

export interface BitbucketClient {
  core: CoreApi;
  branches: BranchApi;
  likes: LikesApi;
  insights: InsightsApi;
  builds: BuildsApi;
}

export type { InsightAnnotation };
