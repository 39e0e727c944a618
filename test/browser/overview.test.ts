/**
 * The cross-repository overview in Chromium against the emulator with the many-repositories seed
 * (emulator/seed/overview.ts, 300 repositories here, 20 ms per REST request): the header entry lands on it, a
 * deep link survives a reload, progress counts up, closing cancels the work, CSV export, a read-only user sees
 * only what they can read, hostile repository and report names stay text, and it is axe-clean.
 */
import { readFileSync } from 'fs';
import type { Page } from 'playwright-core';
import { seedOverview, OVERVIEW_HIDDEN_PROJECT } from '../../emulator/seed/overview';
import { XSS_PAYLOADS } from '../properties/hostile-strings';
import { startBrowserEnv, type BrowserEnv, type TrackedPage } from './support';
import { VIEWER_ROUTE } from '../../plugin-descriptor/modules';

jest.setTimeout(120_000);

const OVERVIEW = '[data-testid="overview"]';
const ROWS = '[data-testid="overview-grid"] .yc-vlist-body [role="row"]';
const REPOSITORIES = 300;

let env: BrowserEnv;
let hostileTitles: string[] = [];
beforeAll(async () => {
  env = await startBrowserEnv({ latencyMs: 20 });
  seedOverview(env.emulator.store, { repositories: REPOSITORIES, projects: 20 });
  // Hostile names where the overview shows them: project and repository names, report keys, titles and values.
  const store = env.emulator.store;
  const payloads = [...XSS_PAYLOADS.slice(0, 12).map((p) => p.value), '=HYPERLINK("http://evil.example/","x")', '@SUM(1+1)*cmd|\' /C calc\'!A0', '+1-1', '\u202Eevil\u202C', 'ʇǝɯɐ ʎɯ sᴉ ɥʇnɹʇ'];
  hostileTitles = payloads;
  store.data.projects.push({ id: ++store.data.counters.project, key: 'ZZHOST', name: payloads[0], public: false, permissions: {} });
  const template = store.data.repositories.find((r) => r.projectKey === 'CORE')!;
  payloads.forEach((payload, i) => {
    const repo = structuredClone(template);
    repo.id = ++store.data.counters.repository;
    repo.projectKey = 'ZZHOST';
    repo.slug = `hostile-${i}`;
    repo.name = payload;
    store.data.repositories.push(repo);
    const tip = repo.branches[repo.defaultBranch];
    store.data.reports.push({ repositoryId: repo.id, commitId: tip, key: payload.slice(0, 100), title: payload, result: 'FAIL', createdDate: Date.now(), data: [{ title: payload, type: 'TEXT', value: payload }], creatorSlug: 'admin', annotations: [] });
  });
  store.touch();
});
afterAll(async () => {
  await env?.close();
});

let tracked: TrackedPage;
afterEach(async () => {
  expect(tracked.errors()).toEqual([]);
  await tracked.close();
});

async function openOverview(page: Page, hash = `${VIEWER_ROUTE}?scope=overview`): Promise<void> {
  await page.goto(`${env.baseUrl}/dashboard${hash}`, { waitUntil: 'load' });
  await page.waitForSelector(ROWS, { timeout: 30_000 });
}

async function waitLoaded(page: Page): Promise<number> {
  await page.waitForFunction(() => {
    const o = document.querySelector('[data-testid="overview"]');
    return !!o && !o.hasAttribute('data-loading') && o.getAttribute('data-loaded') === o.getAttribute('data-total');
  }, undefined, { timeout: 90_000 });
  return Number(await page.locator(OVERVIEW).getAttribute('data-total'));
}

/** Until the emulator has served no REST request for `quietMs` (bounded: fails the test after 20 s of steady traffic). */
async function waitForQuiet(page: Page, quietMs = 500): Promise<void> {
  let served = -1;
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    const now = (await env.requestLog()).filter((r) => /\/rest\/(api|insights)\//.test(r.url)).length;
    if (now === served) return;
    served = now;
    await page.waitForTimeout(quietMs);
  }
  const last = (await env.requestLog()).slice(-5).map((r) => r.url);
  throw new Error(`the overview kept requesting for 20 s after every row was loaded: ${last.join(' ')}`);
}

/** Repositories `user` may read, computed from the store the way Bitbucket decides it. */
function readableCount(slug: string, project?: string): number {
  const store = env.emulator.store;
  const user = store.user(slug)!;
  return store.data.repositories.filter((r) => store.accessLevel(user, r) > 0 && (!project || r.projectKey === project)).length;
}

