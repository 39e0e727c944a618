/**
 * What the benchmark injects into pages (as playwright init scripts, so plain functions whose source
 * is sent to the browser) and the DOM facts it waits on. Kept apart from run.ts so the suites that
 * drive the same pages can reuse them.
 */

export interface PageRequestRecord {
  method: string;
  url: string;
  /** performance.now() when fetch was called / when the body was fully read */
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
      const record: PageRequestRecord = { method, url: new URL(url, location.href).pathname + new URL(url, location.href).search, start, end: Number.NaN, status: response.status };
      state.requests.push(record);
      // The caller reads the body; a clone read in parallel tells us when the last byte arrived.
      response
        .clone()
        .arrayBuffer()
        .then(
          () => (record.end = performance.now()),
          () => (record.end = performance.now()),
        );
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
