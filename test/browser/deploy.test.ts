/**
 * A deploy through UPM replaces the running plugin: after `npm run deploy` of a new version, reloading
 * the PR page in Chromium loads the new descriptor's web-resources (and runs them), with no emulator
 * restart; uninstalling through UPM takes the plugin off the page.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { deployPlugin } from '../../plugin-descriptor/deploy';
import { PLUGIN_KEY } from '../../plugin-descriptor/modules';
import { nextVersionJar, PROBE_GLOBAL } from '../install/plugin-variants';
import { startBrowserEnv, summaryLabel, webApp, type BrowserEnv } from './support';

const PR = webApp(1);
const admin = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` };

describe('deploying a new version into the running emulator', () => {
  let env: BrowserEnv;
  let dir: string;
  let nextJar: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'browser-deploy-'));
    nextJar = await nextVersionJar(dir, join(dir, 'plugin-1.0.1.jar'));
    env = await startBrowserEnv();
  }, 120000);

  afterAll(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const loadedKeys = (page: import('playwright-core').Page) =>
    page.evaluate(() => (window as unknown as { __bitbucketEmulator: { wrm: { loaded(): { keys: string[] } } } }).__bitbucketEmulator.wrm.loaded().keys);
  /** Scripts of the initial batch (server-rendered, like WRM's `atl.general` batch) from one web-resource. */
  const batchScripts = (page: import('playwright-core').Page, moduleKey: string) =>
    page.evaluate((key) => [...document.querySelectorAll('script[src]')].map((s) => s.getAttribute('src') ?? '').filter((src) => src.includes(`/download/batch/${key}/`)), `${PLUGIN_KEY}:${moduleKey}`);

  it('serves the new descriptor on the next page load, without a restart', async () => {
    const tracked = await env.newPage('admin');
    const { page } = tracked;
    await env.gotoPr(page, PR);
    expect(await summaryLabel(page, 'insights')).not.toBe('');
    expect(await page.evaluate((name) => (window as unknown as Record<string, unknown>)[name], PROBE_GLOBAL)).toBeUndefined();
    expect(await batchScripts(page, 'deploy-probe')).toEqual([]);

    const result = await deployPlugin({ url: env.baseUrl, user: 'admin', password: 'admin', jar: nextJar, signature: null });
    expect(result.version).toBe('1.0.1');

    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('[data-testid="pr-title"]', { state: 'attached' });
    await page.waitForFunction((name) => (window as unknown as Record<string, unknown>)[name] === '1.0.1', PROBE_GLOBAL);
    expect(await batchScripts(page, 'deploy-probe')).toEqual([expect.stringMatching(/\/probe\.js$/)]);
    // The rest of the plugin still works from the new JAR.
    expect(await summaryLabel(page, 'insights')).not.toBe('');
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });

  it('takes the plugin off the page when UPM uninstalls it', async () => {
    const removed = await fetch(`${env.baseUrl}/rest/plugins/1.0/${PLUGIN_KEY}-key`, { method: 'DELETE', headers: admin });
    expect(removed.status).toBe(204);
    const tracked = await env.newPage('admin');
    await env.gotoPr(tracked.page, PR);
    expect(await loadedKeys(tracked.page)).toEqual([]);
    expect(await tracked.page.locator('[data-extension-key*="summary-insights"]').count()).toBe(0);
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });
});
