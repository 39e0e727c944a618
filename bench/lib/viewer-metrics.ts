/**
 * The viewer's figures for `npm run bench` (docs/benchmark.md, "Viewer"): hash seen by the launcher →
 * first annotation rows, keystroke → rows updated, and the work one keystroke costs next to a plain
 * `Array.prototype.filter` over the same annotations in the same page.
 */
import type { Page } from 'playwright-core';
import type { MetricSet } from './report';
import { median, percentile } from './stats';

/** Typed one character at a time into the text filter. */
export const FILTER_QUERY = 'possible null';
/** Performance marks: the launcher's when it sees our hash, the annotations tab's when its first rows are in the DOM. */
export const HASH_SEEN_MARK = 'yc-viewer-hash-seen';
export const FIRST_ROWS_MARK = 'yc-viewer-first-rows';
/** Per keystroke: how long to wait for the rows to change before counting it as it is. */
const KEYSTROKE_TIMEOUT_MS = 1000;

export interface ViewerBenchPage {
  page: Page;
  /** Our web-resources the page downloaded (for the size figures). */
  loaded: Set<string>;
  close(): Promise<void>;
}

export interface ViewerBenchEnv {
  metrics: MetricSet;
  details: Record<string, unknown>;
  /** Dashboard URL with the viewer hash on the 10 × 1000 commit. */
  viewerUrl: string;
  /** `/bitbucket/rest/insights/latest/projects/…/commits/<id>`: where the plain baseline reads the same annotations. */
  restBase: string;
  waitMs: number;
  openPage(): Promise<ViewerBenchPage>;
  /** Adds the size figures for what the page loaded; returns bytes per web-resource. */
  recordSizes(loaded: Set<string>): Record<string, number>;
}

export interface KeystrokeSample {
  /** `input` event → the next frame after the viewer's DOM changed (or the timeout). */
  latencyMs: number;
  /**
   * Main-thread work the keystroke caused: the synchronous `input` dispatch (our handler: filter and
   * DOM update) plus the style and layout it forces. When the viewer defers the update (a debounce),
   * the work cannot be told apart from the wait, so the whole latency counts.
   */
  workMs: number;
  /** Whether the rows changed inside the `input` dispatch itself. */
  synchronous: boolean;
  /** The plain `Array.prototype.filter` for the same query over the same annotations, timed right after. */
  plainMs: number;
}

declare global {
  interface Window {
    __ycPlainAnnotations?: { message: string; path?: string }[];
  }
}

/** Runs in the page: reads the commit's annotations the plain way (every report's list) for the baseline filter. */
async function loadPlainAnnotations(base: string): Promise<number> {
  const reports = (await (await fetch(`${base}/reports?limit=1000`)).json()) as { values: { key: string }[] };
  const all: { message: string; path?: string }[] = [];
  for (const report of reports.values) {
    const list = (await (await fetch(`${base}/reports/${encodeURIComponent(report.key)}/annotations`)).json()) as { annotations: { message: string; path?: string }[] };
    all.push(...list.annotations);
  }
  window.__ycPlainAnnotations = all;
  return all.length;
}

/**
 * Runs in the page: types `char` into the focused filter and times it (see KeystrokeSample), then times
 * the plain filter for the same query under the same conditions (same page, same moment).
 */
