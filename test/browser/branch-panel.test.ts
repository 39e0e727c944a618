/**
 * The branch surfaces on the emulator's seeded PRs (emulator/seed/README.md): ACME/web-app PR 1 is OPEN
 * from feature/search, PR 4 is MERGED and its source branch feature/login-page still exists. Users: admin
 * (everything), `user` (REPO_READ). The store is reseeded before every test, so each starts from the seed.
 */
import type { Page } from 'playwright-core';
import { startBrowserEnv, type BrowserEnv, type LoggedRequest, type TrackedPage, summaryLabel, summaryItem, webApp, MODAL_CONTENT } from './support';
import { VIEWER_ROUTE } from '../../plugin-descriptor/modules';

jest.setTimeout(60_000);

const web = webApp;
const REPO = '/projects/ACME/repos/web-app';
const LABEL = summaryItem('branch');
const MODAL = MODAL_CONTENT;
const MENU = '[data-testid="more-actions--content"]';
const MENU_CREATE = `${MENU} [data-extension-key*="action-create-branch"]`;
const MENU_DELETE = `${MENU} [data-extension-key*="action-delete-source-branch"]`;
const ADMIN = { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, Accept: 'application/json' };

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => {
  await env?.close();
});

// ------------------------------------------------------------------------------------------- REST

