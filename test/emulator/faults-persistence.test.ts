/** Faults (each kind), the request log, persistence across restarts, start-up time and the large dataset. */
import { rmSync } from 'fs';
import { performance } from 'perf_hooks';
import { startEmulator } from '../../emulator';
import { seedLargeInsights } from '../../emulator/seed';
import { call, createEmulator, tempDir, WEB, WEB_INSIGHTS, type TestEmulator } from './helpers';

jest.setTimeout(60000);

describe('faults', () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await createEmulator({ faults: true });
  });
  afterAll(() => emulator.dispose());
  afterEach(async () => {
    await call(emulator, 'DELETE', '/rest/emulator/1.0/faults');
  });

  const addFault = async (spec: Record<string, unknown>) => {
    const response = await call(emulator, 'POST', '/rest/emulator/1.0/faults', { body: spec });
    expect(response.status).toBe(201);
    return response.json.id as number;
  };

  test('status fault with times, glob matching and method filter', async () => {
    await addFault({ method: 'GET', pathPattern: '/rest/api/*/projects/ACME/repos/web-app/pull-requests/*', status: 500, times: 1 });
    const failed = await call(emulator, 'GET', `${WEB}/pull-requests/1`);
    expect(failed.status).toBe(500);
    expect(failed.json.errors[0].message).toBeTruthy();
    expect((await call(emulator, 'GET', `${WEB}/pull-requests/1`)).status).toBe(200);
    await addFault({ pathPattern: '^/rest/api/latest/projects/ACME/repos/web-app/pull-requests/\\d+/merge$', status: 429 });
    const limited = await call(emulator, 'GET', `${WEB}/pull-requests/1/merge`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect((await call(emulator, 'GET', `${WEB}/pull-requests/1`)).status).toBe(200);
    expect((await call(emulator, 'POST', '/rest/emulator/1.0/faults', { body: { pathPattern: '' } })).status).toBe(400);
  });

  test('HTML error page, truncated body, disabled module', async () => {
    await addFault({ pathPattern: '/rest/api/**/default-branch', htmlErrorPage: true });
    const html = await call(emulator, 'GET', `${WEB}/default-branch`);
    expect(html.status).toBe(502);
    expect(html.headers['content-type']).toBe('text/html');
    expect(html.text).toContain('<center><h1>502 Bad Gateway</h1></center>');

    await addFault({ pathPattern: '/rest/api/**/participants', truncateBody: true });
    const truncated = await call(emulator, 'GET', `${WEB}/pull-requests/1/participants`);
    expect(truncated.status).toBe(200);
    expect(truncated.json).toBeUndefined();
    expect(() => JSON.parse(truncated.text)).toThrow();

    await addFault({ pathPattern: '/**', disableModule: 'insights' });
    const head = emulator.store.pullRequest(emulator.store.repository('ACME', 'web-app')!, 1)!.fromCommit;
    const disabled = await call(emulator, 'GET', `${WEB_INSIGHTS}/commits/${head}/reports`);
    expect(disabled.status).toBe(404);
    expect(disabled.headers['content-type']).toMatch(/^text\/html/);
    expect((await call(emulator, 'GET', `${WEB}/pull-requests/1`)).status).toBe(200);
    await addFault({ pathPattern: '/**', disableModule: 'build-status' });
    expect((await call(emulator, 'GET', `${WEB}/commits/${head}/builds?key=WEB-BUILD`)).status).toBe(404);
    expect((await call(emulator, 'GET', `/rest/build-status/1.0/commits/${head}`)).status).toBe(404);
  });

  test('latency delays, stall is released by a client abort, faults can be listed and removed by id', async () => {
    await addFault({ pathPattern: '/rest/api/latest/application-properties', latencyMs: 150 });
    const started = performance.now();
    expect((await call(emulator, 'GET', '/rest/api/latest/application-properties')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    const stallId = await addFault({ pathPattern: '/rest/api/latest/users', stallMs: 30000 });
    const listed = await call(emulator, 'GET', '/rest/emulator/1.0/faults');
    expect(listed.json.faults.map((f: { id: number }) => f.id)).toContain(stallId);
    const controller = new AbortController();
    const pending = call(emulator, 'GET', '/rest/api/latest/users', { signal: controller.signal }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const abortedAt = performance.now();
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    // The server side let go of the stalled request too (logged as aborted, status 0).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const log = (await call(emulator, 'GET', '/rest/emulator/1.0/requests')).json.requests;
    expect(log).toContainEqual(expect.objectContaining({ url: '/bitbucket/rest/api/latest/users', status: 0 }));
    expect((await call(emulator, 'DELETE', `/rest/emulator/1.0/faults/${stallId}`)).status).toBe(204);
    expect((await call(emulator, 'GET', '/rest/api/latest/users')).status).toBe(200);
  });

  test('close() releases stalled requests', async () => {
    const dataDir = tempDir();
    const running = await startEmulator({ port: 0, dataDir, faults: true, pages: false, quiet: true });
    const auth = { authorization: `Bearer ${running.adminToken}`, 'content-type': 'application/json', 'x-atlassian-token': 'no-check' };
    await fetch(`${running.url}/rest/emulator/1.0/faults`, { method: 'POST', headers: auth, body: JSON.stringify({ pathPattern: '/rest/api/latest/repos', stallMs: 60000 }) });
    const pending = fetch(`${running.url}/rest/api/latest/repos`, { headers: auth }).then(
      (r) => r.status,
      () => 'aborted',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = performance.now();
    await running.close();
    expect(performance.now() - closing).toBeLessThan(2000);
    expect(await pending).toBe('aborted');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the request log records method, url, status, timing and user; DELETE clears it', async () => {
    await call(emulator, 'DELETE', '/rest/emulator/1.0/requests');
    await call(emulator, 'GET', `${WEB}/pull-requests/9999`, { as: 'alice' });
    await call(emulator, 'GET', '/rest/api/1.0/application-properties', { as: null });
    const log = (await call(emulator, 'GET', '/rest/emulator/1.0/requests')).json.requests;
    const interesting = log.filter((r: { url: string }) => !r.url.includes('/rest/emulator/'));
    expect(interesting).toEqual([
      expect.objectContaining({ method: 'GET', url: `/bitbucket${WEB}/pull-requests/9999`, status: 404, user: 'alice' }),
      expect.objectContaining({ method: 'GET', url: '/bitbucket/rest/api/1.0/application-properties', status: 200, user: null }),
    ]);
    expect(interesting[0].end).toBeGreaterThanOrEqual(interesting[0].start);
  });

  test('reset reseeds', async () => {
    await call(emulator, 'PUT', `${WEB}/pull-requests/2`, { as: 'bob', body: { version: emulator.store.pullRequest(emulator.store.repository('ACME', 'web-app')!, 2)!.version, title: 'Changed' } });
    expect((await call(emulator, 'POST', '/rest/emulator/1.0/reset')).status).toBe(204);
    expect((await call(emulator, 'GET', `${WEB}/pull-requests/2`)).json.title).toBe('Refactor generated modules');
  });
});

describe('without --faults the test endpoints do not exist', () => {
  test('faults and requests answer 404', async () => {
    const emulator = await createEmulator({ faults: false });
    try {
      expect((await call(emulator, 'GET', '/rest/emulator/1.0/requests')).status).toBe(404);
      expect((await call(emulator, 'POST', '/rest/emulator/1.0/faults', { body: { pathPattern: '/**', status: 500 } })).status).toBe(404);
      expect(emulator.faults.requests().length).toBeGreaterThan(0); // still recorded
    } finally {
      await emulator.dispose();
    }
  });
});

describe('persistence and start-up', () => {
  test('writes survive a restart on the same data dir; reset reseeds', async () => {
    const dataDir = tempDir();
    try {
      const first = await createEmulator({ dataDir });
      const created = await call(first, 'POST', '/rest/branch-utils/latest/projects/ACME/repos/web-app/branches', { body: { name: 'feature/persisted', startPoint: 'main' } });
      expect(created.status).toBe(201);
      const token = first.adminToken;
      await first.dispose();

      const second = await createEmulator({ dataDir, reset: false });
      expect(second.adminToken).toBe(token);
      const branches = await call(second, 'GET', `${WEB}/branches?filterText=persisted`);
      expect(branches.json.values.map((b: { displayId: string }) => b.displayId)).toEqual(['feature/persisted']);
      await second.dispose();

      const third = await createEmulator({ dataDir, reset: true });
      expect((await call(third, 'GET', `${WEB}/branches?filterText=persisted`)).json.values).toEqual([]);
      await third.dispose();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('starts in under a second without the large dataset; the 10×1000 dataset is on demand', async () => {
    const dataDir = tempDir();
    try {
      const started = performance.now();
      const running = await startEmulator({ port: 0, dataDir, reset: true, pages: false, quiet: true });
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(1000);
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bitbucket$/);
      expect(running.store.data.reports.some((r) => r.key.startsWith('com.yourcompany.perf.'))).toBe(false);
      const commit = seedLargeInsights(running.store, { repo: { projectKey: 'ACME', repositorySlug: 'web-app' }, reports: 10, annotationsPerReport: 1000 });
      const response = await fetch(`${running.url}/rest/insights/latest/projects/ACME/repos/web-app/commits/${commit}/annotations`, { headers: { authorization: `Bearer ${running.adminToken}` } });
      const body = (await response.json()) as { totalCount: number };
      expect(body.totalCount).toBeGreaterThanOrEqual(10000);
      await running.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
