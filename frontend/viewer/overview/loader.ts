/**
 * Reading the overview: every readable repository (paged), then per repository the fewest requests that give
 * its row, all through one bounded pool (≤ MAX_IN_FLIGHT requests at once, the rows in view first), cancelled
 * by one AbortSignal, and cached for the session.
 *
 * Requests per repository (default branch):
 *   1. `GET …/default-branch`                        the branch name
 *   2. `GET …/commits?until=<branch>&limit=4`        tip id + commit time, and the 3 older commits staleness may need
 *   3. `GET /rest/insights/…/commits/<tip>/reports`  the tip's reports (result + first data value)
 *   4. `GET /rest/insights/…/commits/<tip>/annotations` severity counts, only when the tip has reports
 *   or, when the tip has none, `…/commits/<older>/reports` for up to STALE_DEPTH older commits, stopping at the first
 *   that has any. So 4 with reports on the tip, 3 + k (k ≤ 3) otherwise; a named branch saves request 1.
 * With a report filter (`report=<key>`), a repository whose tip has reports but not that one also looks for it on
 * its older commits (≤ STALE_DEPTH more, stopping when found), after every row is known, so it never delays them.
 * The repository list itself costs one request per REPO_PAGE_SIZE repositories.
 */
import type { BitbucketClient, Commit, InsightReport, RepoRef, Repository } from 'yourcompany/rest';
import { buildFacts, entryKey, severityCounts, staleKeysToCheck, withStaleReports } from './model';
import type { OverviewRepo, RepoFacts } from './model';

/** Browsers allow 6 connections per host over HTTP/1.1; more in flight would only queue in the browser. */
export const MAX_IN_FLIGHT = 6;
/** Older commits looked at for stale reports when the tip has none. */
export const STALE_DEPTH = 3;
export const REPO_PAGE_SIZE = 500;
/** The first page is small so the first rows show after one short request. */
export const FIRST_REPO_PAGE_SIZE = 100;
/** Bound on repositories read (10 000 / 500 = 20 pages). */
export const MAX_REPOSITORIES = 10_000;

export function abortedError(): { kind: 'aborted'; message: string } {
  return { kind: 'aborted', message: 'aborted' };
}

interface PendingTask {
  rank(): number;
  start(): void;
  fail(error: unknown): void;
}

/**
 * At most `limit` tasks run at once; when one ends, the waiting task with the lowest `rank()` starts (ranks are
 * read at that moment, so scrolling re-prioritises what is still waiting). Abort rejects everything waiting.
 */
export class RequestPool {
  private running = 0;
  private readonly waiting: PendingTask[] = [];
  /** The most tasks seen running at once (tests and the bench check the bound). */
  peak = 0;
  started = 0;

  constructor(
    private readonly limit: number,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => {
      for (const task of this.waiting.splice(0)) task.fail(abortedError());
    });
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  run<T>(rank: () => number, task: () => Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(abortedError());
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        rank,
        fail: reject,
        start: () => {
          this.running++;
          this.started++;
          this.peak = Math.max(this.peak, this.running);
          let promise: Promise<T>;
          try {
            promise = task();
          } catch (error) {
            promise = Promise.reject(error);
          }
          promise.then(resolve, reject).finally(() => {
            this.running--;
            this.pump();
          });
        },
      });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.limit && this.waiting.length && !this.signal.aborted) {
      let best = 0;
      let bestRank = this.waiting[0].rank();
      for (let i = 1; i < this.waiting.length; i++) {
        const rank = this.waiting[i].rank();
        if (rank < bestRank) {
          best = i;
          bestRank = rank;
        }
      }
      const [task] = this.waiting.splice(best, 1);
      task.start();
    }
  }
}

/** Runs one request through the pool (the loader gives each repository a rank function). */
export type Runner = <T>(task: () => Promise<T>) => Promise<T>;

function kindOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { kind?: string }).kind : undefined;
}

