/**
 * Reading the overview: every readable repository (paged, read fresh on every open), then per repository the
 * floor of requests that places its row, and the rest only where a row in view or the active sort/filter needs
 * it. At most MAX_IN_FLIGHT requests at once, the rows in view first, all cancelled by one AbortSignal.
 *
 * Requests per repository (default branch; a named branch asks `…/commits?until=refs/heads/<name>` first and
 * falls back to the default branch where it does not exist):
 *   floor   `GET …/commits?limit=4`                    the default branch's tip + 3 older commits (no `until`: Bitbucket
 *                                                      answers the default branch, so its name is not needed to read it;
 *                                                      404 = no default branch: an empty repository, the row is done)
 *           `GET /rest/insights/…/commits/<tip>/reports` the tip's reports, unless the cache holds this tip
 *   needed  `GET …/default-branch`                     the branch's name (rows in view, a branch sort, the apart list)
 *           `GET /rest/insights/…/commits/<tip>/annotations` severity counts (rows in view, a severity sort)
 *           `GET /rest/insights/…/commits/<older>/reports` tip without reports: ≤ STALE_DEPTH older commits, stopping
 *                                                      at the first with any (rows in view, a report/result filter,
 *                                                      a report or failing sort)
 * So 2 per repository with a tip (1 for an empty repository, one without a default branch, or an unreadable one),
 * and 1 on a revisit whose tip did not move. The repository list costs one request per REPO_PAGE_SIZE.
 */
import type { BitbucketClient, Commit, InsightReport, RepoRef, Repository } from 'yourcompany/rest';
import { OverviewCache } from './cache';
import type { CachedRow } from './cache';
import { buildFacts, cellOf, severityCounts, staleKeysToCheck, uniqueCells, withStaleReports } from './model';
import type { OverviewRepo, RepoFacts } from './model';

/** Browsers allow 6 connections per host over HTTP/1.1; more in flight would only queue in the browser. */
export const MAX_IN_FLIGHT = 6;
/** Older commits looked at for stale reports when the tip has none. */
export const STALE_DEPTH = 3;
export const REPO_PAGE_SIZE = 500;
/** The first page is small so the first rows show after one short request. */
export const FIRST_REPO_PAGE_SIZE = 100;

/** What a row may still need read beyond its floor. `staleKeys`: the filtered reports its tip lacks, on older commits. */
export type Need = 'branch' | 'severity' | 'stale' | 'staleKeys';
export const VIEW_NEEDS: readonly Need[] = ['branch', 'severity', 'stale'];

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

/** Whether `facts` still lacks something `need` asks for (`keys`: the report filter, for `staleKeys`). */
export function lacks(facts: RepoFacts, need: Need, keys: readonly string[] = []): boolean {
  if (facts.status === 'error') return false;
  switch (need) {
    case 'branch':
      return facts.branch === undefined;
    case 'severity':
      return facts.status === 'reports' && !facts.severity;
    case 'stale':
      return facts.status === 'tip-without-reports';
    default:
      return staleKeysToCheck(facts, keys).length > 0;
  }
}

export interface RowReadOptions {
  /** A named branch to prefer over the default one where it exists. */
  branch?: string;
  signal: AbortSignal;
  now?: () => number;
  /** What the cache holds for this row (reused when the tip did not move). */
  cached?: CachedRow;
  /** The report filter, for the `staleKeys` need. */
  reportKeys?: readonly string[];
}

/**
 * One repository's row: its floor when `facts` is undefined, then whatever of `needs` it lacks. A failed read
 * becomes an `error` row; an aborted one rethrows (nothing is kept for it). Each request is one `client` call, in
 * sequence: the caller holds one slot of the pool for the whole row.
 */
