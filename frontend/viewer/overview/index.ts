/** The cross-repository overview scope of the viewer (`#yourcompany-insights?scope=overview…`). */
import type { ViewerState } from 'yourcompany/insights-model';
import { contextPath, currentUser } from 'yourcompany/host';
import { IndexedDbRowStore, MemoryRowStore, OverviewCache } from './cache';

export { createOverview } from './view';
export type { OverviewView, OverviewOptions } from './view';
export { loadOverview, readRow, MAX_IN_FLIGHT, STALE_DEPTH } from './loader';
export { OverviewCache, MemoryRowStore, IndexedDbRowStore, CACHE_MAX_AGE_MS } from './cache';
export { buildMatrix, buildFacts, reportColumns, sortEntries, visibleColumns } from './model';
export { overviewCsvParts } from './csv';

/** The overview shows for `scope=overview`, and instead of an empty "choose a repository" when no repository is set. */
export function isOverviewState(state: ViewerState): boolean {
  return state.scope === 'overview' || !state.repo;
}

let shared: OverviewCache | null = null;

/**
 * One cache per page: IndexedDB, one database per Bitbucket base URL and user, when the browser has it and someone
 * is signed in; memory for the page session otherwise.
 */
export function overviewCache(): OverviewCache {
  if (!shared) {
    const user = currentUser();
    let factory: IDBFactory | undefined;
    try {
      factory = typeof indexedDB !== 'undefined' ? indexedDB : undefined;
    } catch {
      factory = undefined;
    }
    shared = new OverviewCache(factory && user ? new IndexedDbRowStore(factory, `yourcompany.insights.overview|${location.origin}${contextPath()}|${user.slug}`) : new MemoryRowStore());
  }
  return shared;
}

/** Tests: a fresh cache. */
export function resetOverviewCache(): void {
  void shared?.clear();
  shared = null;
}
