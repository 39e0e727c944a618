import { RestError, type RestErrorKind } from '../../frontend/rest/errors';
import { HttpClient, MAX_RETRY_AFTER_MS, retryAfterSeconds, type HttpOptions } from '../../frontend/rest/http';
import { deferred, errorBody, fakeFetch, flush, json, noContent, type Responder } from './fake-fetch';

const REPORT = '/rest/insights/latest/projects/P/repos/r/commits/abc/reports/k';

function setup(responder: Responder, options: HttpOptions = {}) {
  const fake = fakeFetch(responder, options.contextPath ?? '');
  const http = new HttpClient({ fetch: fake.fetch, ...options });
  return { http, calls: fake.calls };
}

async function failure(promise: Promise<unknown>): Promise<RestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RestError);
    return error as RestError;
  }
  throw new Error('expected a rejection');
}

describe('request basics', () => {
  it.each([
    ['', '/rest/api/latest/projects'],
    ['/bitbucket', '/bitbucket/rest/api/latest/projects'],
    ['/bitbucket/', '/bitbucket/rest/api/latest/projects'],
  ])('context path %j', async (contextPath, url) => {
    const { http, calls } = setup(() => json({ ok: 1 }), { contextPath });
    await expect(http.request({ method: 'GET', path: '/rest/api/latest/projects' })).resolves.toEqual({ status: 200, data: { ok: 1 } });
    expect(calls[0].url).toBe(url);
    expect(calls[0].credentials).toBe('same-origin');
  });

  it('refuses bad context paths', () => {
    expect(() => new HttpClient({ fetch: jest.fn(), contextPath: 'bitbucket' })).toThrow(TypeError);
    expect(() => new HttpClient({ fetch: jest.fn(), contextPath: '//evil.example' })).toThrow(TypeError);
  });

  it('sends JSON Accept on reads and the XSRF header only on writes', async () => {
    const { http, calls } = setup((call) => (call.method === 'GET' ? json({}) : noContent()));
    await http.request({ method: 'GET', path: '/rest/api/latest/x' });
    await http.request({ method: 'POST', path: '/rest/api/latest/x', body: { a: 1 }, expect: 'none' });
    await http.request({ method: 'PUT', path: '/rest/api/latest/y', expect: 'none' });
    await http.request({ method: 'DELETE', path: '/rest/api/latest/z', expect: 'none' });
    expect(calls[0].headers).toEqual({ accept: 'application/json' });
    for (const write of calls.slice(1)) {
      expect(write.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json', 'x-atlassian-token': 'no-check' });
    }
    expect(calls[1].rawBody).toBe('{"a":1}');
  });

  it('lets the browser set the multipart Content-Type but still sends the XSRF header', async () => {
    const { http, calls } = setup(() => json({ id: 'x' }));
    const form = new FormData();
    form.append('content', 'x');
    await http.request({ method: 'PUT', path: '/rest/api/latest/f', body: form });
    expect(calls[0].headers).toEqual({ accept: 'application/json', 'x-atlassian-token': 'no-check' });
    expect(calls[0].rawBody).toBe(form);
  });

  it('refuses absolute URLs to other origins and protocol-relative paths, without fetching', async () => {
    const { http, calls } = setup(() => json({}), { origin: 'https://bb.example.com', contextPath: '/bitbucket' });
    for (const target of ['https://evil.example.com/rest/api/latest/x', '//evil.example.com/x', '/\\evil.example.com/x', 'javascript:alert(1)', 'rest/api/latest/x']) {
      const error = await failure(http.request({ method: 'GET', path: target }));
      expect(error.kind).toBe('bad-request');
      expect(error.status).toBe(0);
    }
    expect(calls).toHaveLength(0);
    await http.request({ method: 'GET', path: 'https://bb.example.com/bitbucket/rest/api/latest/x?a=1', query: { b: 2 } });
    expect(calls[0].url).toBe('/bitbucket/rest/api/latest/x?a=1&b=2');
  });

  it('refuses absolute URLs when no origin is known', async () => {
    const { http } = setup(() => json({}));
    expect((await failure(http.request({ method: 'GET', path: 'http://localhost/rest/api/latest/x' }))).kind).toBe('bad-request');
  });
});

describe('query strings in requests', () => {
  it('encodes query names and values', async () => {
    const { http, calls } = setup(() => json({}));
    await http.request({ method: 'GET', path: '/rest/api/latest/x', query: { filterText: 'a&b=c #', tag: ['x y', 'z'], skip: undefined, none: null } });
    expect(calls[0].url).toBe('/rest/api/latest/x?filterText=a%26b%3Dc%20%23&tag=x%20y&tag=z');
  });
});

describe('errors', () => {
  const cases: [string, () => Response, RestErrorKind, number][] = [
    ['401 envelope', () => json(errorBody('You are not permitted to access this resource', 'com.atlassian.bitbucket.AuthorisationException'), 401), 'unauthorized', 401],
    ['403 XSRF', () => json(errorBody('XSRF check failed'), 403), 'forbidden', 403],
    ['404 envelope', () => json(errorBody('No report found with key: k'), 404), 'not-found', 404],
    ['404 HTML (module disabled)', () => new Response('<html><body>Not Found</body></html>', { status: 404, headers: { 'content-type': 'text/html' } }), 'unavailable', 404],
    ['404 empty', () => new Response('', { status: 404 }), 'unavailable', 404],
    ['400 validation', () => json({ errors: [{ context: 'title', message: 'Title is required', exceptionName: null }] }, 400), 'bad-request', 400],
    ['415', () => new Response('', { status: 415 }), 'bad-request', 415],
    ['500 JSON', () => json(errorBody('Boom', 'java.lang.NullPointerException'), 500), 'server', 500],
    ['503 empty', () => new Response(null, { status: 503 }), 'server', 503],
    [
      'nginx 502 HTML page',
      () => new Response('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      'malformed',
      502,
    ],
    ['200 truncated JSON', () => new Response('{"values":[{"id":1},', { status: 200, headers: { 'content-type': 'application/json' } }), 'malformed', 200],
    ['200 HTML login page', () => new Response('<!DOCTYPE html><html>Log in</html>', { status: 200, headers: { 'content-type': 'text/html;charset=UTF-8' } }), 'malformed', 200],
    ['200 empty body', () => new Response('', { status: 200, headers: { 'content-type': 'application/json' } }), 'malformed', 200],
  ];

  it.each(cases)('%s', async (_name, response, kind, status) => {
    const { http } = setup(response);
    const error = await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.method).toBe('GET');
    expect(error.url).toBe('/rest/api/latest/x');
  });

  it('keeps Bitbucket messages and the 409 body (currentVersion, vetoes)', async () => {
    const body = errorBody('You are attempting to modify a pull request based on out-of-date information.', 'com.atlassian.bitbucket.pull.PullRequestOutOfDateException', {
      currentVersion: 13,
      expectedVersion: 12,
    });
    const { http } = setup(() => json(body, 409));
    const error = await failure(http.request({ method: 'PUT', path: '/rest/api/latest/projects/P/repos/r/pull-requests/1', body: { version: 12 } }));
    expect(error.kind).toBe('conflict');
    expect(error.message).toBe('You are attempting to modify a pull request based on out-of-date information.');
    expect(error.errors[0].exceptionName).toBe('com.atlassian.bitbucket.pull.PullRequestOutOfDateException');
    expect(error.body).toEqual(body);
  });

  it('maps a rejected fetch to network', async () => {
    const { http } = setup(() => Promise.reject(new TypeError('Failed to fetch')));
    expect((await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }))).kind).toBe('network');
  });

  it('a 204 is malformed where a body is due, and fine when allowed', async () => {
    const { http } = setup(() => noContent(), { cacheTtlMs: 0 });
    expect((await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }))).kind).toBe('malformed');
    await expect(http.request({ method: 'GET', path: '/rest/api/latest/x', allowEmpty: true })).resolves.toEqual({ status: 204, data: undefined });
  });
});

