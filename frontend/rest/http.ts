/**
 * The one request core every REST call goes through: same-origin `fetch` with Bitbucket's headers,
 * timeouts and cancellation, typed errors, de-duplication of identical GETs, a short response cache
 * invalidated by writes, and one Retry-After-honouring retry of rate-limited GETs.
 *
 * Error rules (status → `RestError.kind`):
 * - 401 unauthorized · 403 forbidden · 400 and other 4xx bad-request · 409 conflict (body kept:
 *   `currentVersion`, `vetoes`, `existingPullRequest`…) · 429 rate-limited (GET retried once first).
 * - 404 → `not-found` when the body is Bitbucket's JSON error envelope `{errors:[{message…}]}` (a REST
 *   resource answered: no such PR/report/commit). A 404 without that envelope (HTML or empty) means no
 *   REST resource answered at all: the module (comment-likes, insights, branch-utils…) is disabled or
 *   absent on this server → `unavailable`.
 * - 5xx → `server` when the body is JSON or empty; an HTML/text body (an nginx/Apache 502 page) → `malformed`.
 * - `fetch` rejecting → `network`; our timer → `timeout`; the caller's signal → `aborted`.
 * - A 2xx whose body is not JSON (wrong Content-Type, truncated, empty when a body is due) → `malformed`.
 *
 * Cache invalidation rule: a write to resource path W (module prefix `/rest/<module>/<version>` stripped,
 * so modules share resources) drops every cached or in-flight GET whose path G is an ancestor of W or the
 * same resource, or lies inside scope(W). scope(W) is W cut after its first `commits/{id}` or
 * `pull-requests/{id}` pair (everything about that commit or PR: reports, annotations, activities…),
 * else the repository `projects/{p}/repos/{r}` (a branch or file write changes branches, commits, raw
 * files). A merge (`pull-requests/{id}/merge`) moves the target branch, so its scope is the repository.
 * Invalidation runs when a write starts and again when it settles; an in-flight GET it hits still
 * answers its callers but is not cached.
 */
import { RestError, type RestErrorKind, type RestErrorMessage } from './errors';
import { queryString, resourceSegments, type Query } from './url';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** What the caller wants from a 2xx body. */
export type ExpectedBody = 'json' | 'text' | 'none';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CACHE_TTL_MS = 5_000;
/** Longest Retry-After we wait before the one retry of a GET (longer waits surface as rate-limited). */
export const MAX_RETRY_AFTER_MS = 10_000;
/** Retry-After missing or unreadable: Atlassian's own Jenkins plugin assumes 5 s (rest-contracts.md §1.5). */
const DEFAULT_RETRY_AFTER_S = 5;
const MAX_CACHE_ENTRIES = 300;

export interface HttpOptions {
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Bitbucket's context path: `''` or `'/bitbucket'` (a trailing slash is dropped). */
  contextPath?: string;
  /** Per attempt. Default 30 000 ms. */
  timeoutMs?: number;
  /** How long a successful GET answer is reused. Default 5 000 ms; 0 disables the cache (not de-duplication). */
  cacheTtlMs?: number;
  /** Origin that absolute URLs must match. Default `location.origin`; without one, absolute URLs are refused. */
  origin?: string;
  /** Clock for the cache (tests). */
  now?: () => number;
}

export interface HttpRequest {
  method: HttpMethod;
  /** `/rest/<module>/<version>/…` with segments already encoded (see `path` in ./url), or a same-origin absolute URL. */
  path: string;
  query?: Query;
  /** Sent as JSON, or as multipart when it is a `FormData`. */
  body?: unknown;
  /** Default `json`. */
  expect?: ExpectedBody;
  /** A 204 or empty 2xx resolves with `data: undefined` instead of failing as `malformed`. */
  allowEmpty?: boolean;
  signal?: AbortSignal;
  /** Skip the response cache (still joins an identical request already in flight). */
  fresh?: boolean;
}

export interface HttpResult<T> {
  status: number;
  data: T | undefined;
}

interface RawResponse {
  status: number;
  text: string;
  contentType: string;
  retryAfter: string | null;
}

interface Target {
  url: string;
  resource: string[];
}

interface Flight {
  controller: AbortController;
  subscribers: number;
  /** Hit by a write while in flight: answer the callers, but do not cache. */
  stale: boolean;
  resource: string[];
  promise: Promise<RawResponse>;
}

