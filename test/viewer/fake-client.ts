/**
 * An in-memory `BitbucketClient` for the viewer's DOM tests: just the calls the viewer makes, each
 * recorded, with per-call failure injection and an in-flight counter (to check concurrency limits).
 */
import type { BitbucketClient, Paged } from '../../frontend/rest/api';
import { fakeBitbucketClient, pagedStub } from '../support/fake-client';
import { RestError } from '../../frontend/rest/errors';
import type { RestErrorKind } from '../../frontend/rest/errors';
import type { AnnotationList, Commit, Diff, InsightAnnotation, InsightReport, Page, PullRequest, Repository } from '../../frontend/rest/types';

export interface FakeData {
  repositories: Repository[];
  branches: string[];
  defaultBranch: string;
  /** Newest first. */
  commits: Commit[];
  pullRequests: PullRequest[];
  prCommits?: Commit[];
  mergeBase?: Commit | null;
  /** `since..until` → the diff `getCommitDiff` answers (an empty one when absent). */
  diffs?: Record<string, Diff>;
  reports: Record<string, InsightReport[]>;
  annotations: Record<string, InsightAnnotation[]>;
  admin: boolean;
}

export interface FakeClient {
  client: BitbucketClient;
  calls: string[];
  maxInFlight: Record<string, number>;
  /** `method` → error kind to reject with (once per call while set). */
  fail: Map<string, { kind: RestErrorKind; status: number }>;
  data: FakeData;
  /** Resolves when every started call has settled. */
  idle(): Promise<void>;
}

export function commit(id: string, message: string, parent?: string): Commit {
  return { id, displayId: id.slice(0, 11), author: { name: 'dev', displayName: 'Dev Eloper' }, authorTimestamp: 1_700_000_000_000, message, parents: parent ? [{ id: parent, displayId: parent.slice(0, 11) }] : [] };
}

export const REPO: Repository = { id: 1, slug: 'app', name: 'App', project: { id: 1, key: 'PROJ', name: 'Project' } };