describe('429 handling', () => {
  afterEach(() => jest.useRealTimers());

  it('retries a GET once after Retry-After', async () => {
    jest.useFakeTimers();
    let n = 0;
    const { http, calls } = setup(() => (n++ === 0 ? json(errorBody('Slow down'), 429, { 'retry-after': '3' }) : json({ ok: true })));
    const result = http.request({ method: 'GET', path: '/rest/api/latest/x' });
    await jest.advanceTimersByTimeAsync(2_999);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual({ status: 200, data: { ok: true } });
    expect(calls).toHaveLength(2);
  });

  it('caps the wait at 10 s and gives up after the second 429', async () => {
    jest.useFakeTimers();
    const { http, calls } = setup(() => json(errorBody('Slow down'), 429, { 'retry-after': '3600' }));
    const result = failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }));
    await jest.advanceTimersByTimeAsync(MAX_RETRY_AFTER_MS - 1);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    const error = await result;
    expect(calls).toHaveLength(2);
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfter).toBe(3600);
  });

  it('never retries a write', async () => {
    jest.useFakeTimers();
    const { http, calls } = setup(() => json(errorBody('Slow down'), 429, { 'retry-after': '1' }));
    const error = await failure(http.request({ method: 'POST', path: '/rest/api/latest/x', body: {} }));
    await jest.advanceTimersByTimeAsync(20_000);
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfter).toBe(1);
    expect(calls).toHaveLength(1);
  });
});

