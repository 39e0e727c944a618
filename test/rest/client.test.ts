import { createBitbucketClient } from '../../frontend/rest/client';
import { RestError } from '../../frontend/rest/errors';
import { resetFakeHost } from '../fake-host/state';
import { deferred, errorBody, fakeFetch, flush, json, noContent, type Responder } from './fake-fetch';
import * as normalize from '../../frontend/rest/normalize';
import * as fx from './fixtures';

const R = fx.REPO;

function setup(responder: Responder, contextPath = '') {
  const fake = fakeFetch(responder, contextPath);
  return { client: createBitbucketClient({ fetch: fake.fetch, contextPath }), calls: fake.calls };
}

describe('client semantics', () => {
  it('getMergeBase is null on 204 and the commit otherwise', async () => {
    const none = setup(() => noContent());
    await expect(none.client.core.getMergeBase(R, 7)).resolves.toBeNull();
    const some = setup(() => json(fx.commit));
    await expect(some.client.core.getMergeBase(R, 7)).resolves.toEqual(fx.commit);
  });

  it('getBranchModel is null when the repository has no model, but a missing repository or module stays an error', async () => {
    const unset = setup(() => json(errorBody('There is no branch model configuration defined for repository', 'com.atlassian.bitbucket.NoSuchEntityException'), 404));
    await expect(unset.client.branches.getBranchModel(R)).resolves.toBeNull();
    const noRepo = setup(() => json(errorBody('Repository PRJ/web-app does not exist.', 'com.atlassian.bitbucket.repository.NoSuchRepositoryException'), 404));
    await expect(noRepo.client.branches.getBranchModel(R)).rejects.toMatchObject({ kind: 'not-found' });
    const disabled = setup(() => new Response('<html>404</html>', { status: 404, headers: { 'content-type': 'text/html' } }));
    await expect(disabled.client.branches.getBranchModel(R)).rejects.toMatchObject({ kind: 'unavailable' });
    const denied = setup(() => json(errorBody('no'), 401));
    await expect(denied.client.branches.getBranchModel(R)).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('updatePullRequest keeps the current reviewers when the caller leaves them out', async () => {
    const { client, calls } = setup((call) => (call.method === 'GET' ? json(fx.pullRequest) : json({ ...fx.pullRequest, version: 4 })));
    await client.core.getPullRequest(R, 7); // a cached copy must not be trusted for this
    await client.core.updatePullRequest(R, 7, { version: 3, description: 'New text' });
    expect(calls.map((c) => c.method)).toEqual(['GET', 'GET', 'PUT']);
    expect(calls[2].body).toEqual({ version: 3, title: fx.pullRequest.title, description: 'New text', reviewers: [{ user: { name: 'jdoe2' } }] });
  });

  it('updatePullRequest with reviewers and title does not read first; an empty list clears reviewers on purpose', async () => {
    const { client, calls } = setup(() => json(fx.pullRequest));
    await client.core.updatePullRequest(R, 7, { version: 3, title: 'T', reviewers: [] });
    expect(calls.map((c) => c.method)).toEqual(['PUT']);
    expect(calls[0].body).toEqual({ version: 3, title: 'T', reviewers: [] });
  });

  it('updatePullRequest surfaces a stale version as a conflict with the server body', async () => {
    const stale = errorBody('out-of-date', 'com.atlassian.bitbucket.pull.PullRequestOutOfDateException', { currentVersion: 5, expectedVersion: 3 });
    const { client } = setup((call) => (call.method === 'GET' ? json({ ...fx.pullRequest, version: 5 }) : json(stale, 409)));
    const error = (await client.core.updatePullRequest(R, 7, { version: 3, title: 'x' }).catch((e: unknown) => e)) as RestError;
    expect(error.kind).toBe('conflict');
    expect(error.body).toEqual(stale);
  });

  it('deleteBranch sends DELETE with a JSON body, dryRun false by default, and the XSRF header', async () => {
    const { client, calls } = setup(() => noContent());
    await expect(client.branches.deleteBranch(R, { name: 'feature/x', endPoint: fx.SHA })).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ method: 'DELETE', path: '/rest/branch-utils/latest/projects/PRJ/repos/web-app/branches', body: { name: 'feature/x', dryRun: false, endPoint: fx.SHA } });
    expect(calls[0].headers['x-atlassian-token']).toBe('no-check');
  });

  it('deleteBranch surfaces the server refusing a moved branch (endPoint guard)', async () => {
    const { client } = setup(() => json(errorBody('The branch has moved'), 400));
    await expect(client.branches.deleteBranch(R, { name: 'feature/x', endPoint: fx.PARENT_SHA })).rejects.toMatchObject({ kind: 'bad-request', message: 'The branch has moved' });
  });

  it('editFile sends multipart fields and leaves sourceCommitId out for a new file', async () => {
    const { client, calls } = setup(() => json(fx.commit));
    await client.core.editFile(R, 'new dir/ü.txt', { branch: 'main', content: 'x', message: 'Add' });
    expect(calls[0].method).toBe('PUT');
    expect(calls[0].path).toBe('/rest/api/latest/projects/PRJ/repos/web-app/browse/new%20dir/%C3%BC.txt');
    expect(calls[0].body).toEqual({ multipart: true, branch: 'main', content: 'x', message: 'Add' });
    expect(calls[0].headers['content-type']).toBeUndefined();
  });

  it('getRawFile reads text with a permissive Accept and encodes the path per component', async () => {
    const { client, calls } = setup(() => new Response('<script>alert(1)</script>', { headers: { 'content-type': 'text/html' } }), '/bitbucket');
    await expect(client.core.getRawFile(R, 'a #1/b?.html', 'refs/heads/main')).resolves.toBe('<script>alert(1)</script>');
    expect(calls[0].url).toBe('/bitbucket/rest/api/latest/projects/PRJ/repos/web-app/raw/a%20%231/b%3F.html?at=refs%2Fheads%2Fmain');
    expect(calls[0].headers.accept).toBe('*/*');
    const emptyFile = setup(() => new Response('', { status: 200 }));
    await expect(emptyFile.client.core.getRawFile(R, 'empty.txt')).resolves.toBe('');
  });

  it('refuses hostile path values before any request', async () => {
    const { client, calls } = setup(() => json({}));
    await expect(client.core.getRawFile(R, '../../../../admin')).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(client.insights.getReport(R, fx.SHA, '..')).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(client.core.listPullRequests({ projectKey: '..', repositorySlug: 'x' }).getAll()).rejects.toMatchObject({ kind: 'bad-request' });
    expect(calls).toHaveLength(0);
  });

  it('encodes report keys, external ids, emoticons and user slugs as single segments', async () => {
    const { client, calls } = setup((call) => (call.method === 'GET' ? json(fx.report) : call.method === 'PUT' && call.path.includes('participants') ? json(fx.reviewer) : noContent()));
    await client.insights.getReport(R, fx.SHA, 'com.example/lint #1');
    await client.insights.putAnnotation(R, fx.SHA, 'k', 'id/with?odd%', { message: 'm', severity: 'LOW' });
    await client.likes.removeCommitReaction(R, fx.SHA, 1, '+1');
    await client.core.setReviewStatus(R, 7, 'jane@example.com', 'APPROVED');
    expect(calls.map((c) => c.url.split(`${fx.SHA}/`)[1] ?? c.url)).toEqual([
      'reports/com.example%2Flint%20%231',
      'reports/k/annotations/id%2Fwith%3Fodd%25',
      'comments/1/reactions/%2B1',
      '/rest/api/latest/projects/PRJ/repos/web-app/pull-requests/7/participants/jane%40example.com',
    ]);
  });

  it('getRepoPermissions matches the exact slug, follows pages with start only, and runs the checks in parallel', async () => {
    const { client, calls } = setup((call) => {
      const permission = call.query.find(([k]) => k === 'permission.1')?.[1];
      const start = Number(call.query.find(([k]) => k === 'start')?.[1] ?? 0);
      if (permission === 'REPO_ADMIN') return json(fx.page([fx.otherUser]));
      // jdoe only appears on the second page of REPO_WRITE
      if (permission === 'REPO_WRITE') return json(start === 0 ? fx.page([fx.otherUser], { isLastPage: false, nextPageStart: 1 }) : fx.page([fx.user], { start: 1 }));
      return json(fx.page([fx.user]));
    });
    await expect(client.core.getRepoPermissions(R, 'jdoe')).resolves.toEqual({ read: true, write: true, admin: false });
    expect(calls.slice(0, 3).map((c) => c.query.find(([k]) => k === 'permission.1')?.[1]).sort()).toEqual(['REPO_ADMIN', 'REPO_READ', 'REPO_WRITE']);
    for (const call of calls) expect(call.query.map(([k]) => k)).not.toContain('limit');
    const second = calls.find((c) => c.query.some(([k, v]) => k === 'start' && v === '1'));
    expect(second?.query).toEqual([
      ['filter', 'jdoe'],
      ['permission.1', 'REPO_WRITE'],
      ['permission.1.projectKey', 'PRJ'],
      ['permission.1.repositorySlug', 'web-app'],
      ['start', '1'],
    ]);
  });

  it('getRepoPermissions: nobody found means no permissions', async () => {
    const { client } = setup(() => json(fx.page([])));
    await expect(client.core.getRepoPermissions(R, 'ghost')).resolves.toEqual({ read: false, write: false, admin: false });
  });

  it('createPullRequest qualifies bare branch names and passes refs through', async () => {
    const { client, calls } = setup(() => json(fx.pullRequest, 201));
    await client.core.createPullRequest(R, { title: 't', fromRef: 'refs/tags/v1', toRef: 'main' });
    expect(calls[0].body).toMatchObject({ fromRef: { id: 'refs/tags/v1' }, toRef: { id: 'refs/heads/main' } });
  });

  it('getBuildStatuses reads the legacy per-commit list', async () => {
    const { client, calls } = setup(() => json({ ...fx.page([fx.buildStatus, { ...fx.buildStatus, key: 'CI-2', state: 'FAILED' }]), limit: 100 }));
    const statuses = await client.builds.getBuildStatuses(R, fx.SHA);
    expect(statuses.map((s) => s.key)).toEqual(['CI-1', 'CI-2']);
    expect(calls[0].path).toBe(`/rest/build-status/latest/commits/${fx.SHA}`);
  });

  it('a paged 200 that is not a page is malformed', async () => {
    const { client } = setup(() => json({ unexpected: true }));
    await expect(client.core.listProjects().getAll()).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('panels asking for the same data at once share one request', async () => {
    const { client, calls } = setup(() => json(fx.pullRequest));
    const [a, b] = await Promise.all([client.core.getPullRequest(R, 7), client.core.getPullRequest(R, 7)]);
    expect(calls).toHaveLength(1);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });

  it('a write through the client invalidates what it changed', async () => {
    const { client, calls } = setup((call) => (call.method === 'GET' ? json(fx.page([fx.report])) : noContent()));
    await client.insights.listReports(R, fx.SHA).getAll();
    await client.insights.listReports(R, fx.SHA).getAll();
    expect(calls).toHaveLength(1);
    await client.insights.deleteReport(R, fx.SHA, fx.report.key);
    await client.insights.listReports(R, fx.SHA).getAll();
    expect(calls.map((c) => c.method)).toEqual(['GET', 'DELETE', 'GET']);
  });

  it('a reaction PUT carries no body but the XSRF and JSON headers', async () => {
    const { client, calls } = setup(() => json(fx.reaction));
    await client.likes.addPullRequestReaction(R, 7, 42, 'heart');
    expect(calls[0].rawBody).toBeUndefined();
    expect(calls[0].headers).toMatchObject({ 'x-atlassian-token': 'no-check', 'content-type': 'application/json' });
  });
});

describe('client requests, as Bitbucket expects them', () => {
  const query = (call: { query: [string, string][] }, name: string) => call.query.find(([k]) => k === name)?.[1];

  it('a paged listing asks for the page it wants: start and limit', async () => {
    const { client, calls } = setup(() => json(fx.page([fx.featureBranch], { start: 25 })));
    await client.core.listBranches(R, { filterText: 'feature' }).page({ start: 25, limit: 10 });
    expect([query(calls[0], 'start'), query(calls[0], 'limit'), query(calls[0], 'filterText')]).toEqual(['25', '10', 'feature']);
  });

  it('build statuses come 100 at a time, the legacy resource\u2019s largest page', async () => {
    const { client, calls } = setup(() => json({ ...fx.page([fx.buildStatus]), limit: 100 }));
    await client.builds.getBuildStatuses(R, fx.SHA);
    expect(query(calls[0], 'limit')).toBe('100');
  });

  it('a paged read honours fresh (past the short cache) and the caller\u2019s abort', async () => {
    const { client, calls } = setup(() => json(fx.page([fx.report])));
    await client.insights.listReports(R, fx.SHA).getAll();
    await client.insights.listReports(R, fx.SHA).getAll();
    expect(calls).toHaveLength(1);
    await client.insights.listReports(R, fx.SHA).getAll({ fresh: true });
    expect(calls).toHaveLength(2);

    const held = deferred<Response>();
    const slow = setup(() => held.promise);
    const abort = new AbortController();
    const reading = slow.client.insights.listReports(R, fx.SHA).getAll({ signal: abort.signal });
    await flush();
    abort.abort();
    await expect(reading).rejects.toMatchObject({ kind: 'aborted' });
    expect(slow.calls[0].signal?.aborted).toBe(true);
  });

  it('aborting the write probe or the build-status read aborts its request', async () => {
    const held = deferred<Response>();
    const { client, calls } = setup(() => held.promise);
    const abort = new AbortController();
    const probe = client.core.hasRepoPermission(R, 'jdoe', 'REPO_WRITE', { signal: abort.signal });
    const builds = client.builds.getBuildStatuses(R, fx.SHA, { signal: abort.signal });
    await flush();
    abort.abort();
    await expect(probe).rejects.toMatchObject({ kind: 'aborted' });
    await expect(builds).rejects.toMatchObject({ kind: 'aborted' });
    expect(calls.map((c) => c.signal?.aborted)).toEqual([true, true]);
  });

  it('clearCache forgets every cached answer (an explicit refresh)', async () => {
    const { client, calls } = setup(() => json(fx.commit));
    await client.core.getCommit(R, fx.SHA);
    await client.core.getCommit(R, fx.SHA);
    expect(calls).toHaveLength(1);
    client.clearCache();
    await client.core.getCommit(R, fx.SHA);
    expect(calls).toHaveLength(2);
  });

  it('getRepoPermissions: admin implies write and read, write implies read', async () => {
    const only = (granted: string) =>
      setup((call) => json(fx.page(query(call, 'permission.1') === granted ? [fx.user] : []))).client.core.getRepoPermissions(R, 'jdoe');
    await expect(only('REPO_ADMIN')).resolves.toEqual({ read: true, write: true, admin: true });
    await expect(only('REPO_WRITE')).resolves.toEqual({ read: true, write: true, admin: false });
  });

  it('updatePullRequest reads the current title (and description) when only the reviewers are given', async () => {
    const current = { ...fx.pullRequest, description: 'Current text' };
    const { client, calls } = setup((call) => json(call.method === 'GET' ? current : fx.pullRequest));
    await client.core.updatePullRequest(R, 7, { version: 3, reviewers: ['jdoe'] });
    expect(calls.map((c) => c.method)).toEqual(['GET', 'PUT']);
    expect(calls[1].body).toEqual({ version: 3, title: current.title, description: 'Current text', reviewers: [{ user: { name: 'jdoe' } }] });
  });

  it('updatePullRequest keeps the current description when the caller leaves it out', async () => {
    const current = { ...fx.pullRequest, description: 'Current text' };
    const { client, calls } = setup((call) => json(call.method === 'GET' ? current : fx.pullRequest));
    await client.core.updatePullRequest(R, 7, { version: 3, title: 'New title' });
    expect(calls[1].body).toMatchObject({ title: 'New title', description: 'Current text' });
  });

  it('getBranchModel: a 404 naming a missing repository among other errors stays an error; a look-alike name does not count', async () => {
    const mixed = { errors: [{ message: 'no model', exceptionName: 'com.atlassian.bitbucket.NoSuchEntityException' }, { message: 'gone', exceptionName: 'com.atlassian.bitbucket.repository.NoSuchRepositoryException' }] };
    await expect(setup(() => json(mixed, 404)).client.branches.getBranchModel(R)).rejects.toMatchObject({ kind: 'not-found' });
    const lookAlike = errorBody('no model', 'com.example.NoSuchRepositoryExceptionMapper');
    await expect(setup(() => json(lookAlike, 404)).client.branches.getBranchModel(R)).resolves.toBeNull();
  });

  it('deleteAnnotations without ids deletes every annotation of the report (no externalId parameter)', async () => {
    const { client, calls } = setup(() => noContent());
    await client.insights.deleteAnnotations(R, fx.SHA, 'lint');
    expect(calls[0]).toMatchObject({ method: 'DELETE', path: `/rest/insights/latest/projects/PRJ/repos/web-app/commits/${fx.SHA}/reports/lint/annotations`, query: [] });
  });

  it('a bug while reading an answer surfaces as itself, not as a malformed server answer', async () => {
    const bug = new TypeError('reader bug');
    const spy = jest.spyOn(normalize, 'normalizeCommit').mockImplementation(() => {
      throw bug;
    });
    try {
      await expect(setup(() => json(fx.commit)).client.core.getCommit(R, fx.SHA)).rejects.toBe(bug);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('bitbucketClient()', () => {
  beforeEach(() => jest.resetModules());

  it('is one lazily created page-wide client on the host context path', async () => {
    resetFakeHost({ contextPath: '/bitbucket' });
    const fetchMock = jest.fn(async () => json(fx.repository));
    const original = globalThis.fetch;
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    try {
      const rest = await import('yourcompany/rest');
      const first = rest.bitbucketClient();
      expect(rest.bitbucketClient()).toBe(first);
      await Promise.all([first.core.getRepository(R), rest.bitbucketClient().core.getRepository(R)]);
      await flush();
      expect(fetchMock).toHaveBeenCalledTimes(1);
      expect((fetchMock.mock.calls[0] as unknown[])[0]).toBe('/bitbucket/rest/api/latest/projects/PRJ/repos/web-app');
      expect(rest.MAX_ITEMS).toBe(10_000);
      expect(typeof rest.createBitbucketClient).toBe('function');
      expect(rest.isRestError(new rest.RestError('network', 0, 'GET', '/x'))).toBe(true);
    } finally {
      globalThis.fetch = original;
    }
  });
});