export function toOverviewRepo(repository: Repository): OverviewRepo {
  const project = repository.project ?? ({} as Repository['project']);
  return {
    projectKey: String(project.key ?? ''),
    projectName: typeof project.name === 'string' ? project.name : String(project.key ?? ''),
    slug: String(repository.slug ?? ''),
    name: typeof repository.name === 'string' ? repository.name : String(repository.slug ?? ''),
  };
}

/**
 * One repository's row. Failures of the branch or commit reads become an `error` row; an aborted read rethrows
 * (nothing is cached for it). `branch`: a named branch to prefer over the default one where it exists.
 */
export async function loadRepoFacts(client: BitbucketClient, repo: OverviewRepo, options: { branch?: string; signal: AbortSignal; run: Runner; now?: () => number }): Promise<RepoFacts> {
  const ref: RepoRef = { projectKey: repo.projectKey, repositorySlug: repo.slug };
  const { signal, run } = options;
  const now = options.now ?? Date.now;
  const commitsOf = (until: string) => run(() => client.core.listCommits(ref, { until }).page({ limit: STALE_DEPTH + 1, signal }));
  try {
    let branch: string | undefined;
    let branchMissing = false;
    let commits: Commit[] | undefined;
    if (options.branch) {
      try {
        commits = (await commitsOf(`refs/heads/${options.branch}`)).values;
        branch = options.branch;
      } catch (error) {
        if (kindOf(error) !== 'not-found') throw error;
        branchMissing = true;
      }
    }
    if (!commits) {
      branch = (await run(() => client.core.getDefaultBranch(ref, { signal }))).displayId;
      try {
        commits = (await commitsOf(`refs/heads/${branch}`)).values;
      } catch (error) {
        // The configured default branch does not exist yet (an empty repository).
        if (kindOf(error) !== 'not-found') throw error;
        commits = [];
      }
    }
    const input = { branch: branch ?? '', branchMissing, commits, tipReports: [] as InsightReport[], olderChecked: 0, now: now() };
    const tip = commits[0];
    if (!tip) return buildFacts(input);
    const reportsAt = async (commitId: string) => (await run(() => client.insights.listReports(ref, commitId).page({ limit: 100, signal }))).values;
    input.tipReports = await reportsAt(tip.id);
    if (input.tipReports.length) {
      const annotations = await run(() => client.insights.getCommitAnnotations(ref, tip.id, undefined, { signal }));
      return buildFacts({ ...input, tipSeverity: severityCounts(annotations.annotations) });
    }
    for (const older of commits.slice(1, STALE_DEPTH + 1)) {
      input.olderChecked++;
      const reports = await reportsAt(older.id);
      if (reports.length) return buildFacts({ ...input, older: { commitId: older.id, reports } });
    }
    return buildFacts(input);
  } catch (error) {
    if (signal.aborted || kindOf(error) === 'aborted') throw error;
    return { status: 'error', error: kindOf(error) ?? 'unknown', cells: [], severity: { HIGH: 0, MEDIUM: 0, LOW: 0 }, olderChecked: 0, loadedAt: now() };
  }
}

/**
 * For a repository with reports on the tip: the `keys` it lacks, looked for on its older commits (newest first,
 * stopping once all are found), added as stale cells. Failures leave the facts as they were.
 */
export async function findStaleReports(client: BitbucketClient, repo: OverviewRepo, facts: RepoFacts, keys: readonly string[], options: { signal: AbortSignal; run: Runner }): Promise<RepoFacts> {
  const missing = staleKeysToCheck(facts, keys);
  if (!missing.length) return facts;
  const ref: RepoRef = { projectKey: repo.projectKey, repositorySlug: repo.slug };
  const older: { commitId: string; reports: InsightReport[] }[] = [];
  try {
    for (const commitId of (facts.olderIds ?? []).slice(0, STALE_DEPTH)) {
      const reports = (await options.run(() => client.insights.listReports(ref, commitId).page({ limit: 100, signal: options.signal }))).values;
      older.push({ commitId, reports });
      if (missing.every((key) => older.some((o) => o.reports.some((r) => r.key === key)))) break;
    }
  } catch (error) {
    if (options.signal.aborted || kindOf(error) === 'aborted') throw error;
    return facts;
  }
  return withStaleReports(facts, missing, older);
}