describe('abort and timeout', () => {
  afterEach(() => jest.useRealTimers());

  it('times out with kind timeout', async () => {
    jest.useFakeTimers();
    const { http, calls } = setup(() => new Promise<Response>(() => undefined), { timeoutMs: 1000 });
    const result = failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }));
    await jest.advanceTimersByTimeAsync(1000);
    expect((await result).kind).toBe('timeout');
    expect(calls[0].signal?.aborted).toBe(true);
  });

  it('an already-aborted signal fetches nothing', async () => {
    const { http, calls } = setup(() => json({}));
    const controller = new AbortController();
    controller.abort();
    expect(await failure(http.request({ method: 'GET', path: '/rest/api/latest/x', signal: controller.signal }))).toMatchObject({ kind: 'aborted', method: 'GET' });
    expect(await failure(http.request({ method: 'DELETE', path: '/rest/api/latest/x', signal: controller.signal }))).toMatchObject({ kind: 'aborted', method: 'DELETE' });
    expect(calls).toHaveLength(0);
  });

  it('one of two subscribers aborting does not cancel the shared request', async () => {
    const answer = deferred<Response>();
    const { http, calls } = setup(() => answer.promise);
    const first = new AbortController();
    const a = http.request({ method: 'GET', path: '/rest/api/latest/x', signal: first.signal });
    const b = http.request({ method: 'GET', path: '/rest/api/latest/x' });
    await flush();
    expect(calls).toHaveLength(1);
    first.abort();
    expect((await failure(a)).kind).toBe('aborted');
    expect(calls[0].signal?.aborted).toBe(false);
    answer.resolve(json({ shared: true }));
    await expect(b).resolves.toEqual({ status: 200, data: { shared: true } });
  });

  it('the fetch is aborted once every subscriber aborted, and a later request starts afresh', async () => {
    const { http, calls } = setup((call) => (calls.length === 1 ? new Promise<Response>(() => undefined) : json({ n: calls.length })));
    const one = new AbortController();
    const two = new AbortController();
    const a = http.request({ method: 'GET', path: '/rest/api/latest/x', signal: one.signal });
    const b = http.request({ method: 'GET', path: '/rest/api/latest/x', signal: two.signal });
    await flush();
    one.abort();
    two.abort();
    expect((await failure(a)).kind).toBe('aborted');
    expect((await failure(b)).kind).toBe('aborted');
    expect(calls[0].signal?.aborted).toBe(true);
    await expect(http.request({ method: 'GET', path: '/rest/api/latest/x' })).resolves.toEqual({ status: 200, data: { n: 2 } });
  });

  it('aborting during the Retry-After wait cancels without a second fetch', async () => {
    jest.useFakeTimers();
    const { http, calls } = setup(() => json(errorBody('Slow down'), 429, { 'retry-after': '5' }));
    const controller = new AbortController();
    const result = failure(http.request({ method: 'GET', path: '/rest/api/latest/x', signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(1000);
    controller.abort();
    expect((await result).kind).toBe('aborted');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
  });

  it('a caller giving up while the 429 body is still arriving means no retry at all', async () => {
    jest.useFakeTimers();
    const body = deferred<string>();
    const slow429 = { status: 429, headers: new Headers({ 'retry-after': '1', 'content-type': 'application/json' }), text: () => body.promise } as unknown as Response;
    const { http, calls } = setup(() => slow429);
    const controller = new AbortController();
    const result = failure(http.request({ method: 'GET', path: '/rest/api/latest/x', signal: controller.signal }));
    await flush();
    expect(calls).toHaveLength(1);
    controller.abort();
    expect((await result).kind).toBe('aborted');
    body.resolve(JSON.stringify(errorBody('Slow down')));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
  });

  it('a write is aborted by its signal', async () => {
    const { http, calls } = setup(() => new Promise<Response>(() => undefined));
    const controller = new AbortController();
    const result = failure(http.request({ method: 'PUT', path: REPORT, body: {}, signal: controller.signal }));
    await flush();
    controller.abort();
    expect((await result).kind).toBe('aborted');
    expect(calls[0].signal?.aborted).toBe(true);
  });
});

describe('de-duplication and cache', () => {
  it('identical concurrent GETs share one fetch; each caller gets its own copy', async () => {
    const answer = deferred<Response>();
    const { http, calls } = setup(() => answer.promise);
    const requests = [1, 2, 3].map(() => http.request<{ list: number[] }>({ method: 'GET', path: '/rest/api/latest/x', query: { a: 1 } }));
    await flush();
    answer.resolve(json({ list: [1, 2] }));
    const results = await Promise.all(requests);
    expect(calls).toHaveLength(1);
    results[0].data!.list.push(99);
    expect(results[1].data).toEqual({ list: [1, 2] });
    expect(results[0].data).not.toBe(results[1].data);
  });

  it('different URLs are not merged', async () => {
    const { http, calls } = setup(() => json({}));
    await Promise.all([http.request({ method: 'GET', path: '/rest/api/latest/x', query: { a: 1 } }), http.request({ method: 'GET', path: '/rest/api/latest/x', query: { a: 2 } })]);
    expect(calls).toHaveLength(2);
  });

  it('caches for the TTL, then asks again; mutating an answer does not corrupt the cache', async () => {
    let now = 1000;
    const { http, calls } = setup(() => json({ values: [calls.length] }), { now: () => now, cacheTtlMs: 5000 });
    const first = await http.request<{ values: number[] }>({ method: 'GET', path: '/rest/api/latest/x' });
    first.data!.values.length = 0;
    now += 4999;
    expect((await http.request({ method: 'GET', path: '/rest/api/latest/x' })).data).toEqual({ values: [1] });
    expect(calls).toHaveLength(1);
    now += 1;
    expect((await http.request({ method: 'GET', path: '/rest/api/latest/x' })).data).toEqual({ values: [2] });
    expect(calls).toHaveLength(2);
  });

  it('fresh bypasses the cache; TTL 0 disables it; errors are not cached', async () => {
    let fail = true;
    const { http, calls } = setup(() => (fail ? json(errorBody('x'), 500) : json({})));
    await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }));
    fail = false;
    await http.request({ method: 'GET', path: '/rest/api/latest/x' });
    await http.request({ method: 'GET', path: '/rest/api/latest/x', fresh: true });
    expect(calls).toHaveLength(3);
    const noCache = setup(() => json({}), { cacheTtlMs: 0 });
    await noCache.http.request({ method: 'GET', path: '/rest/api/latest/x' });
    await noCache.http.request({ method: 'GET', path: '/rest/api/latest/x' });
    expect(noCache.calls).toHaveLength(2);
  });

  it('a write invalidates the same resource, its parents, children and the rest of its commit, across modules', async () => {
    const { http, calls } = setup((call) => (call.method === 'GET' ? json({ n: calls.length }) : json({})));
    const reads = [
      '/rest/insights/latest/projects/P/repos/r/commits/abc/reports',
      '/rest/insights/latest/projects/P/repos/r/commits/abc/reports/k',
      '/rest/insights/latest/projects/P/repos/r/commits/abc/reports/k/annotations',
      '/rest/insights/latest/projects/P/repos/r/commits/abc/annotations',
    ];
    const unrelated = [
      '/rest/insights/latest/projects/P/repos/r/commits/def/reports',
      '/rest/api/latest/projects/P/repos/other/commits/abc',
      '/rest/api/latest/projects/P/repos/r/pull-requests/1/activities',
    ];
    for (const read of [...reads, ...unrelated]) await http.request({ method: 'GET', path: read });
    expect(calls).toHaveLength(7);
    await http.request({ method: 'PUT', path: REPORT, body: { title: 't', data: [] } });
    const before = calls.length;
    for (const read of [...reads, ...unrelated]) await http.request({ method: 'GET', path: read });
    expect(calls.slice(before).map((c) => c.path)).toEqual(reads);
  });

  it('a reaction (comment-likes) invalidates the pull request activities (core); a merge the whole repository', async () => {
    const { http, calls } = setup((call) => (call.method === 'GET' ? json({}) : call.method === 'POST' ? json({}) : noContent()));
    const activities = '/rest/api/latest/projects/P/repos/r/pull-requests/1/activities';
    const branches = '/rest/api/latest/projects/P/repos/r/branches';
    await http.request({ method: 'GET', path: activities });
    await http.request({ method: 'GET', path: branches });
    await http.request({ method: 'DELETE', path: '/rest/comment-likes/latest/projects/P/repos/r/pull-requests/1/comments/5/reactions/heart', expect: 'none' });
    await http.request({ method: 'GET', path: activities });
    await http.request({ method: 'GET', path: branches });
    expect(calls.filter((c) => c.path === activities)).toHaveLength(2);
    expect(calls.filter((c) => c.path === branches)).toHaveLength(1);
    await http.request({ method: 'POST', path: '/rest/api/latest/projects/P/repos/r/pull-requests/1/merge', query: { version: 1 }, body: { version: 1 } });
    await http.request({ method: 'GET', path: branches });
    expect(calls.filter((c) => c.path === branches)).toHaveLength(2);
  });

  it('a GET in flight during a write answers its callers but is not cached', async () => {
    const answer = deferred<Response>();
    const { http, calls } = setup((call) => (call.method === 'GET' ? (calls.length === 1 ? answer.promise : json({ v: 2 })) : json({})));
    const pending = http.request({ method: 'GET', path: `${REPORT}/annotations` });
    await flush();
    await http.request({ method: 'PUT', path: REPORT, body: {} });
    answer.resolve(json({ v: 1 }));
    await expect(pending).resolves.toEqual({ status: 200, data: { v: 1 } });
    await expect(http.request({ method: 'GET', path: `${REPORT}/annotations` })).resolves.toEqual({ status: 200, data: { v: 2 } });
  });

  it('a failed write still invalidates', async () => {
    const { http, calls } = setup((call) => (call.method === 'GET' ? json({}) : json(errorBody('x'), 500)));
    await http.request({ method: 'GET', path: REPORT });
    await failure(http.request({ method: 'DELETE', path: REPORT, expect: 'none' }));
    await http.request({ method: 'GET', path: REPORT });
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2);
  });

  it('text and JSON reads of one URL are separate cache entries', async () => {
    const { http, calls } = setup(() => new Response('{"a":1}', { headers: { 'content-type': 'text/plain' } }));
    await expect(http.request({ method: 'GET', path: '/rest/api/latest/raw', expect: 'text' })).resolves.toEqual({ status: 200, data: '{"a":1}' });
    expect((await failure(http.request({ method: 'GET', path: '/rest/api/latest/raw' }))).kind).toBe('malformed');
    expect(calls).toHaveLength(2);
  });
});

