/**
 * Browser-test support: one emulator (random port, faults on, fresh temp data dir) and one headless
 * Chromium per suite. Pages carry Basic auth, collect console errors and page errors (tests assert
 * they stay empty), and can run axe-core. `requestLog()` reads the emulator's request log.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../../emulator';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deployPlugin } = require('../../../plugin-descriptor/deploy') as typeof import('../../../plugin-descriptor/deploy');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packageJar, JAR_FILE } = require('../../../plugin-descriptor/package-jar') as { packageJar(classesDir?: string, jar?: string): Promise<string>; JAR_FILE: string };

const BUILT_CLASSES = join(__dirname, '../../../target/classes');

/**
 * The JAR the suite installs: a planted plugin folder packaged on the fly, else `npm run package`'s JAR
 * when it is at least as new as the build, else the build packaged on the fly.
 */
async function pluginJarFor(pluginDir: string | undefined, scratch: string): Promise<string> {
  if (pluginDir) return packageJar(pluginDir, join(scratch, 'planted-plugin.jar'));
  const descriptor = join(BUILT_CLASSES, 'atlassian-plugin.xml');
  if (existsSync(JAR_FILE) && (!existsSync(descriptor) || statSync(JAR_FILE).mtimeMs >= statSync(descriptor).mtimeMs)) return JAR_FILE;
  return packageJar(BUILT_CLASSES, join(scratch, 'built-plugin.jar'));
}

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface LoggedRequest {
  id?: string;
  method: string;
  url: string;
  status: number;
  start: number;
  end: number;
  durationMs?: number;
  user: string | null;
}

export interface TrackedPage {
  page: Page;
  context: BrowserContext;
  /** `console.error` messages, including the browser's own "Failed to load resource" errors. */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections. */
  pageErrors: string[];
  /** Both of the above; tests assert `[]`. */
  errors(): string[];
  close(): Promise<void>;
}

export interface PullRequestRef {
  projectKey: string;
  repoSlug: string;
  id: number;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

export interface BrowserEnv {
  emulator: RunningEmulator;
  browser: Browser;
  /** e.g. http://127.0.0.1:PORT/bitbucket */
  baseUrl: string;
  newPage(user?: string, options?: { password?: string }): Promise<TrackedPage>;
  requestLog(): Promise<LoggedRequest[]>;
  clearRequestLog(): Promise<void>;
  runAxe(page: Page, selector?: string): Promise<AxeViolation[]>;
  prUrl(ref: PullRequestRef, tab?: 'overview' | 'diff' | 'commits'): string;
  gotoPr(page: Page, ref: PullRequestRef, tab?: 'overview' | 'diff' | 'commits'): Promise<void>;
  close(): Promise<void>;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let axeSource: string | null = null;

/**
 * The plugin is installed through UPM's REST API, as `npm start` and `npm run deploy` do: the built JAR,
 * `pluginDir` (a planted copy of target/classes) packaged into one, or `pluginJar` as it is.
 */
export async function startBrowserEnv(options: { latencyMs?: number; pluginDir?: string; pluginJar?: string } = {}): Promise<BrowserEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bitbucket-emulator-'));
  const emulator = await startEmulator({ port: 0, faults: true, reset: true, quiet: true, dataDir, latencyMs: options.latencyMs });
  let browser: Browser;
  try {
    await deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar: options.pluginJar ?? (await pluginJarFor(options.pluginDir, dataDir)), signature: null });
    // Suites count the plugin's own requests: start them with an empty log, without the install's.
    const cleared = await fetch(`${emulator.url}/rest/emulator/1.0/requests`, { method: 'DELETE', headers: { Authorization: basic('admin', 'admin') } });
    if (!cleared.ok) throw new Error(`clear request log: HTTP ${cleared.status}`);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (error) {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const baseUrl = emulator.url;
  const pages = new Set<TrackedPage>();
  const admin = { Authorization: basic('admin', 'admin') };

  const env: BrowserEnv = {
    emulator,
    browser,
    baseUrl,

    async newPage(user = 'admin', pageOptions = {}) {
      const context = await browser.newContext({ extraHTTPHeaders: { Authorization: basic(user, pageOptions.password ?? user) }, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      const pageErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') {
          const location = message.location();
          consoleErrors.push(`${message.text()}${location.url ? ` (${location.url}:${location.lineNumber})` : ''}`);
        }
      });
      page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
      const tracked: TrackedPage = {
        page,
        context,
        consoleErrors,
        pageErrors,
        errors: () => [...pageErrors, ...consoleErrors],
        close: async () => {
          pages.delete(tracked);
          await context.close();
        },
      };
      pages.add(tracked);
      return tracked;
    },

    async requestLog() {
      const response = await fetch(`${baseUrl}/rest/emulator/1.0/requests`, { headers: { ...admin, Accept: 'application/json' } });
      if (!response.ok) throw new Error(`request log: HTTP ${response.status}`);
      const body = (await response.json()) as { requests: LoggedRequest[] };
      return body.requests;
    },

    async clearRequestLog() {
      const response = await fetch(`${baseUrl}/rest/emulator/1.0/requests`, { method: 'DELETE', headers: admin });
      if (!response.ok) throw new Error(`clear request log: HTTP ${response.status}`);
    },

    async runAxe(page, selector) {
      axeSource = axeSource ?? readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
      // evaluate() is not subject to the page's CSP (an injected <script> would be).
      await page.evaluate(axeSource);
      return page.evaluate(async (context) => {
        const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
        const result = await axe.run(context ? { include: [[context]] } : document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
      }, selector ?? null);
    },

    prUrl(ref, tab = 'overview') {
      return `${baseUrl}/projects/${encodeURIComponent(ref.projectKey)}/repos/${encodeURIComponent(ref.repoSlug)}/pull-requests/${ref.id}/${tab}`;
    },

    async gotoPr(page, ref, tab = 'overview') {
      const response = await page.goto(env.prUrl(ref, tab), { waitUntil: 'load' });
      if (!response || response.status() !== 200) throw new Error(`PR page ${env.prUrl(ref, tab)} answered HTTP ${response?.status()}`);
      // The host renders the PR client-side; wait until the header and the tab content exist.
      await page.waitForSelector('[data-testid="pr-title"]', { state: 'attached' });
      await page.waitForFunction(() => document.querySelector('.pull-request-tab-panel')?.childElementCount !== 0);
    },

    async close() {
      for (const tracked of [...pages]) await tracked.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return env;
}

// ------------------------------------------------------------------ our PR surfaces, shared by the suites

/** A pull request of the seeded `ACME/web-app` repository (emulator/seed/README.md). */
export const webApp = (id: number): PullRequestRef => ({ projectKey: 'ACME', repoSlug: 'web-app', id });

/** The content element of the open CSE modal. */
export const MODAL_CONTENT = '[data-testid="modal-content"]';

/** Our summary item for one area (`frontend/extensions/summary-<area>.ts`). */
export const summaryItem = (area: string): string => `[data-testid="pr-summary-extensions"] [data-extension-key*="summary-${area}"]`;

/** Waits until the area's summary label shows its final status (no "…" any more) and returns it. */
export async function summaryLabel(page: Page, area: string): Promise<string> {
  const selector = summaryItem(area);
  await page.waitForFunction((s) => {
    const text = document.querySelector(s)?.textContent ?? '';
    return text !== '' && !text.includes('\u2026');
  }, selector);
  return (await page.locator(selector).textContent()) ?? '';
}
