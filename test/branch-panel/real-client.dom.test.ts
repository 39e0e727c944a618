/** @jest-environment jsdom */
/**
 * The branch panel over the real REST client with a fake `fetch`: checks the HTTP the panel causes
 * (paths, query, the DELETE body with dryRun/endPoint, XSRF header) and that summary label and panel
 * share requests through one client.
 */
import { createBitbucketClient } from '../../frontend/rest';
import type { Branch } from '../../frontend/rest';
import { mount, summarize } from '../../frontend/branch-panel';
import { resetFakeHost } from '../fake-host/state';
import { HEAD, MODEL, branch, context, flush, withAheadBehind } from './fake-client';

interface Recorded {
  method: string;
  url: URL;
  body?: unknown;
  headers: Record<string, string>;
}

/** `shape` turns each branch entry into the JSON the server sends (default: as built). */
function fakeServer(shape: (entry: Branch) => unknown = (entry) => entry) {
  const requests: Recorded[] = [];
  let branches = [withAheadBehind(branch('feature/login'), 1, 2), branch('master', 'b'.repeat(40), { isDefault: true })];
  // jsdom has no fetch Response: the client needs only status, headers.get and text().
  const reply = (status: number, text: string, contentType = 'application/json;charset=UTF-8'): Response =>
    ({ status, ok: status < 300, headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? contentType : null) }, text: async () => text }) as unknown as Response;
  const json = (status: number, body: unknown): Response => reply(status, JSON.stringify(body));
  const page = (values: unknown[]) => ({ size: values.length, limit: 25, start: 0, isLastPage: true, values });
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const method = init.method ?? 'GET';
    requests.push({ method, url, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    const p = url.pathname.replace('/bitbucket', '');
    if (p === '/rest/api/latest/projects/SOUR/repos/vegeta/branches' && method === 'GET') {
      const filter = url.searchParams.get('filterText') ?? '';
      return json(200, page(branches.filter((b) => b.displayId.includes(filter)).map(shape)));
    }
    if (p === '/rest/branch-utils/latest/projects/SOUR/repos/vegeta/branchmodel') return json(200, MODEL);
    if (p === `/rest/branch-utils/latest/projects/SOUR/repos/vegeta/branches/info/${HEAD}`) return json(200, page([branch('feature/login')].map(shape)));
    if (p === '/rest/api/latest/users') return json(200, page([{ id: 1, name: 'alice', slug: 'alice', displayName: 'Alice', active: true, type: 'NORMAL' }]));
    if (p === '/rest/api/latest/projects/SOUR/repos/vegeta/pull-requests') return json(200, page([]));
    if (p === '/rest/branch-utils/latest/projects/SOUR/repos/vegeta/branches' && method === 'DELETE') {
      const body = JSON.parse(String(init.body)) as { name: string; dryRun: boolean; endPoint?: string };
      if (!body.dryRun) branches = branches.filter((b) => b.id !== body.name);
      return reply(204, '', '');
    }
    return json(404, { errors: [{ context: null, message: `unexpected ${method} ${p}`, exceptionName: null }] });
  };
  return { fetch, requests };
}

beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket', currentUser: { id: 1, name: 'alice', slug: 'alice', displayName: 'Alice' } });
  document.body.innerHTML = '<div id="c"></div>';
});

it('summary label and panel share one branch lookup through the client', async () => {
  const server = fakeServer();
  const client = createBitbucketClient({ contextPath: '/bitbucket', fetch: server.fetch as typeof fetch, origin: 'http://localhost' });
  const container = document.getElementById('c')!;
  const summary = summarize(context(), { client });
  mount(container, context(), { client });
  await expect(summary).resolves.toMatchObject({ status: 'behind', behind: 2 });
  await flush(20);
  const lookups = server.requests.filter((r) => r.url.pathname.endsWith('/repos/vegeta/branches') && r.method === 'GET');
  expect(lookups).toHaveLength(1);
  expect(Object.fromEntries(lookups[0].url.searchParams)).toMatchObject({ filterText: 'feature/login', details: 'true', base: 'refs/heads/master' });
  expect(container.querySelector('.yc-branch-aheadbehind')?.textContent).toBe('1 ahead, 2 behind master');
});

it('sends the dry run and the delete as JSON DELETEs with endPoint and the XSRF header', async () => {
  const server = fakeServer();
  const client = createBitbucketClient({ contextPath: '/bitbucket', fetch: server.fetch as typeof fetch, origin: 'http://localhost' });
  const container = document.getElementById('c')!;
  mount(container, context({ state: 'MERGED' }), { client });
  await flush(20);
  (container.querySelector('[data-testid="yc-branch-delete"]') as HTMLButtonElement).click();
  await flush(30);
  (container.querySelector('[data-testid="yc-branch-delete-confirm-confirm"]') as HTMLButtonElement).click();
  await flush(30);
  const deletes = server.requests.filter((r) => r.method === 'DELETE');
  expect(deletes.map((d) => d.body)).toEqual([
    { name: 'refs/heads/feature/login', dryRun: true, endPoint: HEAD },
    { name: 'refs/heads/feature/login', dryRun: false, endPoint: HEAD },
  ]);
  for (const d of deletes) expect(d.headers['x-atlassian-token']).toBe('no-check');
  expect(container.querySelector('[data-position]')?.getAttribute('data-position')).toBe('deleted');
});

describe('branch entries of older servers: `latestChangeset` without `latestCommit` (rest-contracts.md §2.2)', () => {
  const changesetOnly = (entry: Branch): unknown => {
    const { latestCommit, ...rest } = entry;
    return { ...rest, latestChangeset: latestCommit };
  };

  it('the label reads the branch as where the PR head is, not "moved since the PR"', async () => {
    const server = fakeServer(changesetOnly);
    const client = createBitbucketClient({ contextPath: '/bitbucket', fetch: server.fetch as typeof fetch, origin: 'http://localhost' });
    await expect(summarize(context(), { client })).resolves.toMatchObject({ status: 'behind', behind: 2 });
  });

  it('the modal settles with the branch at the PR head (no spinner left)', async () => {
    const server = fakeServer(changesetOnly);
    const client = createBitbucketClient({ contextPath: '/bitbucket', fetch: server.fetch as typeof fetch, origin: 'http://localhost' });
    const container = document.getElementById('c')!;
    mount(container, context(), { client });
    await flush(20);
    expect(container.querySelector('aui-spinner')).toBeNull();
    expect(container.querySelector('[data-position]')?.getAttribute('data-position')).toBe('same');
    expect(container.querySelector('.yc-branch-aheadbehind')?.textContent).toBe('1 ahead, 2 behind master');
  });
});