export async function readRow(client: BitbucketClient, repo: OverviewRepo, facts: RepoFacts | undefined, needs: readonly Need[], options: RowReadOptions): Promise<RepoFacts> {
  const ref: RepoRef = { projectKey: repo.projectKey, repositorySlug: repo.slug };
  const { signal } = options;
  const now = options.now ?? Date.now;
  const reportsAt = async (commitId: string) => (await client.insights.listReports(ref, commitId).page({ limit: 100, signal })).values;
  try {
    let row = facts ?? (await readFloor(client, ref, reportsAt, options, now));
    for (const need of needs) {
      if (!lacks(row, need, options.reportKeys)) continue;
      if (need === 'branch') {
        try {
          row = { ...row, branch: (await client.core.getDefaultBranch(ref, { signal })).displayId };
        } catch (error) {
          if (kindOf(error) !== 'not-found') throw error;
          row = { ...row, branch: '', noDefaultBranch: true };
        }
      } else if (need === 'severity') {
        row = { ...row, severity: severityCounts((await client.insights.getCommitAnnotations(ref, row.tipId!, undefined, { signal })).annotations) };
      } else if (need === 'stale') {
        row = await readOlder(row, reportsAt);
      } else {
        row = await readStaleKeys(row, options.reportKeys ?? [], reportsAt);
      }
    }
    return row;
  } catch (error) {
    if (signal.aborted || kindOf(error) === 'aborted') throw error;
    return { status: 'error', ...(facts?.branch !== undefined ? { branch: facts.branch } : {}), error: kindOf(error) ?? 'unknown', cells: [], olderChecked: 0, loadedAt: now() };
  }
}

async function readFloor(client: BitbucketClient, ref: RepoRef, reportsAt: (commitId: string) => Promise<InsightReport[]>, options: RowReadOptions, now: () => number): Promise<RepoFacts> {
  const { signal } = options;
  const commitsOf = async (until?: string) => (await client.core.listCommits(ref, until ? { until } : undefined).page({ limit: STALE_DEPTH + 1, signal })).values;
  let branch: string | undefined;
  let branchMissing = false;
  let commits: Commit[] | undefined;
  if (options.branch) {
    try {
      commits = await commitsOf(`refs/heads/${options.branch}`);
      branch = options.branch;
    } catch (error) {
      if (kindOf(error) !== 'not-found') throw error;
      branchMissing = true;
    }
  }
  if (!commits) {
    try {
      commits = await commitsOf();
    } catch (error) {
      // The default branch does not exist: an empty repository, or one whose configured default was never pushed
      // (`…/default-branch` would answer 404 as well, so it is not asked).
      if (kindOf(error) !== 'not-found') throw error;
      return { status: 'empty', branch: '', noDefaultBranch: true, ...(branchMissing ? { branchMissing } : {}), cells: [], olderChecked: 0, loadedAt: now() };
    }
  }
  const tipId = commits[0]?.id ?? '';
  const cached = options.cached;
  if (cached && cached.tip === tipId && (cached.facts.branchMissing ?? false) === branchMissing) return cached.facts;
  const input = { branch, branchMissing, commits, tipReports: [] as InsightReport[], olderRead: false, olderChecked: 0, now: now() };
  if (!tipId) return buildFacts(input);
  return buildFacts({ ...input, tipReports: await reportsAt(tipId) });
}

/** A tip without reports: its older commits, newest first, stopping at the first that has any. */
async function readOlder(row: RepoFacts, reportsAt: (commitId: string) => Promise<InsightReport[]>): Promise<RepoFacts> {
  let olderChecked = 0;
  for (const commitId of (row.olderIds ?? []).slice(0, STALE_DEPTH)) {
    olderChecked++;
    const reports = await reportsAt(commitId);
    if (reports.length) return { ...row, status: 'stale', cells: uniqueCells(reports.map((r) => cellOf(r, commitId, true))), olderChecked };
  }
  return { ...row, status: 'none', olderChecked };
}

/**
 * A tip with reports, filtered by keys it lacks: those keys on its older commits (newest first, stopping once all
 * are found), as stale cells.
 */