// ---------------------------------------------------------------------------------------- cache

/** Session cache: rows by branch + repository, repository lists by filter. Memory, mirrored to sessionStorage. */
export class OverviewCache {
  private readonly facts = new Map<string, RepoFacts>();
  private readonly lists = new Map<string, OverviewRepo[]>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
    private readonly storageKey = 'yourcompany.insights.overview.v1',
  ) {
    try {
      const raw = storage?.getItem(storageKey);
      const saved = raw ? (JSON.parse(raw) as { facts?: [string, RepoFacts][]; lists?: [string, OverviewRepo[]][] }) : undefined;
      for (const [key, value] of Array.isArray(saved?.facts) ? saved!.facts : []) if (value && Array.isArray(value.cells)) this.facts.set(key, value);
      for (const [key, value] of Array.isArray(saved?.lists) ? saved!.lists : []) if (Array.isArray(value)) this.lists.set(key, value);
    } catch {
      // A corrupt or foreign entry: start empty.
    }
  }

  static factsKey(repo: OverviewRepo, branch: string | undefined): string {
    return `${branch ?? ''}\n${entryKey(repo)}`;
  }

  static listKey(project: string | undefined, q: string): string {
    return `${(project ?? '').toUpperCase()}\n${q}`;
  }

  getFacts(repo: OverviewRepo, branch: string | undefined): RepoFacts | undefined {
    return this.facts.get(OverviewCache.factsKey(repo, branch));
  }

  setFacts(repo: OverviewRepo, branch: string | undefined, facts: RepoFacts): void {
    // Errors are not worth keeping: the next visit asks again.
    if (facts.status === 'error') return;
    this.facts.set(OverviewCache.factsKey(repo, branch), facts);
    this.scheduleSave();
  }

  getList(project: string | undefined, q: string): OverviewRepo[] | undefined {
    return this.lists.get(OverviewCache.listKey(project, q));
  }

  setList(project: string | undefined, q: string, repos: OverviewRepo[]): void {
    this.lists.set(OverviewCache.listKey(project, q), repos);
    this.scheduleSave();
  }

  /** Refresh: forgets one scope's list and rows. */
  forget(project: string | undefined, q: string, branch: string | undefined, repos: readonly OverviewRepo[]): void {
    this.lists.delete(OverviewCache.listKey(project, q));
    for (const repo of repos) this.facts.delete(OverviewCache.factsKey(repo, branch));
    this.scheduleSave();
  }

  clear(): void {
    this.facts.clear();
    this.lists.clear();
    try {
      this.storage?.removeItem(this.storageKey);
    } catch {
      // ignore
    }
  }

  private scheduleSave(): void {
    if (!this.storage || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.save(), 1000);
  }

  /** Writes now (also what the timer does); a full storage quota only costs persistence, never the view. */
  save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    try {
      this.storage?.setItem(this.storageKey, JSON.stringify({ facts: [...this.facts], lists: [...this.lists] }));
    } catch {
      try {
        this.storage?.removeItem(this.storageKey);
      } catch {
        // ignore
      }
    }
  }
}

// ---------------------------------------------------------------------------------------- loader

export interface OverviewScope {
  project?: string;
  q: string;
  branch?: string;
  /** Report keys the user filters by: looked for on older commits where the tip lacks them. */
  report?: readonly string[];
}

export interface OverviewLoadCallbacks {
  /** The repository list grew (a page arrived) or is complete. */
  onRepos(repos: readonly OverviewRepo[], complete: boolean): void;
  /** One repository's row is known. */
  onFacts(index: number, facts: RepoFacts): void;
  /** The list itself could not be read. */
  onListError(error: unknown): void;
  /** Lower runs first: the view answers 0 for rows in view, then by distance. */
  rank(index: number): number;
}