async function rest<T>(method: string, path: string, init: { body?: FormData } = {}): Promise<T> {
  const response = await fetch(`${env.baseUrl}${path}`, { method, headers: { ...ADMIN, 'X-Atlassian-Token': 'no-check' }, body: init.body });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

interface RestBranch {
  id: string;
  displayId: string;
  latestCommit: string;
}

/** The branch named exactly `name`, read the way an admin would (`GET …/branches?filterText=`). */
async function branchNamed(name: string): Promise<RestBranch | null> {
  const page = await rest<{ values: RestBranch[] }>('GET', `/rest/api/latest${REPO}/branches?filterText=${encodeURIComponent(name)}&limit=100`);
  return page.values.find((b) => b.displayId === name) ?? null;
}

async function pullRequest(id: number): Promise<{ fromRef: { id: string; displayId: string; latestCommit: string }; toRef: { id: string; displayId: string } }> {
  return rest('GET', `/rest/api/latest${REPO}/pull-requests/${id}`);
}

/** Commits on `until` that `since` lacks: what "behind" means, counted independently of the branch metadata. */
async function commitsBetween(since: string, until: string): Promise<number> {
  const page = await rest<{ values: unknown[]; isLastPage: boolean }>('GET', `/rest/api/latest${REPO}/commits?since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}&limit=1000`);
  expect(page.isLastPage).toBe(true);
  return page.values.length;
}

/** A commit on `branch` through the REST file editor (multipart PUT …/browse/<path>). */
async function pushCommit(branch: string, path: string): Promise<string> {
  const tip = (await branchNamed(branch))!.latestCommit;
  const form = new FormData();
  form.set('branch', branch);
  form.set('content', `// edited after the merge\nexport const changed = ${Date.now()};\n`);
  form.set('message', 'Keep working on the branch after the merge');
  form.set('sourceCommitId', tip);
  const commit = await rest<{ id: string }>('PUT', `/rest/api/latest${REPO}/browse/${path}`, { body: form });
  return commit.id;
}

/** Writes the page made (the log also holds this suite's own calls to the emulator's test API). */
const writesOf = (log: LoggedRequest[]) => log.filter((r) => r.method !== 'GET' && !r.url.includes('/rest/emulator/'));
const short = (commit: string) => commit.slice(0, 11);
const deletes = (log: LoggedRequest[]) => log.filter((r) => r.method === 'DELETE' && /\/rest\/branch-utils\/[^/]+\/projects\/ACME\/repos\/web-app\/branches(\?|$)/.test(r.url));

// ------------------------------------------------------------------------------------------- page

const labelOf = (page: Page): Promise<string> => summaryLabel(page, 'branch');

/** Opens the summary modal and waits until the panel (and, for a moved branch, its commit count) is there. */
async function openPanel(page: Page): Promise<void> {
  await page.locator(LABEL).click();
  await page.waitForSelector(`${MODAL} [data-testid="yc-branch-panel"]`);
}

async function closeModal(page: Page): Promise<void> {
  await page.click('[data-testid="modal-close"]');
  await page.waitForSelector(MODAL, { state: 'detached' });
}

/** The host renders attribute updates on the next animation frame; two frames later every update made so far is on screen. */
async function settleFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

async function openMenu(page: Page): Promise<void> {
  await page.click('[data-testid="more-actions--trigger"]');
  await page.waitForFunction((selector) => {
    const menu = document.querySelector<HTMLElement>(selector);
    return !!menu && !menu.hidden && menu.getAttribute('aria-busy') === 'false';
  }, MENU);
}

async function pluginMenuItems(page: Page): Promise<string[]> {
  return page.$$eval(`${MENU} [data-extension-key]`, (nodes) =>
    nodes.map((n) => n.getAttribute('data-extension-key') ?? '').filter((key) => /action-(create-branch|delete-source-branch)/.test(key)),
  );
}

describe('branch surfaces on the PR page', () => {
  let tracked: TrackedPage | undefined;
  /** Console errors a test provokes on purpose (e.g. a refused dry run); everything else must stay empty. */
  let expectedErrors: RegExp[];

  beforeEach(async () => {
    expectedErrors = [];
    await rest('POST', '/rest/emulator/1.0/reset');
  });
  afterEach(async () => {
    if (!tracked) return; // the test failed before opening a page
    expect(tracked.errors().filter((error) => !expectedErrors.some((pattern) => pattern.test(error)))).toEqual([]);
    await tracked.close();
    tracked = undefined;
  });

  it('"Open in Insights viewer" in the More actions menu loads the link builder on click and sets the viewer\u2019s deep link', async () => {
    tracked = await env.newPage('alice');
    const { page } = tracked;
    await env.gotoPr(page, web(1));
    await openMenu(page);
    await page.click(`${MENU} [data-extension-key*="action-open-viewer"]`);
    await page.waitForFunction((route) => location.hash.startsWith(route), VIEWER_ROUTE);
    expect(await page.evaluate(() => location.hash)).toBe(`${VIEWER_ROUTE}?repo=ACME/web-app&pr=1`);
  });

  it('labels the open PR 1 with how far its branch is behind the target', async () => {
    const pr = await pullRequest(1);
    const behind = await commitsBetween(pr.fromRef.id, pr.toRef.id);
    expect(behind).toBeGreaterThan(0);
    tracked = await env.newPage('alice');
    await env.gotoPr(tracked.page, web(1));
    expect(await labelOf(tracked.page)).toBe(`Branch: feature/search \u00b7 behind ${behind}`);
  });

  it('PR 4 (merged): the panel shows both branches, their categories and the branches containing the head, from the label\u2019s data; axe-clean', async () => {
    const pr = await pullRequest(4);
    const containing = await rest<{ values: RestBranch[] }>('GET', `/rest/branch-utils/latest${REPO}/branches/info/${pr.fromRef.latestCommit}?limit=100`);
    const others = containing.values.map((b) => b.displayId).filter((name) => name !== 'feature/login-page');
    expect(others).toContain('main'); // merged: the target contains the head
    tracked = await env.newPage('admin');
    const { page } = tracked;
    await env.gotoPr(page, web(4));
    expect(await labelOf(page)).toBe(`Branch: feature/login-page \u00b7 behind ${await commitsBetween(pr.fromRef.id, pr.toRef.id)}`);
    // The menu item's permission check is done once the item shows; from here on every answer is on the page.
    await page.waitForSelector(MENU_CREATE, { state: 'attached' });
    await env.clearRequestLog();
    await openPanel(page);

    const source = page.locator(`${MODAL} [data-testid="yc-branch-source"]`);
    expect(await source.locator('code.yc-ref').textContent()).toBe('feature/login-page');
    expect(await source.locator('.yc-branch-category').getAttribute('data-category')).toBe('FEATURE');
    expect(await source.locator('.yc-branch-category').textContent()).toBe('Feature');
    expect(await source.locator('[data-position]').getAttribute('data-position')).toBe('same');
    expect(await source.locator('[data-position]').textContent()).toBe(`Points at ${short(pr.fromRef.latestCommit)}, the head of this pull request.`);
    expect(await source.locator('a.yc-ref-link').getAttribute('href')).toBe(`/bitbucket${REPO}/browse?at=refs%2Fheads%2Ffeature%2Flogin-page`);
    const target = page.locator(`${MODAL} [data-testid="yc-branch-target"]`);
    expect(await target.locator('code.yc-ref').textContent()).toBe('main');
    expect(await target.locator('.yc-branch-category').getAttribute('data-category')).toBe('DEVELOPMENT');
    const listed = await page.locator(`${MODAL} [data-testid="yc-branch-containing"] li code`).allTextContents();
    expect(listed.sort()).toEqual([...others].sort());
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-delete"]`).count()).toBe(1);
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-create"]`).count()).toBe(1);

    // The label already read the source branch: the modal asks only for what is new, including (once) whether
    // the user may write, which no page load asks.
    const gets = (await env.requestLog()).filter((r) => r.method === 'GET' && r.url.includes('/rest/'));
    const urls = gets.map((r) => r.url);
    expect(urls.filter((url) => /\/branches\?/.test(url) && url.includes('filterText='))).toEqual([]);
    expect(urls.filter((url) => /\/rest\/api\/[^/]+\/users\?/.test(url))).toHaveLength(1);
    expect(urls.filter((url) => url.includes('/branchmodel'))).toHaveLength(1);
    expect(urls.filter((url) => url.includes('/branches/info/'))).toHaveLength(1);
    expect(new Set(urls).size).toBe(urls.length);

    expect(await env.runAxe(page, MODAL)).toEqual([]);
  });

  it('deletes the merged PR\u2019s source branch end to end from the "More actions" menu', async () => {
    const pr = await pullRequest(4);
    expect((await branchNamed('feature/login-page'))?.latestCommit).toBe(pr.fromRef.latestCommit);
    tracked = await env.newPage('admin');
    const { page } = tracked;
    await env.gotoPr(page, web(4));
    await labelOf(page);
    await openMenu(page);
    await page.waitForSelector(MENU_DELETE);
    expect(await page.locator(MENU_DELETE).textContent()).toBe('Delete source branch');
    await env.clearRequestLog();
    await page.click(MENU_DELETE);

    const confirm = page.locator(`${MODAL} [data-testid="yc-branch-delete-confirm"]`);
    await confirm.waitFor();
    expect(await confirm.locator('.yc-confirm-title').textContent()).toBe('Delete branch feature/login-page?');
    expect(await confirm.textContent()).toContain(short(pr.fromRef.latestCommit));
    // Only the dry run so far: the branch is still there while the user decides.
    expect(deletes(await env.requestLog())).toHaveLength(1);
    expect(await branchNamed('feature/login-page')).not.toBeNull();
    expect(await env.runAxe(page, MODAL)).toEqual([]);

    await confirm.locator('[data-testid="yc-branch-delete-confirm-confirm"]').click();
    await page.waitForSelector(`${MODAL} .aui-message-success`);
    expect(await page.locator(`${MODAL} .aui-message-success`).textContent()).toContain('Branch feature/login-page deleted');
    expect(deletes(await env.requestLog())).toHaveLength(2);
    expect(await branchNamed('feature/login-page')).toBeNull();
    expect(await page.locator('#aui-flag-container .aui-flag').count()).toBe(0);
    await closeModal(page);
    // The summary label follows our own write before any reload.
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.trim() === 'Branch: feature/login-page \u00b7 deleted', LABEL);

    await env.gotoPr(page, web(4));
    expect(await labelOf(page)).toBe('Branch: feature/login-page \u00b7 deleted');
    await openPanel(page);
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-source"] [data-position]`).getAttribute('data-position')).toBe('deleted');
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-source"] a.yc-ref-link`).count()).toBe(0);
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-create"]`).count()).toBe(1);
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-delete"]`).count()).toBe(0);
    await closeModal(page);
    await openMenu(page);
    await page.waitForSelector(MENU_CREATE);
    await settleFrames(page);
    expect(await pluginMenuItems(page)).toEqual([expect.stringContaining('action-create-branch')]);
  });

  it('offers no delete on an open PR, in the menu or the panel', async () => {
    tracked = await env.newPage('admin');
    const { page } = tracked;
    await env.gotoPr(page, web(1));
    await labelOf(page);
    await openMenu(page);
    await page.waitForSelector(MENU_CREATE); // same permission answer the delete item would wait for
    await settleFrames(page);
    expect(await pluginMenuItems(page)).toEqual([expect.stringContaining('action-create-branch')]);
    await page.keyboard.press('Escape');
    await openPanel(page);
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-create"]`).count()).toBe(1);
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-delete"]`).count()).toBe(0);
  });

  it('refuses to delete a branch that moved past the merged head, and deletes nothing', async () => {
    const pr = await pullRequest(4);
    const moved = await pushCommit('feature/login-page', 'src/pages/login.ts');
    // The emulator answers the doomed dry run (endPoint mismatch) with 400; Chromium logs that as a console error.
    expectedErrors = [/status of 400.*\/rest\/branch-utils\/.*\/branches/];
    tracked = await env.newPage('admin');
    const { page } = tracked;
    await env.gotoPr(page, web(4));
    expect(await labelOf(page)).toBe('Branch: feature/login-page \u00b7 moved since the PR');
    await openPanel(page);
    const position = page.locator(`${MODAL} [data-testid="yc-branch-source"] [data-position="moved"]`);
    await page.waitForFunction((selector) => (document.querySelector(selector)?.textContent ?? '').includes('new commit'), `${MODAL} [data-position="moved"]`);
    expect(await position.textContent()).toBe(`Moved 1 new commit not in this pull request (now at ${short(moved)}).`);

    await env.clearRequestLog();
    await page.click(`${MODAL} [data-testid="yc-branch-delete"]`);
    const refusal = page.locator(`${MODAL} .yc-branch-flow .aui-message-warning`);
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('The source branch was not deleted');
    expect(await refusal.textContent()).toContain(
      `feature/login-page now points at ${short(moved)}, not at ${short(pr.fromRef.latestCommit)}, the commit this pull request merged. Deleting it would lose commits that were never merged.`,
    );
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-delete-confirm"]`).count()).toBe(0);
    const log = await env.requestLog();
    expect(deletes(log)).toHaveLength(1); // the dry run, refused by the server as well
    expect(deletes(log)[0].status).toBe(400);
    expect((await branchNamed('feature/login-page'))?.latestCommit).toBe(moved);
  });

  it('creates a branch from the PR head: prefix from the branch model, invalid names rejected, one POST', async () => {
    const pr = await pullRequest(1);
    tracked = await env.newPage('admin');
    const { page } = tracked;
    await env.gotoPr(page, web(1));
    await labelOf(page);
    await openMenu(page);
    await page.waitForSelector(MENU_CREATE);
    expect(await page.locator(MENU_CREATE).textContent()).toBe('Create branch from this pull request');
    await page.click(MENU_CREATE);

    const name = page.locator(`${MODAL} [data-testid="yc-branch-create-name"]`);
    await name.waitFor();
    expect(await name.inputValue()).toBe('feature/');
    const types = await page.locator(`${MODAL} [data-testid="yc-branch-create-type"] option`).allTextContents();
    expect(types).toEqual(['Bugfix (bugfix/)', 'Feature (feature/)', 'Hotfix (hotfix/)', 'Release (release/)', 'No prefix']);
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-create-flow"]`).textContent()).toContain(`The branch starts at ${short(pr.fromRef.latestCommit)}`);
    expect(await env.runAxe(page, MODAL)).toEqual([]);

    await env.clearRequestLog();
    await name.fill('feature/a..b');
    await page.click(`${MODAL} [data-testid="yc-branch-create-submit"]`);
    expect(await page.locator(`${MODAL} .yc-branch-create-form .error`).textContent()).toBe('Branch names cannot contain \u201c..\u201d.');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(writesOf(await env.requestLog())).toEqual([]);

    await name.fill('feature/from-pr-1');
    await page.click(`${MODAL} [data-testid="yc-branch-create-submit"]`);
    const link = page.locator(`${MODAL} [data-testid="yc-branch-create-link"]`);
    await link.waitFor();
    expect(await page.locator(`${MODAL} .aui-message-success`).textContent()).toContain('Branch feature/from-pr-1 created');
    expect(await link.getAttribute('href')).toBe(`/bitbucket${REPO}/browse?at=refs%2Fheads%2Ffeature%2Ffrom-pr-1`);
    const writes = writesOf(await env.requestLog());
    expect(writes.map((r) => `${r.method} ${r.status}`)).toEqual([expect.stringMatching(/^POST 20[01]$/)]);
    expect((await branchNamed('feature/from-pr-1'))?.latestCommit).toBe(pr.fromRef.latestCommit);
  });

  it('the read-only user sees the branches of merged PR 4; the panel offers no write action, the menu\u2019s actions explain and write nothing', async () => {
    tracked = await env.newPage('user');
    const { page } = tracked;
    await env.gotoPr(page, web(4));
    expect(await labelOf(page)).toMatch(/^Branch: feature\/login-page \u00b7 behind \d+$/);
    // No permission probe on page load: the actions ask when opened.
    expect((await env.requestLog()).filter((r) => /\/rest\/api\/[^/]+\/users\?/.test(r.url))).toEqual([]);
    await openPanel(page);
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-source"] code.yc-ref`).textContent()).toBe('feature/login-page');
    expect(await page.locator(`${MODAL} .yc-branch-actions`).count()).toBe(0);
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-create"], ${MODAL} [data-testid="yc-branch-delete"]`).count()).toBe(0);
    expect(await env.runAxe(page, MODAL)).toEqual([]);
    await closeModal(page);
    await settleFrames(page);

    await openMenu(page);
    await page.waitForSelector(MENU_DELETE);
    await page.click(MENU_CREATE);
    await page.locator(`${MODAL} .aui-message-info`, { hasText: 'needs write permission' }).waitFor();
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-create-name"]`).count()).toBe(0);
    expect(await env.runAxe(page, MODAL)).toEqual([]);
    await closeModal(page);

    // The dry run goes out with the permission probe (one round trip for writers); the server refuses it here.
    expectedErrors = [/status of 401.*\/rest\/branch-utils\/.*\/branches/];
    await openMenu(page);
    await page.click(MENU_DELETE);
    await page.locator(`${MODAL} .aui-message-warning`, { hasText: 'Deleting feature/login-page needs write permission' }).waitFor();
    expect(await page.locator(`${MODAL} [data-testid="yc-branch-delete-confirm"]`).count()).toBe(0);
    await closeModal(page);
    expect(await branchNamed('feature/login-page')).not.toBeNull();
  });

});
