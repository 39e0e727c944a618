/**
 * The cross-repository overview on the many-repositories seed (emulator/seed/overview.ts, 2,000 repositories
 * over 20 projects) at the bench's REST latency:
 *
 * - `overview.firstRows.ms`: navigation → first matrix rows in the DOM (the view's `yc-overview-first-rows` mark);
 * - `overview.allRows.ms`: navigation → every repository's row placed (`yc-overview-all-rows`: the loader's floor
 *   done for all, plus what the rows scrolled into view needed);
 * - `overview.dom.rows`: the most rows in the DOM, sampled while loading and after scrolling to the middle and end;
 * - `overview.requests.perRepo`: the plugin's REST requests per repository (the repository list pages excluded);
 * - `overview.requests.peak`: the most plugin requests in flight at once (from the page's fetch recorder);
 * - `overview.revisit.perRepo`: the same, for a second open in the same browser profile with nothing changed.
 *
 * and on a separate emulator seeded with 50,000 repositories (`measureLargeOverview`):
 *
 * - `overview.large.firstRows.ms`, `overview.large.heapBytes` (JS heap after GC once all 50,000 are listed),
 *   `overview.large.longestTask.ms` (the longest task from the first rows until then).
 *
 * Measured once per bench run (a full load takes over a minute at 100 ms: it is bounded by ≤ 6 requests in flight).
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { Store } from '../../emulator/store/store';
import { hasOverviewSeed, seedOverview } from '../../emulator/seed/overview';
import type { MetricSet } from './report';
import type { PageRequestRecord } from './page-probes';
import { VIEWER_ROUTE } from '../../plugin-descriptor/modules';

const ROWS = '[data-testid="overview"] [role="row"]';
/** A full load is bounded by requests × latency ÷ 6; allow for a slow shared machine. */
const ALL_ROWS_WAIT_MS = 15 * 60_000;

export interface OverviewBenchEnv {
  baseUrl: string;
  store: Store;
  metrics: MetricSet;
  latencyMs: number;
  /** A fresh signed-in context with the fetch recorder installed (bench/run.ts's signedInContext). */
  newContext(user: string, baseUrl?: string): Promise<BrowserContext>;
  waitMs: number;
}

export const LARGE_REPOSITORIES = 50_000;

/** Goals of issue 20, by metric id (the table's goal column). */
export const OVERVIEW_GOALS = {
  'overview.firstRows.ms': { max: 2000 },
  'overview.dom.rows': { max: 100 },
  'overview.requests.perRepo': { max: 2.5 },
  'overview.requests.peak': { max: 6 },
  'overview.allRows.ms': { max: 90_000 },
  'overview.revisit.perRepo': { max: 1.2 },
  'overview.large.firstRows.ms': { max: 2000 },
  'overview.large.heapBytes': { max: 64 * 1024 * 1024 },
  'overview.large.longestTask.ms': { max: 200 },
} as const;

