/**
 * `wrm/require`. In jsdom it resolves `wr!`/`wrc!` specs registered by the test
 * (`registerWebResource`), rejecting unknown ones the way WRM fails a missing resource. In the
 * emulator's browser host the same module gets a backend (`setWebResourceBackend`) that asks the
 * server like real WRM; specs a test registered still win.
 */
const loaders = new Map<string, () => unknown>();
const requested: string[] = [];

/** Loads specs the test did not register; returns a thenable (real WRM: a jQuery promise). */
export type WebResourceBackend = (specs: string[]) => PromiseLike<unknown>;
let backend: WebResourceBackend | null = null;

export function registerWebResource(spec: string, load: () => unknown): void {
  loaders.set(spec, load);
}

export function requestedWebResources(): string[] {
  return [...requested];
}

export function setWebResourceBackend(next: WebResourceBackend | null): void {
  backend = next;
}

export default function wrmRequire(resources: string | string[]): PromiseLike<unknown> {
  const specs = Array.isArray(resources) ? resources : [resources];
  requested.push(...specs);
  if (backend && specs.every((spec) => !loaders.has(spec))) return backend(specs);
  return Promise.all(
    specs.map((spec) => {
      const load = loaders.get(spec);
      if (load) return Promise.resolve(load());
      if (backend) return Promise.resolve(backend([spec]));
      return Promise.reject(new Error(`Unknown web-resource ${spec}`));
    }),
  );
}
