/**
 * Fault matrix: every REST route our PR surfaces and the viewer use (discovered from a clean page load,
 * so new routes are covered without edits) answers with one fault kind at a time through the
 * emulator's fault injection. Per kind, one PR page load and one viewer load: every summary label
 * settles, every modal shows the AUI message from errorMessage() with the expected `data-error-kind`,
 * the page stays usable (tabs work), nothing is thrown, and a like whose write fails is rolled back,
 * said so, and sent exactly once (no blind retry).
 *
 * The 30 s client timeout is driven with playwright's page clock (fastForward), since the page-wide
 * REST client has no timeout knob: the emulator stalls the request, the page's timer fires early.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { installFetchRecorder, summaryLoadingLabels, type PageRequestRecord } from '../../bench/lib/page-probes';
import { PLUGIN_KEY, VIEWER_ROUTE } from '../../plugin-descriptor/modules';
import { startBrowserEnv, type BrowserEnv, type PullRequestRef, type TrackedPage } from './support';

jest.setTimeout(120_000);

const PR1: PullRequestRef = { projectKey: 'ACME', repoSlug: 'web-app', id: 1 };
const LOADING_LABELS = summaryLoadingLabels(readFileSync(join(__dirname, '../../frontend/i18n/yourcompany-insights.properties'), 'utf8'));
/** The REST client's default per-attempt timeout (frontend/rest/http.ts DEFAULT_TIMEOUT_MS) plus slack. */
const PAST_TIMEOUT_MS = 31_000;
/** Longest wait for a surface to settle; the fail-proof script shortens it (a broken build fails every wait). */
const SETTLE_MS = Number(process.env.YC_FAULTS_SETTLE_MS ?? 30_000);
const REACTION_WRITES = '^/rest/comment-likes/[^/]+/projects/[^/]+/repos/[^/]+/pull-requests/\\d+/comments/\\d+/reactions/[^/]+$';

interface FaultKind {
  name: string;
  /** The emulator fault, minus `pathPattern` (and `disableModule`, filled per route). */
  spec: { status?: number; htmlErrorPage?: boolean; truncateBody?: boolean; stallMs?: number; disable?: true };
  /** `data-error-kind` values the surfaces must show. */
  kinds: string[];
}

const FAULTS: FaultKind[] = [
  { name: '401', spec: { status: 401 }, kinds: ['unauthorized'] },
  { name: '403', spec: { status: 403 }, kinds: ['forbidden'] },
  { name: '404 module disabled', spec: { disable: true }, kinds: ['unavailable'] },
  { name: '409', spec: { status: 409 }, kinds: ['conflict'] },
  { name: '429 Retry-After', spec: { status: 429 }, kinds: ['rate-limited'] },
  { name: '500', spec: { status: 500 }, kinds: ['server'] },
  { name: 'HTML 502 page', spec: { status: 502, htmlErrorPage: true }, kinds: ['malformed'] },
  { name: 'truncated body', spec: { truncateBody: true }, kinds: ['malformed'] },
  { name: '30 s stall', spec: { stallMs: 120_000 }, kinds: ['timeout'] },
];

/**
 * Surfaces that answer a fault with a status rather than an error message, on purpose:
 * `GET …/pull-requests/{id}/merge` answers 409 when the PR is not open (rest-contracts.md), and the
 * merge panel shows that state ("not open") instead of an error.
 */
const EXPLAINED_OTHERWISE = [{ fault: '409', surface: 'summary-merge' }];

let env: BrowserEnv;
let headCommit = '';
let viewerUrl = '';
/** Paths (no query, no context path) our code GETs on the PR page (incl. modals) and in the viewer. */
let prRoutes: string[] = [];
let viewerRoutes: string[] = [];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const moduleOf = (path: string) => /^\/rest\/([^/]+)\//.exec(path)?.[1] ?? 'api';