export function createFakeClient(data: FakeData, delayMs = 1): FakeClient {
  const calls: string[] = [];
  const inFlight: Record<string, number> = {};
  const maxInFlight: Record<string, number> = {};
  const fail = new Map<string, { kind: RestErrorKind; status: number }>();
  const pending = new Set<Promise<unknown>>();

  function call<T>(method: string, detail: string, answer: () => T, signal?: AbortSignal): Promise<T> {
    calls.push(`${method} ${detail}`);
    inFlight[method] = (inFlight[method] ?? 0) + 1;
    maxInFlight[method] = Math.max(maxInFlight[method] ?? 0, inFlight[method]);
    const promise = new Promise<T>((resolve, reject) => {
      setTimeout(() => {
        inFlight[method]--;
        if (signal?.aborted) return reject(new RestError('aborted', 0, 'GET', detail));
        const failure = fail.get(method);
        if (failure) return reject(new RestError(failure.kind, failure.status, 'GET', detail, [{ message: `${failure.kind} from fake` }]));
        try {
          resolve(answer());
        } catch (error) {
          reject(error);
        }
      }, delayMs);
    });
    pending.add(promise);
    promise.then(
      () => pending.delete(promise),
      () => pending.delete(promise),
    );
    return promise;
  }

  function paged<T>(method: string, detail: string, values: () => T[]): Paged<T> {
    const page = (request?: { signal?: AbortSignal; limit?: number }): Promise<Page<T>> =>
      call(method, detail, () => {
        const all = values();
        const limited = request?.limit ? all.slice(0, request.limit) : all;
        return { values: limited, size: limited.length, limit: request?.limit ?? 25, start: 0, isLastPage: limited.length === all.length };
      }, request?.signal);
    return pagedStub(method, { page, getAll: async (options) => (await page({ signal: options?.signal })).values });
  }

  const client = fakeBitbucketClient({
    core: {
      listRepositories: (filter?: { name?: string }) => paged('listRepositories', filter?.name ?? '', () => data.repositories.filter((r) => !filter?.name || r.name.toLowerCase().includes(filter.name.toLowerCase()))),
      getRepository: (_repo: unknown, options?: { signal?: AbortSignal }) => call('getRepository', '', () => data.repositories[0], options?.signal),
      getRepoPermissions: (_repo: unknown, slug: string, options?: { signal?: AbortSignal }) => call('getRepoPermissions', slug, () => ({ read: true, write: data.admin, admin: data.admin }), options?.signal),
      listBranches: (_repo: unknown, filter?: { filterText?: string }) =>
        paged('listBranches', filter?.filterText ?? '', () =>
          data.branches.filter((b) => !filter?.filterText || b.includes(filter.filterText)).map((b) => ({ id: `refs/heads/${b}`, displayId: b, type: 'BRANCH' as const, latestCommit: data.commits[0]?.id ?? '', isDefault: b === data.defaultBranch })),
        ),
      getDefaultBranch: (_repo: unknown, options?: { signal?: AbortSignal }) => call('getDefaultBranch', '', () => ({ id: `refs/heads/${data.defaultBranch}`, displayId: data.defaultBranch, type: 'BRANCH' as const }), options?.signal),
      listCommits: (_repo: unknown, filter?: { until?: string }) => paged('listCommits', filter?.until ?? '', () => data.commits),
      getCommit: (_repo: unknown, id: string, options?: { signal?: AbortSignal }) =>
        call('getCommit', id, () => {
          const found = [...data.commits, ...(data.prCommits ?? [])].find((c) => c.id === id);
          if (!found) throw new RestError('not-found', 404, 'GET', id, [{ message: `Commit '${id}' does not exist` }]);
          return found;
        }, options?.signal),
      listPullRequests: () => paged('listPullRequests', '', () => data.pullRequests),
      getPullRequest: (_repo: unknown, id: number, options?: { signal?: AbortSignal }) =>
        call('getPullRequest', String(id), () => {
          const pr = data.pullRequests.find((p) => p.id === id);
          if (!pr) throw new RestError('not-found', 404, 'GET', String(id), [{ message: `Pull request ${id} does not exist` }]);
          return pr;
        }, options?.signal),
      getMergeBase: (_repo: unknown, id: number, options?: { signal?: AbortSignal }) => call('getMergeBase', String(id), () => data.mergeBase ?? null, options?.signal),
      getCommitDiff: (_repo: unknown, since: string, until: string, options?: { signal?: AbortSignal }) =>
        call('getCommitDiff', `${since}..${until}`, () => data.diffs?.[`${since}..${until}`] ?? { diffs: [], truncated: false }, options?.signal),
      listPullRequestCommits: (_repo: unknown, id: number) => paged('listPullRequestCommits', String(id), () => data.prCommits ?? []),
    },
    insights: {
      listReports: (_repo: unknown, commitId: string) => paged('listReports', commitId, () => data.reports[commitId] ?? []),
      getCommitAnnotations: (_repo: unknown, commitId: string, filter?: { severity?: string[] }, options?: { signal?: AbortSignal }): Promise<AnnotationList> =>
        call(
          'getCommitAnnotations',
          filter?.severity?.length ? `${commitId} severity=${filter.severity.join(',')}` : commitId,
          () => {
            // Bitbucket's `severity` filter: only annotations of the listed severities.
            const all = (data.annotations[commitId] ?? []).filter((a) => !filter?.severity?.length || filter.severity.includes(a.severity));
            return { totalCount: all.length, annotations: all };
          },
          options?.signal,
        ),
      deleteReport: (_repo: unknown, commitId: string, key: string, options?: { signal?: AbortSignal }) =>
        call('deleteReport', `${commitId} ${key}`, () => {
          data.reports[commitId] = (data.reports[commitId] ?? []).filter((r) => r.key !== key);
          data.annotations[commitId] = (data.annotations[commitId] ?? []).filter((a) => a.reportKey !== key);
        }, options?.signal),
      deleteAnnotations: (_repo: unknown, commitId: string, key: string, ids?: string[], options?: { signal?: AbortSignal }) =>
        call('deleteAnnotations', `${commitId} ${key} ${ids?.length ?? 'all'}`, () => {
          data.annotations[commitId] = (data.annotations[commitId] ?? []).filter((a) => a.reportKey !== key);
        }, options?.signal),
    },
  });

  return {
    client,
    calls,
    maxInFlight,
    fail,
    data,
    async idle() {
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setTimeout(r, delayMs + 2));
        if (!pending.size) {
          await new Promise((r) => setTimeout(r, 5));
          if (!pending.size) return;
        }
      }
    },
  };
}
