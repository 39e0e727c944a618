/** The cross-repository overview scope of the viewer (`#yourcompany-insights?scope=overview…`). */
import type { ViewerState } from 'yourcompany/insights-model';
import { OverviewCache } from './loader';

export { createOverview } from './view';
export type { OverviewView, OverviewOptions } from './view';
export { OverviewCache, RequestPool, loadOverview, loadRepoFacts, MAX_IN_FLIGHT, STALE_DEPTH } from './loader';
export { buildMatrix, buildFacts, reportColumns, sortEntries, visibleColumns } from './model';
export { overviewCsv } from './csv';

/** The overview shows for `scope=overview`, and instead of an empty "choose a repository" when no repository is set. */
export function isOverviewState(state: ViewerState): boolean {
  return state.scope === 'overview' || !state.repo;
}

let shared: OverviewCache | null = null;

/** One cache per page session, mirrored to sessionStorage when the browser allows it. */
export function overviewCache(): OverviewCache {
  if (!shared) {
    let storage: Storage | undefined;
    try {
      storage = typeof sessionStorage !== 'undefined' ? sessionStorage : undefined;
    } catch {
      storage = undefined;
    }
    shared = new OverviewCache(storage);
  }
  return shared;
}

/** Tests: a fresh cache. */
export function resetOverviewCache(): void {
  shared?.clear();
  shared = null;
}
