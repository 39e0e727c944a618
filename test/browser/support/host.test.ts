/**
 * The emulated host itself, in Chromium: CSE rendering semantics, the modal API, extension
 * isolation, and client-side PR navigation without leaks. Test extensions are registered from the
 * test through the page's registry (`window.____c_p_r`), never from the plugin.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { startBrowserEnv, type BrowserEnv, type PullRequestRef } from '.';
import { PLUGIN_KEY } from '../../../plugin-descriptor/modules';

const PR: PullRequestRef = { projectKey: 'ACME', repoSlug: 'web-app', id: 1 };
const SUMMARY = 'bitbucket.ui.pullrequest.overview.summary';

type TestWindow = Window & {
  ____c_p_r: { registerExtension(key: string, provider: (api: unknown, context: unknown) => unknown, initial: { location: string; weight?: number }): void };
  __test: Record<string, unknown[]>;
  __bitbucketEmulator: { navigations(): number };
};

async function navigate(page: Page, direction: 'next' | 'prev', expectedCount: number): Promise<void> {
  await page.click(`[data-testid="pr-nav-${direction}"]`);
  await page.waitForFunction((n) => (window as unknown as TestWindow).__bitbucketEmulator.navigations() === n, expectedCount);
  await page.waitForFunction(() => document.querySelectorAll('[data-extension-point][aria-busy="true"]').length === 0);
}

describe('emulated Bitbucket host', () => {
  let env: BrowserEnv;

  beforeAll(async () => {
    env = await startBrowserEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('renders CSE attributes, isolates failing extensions and runs cleanups when leaving the PR', async () => {
    const tracked = await env.newPage('admin');
    const { page } = tracked;
    await env.gotoPr(page, PR);
    await page.evaluate((location) => {
      const w = window as unknown as TestWindow;
      w.__test = { cleanups: [], contexts: [], actions: [] };
      const registry = w.____c_p_r;
      registry.registerExtension('test:live', (api: unknown, context: unknown) => {
        const extensionApi = api as { updateAttributes(p: unknown): void; onCleanup(cb: () => void): void };
        w.__test.contexts.push(JSON.parse(JSON.stringify(context)));
        extensionApi.onCleanup(() => w.__test.cleanups.push('live'));
        setTimeout(() => extensionApi.updateAttributes((prev: { label: string }) => ({ label: `${prev.label} → updated` })), 50);
        return { type: 'button', label: 'Live', iconBefore: 'add', onAction: () => w.__test.actions.push('live') };
      }, { location, weight: 1 });
      registry.registerExtension('test:hidden', () => ({ type: 'button', label: 'Hidden', hidden: true }), { location, weight: 2 });
      registry.registerExtension('test:busy', () => ({ type: 'link', label: 'Busy', url: 'javascript:alert(1)', disabled: true, isLoading: true }), { location, weight: 3 });
      registry.registerExtension('test:throws', () => {
        throw new Error('extension exploded');
      }, { location, weight: 4 });
      registry.registerExtension('test:not-plain', () => new Date() as unknown, { location, weight: 5 });
    }, SUMMARY);

    const live = page.locator('[data-extension-key="test:live"]');
    await expect(live.textContent()).resolves.toContain('Live');
    await page.waitForFunction(() => document.querySelector('[data-extension-key="test:live"]')?.textContent?.includes('updated'));
    expect(await live.locator('[data-icon="add"]').count()).toBe(1);
    await live.click();
    expect(await page.evaluate(() => (window as unknown as TestWindow).__test.actions)).toEqual(['live']);
    expect(await page.locator('[data-extension-key="test:hidden"]').count()).toBe(0);
    const busy = page.locator('[data-extension-key="test:busy"]');
    await expect(busy.getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(busy.getAttribute('aria-busy')).resolves.toBe('true');
    await expect(busy.getAttribute('href')).resolves.toBeNull();
    expect(await page.locator('[data-extension-key="test:throws"], [data-extension-key="test:not-plain"]').count()).toBe(0);

    const context = (await page.evaluate(() => (window as unknown as TestWindow).__test.contexts[0])) as { pullRequest: { id: number }; repository: { slug: string }; project: { key: string } };
    expect(context.pullRequest.id).toBe(1);
    expect(context.repository.slug).toBe('web-app');
    expect(context.project.key).toBe('ACME');

    // The plugin's own extensions still rendered next to the broken ones.
    expect(await page.locator(`[data-testid="pr-summary-extensions"] [data-extension-key^="${PLUGIN_KEY}"]`).count()).toBeGreaterThan(0);

    await navigate(page, 'next', 1);
    expect(await page.evaluate(() => (window as unknown as TestWindow).__test.cleanups)).toEqual(['live']);
    // Re-subscribed with the new context.
    const contexts = (await page.evaluate(() => (window as unknown as TestWindow).__test.contexts)) as { pullRequest: { id: number } }[];
    expect(contexts.map((c) => c.pullRequest.id)).toEqual([1, 2]);

    expect(tracked.pageErrors).toEqual([]);
    const unexpected = tracked.consoleErrors.filter((e) => !/test:throws|test:not-plain/.test(e));
    expect(unexpected).toEqual([]);
    expect(tracked.consoleErrors.some((e) => e.includes('test:throws'))).toBe(true);
    await tracked.close();
  });

  it('implements the CSE modal API on an AUI dialog2 with focus management and onClose veto', async () => {
    const tracked = await env.newPage('admin');
    const { page } = tracked;
    await env.gotoPr(page, PR);
    await page.evaluate((location) => {
      const w = window as unknown as TestWindow;
      w.__test = { events: [] };
      w.____c_p_r.registerExtension('test:modal', () => ({
        type: 'modal',
        label: 'Open test modal',
        onAction(modal: Record<string, (...args: unknown[]) => unknown>) {
          let vetoes = 1;
          modal.setTitle('Test <b>modal</b>');
          modal.setWidth('small');
          modal.setAppearance('danger');
          modal.onMount((element: HTMLElement) => {
            w.__test.events.push('mount');
            const input = document.createElement('input');
            input.setAttribute('aria-label', 'Name');
            element.appendChild(input);
          });
          modal.onUnmount(() => w.__test.events.push('unmount'));
          modal.onClose(() => {
            w.__test.events.push('close-request');
            return vetoes-- > 0 ? false : true;
          });
          modal.setActions([
            { text: 'Save', testId: 'test-save', onClick: () => w.__test.events.push('save') },
            { text: 'Disabled', testId: 'test-disabled', isDisabled: true, onClick: () => w.__test.events.push('never') },
          ]);
        },
      }), { location, weight: 0 });
    }, SUMMARY);

    const trigger = page.locator('[data-extension-key="test:modal"]');
    await trigger.click();
    const dialog = page.locator('section[role="dialog"][data-extension-key="test:modal"]');
    await dialog.waitFor();
    await expect(dialog.locator('h2').textContent()).resolves.toBe('Test <b>modal</b>');
    await expect(dialog.getAttribute('class')).resolves.toMatch(/aui-dialog2-small/);
    expect(await dialog.locator('[data-testid="test-disabled"]').isDisabled()).toBe(true);
    await dialog.locator('[data-testid="test-save"]').click();
    expect(await page.evaluate(() => document.activeElement?.closest('section[role="dialog"]') !== null)).toBe(true);
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('section[role="dialog"]') !== null)).toBe(true);

    const openViolations = await env.runAxe(page);
    expect(openViolations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(1); // vetoed by onClose
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => (window as unknown as TestWindow).__test.events)).toEqual(['mount', 'save', 'close-request', 'close-request', 'unmount']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-extension-key'))).toBe('test:modal');

    const violations = await env.runAxe(page);
    expect(violations.map((v) => v.id)).toEqual([]);
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });

  it('swaps PRs 50 times without a reload and without leaking listeners, timers, subscriptions or requests', async () => {
    const tracked = await env.newPage('admin');
    const { page } = tracked;
    await page.addInitScript(() => {
      const counts = { listeners: 0, timers: new Set<number>(), inflight: 0 };
      (window as unknown as { __leaks: typeof counts }).__leaks = counts;
      const add = EventTarget.prototype.addEventListener;
      const remove = EventTarget.prototype.removeEventListener;
      const tracked = new WeakMap<object, Set<unknown>>();
      const watch = (target: EventTarget) => target === window || target === document || target === document.body;
      EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, listener: unknown, options?: unknown) {
        if (watch(this) && listener) {
          const set = tracked.get(this) ?? new Set();
          const id = `${type}:${String((options as { capture?: boolean } | boolean | undefined) === true || (options as { capture?: boolean })?.capture === true)}`;
          const key = [listener, id];
          if (![...set].some((k) => (k as unknown[])[0] === listener && (k as unknown[])[1] === id)) {
            set.add(key);
            counts.listeners++;
          }
          tracked.set(this, set);
        }
        return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
      };
      EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, listener: unknown, options?: unknown) {
        if (watch(this) && listener) {
          const set = tracked.get(this);
          const id = `${type}:${String((options as boolean | undefined) === true || (options as { capture?: boolean })?.capture === true)}`;
          for (const key of set ?? []) {
            if ((key as unknown[])[0] === listener && (key as unknown[])[1] === id) {
              set!.delete(key);
              counts.listeners--;
            }
          }
        }
        return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
      };
      const setInterval0 = window.setInterval;
      const clearInterval0 = window.clearInterval;
      window.setInterval = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => {
        const id = setInterval0(fn, ms, ...args);
        counts.timers.add(id);
        return id;
      }) as typeof window.setInterval;
      window.clearInterval = ((id?: number) => {
        if (id !== undefined) counts.timers.delete(id);
        clearInterval0(id);
      }) as typeof window.clearInterval;
      const fetch0 = window.fetch;
      window.fetch = (async (...args: Parameters<typeof fetch>) => {
        counts.inflight++;
        try {
          return await fetch0(...args);
        } finally {
          counts.inflight--;
        }
      }) as typeof fetch;
    });
    await env.clearRequestLog();
    await env.gotoPr(page, PR);
    await page.waitForFunction(() => document.querySelectorAll('[data-extension-point][aria-busy="true"]').length === 0);
    // Warm up: the first visit to each location loads its web-resources once.
    await navigate(page, 'next', 1);
    await navigate(page, 'prev', 2);
    const snapshot = () =>
      page.evaluate(() => {
        const leaks = (window as unknown as { __leaks: { listeners: number; timers: Set<number>; inflight: number } }).__leaks;
        const registry = (window as unknown as { ____c_p_r: { locations: Map<string, { observers: unknown[] }> } }).____c_p_r;
        const observers = [...registry.locations.values()].reduce((sum, subject) => sum + subject.observers.length, 0);
        return { listeners: leaks.listeners, intervals: leaks.timers.size, observers, nodes: document.getElementsByTagName('*').length };
      });
    const before = await snapshot();
    let count = 2;
    for (let i = 0; i < 50; i++) await navigate(page, i % 2 === 0 ? 'next' : 'prev', ++count);
    await page.waitForFunction(() => (window as unknown as { __leaks: { inflight: number } }).__leaks.inflight === 0, undefined, { timeout: 30000 });
    const after = await snapshot();
    expect(after.listeners).toBeLessThanOrEqual(before.listeners);
    expect(after.intervals).toBeLessThanOrEqual(before.intervals);
    expect(after.observers).toBe(before.observers);
    expect(Math.abs(after.nodes - before.nodes)).toBeLessThan(50);
    // One PR fetch per navigation; the page itself never reloaded.
    const prFetches = (await env.requestLog()).filter((r) => /\/rest\/api\/latest\/projects\/ACME\/repos\/web-app\/pull-requests\/\d+$/.test(r.url.split('?')[0]) && r.method === 'GET');
    expect(prFetches.length).toBeGreaterThanOrEqual(52);
    const pageLoads = (await env.requestLog()).filter((r) => /\/pull-requests\/\d+\/overview$/.test(r.url.split('?')[0]));
    expect(pageLoads.length).toBe(1);
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });

  it('surfaces a web-resource with an unknown dependency as a console error, like a failed batch', async () => {
    const pluginDir = mkdtempSync(join(tmpdir(), 'planted-plugin-'));
    cpSync(join(__dirname, '../../../target/classes'), pluginDir, { recursive: true });
    const descriptor = join(pluginDir, 'atlassian-plugin.xml');
    const xml = readFileSync(descriptor, 'utf8');
    // Plant the defect in the first web-resource of the PR's summary context.
    const planted = xml.replace(/(<context>bitbucket\.ui\.pullrequest\.overview\.summary<\/context>)/, '$1<dependency>com.atlassian.bitbucket.server.bitbucket-web-api:no-such-api</dependency>');
    expect(planted).not.toBe(xml);
    writeFileSync(descriptor, planted);
    const plantedEnv = await startBrowserEnv({ pluginDir });
    try {
      const tracked = await plantedEnv.newPage('admin');
      await plantedEnv.gotoPr(tracked.page, PR);
      await tracked.page.waitForFunction(() => document.querySelector('[data-testid="pr-summary-extensions"]')?.getAttribute('aria-busy') === 'false');
      expect(tracked.consoleErrors.join('\n')).toContain('Cannot find web-resource module for com.atlassian.bitbucket.server.bitbucket-web-api:no-such-api');
      expect(tracked.pageErrors).toEqual([]);
    } finally {
      await plantedEnv.close();
      rmSync(pluginDir, { recursive: true, force: true });
    }
  });

  it('provides the host AMD modules synchronously, WRM globals and bitbucket/util/server semantics', async () => {
    const tracked = await env.newPage('admin');
    const { page } = tracked;
    await env.gotoPr(page, PR);
    const facts = await page.evaluate(() => {
      const req = (window as unknown as { require(id: string): any }).require;
      const w = window as unknown as { WRM: any; AJS: any; jQuery: unknown };
      const pr = req('bitbucket/util/state').getPullRequest();
      return {
        jquery: req('jquery') === w.jQuery,
        contextPath: req('wrm/context-path')(),
        ajsContextPath: w.AJS.contextPath(),
        claimed: w.WRM.data.claim('com.atlassian.plugins.atlassian-plugins-webresource-plugin:context-path.context-path'),
        user: req('bitbucket/util/state').getCurrentUser().name,
        prId: pr.id,
        project: req('bitbucket/util/state').getProject().key,
        prUrl: req('bitbucket/util/navbuilder').pullRequest(pr).overview().build(),
        flag: typeof req('aui/flag'),
        format: req('wrm/format')('{0} of {1}', 1, 2),
        thenable: typeof req('wrm/require')('wr!com.atlassian.auiplugin:aui-flag').done,
      };
    });
    expect(facts).toEqual({ jquery: true, contextPath: '/bitbucket', ajsContextPath: '/bitbucket', claimed: '/bitbucket', user: 'admin', prId: 1, project: 'ACME', prUrl: '/bitbucket/projects/ACME/repos/web-app/pull-requests/1/overview', flag: 'function', format: '1 of 2', thenable: 'function' });

    // Default error handling opens the blocking error dialog; statusCode '*': false opts out.
    const outcomes = await page.evaluate(async () => {
      const server = (window as unknown as { require(id: string): any }).require('bitbucket/util/server');
      const url = '/bitbucket/rest/api/latest/projects/NOPE';
      const settle = (p: PromiseLike<unknown>) => new Promise((resolve) => p.then(() => resolve('resolved'), () => resolve('rejected')));
      const quiet = await settle(server.rest({ url, statusCode: { '*': false } }));
      const quietDialogs = document.querySelectorAll('[data-testid="server-error-dialog"]').length;
      const loud = await settle(server.rest({ url }));
      return { quiet, quietDialogs, loud, dialogs: document.querySelectorAll('[data-testid="server-error-dialog"]').length, text: document.querySelector('[data-testid="server-error-dialog"]')?.textContent ?? '' };
    });
    expect(outcomes).toMatchObject({ quiet: 'rejected', quietDialogs: 0, loud: 'rejected', dialogs: 1 });
    expect(outcomes.text).toMatch(/NOPE/);
    expect(tracked.pageErrors).toEqual([]);
    expect(tracked.consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    await tracked.close();
  });
});
