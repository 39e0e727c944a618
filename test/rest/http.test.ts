import { RestError, type RestErrorKind } from '../../frontend/rest/errors';
import { HttpClient, MAX_RETRY_AFTER_MS, type HttpOptions } from '../../frontend/rest/http';
import { filePath, path } from '../../frontend/rest/url';
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

describe('path encoding of hostile names', () => {
  it.each([
    ['a b', 'a%20b'],
    ['100%', '100%25'],
    ['#?&=', '%23%3F%26%3D'],
    ['a/b', 'a%2Fb'],
    ['ünï©ødé 🚀', encodeURIComponent('ünï©ødé 🚀')],
    ['..a', '..a'],
    ['%2e%2e', '%252e%252e'],
  ])('segment %j → %s', (value, encoded) => {
    expect(path`/rest/insights/latest/reports/${value}/x`).toBe(`/rest/insights/latest/reports/${encoded}/x`);
  });

  it.each(['..', '.', '', '\uD800'])('refuses the segment %j', (value) => {
    expect(() => path`/rest/x/${value}`).toThrow(RestError);
  });

  it('encodes file paths per component and keeps slashes', () => {
    expect(filePath('src/a b/#1?.ts').encoded).toBe('src/a%20b/%231%3F.ts');
    expect(filePath('/docs/ü.md').encoded).toBe('docs/%C3%BC.md');
    expect(() => filePath('src/../../etc/passwd')).toThrow(RestError);
    expect(() => filePath('a//b')).toThrow(RestError);
    expect(() => filePath('/')).toThrow(RestError);
  });

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
    expect((await failure(http.request({ method: 'GET', path: '/rest/api/latest/x', signal: controller.signal }))).kind).toBe('aborted');
    expect((await failure(http.request({ method: 'DELETE', path: '/rest/api/latest/x', signal: controller.signal }))).kind).toBe('aborted');
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
