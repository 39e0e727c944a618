/**
 * Everything the viewer reads, memoised per mount: one request per resource however many sections
 * ask for it (the shared client de-duplicates in-flight GETs too, but its cache lives only seconds).
 * Failed reads are forgotten so that "Retry" asks again.
 */
import type {
  AnnotationList,
  AnnotationSeverity,
  BitbucketClient,
  Branch,
  Commit,
  Diff,
  InsightReport,
  Page,
  PullRequest,
  RepoRef,
  Repository,
} from 'yourcompany/rest';
import { SEVERITIES } from 'yourcompany/insights-model';

/** Commits shown for a branch or pull request, and the depth of the trend. */
export const RECENT_COMMITS = 20;
/** Parallel report/annotation reads when scanning many commits. */
export const COMMIT_CONCURRENCY = 4;
export const PICKER_PAGE_SIZE = 50;

export type Scope = { kind: 'branch'; branch: string } | { kind: 'pr'; id: number } | { kind: 'none' };

export function repoKey(repo: RepoRef): string {
  return `${repo.projectKey}/${repo.repositorySlug}`;
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A settled read: per-commit failures are shown per row instead of failing the whole list. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export class ViewerData {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: BitbucketClient,
    private readonly signal: AbortSignal,
  ) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load();
      this.memo.set(key, pending);
      pending.catch(() => {
        if (this.memo.get(key) === pending) this.memo.delete(key);
      });
    }
    return pending;
  }

  /** Drops memoised reads of one commit (after a delete). */
  forgetCommit(repo: RepoRef, commitId: string): void {
    for (const key of [...this.memo.keys()]) if (key.includes(`|${repoKey(repo)}|${commitId}|`)) this.memo.delete(key);
  }

  repositories(name: string): Promise<Page<Repository>> {
    return this.once(`repos|${name}`, () => this.client.core.listRepositories(name ? { name } : undefined).page({ limit: PICKER_PAGE_SIZE, signal: this.signal }));
  }

  repository(repo: RepoRef): Promise<Repository> {
    return this.once(`repo|${repoKey(repo)}`, () => this.client.core.getRepository(repo, { signal: this.signal }));
  }

  branches(repo: RepoRef, filterText: string): Promise<Page<Branch>> {
    return this.once(`branches|${repoKey(repo)}|${filterText}`, () =>
      this.client.core
        .listBranches(repo, { orderBy: 'MODIFICATION', ...(filterText ? { filterText } : {}) })
        .page({ limit: PICKER_PAGE_SIZE, signal: this.signal }),
    );
  }

  defaultBranch(repo: RepoRef): Promise<string> {
    return this.once(`default|${repoKey(repo)}`, async () => (await this.client.core.getDefaultBranch(repo, { signal: this.signal })).displayId);
  }

  pullRequests(repo: RepoRef): Promise<Page<PullRequest>> {
    return this.once(`prs|${repoKey(repo)}`, () => this.client.core.listPullRequests(repo, { state: 'OPEN', order: 'NEWEST' }).page({ limit: PICKER_PAGE_SIZE, signal: this.signal }));
  }

  pullRequest(repo: RepoRef, id: number): Promise<PullRequest> {
    return this.once(`pr|${repoKey(repo)}|${id}`, () => this.client.core.getPullRequest(repo, id, { signal: this.signal }));
  }

  mergeBase(repo: RepoRef, id: number): Promise<Commit | null> {
    return this.once(`mergebase|${repoKey(repo)}|${id}`, () => this.client.core.getMergeBase(repo, id, { signal: this.signal }));
  }

  /** Newest first: a branch's recent commits, or a pull request's commits (each push). */
  commits(repo: RepoRef, scope: Scope): Promise<Commit[]> {
    if (scope.kind === 'branch') {
      return this.once(`commits|${repoKey(repo)}|branch:${scope.branch}`, async () =>
        (await this.client.core.listCommits(repo, { until: scope.branch }).page({ limit: RECENT_COMMITS, signal: this.signal })).values,
      );
    }
    if (scope.kind === 'pr') {
      return this.once(`commits|${repoKey(repo)}|pr:${scope.id}`, async () =>
        (await this.client.core.listPullRequestCommits(repo, scope.id).page({ limit: RECENT_COMMITS, signal: this.signal })).values,
      );
    }
    return Promise.resolve([]);
  }

  commit(repo: RepoRef, commitId: string): Promise<Commit> {
    return this.once(`commit|${repoKey(repo)}|${commitId}|`, () => this.client.core.getCommit(repo, commitId, { signal: this.signal }));
  }

  reports(repo: RepoRef, commitId: string): Promise<InsightReport[]> {
    return this.once(`reports|${repoKey(repo)}|${commitId}|`, () => this.client.insights.listReports(repo, commitId).getAll({ max: 1000, pageSize: 100, signal: this.signal }));
  }

  /**
   * All annotations of all reports of a commit: one request, or, when the annotations tab already asked
   * for them by severity, those three answers put together (no second download).
   */
  annotations(repo: RepoRef, commitId: string): Promise<AnnotationList> {
    return this.once(`annotations|${repoKey(repo)}|${commitId}|`, async () => {
      const parts = SEVERITIES.map((severity) => this.memo.get(severityKey(repo, commitId, severity)) as Promise<AnnotationList> | undefined);
      if (parts.every((part) => part !== undefined)) {
        try {
          const lists = await Promise.all(parts as Promise<AnnotationList>[]);
          const annotations = lists.flatMap((list) => (Array.isArray(list?.annotations) ? list.annotations : []));
          return { annotations, totalCount: lists.reduce((sum, list) => sum + (typeof list?.totalCount === 'number' ? list.totalCount : 0), 0) };
        } catch {
          // A part failed (and is forgotten): ask for the whole list instead.
        }
      }
      return this.client.insights.getCommitAnnotations(repo, commitId, undefined, { signal: this.signal });
    });
  }

  /** The commit's annotations of one severity (Bitbucket's `severity` filter on the commit's annotations). */
  annotationsOfSeverity(repo: RepoRef, commitId: string, severity: AnnotationSeverity): Promise<AnnotationList> {
    return this.once(severityKey(repo, commitId, severity), () => this.client.insights.getCommitAnnotations(repo, commitId, { severity: [severity] }, { signal: this.signal }));
  }

  /** The diff from `since` to `until` (any two commits), what matching findings between them needs. */
  diff(repo: RepoRef, since: string, until: string): Promise<Diff> {
    return this.once(`diff|${repoKey(repo)}|${since}..${until}`, () => this.client.core.getCommitDiff(repo, since, until, { signal: this.signal }));
  }

  /** Reports of many commits, `COMMIT_CONCURRENCY` at a time; `onEach` fires as each settles. */
  reportsOfCommits(repo: RepoRef, commitIds: readonly string[], onEach?: (index: number, result: Settled<InsightReport[]>) => void): Promise<Settled<InsightReport[]>[]> {
    return mapLimit(commitIds, COMMIT_CONCURRENCY, async (commitId, index) => {
      const result = await settle(this.reports(repo, commitId));
      if (!this.signal.aborted) onEach?.(index, result);
      return result;
    });
  }

  annotationsOfCommits(repo: RepoRef, commitIds: readonly string[], onEach?: (index: number, result: Settled<AnnotationList>) => void): Promise<Settled<AnnotationList>[]> {
    return mapLimit(commitIds, COMMIT_CONCURRENCY, async (commitId, index) => {
      const result = await settle(this.annotations(repo, commitId));
      if (!this.signal.aborted) onEach?.(index, result);
      return result;
    });
  }

  isAdmin(repo: RepoRef, userSlug: string): Promise<boolean> {
    return this.once(`perm|${repoKey(repo)}|${userSlug}`, async () => (await this.client.core.getRepoPermissions(repo, userSlug, { signal: this.signal })).admin);
  }

  deleteReport(repo: RepoRef, commitId: string, key: string): Promise<void> {
    return this.client.insights.deleteReport(repo, commitId, key, { signal: this.signal });
  }

  deleteAnnotations(repo: RepoRef, commitId: string, key: string): Promise<void> {
    return this.client.insights.deleteAnnotations(repo, commitId, key, undefined, { signal: this.signal });
  }
}

function severityKey(repo: RepoRef, commitId: string, severity: AnnotationSeverity): string {
  return `annotations|${repoKey(repo)}|${commitId}|${severity}`;
}

export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