/** The most intervals overlapping at one instant. */
export function peakConcurrency(requests: readonly Pick<PageRequestRecord, 'start' | 'end'>[]): number {
  const events = requests.flatMap((r) => [
    { at: r.start, delta: 1 },
    { at: r.end, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const e of events) {
    current += e.delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

async function domRows(page: Page): Promise<number> {
  return page.locator(ROWS).count();
}

const OVERVIEW_PATH = `/bitbucket/dashboard${VIEWER_ROUTE}?scope=overview`;
const LIST_PAGES = /\/rest\/api\/latest\/repos(\?|$)/;

async function mark(page: Page, name: string): Promise<number> {
  return page.evaluate((n) => performance.getEntriesByType('mark').find((m) => m.name === n)?.startTime ?? Number.NaN, name);
}

async function waitForMark(page: Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByType('mark').some((m) => m.name === n), name, { timeout: ALL_ROWS_WAIT_MS, polling: 1000 });
  return mark(page, name);
}

/** The plugin's per-repository REST requests of a page (the repository list pages are not per repository). */
async function repositoryRequests(page: Page): Promise<string[]> {
  const requests = await page.evaluate(() => window.__ycBench?.requests ?? []);
  return requests.filter((r) => r.url.includes('/rest/') && !LIST_PAGES.test(r.url)).map((r) => r.url);
}

/** Longest tasks, recorded from the document's start (the Long Tasks API, Chromium). */
function installLongTaskRecorder(): void {
  const state = { tasks: [] as { start: number; duration: number }[] };
  (window as unknown as { __ycLongTasks: typeof state }).__ycLongTasks = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

export async function measureOverview(env: OverviewBenchEnv): Promise<Record<string, unknown>> {
  if (!hasOverviewSeed(env.store)) seedOverview(env.store);
  const context = await env.newContext('admin');
  try {
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}${OVERVIEW_PATH}`, { waitUntil: 'domcontentloaded', timeout: env.waitMs });
    await page.waitForSelector('[data-testid="overview-grid"] .yc-vlist-body [role="row"]', { timeout: env.waitMs });
    const firstRows = await mark(page, 'yc-overview-first-rows');
    let maxRows = await domRows(page);
    const grid = page.locator('[data-testid="overview-grid"]');
    // Scroll while it loads: the rows in view must be answered first, and the DOM must stay bounded.
    for (const fraction of [0.5, 1]) {
      await grid.evaluate((el, f) => {
        el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
      }, fraction);
      await page.waitForTimeout(500);
      maxRows = Math.max(maxRows, await domRows(page));
    }
    const allRows = await waitForMark(page, 'yc-overview-all-rows');
    maxRows = Math.max(maxRows, await domRows(page));
    const total = Number(await page.locator('[data-testid="overview"]').getAttribute('data-total'));
    const rest = (await page.evaluate(() => window.__ycBench?.requests ?? [])).filter((r) => r.url.includes('/rest/'));
    const perRepo = await repositoryRequests(page);
    const byKind = new Map<string, number>();
    for (const url of perRepo) {
      const kind = /\/default-branch/.test(url) ? 'default-branch' : /\/commits\?/.test(url) ? 'commits' : /\/reports(\?|$)/.test(url) ? 'reports' : /\/annotations(\?|$)/.test(url) ? 'annotations' : 'other';
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    // The second open, same profile (its IndexedDB), nothing changed: each tip is read again, the rest reused.
    await page.waitForTimeout(2000);
    await page.close();
    const revisit = await context.newPage();
    await revisit.goto(`${env.baseUrl}${OVERVIEW_PATH}`, { waitUntil: 'domcontentloaded', timeout: env.waitMs });
    const revisitAllRows = await waitForMark(revisit, 'yc-overview-all-rows');
    const revisitRequests = await repositoryRequests(revisit);
    env.metrics.add('overview.firstRows.ms', `Overview: navigation → first rows (${total} repositories, ${env.latencyMs} ms/request)`, 'ms', 'lower-is-better', firstRows);
    env.metrics.add('overview.allRows.ms', `Overview: navigation → every row filled (${total} repositories, ≤ 6 requests in flight)`, 'ms', 'lower-is-better', allRows);
    env.metrics.add('overview.dom.rows', 'Overview: most rows in the DOM (loading, scrolled to middle and end)', 'count', 'lower-is-better', maxRows);
    env.metrics.add('overview.requests.perRepo', 'Overview: REST requests per repository', 'ratio', 'lower-is-better', total ? perRepo.length / total : Number.NaN);
    env.metrics.add('overview.requests.peak', 'Overview: most plugin requests in flight at once', 'count', 'lower-is-better', peakConcurrency(rest));
    env.metrics.add('overview.revisit.perRepo', 'Overview: REST requests per repository on a second open, nothing changed', 'ratio', 'lower-is-better', total ? revisitRequests.length / total : Number.NaN);
    return {
      url: page.url(),
      repositories: total,
      requests: rest.length,
      listRequests: rest.length - perRepo.length,
      perRepositoryByKind: Object.fromEntries([...byKind].map(([k, v]) => [k, Math.round((v / Math.max(1, total)) * 1000) / 1000])),
      revisitAllRowsMs: revisitAllRows,
    };
  } finally {
    await context.close();
  }
}

/** The 50,000-repository seed, on an emulator of its own (`baseUrl`): first rows, heap and longest task once all are listed. */
export async function measureLargeOverview(env: Omit<OverviewBenchEnv, 'store'>): Promise<Record<string, unknown>> {
  const context = await env.newContext('admin', env.baseUrl);
  try {
    await context.addInitScript(installLongTaskRecorder);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${env.baseUrl}${OVERVIEW_PATH}`, { waitUntil: 'domcontentloaded', timeout: env.waitMs });
    await page.waitForSelector('[data-testid="overview-grid"] .yc-vlist-body [role="row"]', { timeout: env.waitMs });
    const firstRows = await mark(page, 'yc-overview-first-rows');
    // Scroll as it fills, then wait for the last list page (the count stops saying "+").
    const grid = page.locator('[data-testid="overview-grid"]');
    let maxRows = await domRows(page);
    const listed = () => page.locator('[data-testid="overview"]').getAttribute('data-total');
    // (the demo seed's repositories come on top of the 50,000)
    for (let i = 0; Number(await listed()) < LARGE_REPOSITORIES || (await page.locator('[data-testid="overview-progress-text"]').textContent())?.includes('+'); i++) {
      if (i > ALL_ROWS_WAIT_MS / 1000) throw new Error(`the large overview listed ${await listed()} repositories`);
      await grid.evaluate((el, f) => {
        el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
      }, (i % 10) / 10);
      await page.waitForTimeout(1000);
      maxRows = Math.max(maxRows, await domRows(page));
    }
    await grid.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.waitForTimeout(1000);
    maxRows = Math.max(maxRows, await domRows(page));
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const tasks = await page.evaluate((from) => ((window as unknown as { __ycLongTasks?: { tasks: { start: number; duration: number }[] } }).__ycLongTasks?.tasks ?? []).filter((t) => t.start >= from), firstRows);
    const longest = tasks.reduce((max, t) => Math.max(max, t.duration), 0);
    env.metrics.add('overview.large.firstRows.ms', `Overview, ${LARGE_REPOSITORIES} repositories: navigation → first rows`, 'ms', 'lower-is-better', firstRows);
    env.metrics.add('overview.large.heapBytes', `Overview, ${LARGE_REPOSITORIES} repositories: JS heap after GC once all are listed`, 'B', 'lower-is-better', heap);
    env.metrics.add('overview.large.longestTask.ms', `Overview, ${LARGE_REPOSITORIES} repositories: longest task while rows fill (0 = none over 50 ms)`, 'ms', 'lower-is-better', longest);
    return { repositories: Number(await listed()), maxDomRows: maxRows, longTasks: tasks.length, listedAtMs: await page.evaluate(() => performance.now()) };
  } finally {
    await context.close();
  }
}
