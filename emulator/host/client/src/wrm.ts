/**
 * WRM's client (`WRM.require` / `wrm/require`): asks `POST /rest/webResources/1.0/resources` what a
 * `wr!<key>` / `wrc!<context>` needs beyond what the page has (`xr`/`xc`), injects the scripts and
 * styles in the order returned, and answers with a jQuery promise like the product does.
 */
export interface ResourceResponse {
  resources: { url: string; resourceType: 'JAVASCRIPT' | 'CSS'; key: string; batchType: string }[];
  errors?: string[];
}

interface JqDeferred {
  resolve(...args: unknown[]): JqDeferred;
  reject(...args: unknown[]): JqDeferred;
  promise(): PromiseLike<unknown>;
}
interface JQueryStatic {
  Deferred(): JqDeferred;
}

export class WrmClient {
  private readonly loadedKeys = new Set<string>();
  private readonly loadedContexts = new Set<string>();
  private readonly urlLoads = new Map<string, Promise<void>>();
  private readonly inflight = new Map<string, PromiseLike<unknown>>();

  constructor(
    private readonly contextPath: string,
    initialContexts: string[],
    private readonly jquery: JQueryStatic,
  ) {
    for (const context of initialContexts) this.loadedContexts.add(context);
    document.querySelectorAll('script[data-wrm-key], link[data-wrm-key]').forEach((node) => {
      for (const key of (node.getAttribute('data-wrm-key') ?? '').split(',')) if (key) this.loadedKeys.add(key);
      const url = node.getAttribute('src') ?? node.getAttribute('href');
      if (url) this.urlLoads.set(new URL(url, location.href).href, Promise.resolve());
    });
  }

  /** Web-resource keys and contexts on the page so far (debugging and tests). */
  loaded(): { keys: string[]; contexts: string[] } {
    return { keys: [...this.loadedKeys], contexts: [...this.loadedContexts] };
  }

  require = (resources: string | string[]): PromiseLike<unknown> => {
    const deferred = this.jquery.Deferred();
    const specs = Array.isArray(resources) ? resources : [resources];
    const keys: string[] = [];
    const contexts: string[] = [];
    for (const spec of specs) {
      if (typeof spec === 'string' && spec.startsWith('wr!')) keys.push(spec.slice(3));
      else if (typeof spec === 'string' && spec.startsWith('wrc!')) contexts.push(spec.slice(4));
      else {
        console.error(`[WRM] invalid resource spec ${String(spec)}: expected wr!<key> or wrc!<context>`);
        return deferred.reject(new Error(`Invalid resource spec ${String(spec)}`)).promise();
      }
    }
    const r = [...new Set(keys.filter((k) => !this.loadedKeys.has(k)))].sort();
    const c = [...new Set(contexts.filter((k) => !this.loadedContexts.has(k)))].sort();
    if (r.length === 0 && c.length === 0) return deferred.resolve().promise();
    const id = JSON.stringify([r, c]);
    const existing = this.inflight.get(id);
    if (existing) return existing;
    const promise = deferred.promise();
    this.inflight.set(id, promise);
    this.fetchAndInject(r, c).then(
      () => {
        this.inflight.delete(id);
        r.forEach((k) => this.loadedKeys.add(k));
        c.forEach((k) => this.loadedContexts.add(k));
        deferred.resolve();
      },
      (error: unknown) => {
        this.inflight.delete(id);
        console.error(`[WRM] failed to load ${specs.join(', ')}:`, error instanceof Error ? error.message : error);
        deferred.reject(error);
      },
    );
    return promise;
  };

  private async fetchAndInject(r: string[], c: string[]): Promise<void> {
    const response = await fetch(`${this.contextPath}/rest/webResources/1.0/resources`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Atlassian-Token': 'no-check' },
      body: JSON.stringify({ r, c, xr: [...this.loadedKeys], xc: [...this.loadedContexts] }),
    });
    if (!response.ok) throw new Error(`web-resource request failed with HTTP ${response.status}`);
    const body = (await response.json()) as ResourceResponse;
    if (body.errors?.length) {
      for (const error of body.errors) console.error(`[WRM] ${error}`);
      throw new Error(body.errors.join('; '));
    }
    const loads = body.resources.map((resource) => this.inject(resource));
    await Promise.all(loads);
    for (const resource of body.resources) this.loadedKeys.add(resource.key);
  }

  private inject(resource: ResourceResponse['resources'][number]): Promise<void> {
    const url = new URL(resource.url, location.href).href;
    const existing = this.urlLoads.get(url);
    if (existing) return existing;
    const load = new Promise<void>((resolve, reject) => {
      const node =
        resource.resourceType === 'CSS'
          ? Object.assign(document.createElement('link'), { rel: 'stylesheet', href: url })
          : Object.assign(document.createElement('script'), { src: url, async: false });
      node.setAttribute('data-wrm-key', resource.key);
      node.setAttribute('data-wrm-batch-type', resource.batchType);
      node.addEventListener('load', () => resolve(), { once: true });
      node.addEventListener('error', () => reject(new Error(`could not load ${resource.url}`)), { once: true });
      (resource.resourceType === 'CSS' ? document.head : document.body).appendChild(node);
    });
    this.urlLoads.set(url, load);
    return load;
  }
}
