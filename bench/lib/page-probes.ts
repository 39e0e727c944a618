/**
 * What the benchmark injects into pages (as playwright init scripts, so plain functions whose source
 * is sent to the browser) and the DOM facts it waits on. Kept apart from run.ts so the suites that
 * drive the same pages can reuse them.
 */

export interface PageRequestRecord {
  method: string;
  url: string;
  /** performance.now() when fetch was called / when its response arrived */
  start: number;
  end: number;
  status: number;
}

declare global {
  interface Window {
    __ycBench?: { requests: PageRequestRecord[]; readyAt?: number };
  }
}

/**
 * Wraps `window.fetch` before any page script runs and records every call whose JS stack passes
 * through a file served for `pluginKey` — that is how "requests the plugin made" are told apart from
 * the host page's own (the emulator's host scripts are served from other URLs). `HttpClient` binds
 * `fetch` when it is created, which is after this wrapper is installed.
 */
export function installFetchRecorder(pluginKey: string): void {
  const original = window.fetch.bind(window);
  const state = { requests: [] as PageRequestRecord[] } as NonNullable<Window['__ycBench']>;
  window.__ycBench = state;
  performance.setResourceTimingBufferSize(10_000);
  window.fetch = async function recordedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const stack = new Error().stack ?? '';
    const ours = stack.includes(pluginKey) || stack.includes(encodeURIComponent(pluginKey));
    const start = performance.now();
    const response = await original(input, init);
    if (ours) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
      const parsed = new URL(url, location.href);
      // `end` is when the answer arrived (headers; our bodies are small). A clone read to the last byte
      // finishes after the caller's own read, and using it would hide a request that waited for this one.
      state.requests.push({ method, url: parsed.pathname + parsed.search, start, end: performance.now(), status: response.status });
    }
    return response;
  };
}

/**
 * The loading labels of our summary extensions (`yourcompany.<area>.label.loading` in the i18n
 * properties, `\uXXXX` escapes decoded): an item showing none of them has its final status.
 */
export function summaryLoadingLabels(propertiesText: string): string[] {
  return propertiesText
    .split('\n')
    .map((line) => /^yourcompany\.[\w.-]+\.label\.loading\s*[=:]\s*(.+)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m[1].replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).trim());
}
