/**
 * `wrm/require` for jsdom: resolves `wr!`/`wrc!` specs registered by the test
 * (`registerWebResource`), rejecting unknown ones the way WRM fails a missing resource.
 */
const loaders = new Map<string, () => unknown>();
const requested: string[] = [];

export function registerWebResource(spec: string, load: () => unknown): void {
  loaders.set(spec, load);
}

export function requestedWebResources(): string[] {
  return [...requested];
}

export default function wrmRequire(resources: string | string[]): PromiseLike<unknown> {
  const specs = Array.isArray(resources) ? resources : [resources];
  requested.push(...specs);
  return Promise.all(
    specs.map((spec) => {
      const load = loaders.get(spec);
      return load ? Promise.resolve(load()) : Promise.reject(new Error(`Unknown web-resource ${spec}`));
    }),
  );
}