async function adminRest(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${env.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${env.emulator.adminToken}`, Accept: 'application/json', 'X-Atlassian-Token': 'no-check', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → HTTP ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

async function injectFaults(kind: FaultKind, routes: string[], method?: string): Promise<void> {
  const { disable, ...spec } = kind.spec;
  for (const route of routes) {
    const pathPattern = route.startsWith('^') ? route : `^${escapeRegExp(route)}$`;
    await adminRest('POST', '/rest/emulator/1.0/faults', { ...spec, pathPattern, ...(method ? { method } : {}), ...(disable ? { disableModule: moduleOf(route.replace(/^\^/, '').replace(/\\\//g, '/')) } : {}) });
  }
}

const clearFaults = () => adminRest('DELETE', '/rest/emulator/1.0/faults');

async function trackedPage(clock: boolean): Promise<TrackedPage> {
  const tracked = await env.newPage('alice');
  await tracked.context.addInitScript(installFetchRecorder, PLUGIN_KEY);
  // The seeded reports' logos live on a CI host that does not exist here.
  await tracked.context.route('https://ci.example.com/**', (route) => route.fulfill({ status: 404, body: '' }));
  if (clock) await tracked.page.clock.install();
  return tracked;
}

/** A fault test expects failed loads in the console; everything else thrown or logged is a defect. */
const unexpectedErrors = (tracked: TrackedPage) => [...tracked.pageErrors, ...tracked.consoleErrors.filter((e) => !/Failed to load resource/.test(e))];

async function pluginPaths(page: Page): Promise<string[]> {
  const requests = await page.evaluate(() => (window as unknown as { __ycBench?: { requests: PageRequestRecord[] } }).__ycBench?.requests ?? []);
  return requests.filter((r) => r.method === 'GET').map((r) => r.url.split('?')[0].replace(/^\/bitbucket/, ''));
}

async function summaryKeys(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="pr-summary-extensions"] [data-extension-key]', (nodes, key) => nodes.map((n) => n.getAttribute('data-extension-key') ?? '').filter((k) => k.startsWith(key)), PLUGIN_KEY);
}

/** Every summary item of ours is present and shows a final label (not its loading text). */
async function waitForSummaries(page: Page, stalled: boolean): Promise<string[]> {
  if (stalled) await advancePastTimeout(page);
  await page.waitForFunction(
    ({ key, loading }) => {
      const point = document.querySelector('[data-testid="pr-summary-extensions"]');
      if (!point || point.getAttribute('aria-busy') === 'true') return false;
      const items = Array.from(point.querySelectorAll('[data-extension-key]')).filter((i) => (i.getAttribute('data-extension-key') ?? '').startsWith(key));
      return items.length > 0 && items.every((i) => i.getAttribute('aria-busy') !== 'true' && !loading.includes((i.textContent ?? '').trim()));
    },
    { key: PLUGIN_KEY, loading: LOADING_LABELS },
    { timeout: SETTLE_MS },
  );
  return summaryKeys(page);
}

/** Lets the stalled requests start, then moves the page's clock past the client timeout. */
async function advancePastTimeout(page: Page): Promise<void> {
  await page.waitForTimeout(1500);
  await page.clock.fastForward(PAST_TIMEOUT_MS);
}

async function openSurface(page: Page, key: string, stalled: boolean): Promise<void> {
  await page.click(`[data-testid="pr-summary-extensions"] [data-extension-key="${key}"]`);
  await page.waitForSelector('[data-testid="modal-content"]', { timeout: 15_000 });
  if (stalled) await advancePastTimeout(page);
  await page.waitForFunction(
    () => {
      const content = document.querySelector('[data-testid="modal-content"]');
      return !!content && content.childElementCount > 0 && !content.querySelector('[aria-busy="true"], .yc-loading');
    },
    undefined,
    { timeout: SETTLE_MS },
  );
}

async function closeModal(page: Page): Promise<void> {
  await page.click('[data-testid="modal-close"]');
  await page.waitForSelector('[data-testid="modal-content"]', { state: 'detached', timeout: 10_000 });
}

const errorKindsIn = (page: Page, scope: string) => page.$$eval(`${scope} [data-error-kind]`, (nodes) => nodes.map((n) => n.getAttribute('data-error-kind') ?? ''));

beforeAll(async () => {
  env = await startBrowserEnv();
  const pr = (await adminRest('GET', `/rest/api/latest/projects/${PR1.projectKey}/repos/${PR1.repoSlug}/pull-requests/${PR1.id}`)) as { fromRef: { latestCommit: string } };
  headCommit = pr.fromRef.latestCommit;
  viewerUrl = `${env.baseUrl}/dashboard${VIEWER_ROUTE}?repo=${PR1.projectKey}/${PR1.repoSlug}&commit=${headCommit}`;

  // Discovery: a clean PR page load with every summary modal opened, and a clean viewer load.
  const pr1 = await trackedPage(false);
  await env.gotoPr(pr1.page, PR1);
  for (const key of await waitForSummaries(pr1.page, false)) {
    await openSurface(pr1.page, key, false);
    await closeModal(pr1.page);
  }
  prRoutes = [...new Set(await pluginPaths(pr1.page))];
  await pr1.close();
  const viewer = await trackedPage(false);
  await viewer.page.goto(viewerUrl, { waitUntil: 'load' });
  await viewer.page.waitForSelector('[data-testid="annotation-count"]', { timeout: 30_000 });
  viewerRoutes = [...new Set(await pluginPaths(viewer.page))];
  await viewer.close();
});

afterAll(async () => {
  await env?.close();
});

describe('fault matrix', () => {
  it('discovered the routes our surfaces use (guards against a vacuous pass)', () => {
    for (const module of ['api', 'insights']) expect(prRoutes.some((r) => moduleOf(r) === module)).toBe(true);
    expect(viewerRoutes.some((r) => moduleOf(r) === 'insights')).toBe(true);
  });

  it.each(FAULTS)('PR page under "$name": every label settles, every modal explains, tabs work, a failed like is rolled back', async (kind) => {
    const stalled = kind.spec.stallMs !== undefined;
    await clearFaults();
    await injectFaults(kind, prRoutes);
    const tracked = await trackedPage(stalled);
    const { page } = tracked;
    try {
      await env.gotoPr(page, PR1);
      const keys = await waitForSummaries(page, stalled);
      expect(keys.length).toBeGreaterThanOrEqual(4);
      const shown: Record<string, string[]> = {};
      for (const key of keys) {
        await openSurface(page, key, stalled);
        shown[key] = await errorKindsIn(page, '[data-testid="modal-content"]');
        await closeModal(page);
      }
      // Every surface explains, with the right kind (a surface may also show several messages).
      for (const key of keys) {
        if (EXPLAINED_OTHERWISE.some((e) => e.fault === kind.name && key.includes(e.surface))) continue;
        expect({ key, explained: shown[key].length > 0 }).toEqual({ key, explained: true });
        expect({ key, kinds: [...new Set(shown[key])].filter((k) => !kind.kinds.includes(k)) }).toEqual({ key, kinds: [] });
      }

      // The page stays usable: the host's own tabs still switch.
      await page.click('[data-testid="tab-DIFF"]');
      await page.waitForFunction(() => document.querySelector('[data-testid="tab-DIFF"]')?.getAttribute('aria-selected') === 'true');
      await page.click('[data-testid="tab-OVERVIEW"]');
      await page.waitForSelector('[data-testid="pr-summary-extensions"]');
      // Back on the overview the summaries ask again, into the still-active faults; let them settle first
      // (stalled ones would otherwise hold the browser's 6 connections to the host).
      await waitForSummaries(page, stalled);

      // Writes: reads healthy again, the like's PUT faulted. Optimistic +1, then rollback and a message; sent once.
      await clearFaults();
      await injectFaults(kind, [REACTION_WRITES], 'PUT');
      await env.clearRequestLog();
      const comments = keys.find((k) => k.includes('summary-comments'));
      expect(comments).toBeDefined();
      await openSurface(page, comments as string, false);
      const row = page.locator('[data-testid="modal-content"] li.yc-comment').filter({ has: page.locator('[data-testid="yc-comment-like"][aria-pressed="false"]') }).first();
      const like = row.locator('[data-testid="yc-comment-like"]');
      await like.waitFor({ timeout: 15_000 });
      const totalBefore = await row.getAttribute('data-total');
      const commentId = await row.getAttribute('data-comment-id');
      await like.click();
      if (stalled) await advancePastTimeout(page);
      await page.waitForSelector('[data-testid="modal-content"] [data-error-kind]', { timeout: SETTLE_MS });
      const rolledBack = page.locator(`[data-testid="modal-content"] li.yc-comment[data-comment-id="${commentId}"]`);
      expect(await rolledBack.getAttribute('data-total')).toBe(totalBefore);
      expect(await rolledBack.locator('[data-testid="yc-comment-like"]').getAttribute('aria-pressed')).toBe('false');
      expect([...new Set(await errorKindsIn(page, '[data-testid="modal-content"]'))]).toEqual(kind.kinds);
      const writes = (await env.requestLog()).filter((r) => r.method === 'PUT' && /\/reactions\//.test(r.url));
      expect(writes).toHaveLength(1);
      await closeModal(page);

      expect(unexpectedErrors(tracked)).toEqual([]);
    } finally {
      await clearFaults();
      await tracked.close();
    }
  });

  it.each(FAULTS)('viewer under "$name": explains with the right kind and stays usable', async (kind) => {
    const stalled = kind.spec.stallMs !== undefined;
    await clearFaults();
    await injectFaults(kind, viewerRoutes);
    const tracked = await trackedPage(stalled);
    const { page } = tracked;
    try {
      await page.goto(viewerUrl, { waitUntil: 'load' });
      if (stalled) await advancePastTimeout(page);
      await page.waitForSelector('.yc-viewer [data-error-kind]', { timeout: SETTLE_MS });
      expect([...new Set(await errorKindsIn(page, '.yc-viewer'))].filter((k) => !kind.kinds.includes(k))).toEqual([]);
      // Still a page: the host navigation answers and the viewer can be left.
      await page.goto(`${env.baseUrl}/dashboard`, { waitUntil: 'load' });
      await page.waitForSelector('body');
      expect(unexpectedErrors(tracked)).toEqual([]);
    } finally {
      await clearFaults();
      await tracked.close();
    }
  });
});