describe('absolute URLs: origin and context path are separate checks', () => {
  const origin = 'https://bb.example.com';

  it('refuses a foreign origin even under the context path, and the right origin outside it', async () => {
    const { http, calls } = setup(() => json({}), { origin, contextPath: '/bitbucket' });
    const foreign = await failure(http.request({ method: 'GET', path: 'https://evil.example.com/bitbucket/rest/api/latest/x' }));
    expect(foreign.kind).toBe('bad-request');
    expect(foreign.message).toMatch(/other origin/);
    const outside = await failure(http.request({ method: 'GET', path: `${origin}/rest/api/latest/x` }));
    expect(outside.kind).toBe('bad-request');
    expect(outside.message).toMatch(/outside the context path/);
    // `/bitbucketx/…` only starts with the context path's characters.
    expect((await failure(http.request({ method: 'GET', path: `${origin}/bitbucketx/rest/api/latest/x` }))).message).toMatch(/outside the context path/);
    expect(calls).toHaveLength(0);
  });

  it('without a context path, accepts any same-origin absolute URL and sends it as a path', async () => {
    const { http, calls } = setup(() => json({ ok: 1 }), { origin });
    await expect(http.request({ method: 'GET', path: `${origin}/rest/api/latest/x` })).resolves.toEqual({ status: 200, data: { ok: 1 } });
    expect(calls[0].url).toBe('/rest/api/latest/x');
  });

  it.each([`${origin}//evil.example.com/x`, `${origin}/\\evil.example.com/x`])('refuses %s: same origin, but protocol-relative once assembled', async (target) => {
    const { http, calls } = setup(() => json({}), { origin });
    const error = await failure(http.request({ method: 'GET', path: target }));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toMatch(/protocol-relative/);
    expect(calls).toHaveLength(0);
  });

  it('refuses a string that only looks like a URL', async () => {
    const { http } = setup(() => json({}), { origin });
    const error = await failure(http.request({ method: 'GET', path: 'https://' }));
    expect(error.message).toMatch(/not a valid URL/);
  });
});

