/**
 * Loads every built bundle of the shipped JAR through the browser build of RequireJS in jsdom, with
 * the host's AMD modules stubbed, and proves that each `yourcompany/*` module defines, resolves its
 * dependencies and exposes its documented API, and that each entry script runs and registers.
 */
import { readFileSync } from 'fs';
import { JSDOM } from 'jsdom';
import { join } from 'path';
import { HOST_MODULES, NAMED_MODULES, PLUGIN_KEY, moduleWebResourceKey } from '../../plugin-descriptor/modules';
import { amdUnitOf } from '../../plugin-descriptor/verify';
import { builtJar } from '../descriptor/built-jar';

type AmdWindow = Window & typeof globalThis & {
  require: ((deps: string[], ok: (...m: unknown[]) => void, fail: (e: Error) => void) => void) & { config(c: object): void };
  define: (name: string, deps: string[], factory: (...m: unknown[]) => unknown) => void;
  ____c_p_r?: { getLocation(name: string): { subscribe(cb: (v: { descriptors: { key: string }[]; loadingState: boolean }) => void): unknown } };
  __wrmRequested: string[];
  __loadBundle: (file: string) => void;
};

const requireJs = readFileSync(join(__dirname, '../../node_modules/requirejs/require.js'), 'utf8');

/** Host AMD stubs: just enough behaviour for the modules to initialise, like a Bitbucket page. */
const HOST_STUBS = `
  define('jquery', [], function () { return {}; });
  define('wrm/context-path', [], function () { return function () { return '/bitbucket'; }; });
  define('wrm/data', [], function () { return { claim: function () { return undefined; } }; });
  define('wrm/format', [], function () { return function (p) { return p; }; });
  define('wrm/require', [], function () {
    return function (specs) {
      specs = [].concat(specs);
      window.__wrmRequested.push.apply(window.__wrmRequested, specs);
      specs.forEach(function (spec) { if (window.__bundleFor[spec]) window.__loadBundle(window.__bundleFor[spec]); });
      return Promise.resolve();
    };
  });
  define('bitbucket/util/state', [], function () {
    return { getCurrentUser: function () { return { id: 1, name: 'admin', slug: 'admin', displayName: 'Admin' }; },
             getProject: function () { return false; }, getRepository: function () { return false; }, getPullRequest: function () { return false; } };
  });
  define('bitbucket/util/events', [], function () { return { on: function () {}, off: function () {}, trigger: function () {} }; });
  define('bitbucket/util/server', [], function () { return {}; });
  define('bitbucket/util/navbuilder', [], function () { return {}; });
  define('aui/flag', [], function () { return function () { return { close: function () {} }; }; });
`;

describe('AMD load of the built bundles', () => {
  let window: AmdWindow;
  let entries: Map<string, Buffer>;
  let descriptor: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    entries = await builtJar();
    descriptor = entries.get('atlassian-plugin.xml')!.toString('utf8');
    const dom = new JSDOM('<!doctype html><html><body></body></html>', { runScripts: 'dangerously', url: 'http://localhost:7990/bitbucket/dashboard' });
    window = dom.window as unknown as AmdWindow;
    window.addEventListener('error', (e) => errors.push(e.error ?? e.message));
    window.__wrmRequested = [];
    const run = (code: string) => {
      const script = window.document.createElement('script');
      script.textContent = code;
      window.document.head.appendChild(script);
    };
    // Map `wr!<key>` (what the launcher and registry ask WRM for) to the bundle files of that web-resource.
    const bundleFor: Record<string, string> = {};
    for (const m of descriptor.matchAll(/<web-resource key="([^"]+)">[\s\S]*?location="(js\/[^"]+\.js)"/g)) {
      bundleFor[`wr!${PLUGIN_KEY}:${m[1]}`] = m[2];
    }
    (window as unknown as { __bundleFor: Record<string, string> }).__bundleFor = bundleFor;
    window.__loadBundle = (file) => run(entries.get(file)!.toString('utf8'));
    run(requireJs);
    window.require.config({ waitSeconds: 5 });
    run(HOST_STUBS);
  });

  afterAll(() => window.close());

  const load = (name: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => window.require([name], (m) => resolve(m as Record<string, unknown>), reject));

  it.each(Object.entries(NAMED_MODULES))('yourcompany/%s defines, resolves and exposes its API', async (name, { api }) => {
    const file = `js/${name}.js`;
    const unit = amdUnitOf(file, entries.get(file)!.toString('utf8'));
    expect(unit).toMatchObject({ kind: 'define', name: `yourcompany/${name}` });
    // Load the module's own bundle and those of its yourcompany/* dependencies, as WRM would.
    const loadWithDependencies = (n: string, seen = new Set<string>()) => {
      if (seen.has(n)) return;
      seen.add(n);
      const u = amdUnitOf(`js/${n}.js`, entries.get(`js/${n}.js`)!.toString('utf8'))!;
      for (const dep of u.deps) if (dep.startsWith('yourcompany/')) loadWithDependencies(dep.slice('yourcompany/'.length), seen);
      window.__loadBundle(`js/${n}.js`);
    };
    loadWithDependencies(name);
    const module = await load(`yourcompany/${name}`);
    for (const member of api) expect({ member, defined: module[member] !== undefined }).toEqual({ member, defined: true });
    for (const dep of unit!.deps) expect(dep.startsWith('yourcompany/') || dep in HOST_MODULES).toBe(true);
    expect(descriptor).toContain(`<web-resource key="${moduleWebResourceKey(name)}">`);
  });

  it('runs every entry script, which pulls in its named modules and registers its extensions', async () => {
    const entryFiles = [...entries.keys()].filter((f) => f.endsWith('.js') && amdUnitOf(f, entries.get(f)!.toString('utf8'))?.kind === 'require');
    expect(entryFiles).toContain('js/launcher.js');
    for (const file of entryFiles) window.__loadBundle(file);
    await new Promise((r) => setTimeout(r, 50));

    // Each Client-side Extension web-item must now be registered in the CSE registry at its section.
    const extensions = [...descriptor.matchAll(/<web-item key="([^"]+)" section="([^"]+)"(?:(?!<link)[\s\S])*?<\/web-item>/g)]
      .filter((m) => !m[0].includes('<link'))
      .map((m) => ({ key: `${PLUGIN_KEY}:${m[1]}`, location: m[2] }));
    for (const { key, location } of extensions) {
      const registry = window.____c_p_r!;
      expect(registry).toBeDefined();
      const keys = await new Promise<string[]>((resolve) => {
        registry.getLocation(location).subscribe(({ descriptors, loadingState }) => {
          if (!loadingState) resolve(descriptors.map((d) => d.key));
        });
      });
      expect(keys).toContain(key);
    }
    expect(errors).toEqual([]);
  });

  it('the launcher loads the viewer bundle only when the viewer route is opened', async () => {
    const viewerKey = `wr!${PLUGIN_KEY}:${moduleWebResourceKey('viewer')}`;
    expect(window.__wrmRequested).not.toContain(viewerKey);
    window.location.hash = '#yourcompany-insights?tab=reports';
    await new Promise((r) => setTimeout(r, 50));
    expect(window.__wrmRequested).toContain(viewerKey);
  });
});