describe('cross-repository overview', () => {
  it('the header Insights entry lands on the overview; progress counts up to every readable repository; a bounded DOM; axe-clean', async () => {
    tracked = await env.newPage('admin');
    const { page } = tracked;
    await page.goto(`${env.baseUrl}/dashboard`, { waitUntil: 'load' });
    await page.click('nav.aui-header a[data-web-item-key$=":insights-viewer-header-link"]');
    await page.waitForSelector(ROWS, { timeout: 30_000 });
    expect(page.url()).toContain(`${VIEWER_ROUTE}?scope=overview`);
    const early = (await page.locator('[data-testid="overview-progress-text"]').textContent()) ?? '';
    expect(early).toMatch(/^\d[\d,]* of \d[\d,]*\+? repositories$/);
    const total = await waitLoaded(page);
    expect(total).toBe(readableCount('admin'));
    expect(Number(early.replace(/,/g, '').split(' ')[0])).toBeLessThan(total);
    expect(await page.locator('[data-testid="overview-status"]').textContent()).toBe(`All ${total.toLocaleString('en-US')} repositories loaded`);
    expect(await page.locator(`${OVERVIEW} [role="row"]`).count()).toBeLessThanOrEqual(100);
    // Scrolling to the end keeps the DOM bounded too.
    await page.locator('[data-testid="overview-grid"]').focus();
    await page.keyboard.press('End');
    expect(await page.locator(`${OVERVIEW} [role="row"]`).count()).toBeLessThanOrEqual(100);
    expect(await env.runAxe(page, '[data-testid="insights-viewer"]')).toEqual([]);
  });

  it('a deep link with project, result and sort reproduces the view after reload; a cell opens that repository and commit', async () => {
    tracked = await env.newPage('admin');
    const { page } = tracked;
    await openOverview(page, `${VIEWER_ROUTE}?scope=overview&project=CORE&result=FAIL&sort=-failing`);
    await waitLoaded(page);
    expect(await page.locator('[data-testid="overview-project"]').inputValue()).toBe('CORE');
    expect(await page.locator('[data-testid="overview-result"]').inputValue()).toBe('FAIL');
    expect(await page.locator('[data-column="failing"][role="columnheader"]').getAttribute('aria-sort')).toBe('descending');
    const projects = await page.$$eval(`${ROWS} [data-column="project"]`, (cells) => [...new Set(cells.map((c) => c.textContent))]);
    expect(projects).toEqual(['CORE']);
    const failing = await page.$$eval(`${ROWS} [data-column="failing"]`, (cells) => cells.map((c) => Number(c.textContent)));
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((n) => n > 0)).toBe(true);
    expect([...failing].sort((a, b) => b - a)).toEqual(failing);
    const shown = await page.locator('[data-testid="overview-count"]').textContent();

    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector(ROWS);
    await waitLoaded(page);
    expect(await page.locator('[data-testid="overview-count"]').textContent()).toBe(shown);

    // The rows in view read their lazy cells after every row is loaded; let them finish so that the revisit below
    // can be expected to come from the cache (a read cut short by closing the overview is read again, rightly).
    await waitForQuiet(page);
    const cell = page.locator(`${ROWS}[data-index="0"] [data-column^="report:"]`).filter({ hasText: 'Failed' }).first();
    const column = (await cell.getAttribute('data-column'))!.slice('report:'.length);
    const slug = await page.locator(`${ROWS}[data-index="0"] [data-column="repository"] span`).getAttribute('title');
    await cell.click();
    await page.waitForSelector('[data-testid="viewer-panel"]');
    const hash = decodeURIComponent(new URL(page.url()).hash);
    expect(hash).toContain(`repo=${slug}`);
    expect(hash).toMatch(/commit=[0-9a-f]{40}/);
    expect(hash).toContain(`report=${column}`);
    // Back returns to the overview: each tip is read again, the rest comes from the cache (IndexedDB).
    await env.clearRequestLog();
    await page.goBack();
    await page.waitForSelector(ROWS);
    const again = await waitLoaded(page);
    const perRepo = (await env.requestLog()).filter((r) => r.user === 'admin' && /\/rest\/(api|insights)\//.test(r.url) && !/\/repos(\?|$)/.test(r.url));
    expect(perRepo.filter((r) => !/\/commits\?/.test(r.url))).toEqual([]);
    expect(perRepo.length).toBeLessThanOrEqual(again);
  });

  it('closing the viewer cancels the work: no request starts afterwards', async () => {
    tracked = await env.newPage('alice');
    const { page } = tracked;
    await env.clearRequestLog();
    await openOverview(page);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="overview"]')?.getAttribute('data-loaded')) > 20);
    await page.keyboard.press('Escape');
    await page.waitForSelector(OVERVIEW, { state: 'detached' });
    const closedAt = Date.now();
    await page.waitForTimeout(1000);
    const log = (await env.requestLog()).filter((r) => r.user === 'alice' && /\/rest\/(api|insights)\//.test(r.url));
    expect(log.length).toBeGreaterThan(20);
    // Requests already on the wire may finish; none may start once the overlay is gone (100 ms of slack for clock skew).
    expect(log.filter((r) => r.start > closedAt + 100)).toEqual([]);
    expect(log.length).toBeLessThan(readableCount('alice') * 3);
  });

  it('exports the matrix as CSV with formula neutralisation', async () => {
    tracked = await env.newPage('admin');
    const { page } = tracked;
    // The formula-like report key as the report filter, so its column is the one exported.
    await openOverview(page, `${VIEWER_ROUTE}?scope=overview&project=ZZHOST&report=${encodeURIComponent('=HYPERLINK("http://evil.example/","x")')}`);
    const total = await waitLoaded(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="overview-export"]')]);
    expect(download.suggestedFilename()).toBe('insights-overview-ZZHOST.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    const records = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(records[0].startsWith('project,repository,branch,status,commit,commit_date,failing,high,medium,low,')).toBe(true);
    // One repository has the report: it is the matrix; the others have reports but not this one.
    expect(records).toHaveLength(2);
    expect(total).toBe(hostileTitles.length);
    expect(records[0]).toContain(`"'=HYPERLINK(""http://evil.example/"",""x"") result"`);
    expect(records[1]).toContain(`FAIL,"'=HYPERLINK(""http://evil.example/"",""x"")",no`);
    expect(csv).not.toMatch(/(^|,)"?[=+@-][^,]*\(/m);
  });

  it('a read-only user sees only the repositories they can read', async () => {
    tracked = await env.newPage('user');
    const { page } = tracked;
    await openOverview(page);
    const total = await waitLoaded(page);
    expect(total).toBe(readableCount('user'));
    expect(total).toBeLessThan(readableCount('admin'));
    const projects = await page.$$eval('[data-testid="overview-project"] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(projects).not.toContain(OVERVIEW_HIDDEN_PROJECT);
    expect(projects).toContain('CORE');
    // A deep link to the project they cannot read shows nothing of it.
    await page.goto(`${env.baseUrl}/dashboard${VIEWER_ROUTE}?scope=overview&project=${OVERVIEW_HIDDEN_PROJECT}`, { waitUntil: 'load' });
    // data-total is 0 from the first paint, before the repository list answered: wait for the list's verdict.
    await page.waitForSelector('[data-testid="overview-error"] [data-empty]');
    expect(await page.locator('[data-testid="overview"]').getAttribute('data-total')).toBe('0');
    expect(await page.locator('[data-testid="overview-error"]').textContent()).toContain('No repositories');
  });

  it('hostile repository, project and report names are shown as text', async () => {
    tracked = await env.newPage('admin');
    const { page } = tracked;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss().catch(() => undefined);
    });
    await openOverview(page, `${VIEWER_ROUTE}?scope=overview&project=ZZHOST`);
    await waitLoaded(page);
    const names = await page.$$eval(`${ROWS} [data-column="repository"]`, (cells) => cells.map((c) => c.textContent));
    expect(names.length).toBe(hostileTitles.length);
    for (const name of names) expect(hostileTitles).toContain(name);
    const headers = await page.$$eval('[data-testid="overview-grid"] [role="columnheader"][data-column^="report:"]', (cells) => cells.map((c) => c.textContent));
    expect(headers.length).toBeGreaterThan(0);
    for (const header of headers) expect(hostileTitles).toContain(header);
    expect(await page.locator('[data-xss]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });
});

describe('cross-repository overview at scale', () => {
  const LARGE = 12_000;
  let large: BrowserEnv;
  beforeAll(async () => {
    large = await startBrowserEnv({ latencyMs: 0 });
    // Straight into the store (12,000 repositories through REST would take minutes).
    seedOverview(large.emulator.store, { repositories: LARGE, projects: 20 });
  });
  afterAll(async () => {
    await large?.close();
  });

  it(`lists all ${LARGE.toLocaleString('en-US')} repositories (no cap) and scrolls to the last row with a bounded DOM`, async () => {
    tracked = await large.newPage('admin');
    const { page } = tracked;
    await page.goto(`${large.baseUrl}/dashboard${VIEWER_ROUTE}?scope=overview`, { waitUntil: 'load' });
    await page.waitForSelector(ROWS, { timeout: 30_000 });
    // Until the last list page, the total is a lower bound.
    await page.waitForFunction((n) => {
      const o = document.querySelector('[data-testid="overview"]');
      const text = document.querySelector('[data-testid="overview-progress-text"]')?.textContent ?? '';
      // (the demo seed's repositories come on top)
      return Number(o?.getAttribute('data-total')) >= n && !text.includes('+');
    }, LARGE, { timeout: 40_000 });
    const grid = page.locator('[data-testid="overview-grid"]');
    await grid.focus();
    await page.keyboard.press('Control+End');
    const rowCount = Number(await grid.getAttribute('aria-rowcount')) - 1;
    expect(rowCount).toBeGreaterThan(10_000);
    await page.locator(`${ROWS}[data-index="${rowCount - 1}"]`).waitFor({ timeout: 10_000 });
    // The rows in view are read first, lazy cells included, however far down the list they are (rows whose older
    // commits have no report move to "without reports", so the last row is looked up again each time).
    await page.waitForFunction((selector) => {
      const grid = document.querySelector('[data-testid="overview-grid"]')!;
      const last = Number(grid.getAttribute('aria-rowcount')) - 2;
      const branch = document.querySelector(`${selector}[data-index="${last}"] [data-column="branch"]`)?.textContent;
      return !!branch && branch !== '…';
    }, ROWS, { timeout: 30_000 });
    expect(await page.locator(`${OVERVIEW} [role="row"]`).count()).toBeLessThanOrEqual(100);
  });
});