async function readStaleKeys(row: RepoFacts, keys: readonly string[], reportsAt: (commitId: string) => Promise<InsightReport[]>): Promise<RepoFacts> {
  const missing = staleKeysToCheck(row, keys);
  const older: { commitId: string; reports: InsightReport[] }[] = [];
  for (const commitId of (row.olderIds ?? []).slice(0, STALE_DEPTH)) {
    older.push({ commitId, reports: await reportsAt(commitId) });
    if (missing.every((key) => older.some((o) => o.reports.some((r) => r.key === key)))) break;
  }
  return withStaleReports(row, missing, older);
}

// ---------------------------------------------------------------------------------------- loader

export interface OverviewScope {
  project?: string;
  q: string;
  branch?: string;
}

/** What the view needs read now: the rows in view (in view order), and what every row needs for the active sort/filter. */
export interface Demand {
  view: readonly number[];
  all: readonly Need[];
  /** The report filter (for `staleKeys`). */
  reportKeys: readonly string[];
}

export interface OverviewLoadCallbacks {
  /** The repository list grew (a page arrived) or is complete. */
  onRepos(repos: readonly OverviewRepo[], complete: boolean): void;
  /** One repository's row is known (or knows more). */
  onFacts(index: number, facts: RepoFacts): void;
  /** The list itself could not be read. */
  onListError(error: unknown): void;
  demand(): Demand;
}

export interface OverviewLoad {
  /** Every listed repository has its floor and what the active sort/filter needs. */
  done: Promise<void>;
  /** The demand changed (scrolling, a sort, a filter): start what it needs. */
  poke(): void;
  /** The most requests in flight at once. */
  peak(): number;
  cancel(): void;
}

/**
 * Reads one scope: the repository list page by page (one page at a time, ahead of every row), each page's rows
 * once the cache has been asked about them. A free slot goes to, in order: the next list page, a row in view that
 * lacks something, a row the active sort/filter needs something of, the next row without its floor.
 */
