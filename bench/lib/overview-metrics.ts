/**
 * The cross-repository overview on the many-repositories seed (emulator/seed/overview.ts, 2,000 repositories
 * over 20 projects) at the bench's REST latency:
 *
 * - `overview.firstRows.ms`: navigation → first matrix rows in the DOM (the view's `yc-overview-first-rows` mark);
 * - `overview.allRows.ms`: navigation → every repository's row filled (`yc-overview-all-rows`);
 * - `overview.dom.rows`: the most rows in the DOM, sampled while loading and after scrolling to the middle and end;
 * - `overview.requests.perRepo`: the plugin's REST requests per repository (the repository list pages excluded);
 * - `overview.requests.peak`: the most plugin requests in flight at once (from the page's fetch recorder).
 *
 * Measured once per bench run (a full load takes minutes at 100 ms: it is bounded by ≤ 6 requests in flight).
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { Store } from '../../emulator/store/store';
import { hasOverviewSeed, seedOverview } from '../../emulator/seed/overview';
import type { MetricSet } from './report';
import type { PageRequestRecord } from './page-probes';

const ROWS = '[data-testid="overview"] [role="row"]';
/** A full load is bounded by requests × latency ÷ 6; allow for a slow shared machine. */
const ALL_ROWS_WAIT_MS = 15 * 60_000;

export interface OverviewBenchEnv {
  baseUrl: string;
  store: Store;
  metrics: MetricSet;
  latencyMs: number;
  /** A fresh signed-in context with the fetch recorder installed (bench/run.ts's signedInContext). */
  newContext(user: string): Promise<BrowserContext>;
  waitMs: number;
}

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

export async function measureOverview(env: OverviewBenchEnv): Promise<Record<string, unknown>> {
  if (!hasOverviewSeed(env.store)) seedOverview(env.store);
  const context = await env.newContext('admin');
  try {
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/bitbucket/dashboard#yourcompany-insights?scope=overview`, { waitUntil: 'domcontentloaded', timeout: env.waitMs });
    await page.waitForSelector('[data-testid="overview-grid"] .yc-vlist-body [role="row"]', { timeout: env.waitMs });
    const mark = (name: string) => page.evaluate((n) => performance.getEntriesByType('mark').find((m) => m.name === n)?.startTime ?? Number.NaN, name);
    const firstRows = await mark('yc-overview-first-rows');
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
    await page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name === 'yc-overview-all-rows'), undefined, { timeout: ALL_ROWS_WAIT_MS, polling: 1000 });
    const allRows = await mark('yc-overview-all-rows');
    maxRows = Math.max(maxRows, await domRows(page));
    const total = Number(await page.locator('[data-testid="overview"]').getAttribute('data-total'));
    const requests = await page.evaluate(() => window.__ycBench?.requests ?? []);
    const rest = requests.filter((r) => r.url.includes('/rest/'));
    // The overview's repository list pages (`/repos?…start=…`) and the scope picker's list are not per repository.
    const perRepo = rest.filter((r) => !/\/rest\/api\/latest\/repos(\?|$)/.test(r.url));
    const byKind = new Map<string, number>();
    for (const r of perRepo) {
      const kind = /\/default-branch/.test(r.url) ? 'default-branch' : /\/commits\?/.test(r.url) ? 'commits' : /\/reports(\?|$)/.test(r.url) ? 'reports' : /\/annotations(\?|$)/.test(r.url) ? 'annotations' : 'other';
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    env.metrics.add('overview.firstRows.ms', `Overview: navigation → first rows (${total} repositories, ${env.latencyMs} ms/request)`, 'ms', 'lower-is-better', firstRows);
    env.metrics.add('overview.allRows.ms', `Overview: navigation → every row filled (${total} repositories, ≤ 6 requests in flight)`, 'ms', 'lower-is-better', allRows);
    env.metrics.add('overview.dom.rows', 'Overview: most rows in the DOM (loading, scrolled to middle and end)', 'count', 'lower-is-better', maxRows);
    env.metrics.add('overview.requests.perRepo', 'Overview: REST requests per repository', 'ratio', 'lower-is-better', total ? perRepo.length / total : Number.NaN);
    env.metrics.add('overview.requests.peak', 'Overview: most plugin requests in flight at once', 'count', 'lower-is-better', peakConcurrency(rest));
    return {
      url: page.url(),
      repositories: total,
      requests: rest.length,
      listRequests: rest.length - perRepo.length,
      perRepositoryByKind: Object.fromEntries([...byKind].map(([k, v]) => [k, Math.round((v / Math.max(1, total)) * 1000) / 1000])),
    };
  } finally {
    await context.close();
  }
}
