/**
 * Smoke test of the plugin in the emulated Bitbucket: the PR page loads without console errors, the
 * plugin's resources arrive the way the descriptor says (launcher via atl.general, every web-resource
 * of a PR extension-point context via WRM), and registered extensions render at their points.
 * Data-driven from the built descriptor, so new extensions are covered without test changes.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parsePluginDescriptor, type PluginDescriptor, type WebResourceModule } from '../../emulator/host/wrm/descriptor';
import { startBrowserEnv, type BrowserEnv, type PullRequestRef } from './support';

const ROOT = join(__dirname, '../..');
const DESCRIPTOR = join(ROOT, 'target/classes/atlassian-plugin.xml');
/** PR extension points the emulated PR page renders, and the tab each lives on. */
const RENDERED_POINTS: Record<string, 'overview' | 'diff'> = {
  'bitbucket.ui.pullrequest.overview.summary': 'overview',
  'bitbucket.ui.pullrequest.action': 'overview',
  'bitbucket.ui.pullrequest.comment.extra': 'overview',
  'bitbucket.ui.pullrequest.diff.toolbar': 'diff',
};
/** Seeded PR with comments, changes and reviewers (emulator/seed). */
const PR: PullRequestRef = { projectKey: 'ACME', repoSlug: 'web-app', id: 1 };

const batchPath = (module: WebResourceModule, name: string) => `/_/download/batch/${module.completeKey}/${encodeURIComponent(name)}`;
const downloads = (module: WebResourceModule) => module.resources.filter((r) => r.type === 'download' && /\.(js|css)$/.test(r.name));

describe('plugin smoke test in the emulated PR page', () => {
  let env: BrowserEnv;
  let descriptor: PluginDescriptor;

  beforeAll(async () => {
    if (!existsSync(DESCRIPTOR)) throw new Error(`${DESCRIPTOR} is missing — run "npm run build" first`);
    descriptor = parsePluginDescriptor(readFileSync(DESCRIPTOR, 'utf8'));
    env = await startBrowserEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('loads the PR page with no console errors, the launcher from atl.general and every PR extension-point web-resource', async () => {
    const tracked = await env.newPage('admin');
    await env.clearRequestLog();
    await env.gotoPr(tracked.page, PR, 'overview');
    const pointsInDescriptor = [...new Set(descriptor.webResources.flatMap((m) => m.contexts).filter((c) => c.startsWith('bitbucket.ui.pullrequest.')))];
    const unsupported = pointsInDescriptor.filter((c) => !(c in RENDERED_POINTS));
    expect(unsupported).toEqual([]);

    // Visit the diff tab through the page's own tab (client-side), so diff.toolbar extensions load too.
    if (pointsInDescriptor.some((c) => RENDERED_POINTS[c] === 'diff')) {
      await tracked.page.click('[data-testid="tab-DIFF"]');
      await tracked.page.waitForSelector('[data-testid="diff-view"] table, [data-testid="diff-view"] p', { timeout: 30000 });
    }
    // Let every location finish loading (the registry defers its final emission by a tick).
    await tracked.page.waitForFunction(() => document.querySelectorAll('[data-extension-point][aria-busy="true"]').length === 0, undefined, { timeout: 30000 });

    const requested = (await env.requestLog()).filter((r) => r.method === 'GET' && r.status === 200).map((r) => r.url.split('?')[0]);
    const wasLoaded = (module: WebResourceModule) => downloads(module).every((resource) => requested.some((url) => url.endsWith(batchPath(module, resource.name))));

    const general = descriptor.webResources.filter((m) => m.contexts.includes('atl.general') && downloads(m).length > 0);
    expect(general.length).toBeGreaterThan(0);
    for (const module of general) expect({ key: module.key, loaded: wasLoaded(module) }).toEqual({ key: module.key, loaded: true });

    const pointModules = descriptor.webResources.filter((m) => m.contexts.some((c) => c in RENDERED_POINTS) && downloads(m).length > 0);
    for (const module of pointModules) expect({ key: module.key, loaded: wasLoaded(module) }).toEqual({ key: module.key, loaded: true });

    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });

  it('renders at least one registered extension at its extension point', async () => {
    const extensionFiles = existsSync(join(ROOT, 'frontend/extensions')) ? readdirSync(join(ROOT, 'frontend/extensions')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')) : [];
    expect(extensionFiles.length).toBeGreaterThan(0);
    const tracked = await env.newPage('admin');
    await env.gotoPr(tracked.page, PR, 'overview');
    await tracked.page.waitForSelector('[data-extension-point] [data-extension-key]', { state: 'attached', timeout: 30000 });
    const rendered = await tracked.page.$$eval('[data-extension-point] [data-extension-key]', (nodes) => nodes.map((n) => n.getAttribute('data-extension-key')));
    const registeredKeys = new Set(descriptor.webItems.map((item) => item.completeKey));
    expect(rendered.length).toBeGreaterThan(0);
    // What renders is what the descriptor declares (CSE web-item key = registered extension key).
    for (const key of rendered) expect(registeredKeys.has(String(key))).toBe(true);
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });

  it('renders the descriptor\'s header.global.primary web-items with translated labels on the dashboard', async () => {
    const items = descriptor.webItems.filter((item) => item.section === 'header.global.primary');
    expect(items.length).toBeGreaterThan(0);
    const tracked = await env.newPage('admin');
    const response = await tracked.page.goto(`${env.baseUrl}/dashboard`);
    expect(response?.status()).toBe(200);
    for (const item of items) {
      const link = tracked.page.locator(`nav.aui-header a[data-web-item-key="${item.completeKey}"]`);
      await expect(link.count()).resolves.toBe(1);
      const label = (await link.textContent()) ?? '';
      expect(label.trim()).not.toBe('');
      expect(label.trim()).not.toBe(item.labelKey);
    }
    await tracked.page.waitForLoadState('networkidle');
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });
});
