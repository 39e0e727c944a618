/**
 * The host pages and WRM serving over HTTP (a random port; fastify's inject needs ESM-only `cookie`,
 * which jest on Node 20 cannot load): login redirect, page shell,
 * initial context batch from the built descriptor, resource serving with jsI18n, WRM resolution.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startEmulator, type RunningEmulator } from '../../index';
import { parsePluginDescriptor } from '../wrm/descriptor';
import { PAGE_DATA_ELEMENT_ID, type PageData } from '../page-data';

const ROOT = join(__dirname, '../../..');
const DESCRIPTOR = join(ROOT, 'target/classes/atlassian-plugin.xml');
const auth = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${user}`).toString('base64')}` });
const PR_PAGE = '/bitbucket/projects/ACME/repos/web-app/pull-requests/1/overview';

function pageData(html: string): PageData {
  const match = new RegExp(`<script type="application/json" id="${PAGE_DATA_ELEMENT_ID}">([^<]*)</script>`).exec(html);
  if (!match) throw new Error('no page data');
  return JSON.parse(match[1]) as PageData;
}

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

describe('host pages', () => {
  let emulator: RunningEmulator;
  let dataDir: string;
  const app = {
    async inject(options: { method: string; url: string; headers?: Record<string, string>; payload?: string }): Promise<Answer> {
      const origin = emulator.url.slice(0, -'/bitbucket'.length);
      const response = await fetch(origin + options.url, { method: options.method, headers: options.headers, body: options.payload, redirect: 'manual' });
      return { statusCode: response.status, headers: Object.fromEntries(response.headers.entries()), body: await response.text() };
    },
  };

  beforeAll(async () => {
    if (!existsSync(DESCRIPTOR)) throw new Error('run "npm run build" first');
    dataDir = mkdtempSync(join(tmpdir(), 'host-pages-'));
    emulator = await startEmulator({ port: 0, dataDir, reset: true, faults: true, quiet: true, pluginDir: join(ROOT, 'target/classes') });
  }, 120000);

  afterAll(async () => {
    await emulator?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('redirects anonymous page requests to the login page with next', async () => {
    const response = await app.inject({ method: 'GET', url: `${PR_PAGE}?x=1` });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(`/bitbucket/login?next=${encodeURIComponent(`${PR_PAGE}?x=1`)}`);
  });

  it('renders the PR page shell: CSP, no inline scripts, page data, initial batch in dependency order', async () => {
    const response = await app.inject({ method: 'GET', url: PR_PAGE, headers: auth('admin') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    const html = response.body;
    // Every <script> either has a src or is the JSON data block.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.every((attrs) => /\bsrc="/.test(attrs) || /type="application\/json"/.test(attrs))).toBe(true);
    expect(html).not.toMatch(/\son[a-z]+="/i);
    const order = ['jquery.js', 'require.js', 'pre-aui.js', 'aui-prototyping.js', 'aui-prototyping-design-tokens-api.js', 'host-runtime.js'].map((name) => html.indexOf(`/${name}"`));
    expect(order.every((index, i) => index > 0 && (i === 0 || index > order[i - 1]))).toBe(true);

    const data = pageData(html);
    expect(data).toMatchObject({ page: 'pull-request', tab: 'overview', contextPath: '/bitbucket', initialContexts: ['atl.general', 'bitbucket.page.pullRequest.view'], wrmErrors: [] });
    expect(data.currentUser).toMatchObject({ name: 'admin', slug: 'admin' });
    expect(data.pullRequest).toMatchObject({ id: 1, toRef: { repository: { slug: 'web-app', project: { key: 'ACME' } } } });
    expect(data.pullRequestIds[0]).toBe(1);

    const descriptor = parsePluginDescriptor(readFileSync(DESCRIPTOR, 'utf8'));
    const general = descriptor.webResources.filter((m) => m.contexts.includes('atl.general'));
    expect(general.length).toBeGreaterThan(0);
    for (const module of general) {
      for (const resource of module.resources.filter((r) => r.name.endsWith('.js'))) {
        const at = html.indexOf(`/_/download/batch/${module.completeKey}/${resource.name}"`);
        expect(at).toBeGreaterThan(html.indexOf('/host-runtime.js"'));
      }
    }
    // The descriptor's global header web-item, label translated and link under the context path.
    const item = descriptor.webItems.find((w) => w.section === 'header.global.primary');
    if (item) expect(html).toContain(`href="/bitbucket${item.link}" data-web-item-key="${item.completeKey}"`);
  });

  it('escapes untrusted data in server-rendered pages and page data', async () => {
    const response = await app.inject({ method: 'GET', url: '/bitbucket/dashboard', headers: auth('admin') });
    expect(response.statusCode).toBe(200);
    const data = response.body.slice(response.body.indexOf(`id="${PAGE_DATA_ELEMENT_ID}">`));
    expect(data.slice(0, data.indexOf('</script>'))).not.toMatch(/</);
  });

  it('answers 404 pages for PRs and repositories the user cannot see', async () => {
    expect((await app.inject({ method: 'GET', url: '/bitbucket/projects/ACME/repos/web-app/pull-requests/999/overview', headers: auth('admin') })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/bitbucket/projects/NOPE/repos/x/pull-requests/1/overview', headers: auth('admin') })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/bitbucket/projects/ACME/repos/web-app/pull-requests/1/nonsense', headers: auth('admin') })).statusCode).toBe(404);
  });

  it.each(['/bitbucket/dashboard', '/bitbucket/projects', '/bitbucket/projects/ACME', '/bitbucket/projects/ACME/repos/web-app/browse', '/bitbucket/projects/ACME/repos/web-app/pull-requests?state=ALL'])('renders %s', async (url) => {
    const response = await app.inject({ method: 'GET', url, headers: auth('user') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(pageData(response.body).initialContexts).toEqual(['atl.general']);
  });

  it('shows a file at a ref with line anchors, escaped, and 404s for missing paths', async () => {
    const response = await app.inject({ method: 'GET', url: '/bitbucket/projects/ACME/repos/web-app/browse/src/feature/search.ts?at=feature/search', headers: auth('user') });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('data-testid="source-view"');
    expect(response.body).toMatch(/<tr id="1" data-line="1">/);
    expect(response.body).not.toMatch(/<pre>[^<]*<(?!\/pre>)/);
    const missing = await app.inject({ method: 'GET', url: '/bitbucket/projects/ACME/repos/web-app/browse/no/such/file.ts?at=main', headers: auth('user') });
    expect(missing.statusCode).toBe(404);
  });

  it('serves plugin resources like WRM: jsI18n applied, content type, immutable caching, source maps', async () => {
    const descriptor = parsePluginDescriptor(readFileSync(DESCRIPTOR, 'utf8'));
    const host = descriptor.webResources.find((m) => m.key === 'module-ui-widgets') ?? descriptor.webResources[0];
    const resource = host.resources.find((r) => r.name.endsWith('.js'))!;
    const html = (await app.inject({ method: 'GET', url: PR_PAGE, headers: auth('admin') })).body;
    const hash = /\/bitbucket\/s\/([0-9a-f]+)\/_\/download\/batch\//.exec(html)![1];
    const url = `/bitbucket/s/${hash}/_/download/batch/${host.completeKey}/${resource.name}`;
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/javascript;charset=UTF-8');
    expect(response.headers['cache-control']).toContain('immutable');
    const raw = readFileSync(join(ROOT, 'target/classes', resource.location), 'utf8');
    // The ui-widgets module's built file calls I18n.getText, with and without arguments (its error texts): WRM must rewrite every call.
    expect(raw).toMatch(/\.I18n\.getText\("[\w.-]+"\)/);
    expect(response.body).not.toMatch(/\.I18n\.getText\("[\w.-]+"\)/);
    expect(response.body).toMatch(/\.format\("/);
    const map = await app.inject({ method: 'GET', url: `${url}.map` });
    expect(map.statusCode).toBe(existsSync(join(ROOT, 'target/classes', `${resource.location}.map`)) ? 200 : 404);
    expect((await app.inject({ method: 'GET', url: `/bitbucket/s/${hash}/_/download/batch/${host.completeKey}/nope.js` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/bitbucket/s/${hash}/_/download/batch/${host.completeKey}/..%2F..%2Fatlassian-plugin.xml` })).statusCode).toBe(404);
  });

  it('resolves WRM.require requests and fails unknown keys', async () => {
    const descriptor = parsePluginDescriptor(readFileSync(DESCRIPTOR, 'utf8'));
    const contexts = [...new Set(descriptor.webResources.flatMap((m) => m.contexts))];
    const response = await app.inject({
      method: 'POST',
      url: '/bitbucket/rest/webResources/1.0/resources',
      headers: { ...auth('admin'), 'content-type': 'application/json' },
      payload: JSON.stringify({ r: ['com.atlassian.auiplugin:aui-flag'], c: contexts, xr: [], xc: ['atl.general'] }),
    });
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body) as { resources: { url: string; key: string; resourceType: string; batchType: string }[]; errors?: string[] };
    expect(body.errors).toBeUndefined();
    for (const resource of body.resources) expect(resource).toEqual({ url: expect.stringMatching(/^\/bitbucket\/s\/[0-9a-f]+\/_\/download\/batch\//), key: expect.any(String), resourceType: expect.stringMatching(/^(JAVASCRIPT|CSS)$/), batchType: 'resource' });
    const unknown = await app.inject({
      method: 'POST',
      url: '/bitbucket/rest/webResources/1.0/resources',
      headers: { ...auth('admin'), 'content-type': 'application/json' },
      payload: JSON.stringify({ r: ['com.atlassian.nothing:here'] }),
    });
    expect(JSON.parse(unknown.body).errors).toEqual(['Cannot find web-resource module for com.atlassian.nothing:here (required by the page)']);
  });
});
