/**
 * PR-page figures of issue 12: bytes before any modal opens, bytes a modal adds when it opens, and the
 * ready time relative to the critical path. The page-driving helpers take playwright objects from run.ts.
 */
import { gzipSync } from 'zlib';
import type { Page } from 'playwright-core';
import type { BuiltPlugin } from './sizes';
import type { MetricSet } from './report';

/** Goals of the issue, by metric id (the table's goal column). */
export const PR_GOALS = {
  // Issue 18: the PR diff joins the first round of requests, and the real matcher ships before a modal opens.
  'pr.initial.bytes': { max: 32 * 1024 },
  'pr.modal.max.bytes': { max: 15 * 1024 },
  'pr.requests.total': { max: 10 },
  'pr.requests.duplicates': { max: 0 },
  'pr.requests.depth': { max: 2 },
  'pr.ready.pluginRatio': { max: 1.3 },
  'pr.large.settle.ms': { max: 2000 },
  'memory.heapGrowth': { max: 1024 * 1024 },
  'pr.idle10min.requests': { max: 0 },
  // A pending report must be picked up without a reload: some requests, not none.
  'pr.idle10min.pending.requests': { min: 1 },
} as const;

/** The viewer's goals from the same issue (its metrics are measured by bench/lib/viewer-metrics.ts). */
export const VIEWER_GOALS = {
  'viewer.firstRows.ms': { max: 500 },
  'viewer.keystroke.p95.ms': { max: 50 },
  'viewer.keystroke.ratio': { max: 5 },
} as const;

export function bytesOf(plugin: BuiltPlugin, keys: Iterable<string>): number {
  let total = 0;
  for (const key of keys) {
    const size = plugin.size(key);
    total += size.jsGzip + size.cssGzip;
  }
  return total;
}

/**
 * Opens each of our summary items' modals in turn (click, wait until the modal shows content that is
 * not busy, close) and records the gzipped JS+CSS each first opening downloaded. Returns bytes per item.
 */
export async function measureModalBytes(page: Page, plugin: BuiltPlugin, loaded: Set<string>, pluginKey: string, waitMs: number): Promise<Record<string, number>> {
  const items = page.locator(`[data-testid="pr-summary-extensions"] [data-extension-key^="${pluginKey}"]`);
  const count = await items.count();
  const added: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const item = items.nth(i);
    const key = (await item.getAttribute('data-extension-key')) ?? String(i);
    const before = new Set(loaded);
    await item.click({ timeout: waitMs });
    const content = page.locator('section[role="dialog"] [data-testid="modal-content"]');
    await content.waitFor({ timeout: waitMs });
    // Settled: the lazily loaded panel replaced the loading state (no busy element, something rendered).
    await page.waitForFunction(
      () => {
        const root = document.querySelector('section[role="dialog"] [data-testid="modal-content"]');
        return !!root && !root.querySelector('[aria-busy="true"]') && !root.querySelector('.yc-loading') && (root.textContent ?? '').trim().length > 0;
      },
      undefined,
      { timeout: waitMs },
    );
    added[key] = bytesOf(plugin, [...loaded].filter((k) => !before.has(k)));
    await page.locator('section[role="dialog"] [data-testid="modal-close"]').click({ timeout: waitMs });
    await page.locator('section[role="dialog"]').waitFor({ state: 'detached', timeout: waitMs });
  }
  return added;
}

export function addPullRequestGoalMetrics(metrics: MetricSet, values: { initialBytes: number; modalBytes: Record<string, number>; pluginShareMs: number; depth: number; latencyMs: number }): void {
  metrics.add('pr.initial.bytes', 'PR page: our JS+CSS (gzip) before any modal opens', 'B', 'lower-is-better', values.initialBytes);
  const perModal = Object.values(values.modalBytes);
  metrics.add('pr.modal.max.bytes', 'PR page: JS+CSS (gzip) added by opening a modal, the largest', 'B', 'lower-is-better', perModal.length ? Math.max(...perModal) : Number.NaN);
  metrics.add(
    'pr.ready.pluginRatio',
    'PR page: (first plugin request → all labels final) ÷ (depth × latency)',
    'ratio',
    'lower-is-better',
    values.depth && values.latencyMs ? values.pluginShareMs / (values.depth * values.latencyMs) : Number.NaN,
  );
}

/**
 * What the pull request's diff costs: the body of the plugin's `…/pull-requests/{id}/diff` request as the
 * emulator sent it (it does not compress) and gzipped, as a server compressing JSON would send it. Read again
 * after the labels settled, so the measurement does not delay them.
 */
export async function measureDiffBytes(page: Page, requests: readonly { url: string }[]): Promise<{ raw: number; gzip: number }> {
  const diff = requests.find((r) => /\/pull-requests\/\d+\/diff(\?|$)/.test(r.url));
  if (!diff) return { raw: Number.NaN, gzip: Number.NaN };
  const body = await page.evaluate(async (url) => (await fetch(url, { credentials: 'same-origin' })).text(), diff.url);
  return { raw: Buffer.byteLength(body), gzip: gzipSync(body).length };
}