describe('cache invalidation under the context path /bitbucket', () => {
  const reads = {
    report: '/rest/insights/latest/projects/P/repos/r/commits/abc/reports/k',
    annotations: '/rest/insights/latest/projects/P/repos/r/commits/abc/annotations',
    otherCommit: '/rest/insights/latest/projects/P/repos/r/commits/def/reports',
    branches: '/rest/api/latest/projects/P/repos/r/branches',
    commit: '/rest/api/latest/projects/P/repos/r/commits/abc',
    raw: '/rest/api/latest/projects/P/repos/r/raw/src/a.ts',
    activities: '/rest/api/latest/projects/P/repos/r/pull-requests/1/activities',
    otherPr: '/rest/api/latest/projects/P/repos/r/pull-requests/2',
    project: '/rest/api/latest/projects/P',
    otherRepo: '/rest/api/latest/projects/P/repos/other/branches',
  };
  type Read = keyof typeof reads;

  /** Which reads a write makes the client fetch again (every read is cached before the write). */
  async function refetchedAfter(write: { method: 'POST' | 'PUT' | 'DELETE'; path: string }): Promise<Read[]> {
    const { http, calls } = setup((call) => (call.method === 'GET' ? json({ n: calls.length }) : json({})), { contextPath: '/bitbucket' });
    const names = Object.keys(reads) as Read[];
    for (const name of names) await http.request({ method: 'GET', path: reads[name] });
    for (const name of names) await http.request({ method: 'GET', path: reads[name] });
    expect(calls).toHaveLength(names.length); // all cached
    await http.request({ ...write, body: {} });
    const before = calls.length;
    for (const name of names) await http.request({ method: 'GET', path: reads[name] });
    const again = new Set(calls.slice(before).map((c) => c.path));
    expect(calls.slice(before).every((c) => c.url.startsWith('/bitbucket/rest/'))).toBe(true);
    return names.filter((name) => again.has(reads[name]));
  }

  it('a report write drops that commit’s reads (and their ancestors), nothing else', async () => {
    expect(await refetchedAfter({ method: 'PUT', path: reads.report })).toEqual(['report', 'annotations', 'commit', 'project']);
  });

  it('a pull-request write drops that pull request’s reads only', async () => {
    expect(await refetchedAfter({ method: 'POST', path: '/rest/api/latest/projects/P/repos/r/pull-requests/1/participants' })).toEqual(['activities', 'project']);
  });

  it.each([
    ['a branch write', 'POST', '/rest/branch-utils/latest/projects/P/repos/r/branches'],
    ['a branch deletion', 'DELETE', '/rest/branch-utils/latest/projects/P/repos/r/branches'],
    ['a file write', 'PUT', '/rest/api/latest/projects/P/repos/r/browse/src/a.ts'],
    ['a collection POST (new pull request)', 'POST', '/rest/api/latest/projects/P/repos/r/pull-requests'],
    ['a merge', 'POST', '/rest/api/latest/projects/P/repos/r/pull-requests/1/merge'],
  ] as const)('%s drops every read of the repository (and its ancestors), not other repositories', async (_name, method, path) => {
    expect(await refetchedAfter({ method, path })).toEqual(['report', 'annotations', 'otherCommit', 'branches', 'commit', 'raw', 'activities', 'otherPr', 'project']);
  });

  it('a write to the project itself drops everything under it', async () => {
    expect(await refetchedAfter({ method: 'PUT', path: '/rest/api/latest/projects/P' })).toEqual([
      'report',
      'annotations',
      'otherCommit',
      'branches',
      'commit',
      'raw',
      'activities',
      'otherPr',
      'project',
      'otherRepo',
    ]);
  });

  it('a write outside any repository or commit drops its own subtree and ancestors only', async () => {
    // projects/P/settings/hooks/h/enabled: no repository, so the scope is the written path itself.
    expect(await refetchedAfter({ method: 'PUT', path: '/rest/api/latest/projects/P/settings/hooks/h/enabled' })).toEqual(['project']);
    const { http, calls } = setup(() => json({}), { contextPath: '/bitbucket' });
    const sibling = '/rest/api/latest/projects/P/settings/hooks/other';
    const hook = '/rest/api/latest/projects/P/settings/hooks/h';
    await http.request({ method: 'GET', path: sibling });
    await http.request({ method: 'GET', path: hook });
    await http.request({ method: 'PUT', path: `${hook}/enabled`, body: {} });
    await http.request({ method: 'GET', path: sibling });
    await http.request({ method: 'GET', path: hook });
    expect(calls.filter((c) => c.method === 'GET').map((c) => c.path)).toEqual([sibling, hook, hook]);
  });

  it('only a pull request’s merge moves a branch: other writes named merge keep their own scope', async () => {
    expect(await refetchedAfter({ method: 'POST', path: '/rest/api/latest/projects/P/repos/r/commits/abc/merge' })).toEqual(['report', 'annotations', 'commit', 'project']);
    // The repository is `projects/{p}/repos/{r}`: a merge under another root keeps the pull request's scope.
    const { http, calls } = setup(() => json({}));
    const branches = '/rest/api/latest/users/u/repos/r/branches';
    await http.request({ method: 'GET', path: branches });
    await http.request({ method: 'POST', path: '/rest/api/latest/users/u/repos/r/pull-requests/1/merge', body: {} });
    await http.request({ method: 'GET', path: branches });
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(1);
  });

  it('a write given as a same-origin absolute URL invalidates like its path', async () => {
    const { http, calls } = setup((call) => (call.method === 'GET' ? json({}) : json({})), { contextPath: '/bitbucket', origin: 'https://bb.example.com' });
    await http.request({ method: 'GET', path: reads.branches });
    await http.request({ method: 'POST', path: `https://bb.example.com/bitbucket${reads.branches}`, body: {} });
    await http.request({ method: 'GET', path: reads.branches });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `GET /bitbucket${reads.branches}`,
      `POST /bitbucket${reads.branches}`,
      `GET /bitbucket${reads.branches}`,
    ]);
  });

  it('clearCache forgets every answer', async () => {
    const { http, calls } = setup(() => json({}), { contextPath: '/bitbucket' });
    await http.request({ method: 'GET', path: reads.branches });
    http.clearCache();
    await http.request({ method: 'GET', path: reads.branches });
    expect(calls).toHaveLength(2);
  });
});

describe('cache size: at most 300 answers', () => {
  const read = (http: HttpClient, i: number) => http.request({ method: 'GET', path: `/rest/api/latest/projects/P${i}` });

  it('keeps 300 answers; the 301st evicts the oldest stored one', async () => {
    const { http, calls } = setup(() => json({}), { now: () => 0, cacheTtlMs: 60_000 });
    for (let i = 0; i < 300; i++) await read(http, i);
    for (let i = 0; i < 300; i++) await read(http, i);
    expect(calls).toHaveLength(300);
    await read(http, 300);
    expect(calls).toHaveLength(301);
    await read(http, 299);
    await read(http, 1);
    await read(http, 300);
    expect(calls).toHaveLength(301); // still cached
    await read(http, 0);
    expect(calls.map((c) => c.path)).toHaveLength(302);
    expect(calls[301].path).toBe('/rest/api/latest/projects/P0');
  });

  it('an answer fetched again counts as the newest: the next eviction takes the one stored longest ago', async () => {
    let now = 0;
    const { http, calls } = setup(() => json({}), { now: () => now, cacheTtlMs: 60_000 });
    for (let i = 0; i < 300; i++) await read(http, i);
    now = 1_000;
    await http.request({ method: 'GET', path: '/rest/api/latest/projects/P0', fresh: true }); // a panel's refresh
    now = 60_000; // P1 has expired: read again, it is stored anew
    await read(http, 1);
    await read(http, 300); // one too many: P2 is now the oldest
    const before = calls.length;
    await read(http, 0);
    await read(http, 1);
    await read(http, 300);
    expect(calls.length).toBe(before);
    await read(http, 2);
    expect(calls.slice(before).map((c) => c.path)).toEqual(['/rest/api/latest/projects/P2']);
  });

  it('when full, expired answers go first and every live one is kept', async () => {
    let now = 0;
    const { http, calls } = setup(() => json({}), { now: () => now, cacheTtlMs: 5_000 });
    for (let i = 0; i < 150; i++) await read(http, i);
    now = 3_000;
    for (let i = 150; i < 300; i++) await read(http, i);
    now = 6_000; // the first 150 have expired, the others live until 8 000
    await read(http, 300);
    const before = calls.length;
    for (let i = 150; i <= 300; i++) await read(http, i);
    expect(calls.length).toBe(before);
  });
});