export function loadOverview(client: BitbucketClient, scope: OverviewScope, cache: OverviewCache, callbacks: OverviewLoadCallbacks, parent?: AbortSignal): OverviewLoad {
  const controller = new AbortController();
  const signal = controller.signal;
  const onParentAbort = () => controller.abort();
  if (parent) {
    if (parent.aborted) controller.abort();
    else parent.addEventListener('abort', onParentAbort, { once: true });
  }
  const repos: OverviewRepo[] = [];
  const keys: string[] = [];
  const rows: (RepoFacts | undefined)[] = [];
  const cached: (CachedRow | undefined)[] = [];
  const busy = new Set<number>();
  /** Rows [0, ready) have been looked up in the cache and may start. */
  let ready = 0;
  let listComplete = false;
  let listBusy = false;
  let nextStart: number | undefined = 0;
  let running = 0;
  let peak = 0;
  let floorCursor = 0;
  let allCursor = 0;
  let allKey = '';
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  let finished = false;

  const paged = client.core.listRepositories({ ...(scope.q ? { name: scope.q } : {}), ...(scope.project ? { projectKey: scope.project } : {}) });

  const slot = async (task: () => Promise<void>): Promise<void> => {
    running++;
    peak = Math.max(peak, running);
    try {
      await task();
    } finally {
      running--;
      if (!signal.aborted) pump();
    }
  };

  const readPage = async (): Promise<void> => {
    const start = nextStart ?? 0;
    const limit = start === 0 ? FIRST_REPO_PAGE_SIZE : REPO_PAGE_SIZE;
    listBusy = true;
    let page;
    try {
      page = await paged.page({ start, limit, signal });
    } catch (error) {
      // The rows already listed are still read; the list is not asked again (its error shows with a retry).
      listComplete = true;
      listBusy = false;
      if (!signal.aborted) callbacks.onListError(error);
      return;
    }
    if (signal.aborted) return;
    const from = repos.length;
    for (const repo of page.values.map(toOverviewRepo)) {
      if (!repo.projectKey || !repo.slug) continue;
      repos.push(repo);
      keys.push(OverviewCache.key(repo.projectKey, repo.slug, scope.branch));
      rows.push(undefined);
      cached.push(undefined);
      cache.projects.set(repo.projectKey, repo.projectName);
    }
    listComplete = page.isLastPage || typeof page.nextPageStart !== 'number' || !(page.nextPageStart > start);
    nextStart = listComplete ? undefined : (page.nextPageStart as number);
    callbacks.onRepos(repos, listComplete);
    // The cache lookup is not a request: it holds the next list page back, never a slot's request.
    const found = await cache.lookup(keys.slice(from));
    if (signal.aborted) return;
    found.forEach((row, i) => (cached[from + i] = row));
    ready = repos.length;
    listBusy = false;
  };

  const readOne = (index: number, needs: readonly Need[], reportKeys: readonly string[]): Promise<void> => {
    busy.add(index);
    return readRow(client, repos[index], rows[index], needs, { branch: scope.branch, signal, cached: cached[index], reportKeys, now: cache.now })
      .then(
        (facts) => {
          if (signal.aborted) return;
          const before = rows[index];
          const reused = facts === cached[index]?.facts;
          rows[index] = facts;
          cached[index] = undefined;
          if (facts === before) return;
          if (!reused) cache.save(keys[index], facts.tipId ?? '', facts);
          callbacks.onFacts(index, facts);
        },
        () => undefined,
      )
      .finally(() => {
        busy.delete(index);
        // A row the sweep passed while it was busy is looked at again.
        if (index < allCursor) allCursor = index;
      });
  };

  /** The demand's requests: `null` when the row needs nothing now. */
  const needsOf = (index: number, wanted: readonly Need[], reportKeys: readonly string[]): Need[] | null => {
    const facts = rows[index];
    if (!facts) return [...wanted];
    const needs = wanted.filter((need) => lacks(facts, need, reportKeys));
    return needs.length ? needs : null;
  };

  const nextTask = (): (() => Promise<void>) | null => {
    if (!listComplete && !listBusy) return readPage;
    const demand = callbacks.demand();
    for (const index of demand.view) {
      if (index >= ready || busy.has(index)) continue;
      const needs = needsOf(index, [...new Set([...VIEW_NEEDS, ...demand.all])], demand.reportKeys);
      if (needs) return () => readOne(index, needs, demand.reportKeys);
    }
    const key = JSON.stringify(demand.all) + JSON.stringify(demand.reportKeys);
    if (key !== allKey) {
      allKey = key;
      allCursor = 0;
    }
    if (demand.all.length) {
      for (; allCursor < ready; allCursor++) {
        const index = allCursor;
        if (busy.has(index) || !rows[index]) continue;
        const needs = needsOf(index, demand.all, demand.reportKeys);
        if (needs) {
          allCursor++;
          return () => readOne(index, needs, demand.reportKeys);
        }
      }
    }
    for (; floorCursor < ready; floorCursor++) {
      const index = floorCursor;
      if (busy.has(index) || rows[index]) continue;
      floorCursor++;
      return () => readOne(index, demand.all, demand.reportKeys);
    }
    return null;
  };

  function pump(): void {
    if (signal.aborted) return;
    while (running < MAX_IN_FLIGHT && !signal.aborted) {
      const task = nextTask();
      if (!task) break;
      void slot(task);
    }
    if (!finished && running === 0 && listComplete) {
      finished = true;
      void cache.flush();
      resolveDone();
    }
  }

  signal.addEventListener('abort', () => resolveDone(), { once: true });
  pump();

  return {
    done,
    poke: () => {
      if (!signal.aborted) pump();
    },
    peak: () => peak,
    cancel() {
      parent?.removeEventListener('abort', onParentAbort);
      controller.abort();
    },
  };
}
