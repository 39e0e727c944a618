/**
 * A jsdom page that loads a plugin JAR's bundles through the browser build of RequireJS the way WRM
 * would (a web-resource's own <dependency>s first, then its resources), with the host's AMD modules
 * stubbed and the product's real CSE registry; and the suite that proves, for the shipped JAR and for
 * renamed builds, that each `<namespace>/*` module defines, resolves its dependencies and exposes its
 * documented API, and that each entry script runs and registers its extensions.
 */
import { readFileSync } from 'fs';
import { JSDOM } from 'jsdom';
import { dirname, join } from 'path';
import { HOST_MODULES, NAMED_MODULES, moduleWebResourceKey } from '../../plugin-descriptor/modules';
import { amdUnitOf } from '../../plugin-descriptor/verify';

export type Registry = { getLocation(name: string): { subscribe(cb: (v: { descriptors: { key: string }[]; loadingState: boolean }) => void): unknown } };
export type AmdWindow = Window &
  typeof globalThis & {
    require: ((deps: string[], ok: (...m: unknown[]) => void, fail: (e: Error) => void) => void) & { config(c: object): void };
    ____c_p_r?: Registry;
    __wrm: { requested: string[]; load(spec: string): void };
  };

interface WebResource {
  key: string;
  dependencies: string[];
  scripts: string[];
}

const requireJs = readFileSync(join(__dirname, '../../node_modules/requirejs/require.js'), 'utf8');

/** Host AMD stubs: just enough behaviour for the modules to initialise, like a Bitbucket page. */
const HOST_STUBS = `
  // jsdom has no fetch; REST calls fail as a network error would, which the views must survive.
  window.fetch = function () { return Promise.reject(new TypeError('Failed to fetch')); };
  define('jquery', [], function () { return {}; });
  define('wrm/context-path', [], function () { return function () { return '/bitbucket'; }; });
  define('wrm/data', [], function () { return { claim: function () { return undefined; } }; });
  define('wrm/format', [], function () { return function (p) { return p; }; });
  define('wrm/require', [], function () {
    return function (specs) {
      [].concat(specs).forEach(function (spec) { window.__wrm.load(spec); });
      // Like WRM, resolve after the loaded scripts ran (RequireJS runs require() callbacks on a later tick).
      return new Promise(function (resolve) { setTimeout(resolve, 10); });
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

/**
 * The product's CSE runtime: the real `@atlassian/clientside-extensions-registry` (its CommonJS build and
 * what it requires, wrapped into one script) defined as the AMD module Bitbucket's runtime web-resource
 * provides. Host AMD ids it requires (`wrm/*`) become AMD dependencies; `define` is shadowed (undefined)
 * inside each file so UMD files such as tslib export through CommonJS.
 */
function productRegistryScript(): string {
  const files = new Map<string, string>();
  const amdDeps = new Set<string>();
  const pending = [require.resolve('@atlassian/clientside-extensions-registry')];
  const resolved = new Map<string, Record<string, string>>();
  while (pending.length) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    files.set(file, source);
    const ids: Record<string, string> = {};
    for (const [, id] of source.matchAll(/require\("([^"]+)"\)/g)) {
      if (id in HOST_MODULES) {
        amdDeps.add(id);
        ids[id] = `amd:${id}`;
        continue;
      }
      const target = require.resolve(id, { paths: [dirname(file)] });
      ids[id] = target;
      pending.push(target);
    }
    resolved.set(file, ids);
  }
  const deps = [...amdDeps];
  const modules = [...files].map(([file, source]) => `${JSON.stringify(file)}: [${JSON.stringify(resolved.get(file))}, function (module, exports, require, define) {\n${source}\n}]`);
  return `define('@atlassian/clientside-extensions-registry', ${JSON.stringify(deps)}, function () {
    var process = { env: { NODE_ENV: 'production' } }; // what a production bundle of the runtime inlines
    var amd = {}; var args = arguments; ${JSON.stringify(deps)}.forEach(function (id, i) { amd[id] = args[i]; });
    var defs = {${modules.join(',\n')}}; var cache = {};
    function load(file) {
      if (file.indexOf('amd:') === 0) return amd[file.slice(4)];
      if (cache[file]) return cache[file].exports;
      var module = (cache[file] = { exports: {} });
      defs[file][1](module, module.exports, function (id) { return load(defs[file][0][id]); }, undefined);
      return module.exports;
    }
    return load(${JSON.stringify(require.resolve('@atlassian/clientside-extensions-registry'))});
  });`;
}

function webResourcesOf(descriptor: string, pluginKey: string): Map<string, WebResource & { contexts: string[] }> {
  const result = new Map<string, WebResource & { contexts: string[] }>();
  for (const [block, key] of descriptor.matchAll(/<web-resource key="([^"]+)">[\s\S]*?<\/web-resource>/g)) {
    result.set(`${pluginKey}:${key}`, {
      key: `${pluginKey}:${key}`,
      dependencies: [...block.matchAll(/<dependency>([^<]+)<\/dependency>/g)].map((m) => m[1]),
      scripts: [...block.matchAll(/location="([^"]+\.js)"/g)].map((m) => m[1]),
      contexts: [...block.matchAll(/<context>([^<]+)<\/context>/g)].map((m) => m[1]),
    });
  }
  return result;
}

export interface JarPage {
  window: AmdWindow;
  descriptor: string;
  webResources: ReturnType<typeof webResourcesOf>;
  /** Errors the page reported (tests expect none). */
  errors: unknown[];
  /** `require([name])` on the page. */
  load(name: string): Promise<Record<string, unknown>>;
}