interface CacheEntry {
  raw: RawResponse;
  expires: number;
  resource: string[];
}

export class HttpClient {
  readonly contextPath: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly cacheTtlMs: number;
  private readonly origin: string | undefined;
  private readonly now: () => number;
  private readonly inflight = new Map<string, Flight>();
  private readonly cache = new Map<string, CacheEntry>();

  constructor(options: HttpOptions = {}) {
    const contextPath = (options.contextPath ?? '').replace(/\/+$/, '');
    if (contextPath !== '' && !/^\/[^/\\?#]/.test(contextPath)) {
      throw new TypeError(`contextPath must be '' or start with a single '/': ${JSON.stringify(options.contextPath)}`);
    }
    this.contextPath = contextPath;
    const globalFetch = typeof fetch === 'function' ? (fetch.bind(globalThis) as FetchLike) : undefined;
    const fetchImpl = options.fetch ?? globalFetch;
    if (!fetchImpl) throw new TypeError('No fetch implementation available');
    this.fetchImpl = fetchImpl;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    this.origin = options.origin ?? (globalThis as { location?: { origin?: string } }).location?.origin;
    this.now = options.now ?? Date.now;
  }

  async request<T>(request: HttpRequest): Promise<HttpResult<T>> {
    const target = this.resolve(request.method, request.path, request.query);
    const expect = request.expect ?? 'json';
    const raw = request.method === 'GET' ? await this.get(target, request, expect) : await this.write(target, request, expect);
    return { status: raw.status, data: decode<T>(raw, expect) };
  }

  /** Forgets every cached answer (a panel's explicit "refresh"). */
  clearCache(): void {
    this.cache.clear();
  }

  /** Drops cached and in-flight GETs related to a write to `restPath` (see the rule at the top). */
  invalidate(restPath: string): void {
    const written = resourceSegments(restPath);
    const scope = writeScope(written);
    const related = (read: string[]) => isPrefix(read, written) || isPrefix(scope, read);
    for (const [key, entry] of this.cache) if (related(entry.resource)) this.cache.delete(key);
    for (const [key, flight] of this.inflight) {
      if (related(flight.resource)) {
        flight.stale = true;
        this.inflight.delete(key);
      }
    }
  }

  private resolve(method: HttpMethod, path: string, query: Query | undefined): Target {
    const search = queryString(query);
    const refuse = (why: string) => new RestError('bad-request', 0, method, path, [{ message: `Refusing to request ${path}: ${why}` }]);
    let local: string;
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) || /^[/\\]{2}/.test(path)) {
      let parsed: URL;
      try {
        parsed = new URL(path);
      } catch {
        throw refuse('not a valid URL');
      }
      if (!this.origin || parsed.origin !== this.origin) throw refuse('other origin');
      if (this.contextPath && !parsed.pathname.startsWith(`${this.contextPath}/`)) throw refuse('outside the context path');
      local = parsed.pathname.slice(this.contextPath.length) + parsed.search;
    } else {
      if (!path.startsWith('/')) throw refuse('relative path');
      local = path;
    }
    const url = this.contextPath + local + (search && local.includes('?') ? `&${search.slice(1)}` : search);
    // `/\host` and `//host` are protocol-relative: they would leave the origin.
    if (/^[/\\]{2}/.test(url)) throw refuse('protocol-relative URL');
    return { url, resource: resourceSegments(local) };
  }

  private get(target: Target, request: HttpRequest, expect: ExpectedBody): Promise<RawResponse> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(new RestError('aborted', 0, 'GET', target.url));
    const key = `${expect}${request.allowEmpty ? '?' : ''} ${target.url}`;
    // An expired entry stays until the new answer replaces it (or it is evicted).
    const hit = this.cache.get(key);
    if (hit && hit.expires > this.now() && !request.fresh) return Promise.resolve(hit.raw);
    let flight = this.inflight.get(key);
    if (!flight) flight = this.startFlight(key, target, request, expect);
    return this.subscribe(key, flight, target.url, signal);
  }

  private startFlight(key: string, target: Target, request: HttpRequest, expect: ExpectedBody): Flight {
    const controller = new AbortController();
    const flight: Flight = { controller, subscribers: 0, stale: false, resource: target.resource, promise: Promise.resolve() as never };
    const finish = () => {
      if (this.inflight.get(key) === flight) this.inflight.delete(key);
    };
    flight.promise = this.execute('GET', target.url, undefined, expect, request.allowEmpty ?? false, controller, true).then(
      (raw) => {
        finish();
        // With TTL 0 the entry expires as it is stored: never served.
        if (!flight.stale) this.remember(key, { raw, expires: this.now() + this.cacheTtlMs, resource: target.resource });
        return raw;
      },
      (error: unknown) => {
        finish();
        throw error;
      },
    );
    flight.promise.catch(() => undefined); // subscribers handle it; this keeps a fully-abandoned flight quiet
    this.inflight.set(key, flight);
    return flight;
  }

  /**
   * One caller's share of a flight: its abort rejects only its own promise; the last one out cancels the fetch.
   * The listener goes when the flight settles, so an abort only ever meets a flight still in flight (and a
   * promise settles once: whichever of abort and answer comes first wins).
   */
  private subscribe(key: string, flight: Flight, url: string, signal: AbortSignal | undefined): Promise<RawResponse> {
    flight.subscribers += 1;
    return new Promise<RawResponse>((resolve, reject) => {
      const onAbort = () => {
        reject(new RestError('aborted', 0, 'GET', url));
        flight.subscribers -= 1;
        if (flight.subscribers === 0) {
          if (this.inflight.get(key) === flight) this.inflight.delete(key);
          flight.controller.abort();
        }
      };
      signal?.addEventListener('abort', onAbort); // `abort` fires once per signal
      flight.promise.then(
        (raw) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(raw);
        },
        (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private async write(target: Target, request: HttpRequest, expect: ExpectedBody): Promise<RawResponse> {
    const { signal } = request;
    if (signal?.aborted) throw new RestError('aborted', 0, request.method, target.url);
    const localPath = target.url.slice(this.contextPath.length);
    this.invalidate(localPath);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort); // `abort` fires once per signal
    try {
      return await this.execute(request.method, target.url, request.body, expect, request.allowEmpty ?? false, controller, false);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // Even a failed or aborted write may have changed the server.
      this.invalidate(localPath);
    }
  }

  private async execute(
    method: HttpMethod,
    url: string,
    body: unknown,
    expect: ExpectedBody,
    allowEmpty: boolean,
    controller: AbortController,
    retryRateLimited: boolean,
  ): Promise<RawResponse> {
    const init = this.requestInit(method, body, expect);
    let raw = await this.attempt(method, url, init, controller);
    if (raw.status === 429 && retryRateLimited) {
      await sleep(Math.min(retryAfterSeconds(raw.retryAfter, this.now()) * 1000, MAX_RETRY_AFTER_MS), controller.signal, method, url);
      raw = await this.attempt(method, url, init, controller);
    }
    return classify(method, url, raw, expect, allowEmpty, this.now());
  }

  private requestInit(method: HttpMethod, body: unknown, expect: ExpectedBody): RequestInit {
    // Raw file content comes with the file's own type; asking for JSON there could earn a 406.
    const headers: Record<string, string> = { Accept: expect === 'text' ? '*/*' : 'application/json' };
    const init: RequestInit = { method, headers, credentials: 'same-origin', redirect: 'follow' };
    if (method !== 'GET') {
      // rest-contracts.md §1.2: without it Atlassian REST's XSRF filter rejects form/multipart/body-less POSTs.
      headers['X-Atlassian-Token'] = 'no-check';
      if (body instanceof FormData) {
        init.body = body; // the browser writes the multipart Content-Type with its boundary
      } else {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body); // undefined for no body
      }
    }
    return init;
  }

  // Never called on an aborted controller: the first attempt starts synchronously with a fresh one, the retry
  // only after `sleep` resolved without an abort (a fetch given an aborted signal would reject as `aborted` anyway).
  private async attempt(method: HttpMethod, url: string, init: RequestInit, controller: AbortController): Promise<RawResponse> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const response = await this.fetchImpl(url, { ...init, signal: controller.signal });
      const text = await response.text();
      return { status: response.status, text, contentType: response.headers.get('content-type') ?? '', retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      if (timedOut) throw new RestError('timeout', 0, method, url);
      if (controller.signal.aborted) throw new RestError('aborted', 0, method, url);
      throw new RestError('network', 0, method, url);
    } finally {
      clearTimeout(timer);
    }
  }

  private remember(key: string, entry: CacheEntry): void {
    this.cache.delete(key); // re-inserted below as the newest
    this.cache.set(key, entry);
    // Map iteration is insertion order, and with one TTL for all, that is expiry order: dropping the oldest
    // drops expired answers first.
    for (const k of this.cache.keys()) {
      if (this.cache.size <= MAX_CACHE_ENTRIES) break;
      this.cache.delete(k);
    }
  }
}

