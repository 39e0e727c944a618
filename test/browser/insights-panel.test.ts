/**
 * Code insights on the emulator's seeded PRs (emulator/seed/index.ts): PR 1 of ACME/web-app compares
 * lint and security against the merge base, PR 2 carries a 1000-annotation report, LIB/utils PR 1 has
 * no merge base.
 */
import type { Page } from 'playwright-core';
import { startBrowserEnv, type BrowserEnv, type PullRequestRef, type TrackedPage, summaryLabel, summaryItem, webApp, MODAL_CONTENT } from './support';
import { VIEWER_ROUTE } from '../../plugin-descriptor/modules';

jest.setTimeout(60_000);

const web = webApp;
const LABEL = summaryItem('insights');
const MODAL = MODAL_CONTENT;

// The seeded reports point their logos at a CI host that does not exist here: serve a 1×1 PNG for it.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function newPage(user: string): Promise<TrackedPage> {
  const tracked = await env.newPage(user);
  await tracked.context.route('https://ci.example.com/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL }));
  return tracked;
}

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => {
  await env?.close();
});

const labelOf = (page: Page): Promise<string> => summaryLabel(page, 'insights');

async function openSurface(page: Page): Promise<void> {
  await page.locator(LABEL).click();
  await page.waitForFunction((selector) => {
    const body = document.querySelector(`${selector} .yc-insights-body`);
    return body !== null && !body.hasAttribute('aria-busy');
  }, MODAL);
}

describe('code insights on the PR page', () => {
  let tracked: TrackedPage;
  afterEach(async () => {
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });

  it.each<[PullRequestRef, string]>([
    [web(1), 'Insights: 4 new \u00b7 2 fixed'],
    [web(2), 'Insights: 1 of 2 reports failing'],
    [{ projectKey: 'LIB', repoSlug: 'utils', id: 1 }, 'Insights: no reports'],
  ])('%j shows "%s"', async (ref, expected) => {
    tracked = await newPage('alice');
    await env.gotoPr(tracked.page, ref);
    expect(await labelOf(tracked.page)).toBe(expected);
  });

  it('PR 1: reports with results, new/fixed/unchanged findings linking into the diff, and a viewer link; axe-clean', async () => {
    tracked = await newPage('alice');
    const { page } = tracked;
    await env.gotoPr(page, web(1));
    await labelOf(page);
    await env.clearRequestLog();
    await openSurface(page);
    // The modal reuses the label's answers.
    expect((await env.requestLog()).filter((r) => /\/rest\/(insights|api)\//.test(r.url))).toEqual([]);
    const lint = page.locator(`${MODAL} .yc-insights-report[data-report-key="com.yourcompany.lint"]`);
    expect(await lint.locator('.yc-insights-delta').textContent()).toBe('Compared with the merge base: 3 new, 2 fixed, 3 unchanged.');
    expect(await lint.locator('img.yc-insights-logo').getAttribute('alt')).toBe('ESLint 9');
    const firstNew = lint.locator('.yc-insights-finding').first();
    expect(await firstNew.locator('.yc-insights-cell-message').textContent()).toBeTruthy();
    expect(await firstNew.locator('a.yc-insights-finding-location').getAttribute('href')).toBe('/bitbucket/projects/ACME/repos/web-app/pull-requests/1/diff#src/feature/search.ts?t=6');
    await lint.locator('button[data-filter="fixed"]').click();
    expect(await lint.locator('.yc-insights-finding').count()).toBe(2);
    const coverage = page.locator(`${MODAL} .yc-insights-report[data-report-key="com.yourcompany.coverage"]`);
    expect(await coverage.textContent()).toContain('No baseline report');
    expect(await page.locator(`${MODAL} a.yc-insights-viewer-link`).getAttribute('href')).toBe(`${VIEWER_ROUTE}?repo=ACME/web-app&pr=1`);
    expect(await env.runAxe(page, MODAL)).toEqual([]);
  });

  it('PR 2: a 1000-annotation report renders a window of rows (its speed is `npm run bench`\'s)', async () => {
    tracked = await newPage('alice');
    const { page } = tracked;
    await env.gotoPr(page, web(2));
    await labelOf(page);
    await openSurface(page);
    const report = page.locator(`${MODAL} .yc-insights-report[data-report-key="com.yourcompany.static-analysis"]`);
    expect(await report.locator('.yc-vlist').getAttribute('aria-rowcount')).toBe('1001');
    expect(await report.locator('.yc-insights-finding').count()).toBeLessThan(60);
    await report.locator('.yc-vlist').focus();
    await page.keyboard.press('End');
    await page.waitForFunction((selector) => document.querySelector(`${selector} .yc-vlist-active`)?.getAttribute('data-index') === '999', MODAL);
  });

  it('LIB/utils: no merge base and no reports are both explained', async () => {
    tracked = await newPage('alice');
    await env.gotoPr(tracked.page, { projectKey: 'LIB', repoSlug: 'utils', id: 1 });
    await labelOf(tracked.page);
    await openSurface(tracked.page);
    expect(await tracked.page.locator(`${MODAL} .yc-insights-headline`).textContent()).toBe('No Code Insights reports on the latest commit of this pull request.');
    expect(await tracked.page.locator(MODAL).textContent()).toContain('No merge base');
  });

  it('diff toolbar: "Insights for this file" lists the file\u2019s findings', async () => {
    tracked = await newPage('alice');
    const { page } = tracked;
    await env.gotoPr(page, web(1), 'diff');
    const button = page.locator('[data-testid="diff-toolbar-extensions"] [data-extension-key*="diff-toolbar-file-insights"]');
    await button.waitFor();
    const path = (await page.locator('[data-testid="diff-file-path"]').textContent())?.trim() ?? '';
    await button.click();
    await page.waitForFunction((selector) => document.querySelector(`${selector} .yc-insights-body`)?.hasAttribute('aria-busy') === false, MODAL);
    expect(await page.locator(`${MODAL} .yc-insights-headline`).textContent()).toContain(path);
    expect(await env.runAxe(page, MODAL)).toEqual([]);
  });

  it('the read-only user sees the same status and no write actions', async () => {
    tracked = await newPage('user');
    await env.gotoPr(tracked.page, web(1));
    expect(await labelOf(tracked.page)).toBe('Insights: 4 new \u00b7 2 fixed');
    await openSurface(tracked.page);
    const buttons = await tracked.page.locator(`${MODAL} button`).allTextContents();
    expect(buttons.every((text) => /^(New|Fixed|Unchanged|All findings) \(\d+\)$/.test(text))).toBe(true);
  });
});
