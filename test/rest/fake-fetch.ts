/** A tiny in-memory `fetch` for REST client tests: records every call, answers through a responder, honours abort. */
import type { FetchLike } from '../../frontend/rest/http';

export interface RecordedCall {
  method: string;
  url: string;
  /** Path after the context path, without the query. */
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  /** Parsed JSON, the fields of a FormData (plus `multipart: true`), or undefined. */
  body: unknown;
  rawBody: BodyInit | null | undefined;
  credentials: RequestCredentials | undefined;
  signal: AbortSignal | undefined;
}

export type Responder = (call: RecordedCall) => Response | Promise<Response>;

export function fakeFetch(responder: Responder, contextPath = ''): { fetch: FetchLike; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fetch: FetchLike = (input, init) => {
    const url = new URL(input, 'http://bitbucket.test');
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    let body: unknown;
    if (init.body instanceof FormData) body = { multipart: true, ...Object.fromEntries([...init.body.entries()].map(([k, v]) => [k, String(v)])) };
    else if (typeof init.body === 'string') body = JSON.parse(init.body);
    const call: RecordedCall = {
      method: init.method ?? 'GET',
      url: input,
      path: url.pathname.slice(contextPath.length),
      query: [...url.searchParams.entries()],
      headers,
      body,
      rawBody: init.body,
      credentials: init.credentials,
      signal: init.signal ?? undefined,
    };
    calls.push(call);
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal;
      const onAbort = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      Promise.resolve()
        .then(() => responder(call))
        .then(resolve, reject);
    });
  };
  return { fetch, calls };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export function errorBody(message: string, exceptionName: string | null = null, extra: Record<string, unknown> = {}): unknown {
  return { errors: [{ context: null, message, exceptionName, ...extra }] };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued promise callbacks run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}