describe('Retry-After', () => {
  afterEach(() => jest.useRealTimers());
  const at = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');

  it.each([
    [null, 5, 'missing: 5 s, as Atlassian’s own clients assume'],
    ['3', 3, 'integer seconds'],
    [' 12 ', 12, 'integer seconds with spaces'],
    ['0', 0, 'zero'],
    ['Wed, 21 Oct 2026 07:28:03 GMT', 3, 'an HTTP date 3 s ahead'],
    ['Wed, 21 Oct 2026 07:28:01 GMT', 1, 'an HTTP date 1 s ahead'],
    ['Wed, 21 Oct 2026 07:27:00 GMT', 0, 'an HTTP date in the past: no wait'],
    ['soon', 5, 'unreadable: 5 s'],
    ['-3', 5, 'a negative number is not delay-seconds (Date.parse would read a year)'],
    ['1.5', 5, 'a fraction is not delay-seconds (Date.parse would read a date)'],
    ['Wednesday, 21-Oct-26 07:28:04 GMT', 4, 'the obsolete RFC 850 date form'],
    ['21 Oct 2026 07:28:03 GMT', 5, 'a date without its day name is no HTTP-date'],
    ['a 2026', 5, 'one letter is no day name'],
  ] as [string | null, number, string][])('%j → %d s (%s)', (header, seconds) => {
    expect(retryAfterSeconds(header, at)).toBe(seconds);
  });

  it('rounds a part second of an HTTP date up', () => {
    expect(retryAfterSeconds('Wed, 21 Oct 2026 07:28:02 GMT', at + 500)).toBe(2);
  });

  it('a 429 with an HTTP date is retried when that date comes', async () => {
    jest.useFakeTimers();
    let n = 0;
    const { http, calls } = setup(() => (n++ === 0 ? json(errorBody('Slow down'), 429, { 'retry-after': 'Wed, 21 Oct 2026 07:28:02 GMT' }) : json({ ok: true })), { now: () => at });
    const result = http.request({ method: 'GET', path: '/rest/api/latest/x' });
    await jest.advanceTimersByTimeAsync(1_999);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual({ status: 200, data: { ok: true } });
    expect(calls).toHaveLength(2);
  });

  it('only a 429 carries retryAfter', async () => {
    const { http } = setup(() => json(errorBody('Boom'), 503, { 'retry-after': '7' }));
    const error = await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }));
    expect(error.kind).toBe('server');
    expect(error.retryAfter).toBeUndefined();
  });
});

describe('bodies the caller did not ask for, and answers Bitbucket does not give', () => {
  it.each([
    ['a JSON body', () => json({ id: 1, version: 3 }), 200],
    ['an HTML body', () => new Response('<html>ok</html>', { status: 200, headers: { 'content-type': 'text/html' } }), 200],
    ['a truncated JSON body', () => new Response('{"id":', { status: 201, headers: { 'content-type': 'application/json' } }), 201],
  ] as const)('expect: none ignores %s of a 2xx', async (_name, response, status) => {
    const { http } = setup(response);
    await expect(http.request({ method: 'POST', path: '/rest/api/latest/x', body: {}, expect: 'none' })).resolves.toEqual({ status, data: undefined });
  });

  it.each([301, 302, 304, 307])('a %d (a redirect or proxy answered, not Bitbucket) is malformed', async (status) => {
    const { http } = setup(() => new Response(status === 304 ? null : '<html>Moved</html>', { status, headers: { location: '/login' } }));
    const error = await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }));
    expect(error.kind).toBe('malformed');
    expect(error.status).toBe(status);
  });

  it('a text read asks for any type and gets the body verbatim; a JSON read with no Content-Type is parsed', async () => {
    const { http, calls } = setup((call) => (call.path.endsWith('raw') ? new Response('  line 1\n', { headers: { 'content-type': 'text/x-typescript' } }) : new Response(new TextEncoder().encode('{"a":1}'))));
    await expect(http.request({ method: 'GET', path: '/rest/api/latest/raw', expect: 'text' })).resolves.toEqual({ status: 200, data: '  line 1\n' });
    expect(calls[0].headers.accept).toBe('*/*');
    await expect(http.request({ method: 'GET', path: '/rest/api/latest/json' })).resolves.toEqual({ status: 200, data: { a: 1 } });
  });

  it('keeps each error message’s context and exception name, drops entries without a message', async () => {
    const body = { errors: [{ context: 'name', message: 'Name taken', exceptionName: 'x.Duplicate' }, { message: 7 }, null, { message: 'Plain' }] };
    const { http } = setup(() => json(body, 400));
    const error = await failure(http.request({ method: 'POST', path: '/rest/api/latest/x', body: {} }));
    expect(error.errors).toEqual([
      { message: 'Name taken', context: 'name', exceptionName: 'x.Duplicate' },
      { message: 'Plain', context: null, exceptionName: null },
    ]);
    expect(error.message).toBe('Name taken');
  });

  it('an error page body is kept as text (first 2000 characters); an empty one as undefined', async () => {
    const page = `<html>${'x'.repeat(3000)}</html>`;
    const { http } = setup((call) => (call.path.endsWith('page') ? new Response(page, { status: 502, headers: { 'content-type': 'text/html' } }) : new Response('', { status: 500 })));
    const html = await failure(http.request({ method: 'GET', path: '/rest/api/latest/page' }));
    expect(html.body).toBe(page.slice(0, 2000));
    expect(html.errors).toEqual([]);
    const empty = await failure(http.request({ method: 'GET', path: '/rest/api/latest/empty' }));
    expect(empty.kind).toBe('server');
    expect(empty.body).toBeUndefined();
  });

  it('a JSON body without the envelope is kept as the error body; an object envelope is not an array', async () => {
    const { http } = setup(() => json({ errors: { message: 'not a list' } }, 404));
    const error = await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }));
    expect(error.kind).toBe('unavailable');
    expect(error.body).toEqual({ errors: { message: 'not a list' } });
  });
});