async function typeOneCharacter({ char, timeoutMs }: { char: string; timeoutMs: number }): Promise<KeystrokeSample & { matched: number }> {
  const input = document.activeElement as HTMLInputElement;
  const viewer = document.querySelector('.yc-viewer') as HTMLElement;
  let resolveChanged: () => void = () => undefined;
  const changed = new Promise<void>((resolve) => (resolveChanged = resolve));
  const observer = new MutationObserver(() => resolveChanged());
  observer.observe(viewer, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-visible-count'] });
  const timer = setTimeout(resolveChanged, timeoutMs);
  const started = performance.now();
  input.value += char;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  void viewer.offsetHeight; // style + layout of whatever the handler changed
  const worked = performance.now();
  const synchronous = observer.takeRecords().length > 0;
  if (synchronous) resolveChanged();
  await changed;
  observer.disconnect();
  clearTimeout(timer);
  await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  const latencyMs = performance.now() - started;

  const all = window.__ycPlainAnnotations ?? [];
  const q = input.value.toLowerCase();
  const plainStarted = performance.now();
  // returned, so the filter's work cannot be optimised away
  const matched = all.filter((a) => a.message.toLowerCase().includes(q) || (a.path ?? '').toLowerCase().includes(q)).length;
  const plainMs = performance.now() - plainStarted;
  return { latencyMs, workMs: synchronous ? worked - started : latencyMs, synchronous, plainMs, matched };
}

export async function measureViewer(env: ViewerBenchEnv, run: number): Promise<void> {
  const { metrics } = env;
  const { page, loaded, close } = await env.openPage();
  try {
    await page.goto(env.viewerUrl, { waitUntil: 'domcontentloaded', timeout: env.waitMs });
    const rows = page.locator('.yc-viewer [role="row"], .yc-viewer tbody tr');
    await rows.first().waitFor({ timeout: env.waitMs });
    await page.waitForFunction((name) => performance.getEntriesByName(name, 'mark').length > 0, FIRST_ROWS_MARK, { timeout: env.waitMs });
    const marks = await page.evaluate(
      ([seen, first]) => ({
        hashSeen: performance.getEntriesByName(seen, 'mark')[0]?.startTime ?? Number.NaN,
        firstRows: performance.getEntriesByName(first, 'mark')[0]?.startTime ?? Number.NaN,
      }),
      [HASH_SEEN_MARK, FIRST_ROWS_MARK] as const,
    );
    metrics.add('viewer.firstRender.ms', 'Viewer: navigation → first rows (10×1000 annotations)', 'ms', 'lower-is-better', marks.firstRows);
    metrics.add('viewer.firstRows.ms', 'Viewer: hash seen by the launcher → first annotation rows (10×1000)', 'ms', 'lower-is-better', marks.firstRows - marks.hashSeen);
    // Keystrokes go to a fully loaded list: every report's annotations in.
    await page.waitForSelector('[data-testid="annotation-count"]:not([aria-busy="true"])', { timeout: env.waitMs });
    metrics.add('viewer.dom.rows', 'Viewer: rows in the DOM', 'count', 'lower-is-better', await rows.count());

    const plainCount = await page.evaluate(loadPlainAnnotations, env.restBase);
    const filter = page.locator('[data-testid="filter-text"]').first();
    await filter.waitFor({ timeout: env.waitMs });
    await filter.focus();
    const keystrokes: KeystrokeSample[] = [];
    for (const char of FILTER_QUERY) keystrokes.push(await page.evaluate(typeOneCharacter, { char, timeoutMs: KEYSTROKE_TIMEOUT_MS }));
    const latencies = keystrokes.map((k) => k.latencyMs);
    const work = median(keystrokes.map((k) => k.workMs));
    const plainMedian = median(keystrokes.map((k) => k.plainMs));
    metrics.add('viewer.keystroke.median.ms', 'Viewer: keystroke → rows updated, median', 'ms', 'lower-is-better', median(latencies));
    metrics.add('viewer.keystroke.p95.ms', 'Viewer: keystroke → rows updated, p95', 'ms', 'lower-is-better', percentile(latencies, 95));
    metrics.add('viewer.keystroke.deferred', 'Viewer: keystrokes whose rows were not updated in the input event', 'count', 'lower-is-better', keystrokes.filter((k) => !k.synchronous).length);
    metrics.add('viewer.plainFilter.median.ms', `Viewer: plain Array.filter over ${plainCount} annotations, median`, 'ms', 'lower-is-better', plainMedian);
    metrics.add('viewer.keystroke.work.ms', 'Viewer: keystroke work (handler + style/layout), median', 'ms', 'lower-is-better', work);
    metrics.add('viewer.keystroke.ratio', 'Viewer: keystroke work ÷ plain filter median', 'ratio', 'lower-is-better', plainMedian > 0 ? work / plainMedian : Number.NaN);
    const perResource = env.recordSizes(loaded);
    if (run === 0) {
      env.details.viewerPage = {
        url: env.viewerUrl,
        webResources: perResource,
        keystrokes: keystrokes.map((k) => ({ latencyMs: Math.round(k.latencyMs * 10) / 10, workMs: Math.round(k.workMs * 100) / 100, plainMs: Math.round(k.plainMs * 100) / 100, synchronous: k.synchronous })),
      };
    }
  } finally {
    await close();
  }
}