/** Opens the page for the JAR `entries` of the plugin `pluginKey`; no bundle has run yet. */
export function jarPage(entries: Map<string, Buffer>, pluginKey: string): JarPage {
  const errors: unknown[] = [];
  const descriptor = entries.get('atlassian-plugin.xml')!.toString('utf8');
  const webResources = webResourcesOf(descriptor, pluginKey);
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { runScripts: 'dangerously', url: 'http://localhost:7990/bitbucket/dashboard' });
  const window = dom.window as unknown as AmdWindow;
  window.addEventListener('error', (e) => errors.push(e.error ?? e.message));
  const run = (code: string) => {
    const script = window.document.createElement('script');
    script.textContent = code;
    window.document.head.appendChild(script);
  };
  // A minimal WRM: `wr!<key>` loads the web-resource's own dependencies, then its scripts, once;
  // `wrc!<context>` loads every web-resource in that context. Host keys are already on the page.
  const loaded = new Set<string>();
  const loadKey = (key: string): void => {
    if (loaded.has(key) || Object.values(HOST_MODULES).includes(key)) return;
    const wr = webResources.get(key);
    if (!wr) throw new Error(`WRM: unknown web-resource ${key}`);
    loaded.add(key);
    wr.dependencies.forEach(loadKey);
    wr.scripts.forEach((file) => run(entries.get(file)!.toString('utf8')));
  };
  window.__wrm = {
    requested: [],
    load(spec: string) {
      window.__wrm.requested.push(spec);
      if (spec.startsWith('wr!')) loadKey(spec.slice(3));
      else if (spec.startsWith('wrc!')) {
        for (const wr of webResources.values()) if (wr.contexts.includes(spec.slice(4))) loadKey(wr.key);
      }
    },
  };
  run(requireJs);
  window.require.config({ waitSeconds: 5 });
  run(HOST_STUBS);
  run(productRegistryScript());
  const load = (name: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => window.require([name], (m) => resolve(m as Record<string, unknown>), reject));
  return { window, descriptor, webResources, errors, load };
}

/** The AMD load suite for the plugin JAR that `jar` returns (called in a beforeAll). */
export function describeAmdLoad(title: string, jar: () => Promise<Map<string, Buffer>>, { pluginKey, namespace }: { pluginKey: string; namespace: string }): void {
  describe(title, () => {
    let entries: Map<string, Buffer>;
    let page: JarPage;

    beforeAll(async () => {
      entries = await jar();
      page = jarPage(entries, pluginKey);
    });

    afterAll(() => page.window.close());

    it('runs every entry script, which pulls in its named modules and registers its extensions', async () => {
      const entryResources = [...page.webResources.values()].filter((wr) =>
        wr.scripts.some((file) => amdUnitOf(file, entries.get(file)!.toString('utf8'))?.kind === 'require'),
      );
      expect(entryResources.map((wr) => wr.key)).toContain(`${pluginKey}:entrypoint-launcher`);
      const extensions = [...page.descriptor.matchAll(/<web-item key="([^"]+)" section="([^"]+)"[^>]*>([\s\S]*?)<\/web-item>/g)]
        .filter((m) => !m[3].includes('<link'))
        .map((m) => ({ key: `${pluginKey}:${m[1]}`, location: m[2] }));

      // The product owns the registry (a window.____c_p_r singleton from its CSE runtime; <namespace>/cse re-exports it). Asking
      // it for a location loads that context (`wrc!<location>`), whose entry scripts register.
      page.window.__wrm.load(`wr!${pluginKey}:${moduleWebResourceKey('cse')}`);
      const registry = (await page.load(`${namespace}/cse`)).default as Registry;
      expect(page.window.____c_p_r).toBe(registry);
      for (const { key, location } of extensions) {
        const keys = await new Promise<string[]>((resolve) => {
          registry!.getLocation(location).subscribe(({ descriptors, loadingState }) => {
            if (!loadingState) resolve(descriptors.map((d) => d.key));
          });
        });
        expect({ location, key, keys }).toEqual({ location, key, keys: expect.arrayContaining([key]) });
      }
      expect(page.errors).toEqual([]);
    });

    it('the launcher loads the viewer bundle only when the viewer route is opened', async () => {
      const viewerSpec = `wr!${pluginKey}:${moduleWebResourceKey('viewer')}`;
      page.window.__wrm.load('wrc!atl.general');
      await new Promise((r) => setTimeout(r, 20));
      expect(page.window.__wrm.requested).not.toContain(viewerSpec);
      page.window.location.hash = `#${namespace}-insights?tab=reports`;
      await new Promise((r) => setTimeout(r, 50));
      expect(page.window.__wrm.requested).toContain(viewerSpec);
    });

    it.each(Object.entries(NAMED_MODULES))(`${namespace}/%s defines, resolves and exposes its API`, async (name, { api }) => {
      const file = `js/${name}.js`;
      const unit = amdUnitOf(file, entries.get(file)!.toString('utf8'));
      expect(unit).toMatchObject({ kind: 'define', name: `${namespace}/${name}` });
      for (const dep of unit!.deps) expect(dep.startsWith(`${namespace}/`) || dep in HOST_MODULES).toBe(true);
      page.window.__wrm.load(`wr!${pluginKey}:${moduleWebResourceKey(name)}`);
      const module = await page.load(`${namespace}/${name}`);
      for (const member of api) expect({ member, defined: module[member] !== undefined }).toEqual({ member, defined: true });
    });
  });
}
