/**
 * `npm run bench`: what the plugin costs a Bitbucket page, measured against the emulator in headless
 * Chromium. Prints one table and writes bench/results/<timestamp>.json. Not part of `npm test`.
 *
 *   npm run bench -- [--runs N] [--baseline bench/results/<file>.json] [--latency MS] [--navigations N] [--no-overview] [--only-overview] [--only-overview-large]
 *                    [--no-viewer] [--plugin-dir <another checkout>/target/classes]
 *
 * Every figure is the median of N runs (default 5), each run in a fresh browser context (cold HTTP
 * cache, new session). Only 127.0.0.1; every loop is bounded; the emulator and browser are closed
 * on exit, also on failure.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, resolve } from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startEmulator } from '../emulator/index';
import { PLUGIN_KEY, VIEWER_ROUTE } from '../plugin-descriptor/modules';
import { seedLargeInsights } from '../emulator/seed';
import { seedLargePullRequest } from '../emulator/seed/large-pull-request';
import { BuiltPlugin } from './lib/sizes';
import { installFetchRecorder, summaryLoadingLabels, type PageRequestRecord } from './lib/page-probes';
import { MetricSet, formatTable, parseBaseline, type BenchResult } from './lib/report';
import { criticalPathDepth, duplicateCount } from './lib/stats';
import { measureViewer as measureViewerPage } from './lib/viewer-metrics';
import { LARGE_REPOSITORIES, measureLargeOverview, measureOverview, OVERVIEW_GOALS } from './lib/overview-metrics';
import { PR_GOALS, VIEWER_GOALS, addPullRequestGoalMetrics, bytesOf, measureDiffBytes, measureModalBytes } from './lib/pr-goals';
import { finishAllReports, idleRequests, publishPendingReport } from './lib/pr-idle';

const ROOT = join(__dirname, '..');
const RESULTS_DIR = join(__dirname, 'results');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CONTEXT = '/bitbucket';
/** Seeded demo data (emulator/seed/README.md): ACME/web-app PR 1 is the insights showcase. */
const DEMO = { projectKey: 'ACME', repositorySlug: 'web-app', pullRequestId: 1, user: 'alice' };
/** Upper bound on any single wait, so a broken page fails the run instead of hanging it. */
const WAIT_MS = 60_000;