describe('construction', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('drops every trailing slash of the context path and says what is wrong with a bad one', async () => {
    const { http, calls } = setup(() => json({}), { contextPath: '/bitbucket//' });
    await http.request({ method: 'GET', path: '/rest/api/latest/x' });
    expect(calls[0].url).toBe('/bitbucket/rest/api/latest/x');
    expect(() => new HttpClient({ fetch: jest.fn(), contextPath: 'bitbucket' })).toThrow(/contextPath must be '' or start with a single '\/': "bitbucket"/);
  });

  it('uses the global fetch by default, and refuses to work without any', async () => {
    const global = jest.fn(async () => json({ g: 1 }));
    globalThis.fetch = global as unknown as typeof fetch;
    await expect(new HttpClient().request({ method: 'GET', path: '/rest/api/latest/x' })).resolves.toEqual({ status: 200, data: { g: 1 } });
    expect(global).toHaveBeenCalledTimes(1);
    delete (globalThis as { fetch?: unknown }).fetch;
    expect(() => new HttpClient()).toThrow(new TypeError('No fetch implementation available'));
  });
});

describe('paths that only look odd', () => {
  it('fetches a path with a colon or a double slash inside (neither is absolute or protocol-relative)', async () => {
    const { http, calls } = setup(() => json({}));
    await http.request({ method: 'GET', path: '/rest/api/latest/projects/P/repos/r/browse/a:b.ts' });
    await http.request({ method: 'GET', path: '/rest/api/latest//x' });
    expect(calls.map((c) => c.url)).toEqual(['/rest/api/latest/projects/P/repos/r/browse/a:b.ts', '/rest/api/latest//x']);
  });

  it('says why a relative path is refused', async () => {
    const { http } = setup(() => json({}));
    expect((await failure(http.request({ method: 'GET', path: 'rest/api/latest/x' }))).message).toBe('Refusing to request rest/api/latest/x: relative path');
  });
});