function sleep(ms: number, signal: AbortSignal, method: HttpMethod, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new RestError('aborted', 0, method, url));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RestError('aborted', 0, method, url));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort); // `abort` fires once per signal
  });
}

/** Retry-After as integer seconds (what Bitbucket sends) or an HTTP date. */
export function retryAfterSeconds(header: string | null, now: number): number {
  if (header === null) return DEFAULT_RETRY_AFTER_S;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Every HTTP-date form starts with a day name; Date.parse alone would read "-3" or "1.5" as past years.
  const date = /^[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : NaN;
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_S : Math.max(0, Math.ceil((date - now) / 1000));
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function errorMessages(body: unknown): RestErrorMessage[] | undefined {
  // Primitives have no `errors` (nor `message`) property: only null and undefined need the `?.`.
  const errors = (body as { errors?: unknown } | null | undefined)?.errors;
  if (!Array.isArray(errors)) return undefined;
  return errors
    .filter((e): e is Record<string, unknown> => typeof (e as { message?: unknown } | null | undefined)?.message === 'string')
    .map((e) => ({
      message: e.message as string,
      context: typeof e.context === 'string' ? e.context : null,
      exceptionName: typeof e.exceptionName === 'string' ? e.exceptionName : null,
    }));
}

function errorKind(status: number, envelope: boolean, jsonOrEmpty: boolean): RestErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return envelope ? 'not-found' : 'unavailable';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return jsonOrEmpty ? 'server' : 'malformed';
  if (status >= 400) return 'bad-request';
  return 'malformed'; // 1xx/3xx reaching us means a proxy or redirect answered instead of Bitbucket
}

function classify(method: HttpMethod, url: string, raw: RawResponse, expect: ExpectedBody, allowEmpty: boolean, now: number): RawResponse {
  const empty = raw.text.trim() === '';
  // fetch never surfaces a 1xx, and a 204 has no body.
  if (raw.status < 300) {
    if (expect === 'none') return raw;
    if (empty) {
      if (allowEmpty) return raw;
      throw new RestError('malformed', raw.status, method, url, [], raw.text);
    }
    if (expect === 'json') {
      const wrongType = raw.contentType !== '' && !/json/i.test(raw.contentType);
      if (wrongType || !parseJson(raw.text).ok) throw new RestError('malformed', raw.status, method, url, [], raw.text.slice(0, 2000));
    }
    return raw;
  }
  const parsed = empty ? undefined : parseJson(raw.text);
  const body = parsed?.ok ? parsed.value : undefined;
  const messages = errorMessages(body);
  const kind = errorKind(raw.status, messages !== undefined, empty || parsed?.ok === true);
  const retryAfter = raw.status === 429 ? retryAfterSeconds(raw.retryAfter, now) : undefined;
  throw new RestError(kind, raw.status, method, url, messages ?? [], body ?? (empty ? undefined : raw.text.slice(0, 2000)), retryAfter);
}

function decode<T>(raw: RawResponse, expect: ExpectedBody): T | undefined {
  if (expect === 'none' || raw.text.trim() === '') return undefined;
  // Parsing per caller hands everyone their own copy: nobody can corrupt the cache or another panel's data.
  return (expect === 'text' ? raw.text : JSON.parse(raw.text)) as T;
}

function isPrefix(prefix: string[], of: string[]): boolean {
  return prefix.every((segment, i) => segment === of[i]); // past the end of `of`, of[i] is undefined
}

function writeScope(written: string[]): string[] {
  const reposAt = written[0] === 'projects' && written[2] === 'repos' ? 4 : 0;
  const repository = written.slice(0, reposAt);
  for (let i = reposAt; i + 1 < written.length; i++) {
    if (written[i] === 'commits' || written[i] === 'pull-requests') {
      if (written[i] === 'pull-requests' && written[i + 2] === 'merge' && reposAt) return repository;
      return written.slice(0, i + 2);
    }
  }
  return reposAt ? repository : written;
}