export interface OverviewLoad {
  done: Promise<void>;
  pool: RequestPool;
  cancel(): void;
}

/**
 * Reads one scope: the repository list page by page (the list pages go first), each page's rows as soon as it
 * arrives. Cached rows are answered at once without a request.
 */
export function loadOverview(client: BitbucketClient, scope: OverviewScope, cache: OverviewCache, callbacks: OverviewLoadCallbacks, parent?: AbortSignal): OverviewLoad {
  const controller = new AbortController();
  const signal = controller.signal;
  const onParentAbort = () => controller.abort();
  if (parent) {
    if (parent.aborted) controller.abort();
    else parent.addEventListener('abort', onParentAbort, { once: true });
  }
  const pool = new RequestPool(MAX_IN_FLIGHT, signal);
  const repos: OverviewRepo[] = [];
  const rowLoads: Promise<void>[] = [];

  const startRows = (from: number): void => {
    for (let index = from; index < repos.length; index++) {
      const repo = repos[index];
      const cached = cache.getFacts(repo, scope.branch);
      if (cached) {
        callbacks.onFacts(index, cached);
        continue;
      }
      const rank = () => callbacks.rank(index);
      const run: Runner = (task) => pool.run(rank, task);
      rowLoads.push(
        loadRepoFacts(client, repo, { branch: scope.branch, signal, run }).then(
          (facts) => {
            if (signal.aborted) return;
            cache.setFacts(repo, scope.branch, facts);
            callbacks.onFacts(index, facts);
          },
          () => undefined,
        ),
      );
    }
  };

  const list = async (): Promise<void> => {
    const cachedList = cache.getList(scope.project, scope.q);
    if (cachedList) {
      repos.push(...cachedList);
      callbacks.onRepos(repos, true);
      startRows(0);
      return;
    }
    const paged = client.core.listRepositories({ ...(scope.q ? { name: scope.q } : {}), ...(scope.project ? { projectKey: scope.project } : {}) });
    let start = 0;
    for (let pages = 0; repos.length < MAX_REPOSITORIES && pages < MAX_REPOSITORIES / FIRST_REPO_PAGE_SIZE; pages++) {
      const limit = pages === 0 ? FIRST_REPO_PAGE_SIZE : REPO_PAGE_SIZE;
      // List pages outrank every row: rows cannot start before their repository is known.
      const page = await pool.run(() => -1, () => paged.page({ start, limit, signal }));
      if (signal.aborted) return;
      const from = repos.length;
      repos.push(...page.values.map(toOverviewRepo).filter((r) => r.projectKey && r.slug));
      const complete = page.isLastPage || typeof page.nextPageStart !== 'number' || !(page.nextPageStart > start);
      callbacks.onRepos(repos, complete);
      startRows(from);
      if (complete) break;
      start = page.nextPageStart as number;
    }
    cache.setList(scope.project, scope.q, [...repos]);
  };

  /** Second pass, once every row is known: the filtered reports missing on a tip, on older commits. */
  const staleLoads = async (): Promise<void> => {
    const keys = scope.report ?? [];
    if (!keys.length || signal.aborted) return;
    await Promise.all(
      repos.map(async (repo, index) => {
        const facts = cache.getFacts(repo, scope.branch);
        if (!facts || !staleKeysToCheck(facts, keys).length) return;
        const run: Runner = (task) => pool.run(() => callbacks.rank(index), task);
        try {
          const updated = await findStaleReports(client, repo, facts, keys, { signal, run });
          if (signal.aborted || updated === facts) return;
          cache.setFacts(repo, scope.branch, updated);
          callbacks.onFacts(index, updated);
        } catch {
          // aborted
        }
      }),
    );
  };

  const done = list().then(
    async () => {
      await Promise.all(rowLoads);
      await staleLoads();
    },
    (error: unknown) => {
      if (!signal.aborted) callbacks.onListError(error);
    },
  );

  return {
    done,
    pool,
    cancel() {
      parent?.removeEventListener('abort', onParentAbort);
      controller.abort();
    },
  };
}