interface Options {
  runs: number;
  latencyMs: number;
  navigations: number;
  baseline?: string;
  /** The cross-repository overview on 2,000 repositories (bench/lib/overview-metrics.ts), once per bench. */
  overview: boolean;
  /** Only the overview (2,000 and 50,000 repositories): skips the PR page, viewer, memory and idle figures. */
  onlyOverview: boolean;
  /** Only the 50,000-repository overview figures. */
  onlyOverviewLarge: boolean;
  /** The viewer figures (bench/lib/viewer-metrics.ts), each run; `--no-viewer` for a build that predates the viewer's marks. */
  viewer: boolean;
  /**
   * The built plugin to measure (default: this checkout's target/classes, built by `npm run bench`). Another
   * checkout's build measures older code with this bench's definitions, in the same session (a fair baseline).
   */
  pluginDir: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 5, latencyMs: 100, navigations: 50, overview: true, onlyOverview: false, onlyOverviewLarge: false, viewer: true, pluginDir: join(ROOT, 'target/classes') };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    const int = (min: number, max: number) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} needs an integer in ${min}..${max}, got ${value}`);
      i++;
      return n;
    };
    if (name === '--runs') options.runs = int(1, 50);
    else if (name === '--latency') options.latencyMs = int(0, 5000);
    else if (name === '--navigations') options.navigations = int(1, 500);
    else if (name === '--no-overview') options.overview = false;
    else if (name === '--only-overview') options.onlyOverview = true;
    else if (name === '--only-overview-large') options.onlyOverview = options.onlyOverviewLarge = true;
    else if (name === '--no-viewer') options.viewer = false;
    else if (name === '--plugin-dir') {
      if (!value) throw new Error('--plugin-dir needs a folder (a target/classes)');
      options.pluginDir = resolve(value);
      i++;
    } else if (name === '--baseline') {
      if (!value) throw new Error('--baseline needs a file');
      options.baseline = value;
      i++;
    } else throw new Error(`Unknown option ${name}`);
  }
  return options;
}

// ----------------------------------------------------------------------------------------- pages

/** Fresh context, signed in through the login form the way a user is. */
async function signedInContext(browser: Browser, baseUrl: string, user: string, plugin: BuiltPlugin): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  const login = await context.request.post(`${CONTEXT}/login`, { form: { j_username: user, j_password: user }, maxRedirects: 0 });
  if (login.status() >= 400) throw new Error(`login as ${user} failed: HTTP ${login.status()}`);
  // tsx (esbuild keepNames) wraps named functions in `__name(...)`; functions sent to the page need it defined.
  await context.addInitScript({ content: 'window.__name = window.__name || function (f) { return f; };' });
  await context.addInitScript(installFetchRecorder, plugin.pluginKey);
  return context;
}

/** Plugin web-resources a page downloaded (script and stylesheet responses from WRM download URLs). */
function trackDownloads(page: Page, plugin: BuiltPlugin): Set<string> {
  const loaded = new Set<string>();
  page.on('response', (response) => {
    if (response.status() >= 400) return;
    for (const key of plugin.resourcesInUrl(response.url())) loaded.add(key);
  });
  return loaded;
}

function loadingLabels(): string[] {
  return summaryLoadingLabels(readFileSync(join(ROOT, 'frontend/i18n/yourcompany-insights.properties'), 'utf8'));
}

/** How many summary extensions the plugin declares (CSE doc comments in frontend/extensions). */
function summaryExtensionCount(): number {
  const dir = join(ROOT, 'frontend/extensions');
  return readdirSync(dir).filter((file) => /@extension-point\s+bitbucket\.ui\.pullrequest\.overview\.summary\b/.test(readFileSync(join(dir, file), 'utf8'))).length;
}

/**
 * Waits until the PR summary extension point (the emulator renders it like Bitbucket: one item per
 * extension with `data-extension-key`, the point `aria-busy` while the registry loads) shows every one
 * of our `expected` summary items with a final label: not busy, not one of our loading texts.
 * Records the first such frame in `__ycBench.readyAt` (ms since navigation start).
 */
async function waitForPanelsReady(page: Page, expected: number, loading: string[]): Promise<number> {
  await page.waitForFunction(
    ({ expected: count, loadingTexts, pluginKey }) => {
      const point = document.querySelector('[data-testid="pr-summary-extensions"]');
      if (!point || point.getAttribute('aria-busy') === 'true') return false;
      const items = Array.from(point.querySelectorAll<HTMLElement>('[data-extension-key]')).filter((item) => (item.getAttribute('data-extension-key') ?? '').startsWith(pluginKey));
      const ready =
        items.length >= count &&
        items.every((item) => item.getAttribute('aria-busy') !== 'true' && !loadingTexts.includes((item.textContent ?? '').trim()));
      if (ready && window.__ycBench && window.__ycBench.readyAt === undefined) window.__ycBench.readyAt = performance.now();
      return ready;
    },
    { expected, loadingTexts: loading, pluginKey: PLUGIN_KEY },
    { polling: 'raf', timeout: WAIT_MS },
  );
  return page.evaluate(() => window.__ycBench?.readyAt ?? Number.NaN);
}

async function pluginRequests(page: Page): Promise<PageRequestRecord[]> {
  return page.evaluate(() => window.__ycBench?.requests ?? []);
}

function sizeMetrics(metrics: MetricSet, plugin: BuiltPlugin, loaded: Set<string>, prefix: string, label: string): Record<string, number> {
  const perResource: Record<string, number> = {};
  let js = 0;
  let css = 0;
  for (const key of [...loaded].sort()) {
    const size = plugin.size(key);
    perResource[key] = size.jsGzip + size.cssGzip;
    js += size.jsGzip;
    css += size.cssGzip;
    metrics.add(`${prefix}.bytes.${key.split(':')[1]}`, `${label}: ${key.split(':')[1]} (gzip)`, 'B', 'lower-is-better', size.jsGzip + size.cssGzip);
  }
  metrics.add(`${prefix}.bytes.js`, `${label}: JS total (gzip)`, 'B', 'lower-is-better', js);
  metrics.add(`${prefix}.bytes.css`, `${label}: CSS total (gzip)`, 'B', 'lower-is-better', css);
  return perResource;
}

// ----------------------------------------------------------------------------------------- scenarios

interface Env {
  browser: Browser;
  baseUrl: string;
  plugin: BuiltPlugin;
  options: Options;
  metrics: MetricSet;
  details: Record<string, unknown>;
  loading: string[];
  summaryExtensions: number;
  prUrl: string;
  viewerUrl: string;
}

async function measurePullRequestPage(env: Env, run: number): Promise<void> {
  const { metrics, options } = env;
  const context = await signedInContext(env.browser, env.baseUrl, DEMO.user, env.plugin);
  try {
    const page = await context.newPage();
    const loaded = trackDownloads(page, env.plugin);
    await page.goto(env.prUrl, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
    const surfaces = env.summaryExtensions;
    const readyAt = await waitForPanelsReady(page, surfaces, env.loading);
    const requests = await pluginRequests(page);
    const depth = criticalPathDepth(requests);
    metrics.add('pr.requests.total', 'PR page: plugin REST requests', 'count', 'lower-is-better', requests.length);
    metrics.add('pr.requests.duplicates', 'PR page: duplicate requests (method+URL)', 'count', 'lower-is-better', duplicateCount(requests));
    metrics.add('pr.requests.depth', 'PR page: critical-path depth (round trips)', 'count', 'lower-is-better', depth);
    metrics.add('pr.ready.ms', `PR page: navigation → all panels final (${options.latencyMs} ms/request)`, 'ms', 'lower-is-better', readyAt);
    const firstRequest = Math.min(...requests.map((r) => r.start));
    metrics.add('pr.ready.pluginShare.ms', 'PR page: first plugin request → all panels final', 'ms', 'lower-is-better', requests.length ? readyAt - firstRequest : Number.NaN);
    metrics.add('pr.ready.ratio', 'PR page: ready time ÷ (depth × latency)', 'ratio', 'lower-is-better', depth && options.latencyMs ? readyAt / (depth * options.latencyMs) : Number.NaN);
    const diffBytes = await measureDiffBytes(page, requests);
    metrics.add('pr.diff.bytes', 'PR page: the PR diff as served (contextLines=0, no comments)', 'B', 'lower-is-better', diffBytes.raw);
    metrics.add('pr.diff.gzip', 'PR page: the PR diff gzipped', 'B', 'lower-is-better', diffBytes.gzip);
    const perResource = sizeMetrics(metrics, env.plugin, loaded, 'pr', 'PR page');
    const initialBytes = bytesOf(env.plugin, loaded);
    const modalBytes = await measureModalBytes(page, env.plugin, loaded, PLUGIN_KEY, WAIT_MS);
    addPullRequestGoalMetrics(metrics, { initialBytes, modalBytes, pluginShareMs: requests.length ? readyAt - firstRequest : Number.NaN, depth, latencyMs: options.latencyMs });
    if (run === 0) env.details.modalBytes = modalBytes;
    if (run === 0) env.details.pullRequestPage = { url: env.prUrl, surfaces, webResources: perResource, requests: requests.map(({ method, url, start, end, status }) => ({ method, url, status, start: Math.round(start), end: Math.round(end) })) };
  } finally {
    await context.close();
  }
}

/** The --large seed's pull request (300 files, 20,000 lines): its labels must settle within 2 s of the first plugin request, with a truncated diff. */
async function measureLargePullRequest(env: Env, url: string): Promise<void> {
  const { metrics } = env;
  const context = await signedInContext(env.browser, env.baseUrl, DEMO.user, env.plugin);
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
    const readyAt = await waitForPanelsReady(page, env.summaryExtensions, env.loading);
    const requests = await pluginRequests(page);
    metrics.add('pr.large.settle.ms', 'Large PR (300 files, 20,000 lines): first plugin request → all labels final', 'ms', 'lower-is-better', readyAt - Math.min(...requests.map((r) => r.start)));
    metrics.add('pr.large.requests.total', 'Large PR: plugin REST requests', 'count', 'lower-is-better', requests.length);
    const diffBytes = await measureDiffBytes(page, requests);
    metrics.add('pr.large.diff.bytes', 'Large PR: the PR diff as served (cut at 10,000 lines)', 'B', 'lower-is-better', diffBytes.raw);
    metrics.add('pr.large.diff.gzip', 'Large PR: the PR diff gzipped', 'B', 'lower-is-better', diffBytes.gzip);
  } finally {
    await context.close();
  }
}

async function measureViewer(env: Env, run: number): Promise<void> {
  await measureViewerPage(
    {
      metrics: env.metrics,
      details: env.details,
      viewerUrl: env.viewerUrl,
      restBase: env.details.viewerRestBase as string,
      waitMs: WAIT_MS,
      openPage: async () => {
        const context = await signedInContext(env.browser, env.baseUrl, DEMO.user, env.plugin);
        const page = await context.newPage();
        return { page, loaded: trackDownloads(page, env.plugin), close: () => context.close() };
      },
      recordSizes: (loaded) => sizeMetrics(env.metrics, env.plugin, loaded, 'viewer', 'Viewer page'),
    },
    run,
  );
}

/** Enough prev/next steps (2 forward, 1 back) to visit every seeded pull request once. */
const WARM_UP_NAVIGATIONS = 30;

/** JS heap after `navigations` client-side prev/next moves between pull requests, after forced GCs. */
async function measureMemory(env: Env): Promise<void> {
  const context = await signedInContext(env.browser, env.baseUrl, DEMO.user, env.plugin);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(env.prUrl, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
    await waitForPanelsReady(page, env.summaryExtensions, env.loading);
    const heap = async () => {
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const navigate = async (i: number) => {
      // Mostly forward through the (cyclic) PR list, with some steps back, so every PR is mounted and unmounted.
      const direction = i % 3 === 2 ? 'prev' : 'next';
      const from = page.url();
      // The emulator's PR page navigates client-side (history.pushState), like Bitbucket's React PR page.
      await page.locator(`[data-testid="pr-nav-${direction}"]`).click({ timeout: WAIT_MS });
      await page.waitForFunction((previous) => location.href !== previous, from, { timeout: WAIT_MS });
      await waitForPanelsReady(page, env.summaryExtensions, env.loading);
    };
    // Warm up with one pass over every PR first: the first visit compiles code and fills the bounded
    // caches (REST answers for a few seconds, the label/modal shared load per PR), which is not growth.
    for (let i = 0; i < WARM_UP_NAVIGATIONS; i++) await navigate(i);
    const before = await heap();
    const documentsBefore = await page.evaluate(() => performance.timeOrigin);
    for (let i = 0; i < env.options.navigations; i++) await navigate(i);
    // A full reload would reset the heap and fake a perfect figure: the navigations must stay client-side.
    if ((await page.evaluate(() => performance.timeOrigin)) !== documentsBefore) throw new Error('PR navigation reloaded the document');
    const after = await heap();
    env.metrics.add('memory.heapGrowth', `Memory: JS heap growth after ${env.options.navigations} PR navigations`, 'B', 'lower-is-better', after - before);
  } finally {
    await context.close();
  }
}

/** A PR page left open for 10 minutes: all reports final, then one report pending (runs once, after the other runs: it changes data). */
async function measureIdle(env: Env): Promise<void> {
  const scenarios = [
    { id: 'pr.idle10min.requests', label: 'PR page left open 10 min, all reports final: plugin requests', prepare: finishAllReports },
    { id: 'pr.idle10min.pending.requests', label: 'PR page left open 10 min, one report pending: plugin requests', prepare: publishPendingReport },
  ];
  for (const scenario of scenarios) {
    const context = await signedInContext(env.browser, env.baseUrl, DEMO.user, env.plugin);
    try {
      await scenario.prepare(context.request, CONTEXT, DEMO);
      const page = await context.newPage();
      await page.clock.install();
      await page.goto(env.prUrl, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
      await waitForPanelsReady(page, env.summaryExtensions, env.loading);
      const count = await idleRequests(page, async () => (await pluginRequests(page)).length);
      env.metrics.add(scenario.id, scenario.label, 'count', 'lower-is-better', count);
    } finally {
      await context.close();
    }
  }
}

// ----------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const baseline = options.baseline ? parseBaseline(readFileSync(options.baseline, 'utf8'), options.baseline) : undefined;
  const plugin = new BuiltPlugin(options.pluginDir);
  const dataDir = mkdtempSync(join(tmpdir(), 'yc-bench-'));
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', latencyMs: options.latencyMs, faults: true, reset: true, dataDir, quiet: true, pluginDir: options.pluginDir });
  let browser: Browser | undefined;
  try {
    const baseUrl = emulator.url.replace(/\/bitbucket\/?$/, '');
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(baseUrl)) throw new Error(`The emulator is not on 127.0.0.1: ${emulator.url}`);
    const commit = seedLargeInsights(emulator.store, { repo: DEMO, reports: 10, annotationsPerReport: 1000 });
    const repoPath = `projects/${DEMO.projectKey}/repos/${DEMO.repositorySlug}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const env: Env = {
      browser,
      baseUrl,
      plugin,
      options,
      metrics: new MetricSet(),
      details: { viewerRestBase: `${CONTEXT}/rest/insights/latest/${repoPath}/commits/${commit}` },
      loading: loadingLabels(),
      summaryExtensions: summaryExtensionCount(),
      prUrl: `${baseUrl}${CONTEXT}/${repoPath}/pull-requests/${DEMO.pullRequestId}/overview`,
      viewerUrl: `${baseUrl}${CONTEXT}/dashboard${VIEWER_ROUTE}?repo=${DEMO.projectKey}/${DEMO.repositorySlug}&commit=${commit}`,
    };
    for (let run = 0; run < (options.onlyOverview ? 0 : options.runs); run++) {
      process.stderr.write(`run ${run + 1}/${options.runs}…\n`);
      await measurePullRequestPage(env, run);
      if (options.viewer) await measureViewer(env, run);
      await measureMemory(env);
    }
    if (!options.onlyOverview) {
      // Seeded after the runs: the memory pass visits every pull request, and this one is not part of that figure.
      const largePr = seedLargePullRequest(emulator.store);
      for (let run = 0; run < options.runs; run++) await measureLargePullRequest(env, `${baseUrl}${CONTEXT}/${repoPath}/pull-requests/${largePr.id}/overview`);
    }
    if (!options.onlyOverview) await measureIdle(env);
    if (options.overview || options.onlyOverview) {
      const newContext = (user: string, url?: string) => signedInContext(browser!, url ?? baseUrl, user, plugin);
      if (!options.onlyOverviewLarge) {
        process.stderr.write('overview (2,000 repositories)…\n');
        env.details.overview = await measureOverview({ baseUrl, store: emulator.store, metrics: env.metrics, latencyMs: options.latencyMs, waitMs: WAIT_MS, newContext });
      }
      process.stderr.write(`overview (${LARGE_REPOSITORIES} repositories)…\n`);
      const largeDir = mkdtempSync(join(tmpdir(), 'yc-bench-large-'));
      const large = await startEmulator({ port: 0, host: '127.0.0.1', latencyMs: options.latencyMs, reset: true, dataDir: largeDir, quiet: true, pluginDir: options.pluginDir, large: LARGE_REPOSITORIES });
      try {
        const largeUrl = large.url.replace(/\/bitbucket\/?$/, '');
        env.details.overviewLarge = await measureLargeOverview({ baseUrl: largeUrl, metrics: env.metrics, latencyMs: options.latencyMs, waitMs: WAIT_MS, newContext });
      } catch (error) {
        // The 2,000-repository figures are still worth writing; the table shows the large ones missing.
        env.details.overviewLargeError = error instanceof Error ? error.message : String(error);
      } finally {
        await large.close();
        rmSync(largeDir, { recursive: true, force: true });
      }
    }
    const result: BenchResult = {
      schema: 1,
      startedAt: new Date().toISOString(),
      runs: options.runs,
      latencyMs: options.latencyMs,
      environment: { node: process.version, chromium: browser.version(), platform: `${process.platform}-${process.arch}` },
      metrics: env.metrics.list(),
      details: env.details,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${result.startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${formatTable(result, baseline, { ...PR_GOALS, ...VIEWER_GOALS, ...OVERVIEW_GOALS })}\n\nwritten: ${relative(ROOT, file)}\n`);
  } finally {
    await browser?.close();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
