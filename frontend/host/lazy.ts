import wrmRequire from 'wrm/require';

export const PLUGIN_KEY = 'com.yourcompany.bitbucket.insights';

/** Loads one of our web-resources (or any `wr!`/`wrc!` spec) through WRM. */
export function loadWebResource(resource: string): Promise<void> {
  const spec = /^wrc?!/.test(resource) ? resource : `wr!${resource}`;
  return new Promise((resolve, reject) => {
    wrmRequire(spec).then(() => resolve(), (error: unknown) => reject(error ?? new Error(`Could not load ${spec}`)));
  });
}

type AmdRequire = (names: string[], onLoad: (...modules: unknown[]) => void, onError?: (e: unknown) => void) => void;

/** Resolves an AMD module through the page's loader. */
export function requireModule<T>(name: string): Promise<T> {
  const amdRequire = (globalThis as unknown as { require?: AmdRequire }).require;
  if (typeof amdRequire !== 'function') return Promise.reject(new Error('No AMD loader on this page'));
  return new Promise((resolve, reject) => amdRequire([name], (module) => resolve(module as T), reject));
}

/** Lazily loads the bundle of our named module `yourcompany/<name>` and returns the module. */
export async function loadPluginModule<T>(name: string): Promise<T> {
  await loadWebResource(`${PLUGIN_KEY}:module-${name}`);
  return requireModule<T>(`yourcompany/${name}`);
}