describe('flights, subscribers and the cache', () => {
  afterEach(() => jest.useRealTimers());

  it('an unrelated GET in flight during a write keeps its flight (joined) and is cached', async () => {
    const answer = deferred<Response>();
    const { http, calls } = setup((call) => (call.method === 'GET' ? answer.promise : json({})));
    const first = http.request({ method: 'GET', path: '/rest/api/latest/projects/Q/repos/s/branches' });
    await flush();
    await http.request({ method: 'PUT', path: REPORT, body: {} });
    const second = http.request({ method: 'GET', path: '/rest/api/latest/projects/Q/repos/s/branches' });
    answer.resolve(json({ b: 1 }));
    await expect(Promise.all([first, second])).resolves.toEqual([
      { status: 200, data: { b: 1 } },
      { status: 200, data: { b: 1 } },
    ]);
    await http.request({ method: 'GET', path: '/rest/api/latest/projects/Q/repos/s/branches' });
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(1);
  });

  it('a stale flight settling does not drop the fresh flight that replaced it', async () => {
    const answers = [deferred<Response>(), deferred<Response>()];
    let gets = 0;
    const { http, calls } = setup((call) => (call.method === 'GET' ? answers[gets++].promise : json({})));
    const path = `${REPORT}/annotations`;
    const stale = http.request({ method: 'GET', path });
    await flush();
    await http.request({ method: 'PUT', path: REPORT, body: {} });
    const fresh = http.request({ method: 'GET', path });
    await flush();
    answers[0].resolve(json({ v: 1 }));
    await expect(stale).resolves.toEqual({ status: 200, data: { v: 1 } });
    const joined = http.request({ method: 'GET', path });
    answers[1].resolve(json({ v: 2 }));
    await expect(Promise.all([fresh, joined])).resolves.toEqual([
      { status: 200, data: { v: 2 } },
      { status: 200, data: { v: 2 } },
    ]);
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2);
  });

  it('when every subscriber of a stale flight aborts, the fresh flight for the same URL is kept', async () => {
    const answers = [deferred<Response>(), deferred<Response>()];
    let gets = 0;
    const { http, calls } = setup((call) => (call.method === 'GET' ? answers[gets++].promise : json({})));
    const path = `${REPORT}/annotations`;
    const controller = new AbortController();
    const stale = http.request({ method: 'GET', path, signal: controller.signal });
    await flush();
    await http.request({ method: 'PUT', path: REPORT, body: {} });
    const fresh = http.request({ method: 'GET', path });
    await flush();
    controller.abort();
    const error = await failure(stale);
    expect(error).toMatchObject({ kind: 'aborted', method: 'GET', url: path });
    const joined = http.request({ method: 'GET', path });
    answers[1].resolve(json({ v: 2 }));
    await expect(Promise.all([fresh, joined])).resolves.toHaveLength(2);
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2);
  });

  it('a request made right after every subscriber aborted starts a new fetch instead of joining the aborted one', async () => {
    const { http, calls } = setup(() => (calls.length === 1 ? new Promise<Response>(() => undefined) : json({ n: calls.length })));
    const controller = new AbortController();
    const first = http.request({ method: 'GET', path: '/rest/api/latest/x', signal: controller.signal });
    await flush();
    controller.abort();
    const next = http.request({ method: 'GET', path: '/rest/api/latest/x' });
    expect((await failure(first)).kind).toBe('aborted');
    await expect(next).resolves.toEqual({ status: 200, data: { n: 2 } });
  });

  it('a fresh request that fails keeps the live cached answer', async () => {
    let fail = false;
    const { http, calls } = setup(() => (fail ? json(errorBody('x'), 500) : json({ v: 1 })), { now: () => 0 });
    await http.request({ method: 'GET', path: '/rest/api/latest/x' });
    fail = true;
    await failure(http.request({ method: 'GET', path: '/rest/api/latest/x', fresh: true }));
    await expect(http.request({ method: 'GET', path: '/rest/api/latest/x' })).resolves.toEqual({ status: 200, data: { v: 1 } });
    expect(calls).toHaveLength(2);
  });

  it('an empty answer allowed for one caller is no answer for a caller who needs a body', async () => {
    const { http, calls } = setup(() => noContent());
    await expect(http.request({ method: 'GET', path: '/rest/api/latest/x', allowEmpty: true })).resolves.toEqual({ status: 204, data: undefined });
    expect((await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }))).kind).toBe('malformed');
    expect(calls).toHaveLength(2);
  });

  it('a GET that runs while a write is in flight is not cached past the write', async () => {
    const write = deferred<Response>();
    let version = 1;
    const { http, calls } = setup((call) => (call.method === 'GET' ? json({ v: version }) : write.promise));
    const pending = http.request({ method: 'PUT', path: REPORT, body: {} });
    await flush();
    await expect(http.request({ method: 'GET', path: REPORT })).resolves.toEqual({ status: 200, data: { v: 1 } });
    version = 2;
    write.resolve(json({}));
    await pending;
    await expect(http.request({ method: 'GET', path: REPORT })).resolves.toEqual({ status: 200, data: { v: 2 } });
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2);
  });

  it('leaves no timer behind once a request has settled', async () => {
    jest.useFakeTimers();
    const { http } = setup(() => json({}));
    await http.request({ method: 'GET', path: '/rest/api/latest/x' });
    await http.request({ method: 'POST', path: '/rest/api/latest/y', body: {} });
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('abort listeners', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('leaves none behind once requests have settled: a panel’s signal outlives many requests', async () => {
    jest.useFakeTimers();
    const live: [EventTarget, string, unknown][] = [];
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    jest.spyOn(EventTarget.prototype, 'addEventListener').mockImplementation(function (this: EventTarget, type, listener, options) {
      if (this instanceof AbortSignal) live.push([this, type, listener]);
      add.call(this, type, listener, options);
    });
    jest.spyOn(EventTarget.prototype, 'removeEventListener').mockImplementation(function (this: EventTarget, type, listener, options) {
      const i = live.findIndex(([target, t, l]) => target === this && t === type && l === listener);
      if (i >= 0) live.splice(i, 1);
      remove.call(this, type, listener, options);
    });
    let rateLimited = true;
    // A fetch that ignores the signal, so every listener counted is the client's own.
    const answer = async (input: string): Promise<Response> => {
      if (input.endsWith('/slow') && rateLimited) {
        rateLimited = false;
        return json(errorBody('Slow down'), 429, { 'retry-after': '1' });
      }
      return input.endsWith('/broken') ? json(errorBody('Boom'), 500) : json({});
    };
    const http = new HttpClient({ fetch: answer });
    const { signal } = new AbortController();
    await http.request({ method: 'GET', path: '/rest/api/latest/a', signal });
    await Promise.all([http.request({ method: 'GET', path: '/rest/api/latest/b', signal }), http.request({ method: 'GET', path: '/rest/api/latest/b', signal })]);
    await failure(http.request({ method: 'GET', path: '/rest/api/latest/broken', signal }));
    await http.request({ method: 'POST', path: '/rest/api/latest/c', body: {}, signal });
    const slow = http.request({ method: 'GET', path: '/rest/api/latest/slow', signal });
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(slow).resolves.toEqual({ status: 200, data: {} });
    expect(live.length).toBe(0);
  });
});

describe('empty, blank and oversized bodies', () => {
  it('a write expecting JSON that gets a 204 is malformed unless empty is allowed', async () => {
    const { http } = setup(() => noContent());
    expect((await failure(http.request({ method: 'POST', path: '/rest/api/latest/x', body: {} }))).kind).toBe('malformed');
    await expect(http.request({ method: 'POST', path: '/rest/api/latest/x', body: {}, allowEmpty: true })).resolves.toEqual({ status: 204, data: undefined });
  });

  it('a 200 with an empty or blank body is empty: fine when allowed', async () => {
    const { http } = setup((call) => new Response(call.path.endsWith('blank') ? ' \n\t' : '', { status: 200, headers: { 'content-type': 'application/json' } }), { cacheTtlMs: 0 });
    await expect(http.request({ method: 'GET', path: '/rest/api/latest/empty', allowEmpty: true })).resolves.toEqual({ status: 200, data: undefined });
    await expect(http.request({ method: 'GET', path: '/rest/api/latest/blank', allowEmpty: true })).resolves.toEqual({ status: 200, data: undefined });
    expect((await failure(http.request({ method: 'GET', path: '/rest/api/latest/blank' }))).body).toBe(' \n\t');
  });

  it('a 5xx with a blank body is a server error, not a malformed one', async () => {
    const { http } = setup(() => new Response('  \n', { status: 503, headers: { 'content-type': 'text/plain' } }));
    const error = await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }));
    expect(error.kind).toBe('server');
    expect(error.body).toBeUndefined();
  });

  it('keeps the first 2000 characters of a 2xx body that is not JSON', async () => {
    const page = `<html>${'y'.repeat(2500)}</html>`;
    const { http } = setup(() => new Response(page, { status: 200, headers: { 'content-type': 'text/html' } }));
    const error = await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }));
    expect(error.kind).toBe('malformed');
    expect(error.body).toBe(page.slice(0, 2000));
  });

  it('a 300 is malformed too, even with a JSON body', async () => {
    const { http } = setup(() => json({ choices: [] }, 300));
    expect((await failure(http.request({ method: 'GET', path: '/rest/api/latest/x' }))).kind).toBe('malformed');
  });
});

