/**
 * Merge readiness on the emulator's seeded PRs (emulator/seed/index.ts, ACME/web-app merge checks:
 * 1 approval, tasks resolved, no "needs work", required report com.yourcompany.security).
 */
import type { Page } from 'playwright-core';
import { startBrowserEnv, type BrowserEnv, type TrackedPage, summaryLabel, summaryItem, webApp } from './support';

jest.setTimeout(60_000);

const web = webApp;
const LABEL = summaryItem('merge');

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => {
  await env?.close();
});

const labelOf = (page: Page): Promise<string> => summaryLabel(page, 'merge');

async function openSurface(page: Page): Promise<void> {
  await page.locator(LABEL).click();
  await page.waitForSelector('[data-testid="modal-content"] .yc-merge[data-state]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="modal-content"] aui-spinner').length === 0);
}

describe('merge readiness on the PR page', () => {
  let tracked: TrackedPage;
  afterEach(async () => {
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });

  it.each<[number, string]>([
    [1, 'Merge: 2 blockers'],
    [2, 'Merge: 1 blocker'],
    [3, 'Merge: 3 blockers'],
    [4, 'Merge: merged'],
    [5, 'Merge: declined'],
    [6, 'Merge: ready'],
  ])('PR %i shows "%s"', async (id, expected) => {
    tracked = await env.newPage('alice');
    await env.gotoPr(tracked.page, web(id));
    expect(await labelOf(tracked.page)).toBe(expected);
  });

  it('explains every blocker of PR 1 with a way to fix it, and is axe-clean', async () => {
    tracked = await env.newPage('alice');
    const { page } = tracked;
    await env.gotoPr(page, web(1));
    await labelOf(page);
    await openSurface(page);
    const modal = page.locator('[data-testid="modal-content"]');
    expect(await modal.locator('.yc-merge-headline').textContent()).toBe('2 things block the merge.');
    const merge = modal.locator('[data-check="merge"]');
    expect(await merge.textContent()).toContain('Incomplete tasks');
    expect(await merge.textContent()).toContain("Required report 'Security scan' has not passed");
    expect(await modal.locator('[data-check="reviews"] .yc-merge-check-title').textContent()).toBe('1 of 3 reviewers approved');
    const task = modal.locator('[data-check="tasks"] a.yc-merge-entry-text');
    expect(await task.count()).toBe(1);
    expect(await task.getAttribute('href')).toMatch(/\/projects\/ACME\/repos\/web-app\/pull-requests\/1\/overview\?commentId=\d+$/);
    const builds = modal.locator('[data-check="builds"]');
    expect(await builds.locator('.yc-merge-check-title').textContent()).toBe('Builds: 1 failed, 1 in progress, 1 successful');
    expect(await builds.locator('a.yc-merge-entry-text').first().getAttribute('href')).toBe('https://ci.example.com/browse/WEB-E2E-17');
    expect(await env.runAxe(page, '[data-testid="modal-content"]')).toEqual([]);
  });

  it('shows the conflict of PR 3 with how to resolve it', async () => {
    tracked = await env.newPage('alice');
    await env.gotoPr(tracked.page, web(3));
    await labelOf(tracked.page);
    await openSurface(tracked.page);
    const conflicts = tracked.page.locator('[data-testid="modal-content"] [data-check="conflicts"]');
    expect(await conflicts.locator('.yc-merge-fix').textContent()).toContain('Merge main into bugfix/header-title');
  });

  it('opening the modal asks for tasks and builds in parallel, and PR 6 is ready', async () => {
    tracked = await env.newPage('alice');
    await env.gotoPr(tracked.page, web(6));
    await labelOf(tracked.page);
    await env.clearRequestLog();
    // Hold both answers for 1.5 s, so "went out before either answered" does not depend on machine speed.
    const holds = [env.emulator.faults.add({ pathPattern: '**/blocker-comments', latencyMs: 1500 }), env.emulator.faults.add({ pathPattern: '**/commits/*', latencyMs: 1500 })];
    await openSurface(tracked.page);
    for (const hold of holds) env.emulator.faults.remove(hold.id);
    const log = await env.requestLog();
    const tasks = log.find((r) => /\/pull-requests\/6\/blocker-comments/.test(r.url));
    const builds = log.find((r) => /\/build-status\/[^/]+\/commits\/[0-9a-f]{40}|\/commits\/[0-9a-f]{40}\/builds/.test(r.url));
    expect(tasks && builds).toBeTruthy();
    // Both went out before either answered.
    expect(tasks!.start).toBeLessThanOrEqual(builds!.end);
    expect(builds!.start).toBeLessThanOrEqual(tasks!.end);
    expect(await tracked.page.locator('[data-testid="modal-content"] .yc-merge-headline').textContent()).toBe('Ready to merge: Bitbucket allows the merge.');
  });

  it('the read-only user sees the summary but no write actions', async () => {
    tracked = await env.newPage('user');
    await env.gotoPr(tracked.page, web(1));
    expect(await labelOf(tracked.page)).toBe('Merge: 2 blockers');
    await openSurface(tracked.page);
    const buttons = await tracked.page.locator('[data-testid="modal-content"] button').allTextContents();
    expect(buttons.every((text) => /^Show \d+ more/.test(text))).toBe(true);
  });
});
