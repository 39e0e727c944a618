import { loadOverview, loadRepoFacts, OverviewCache, RequestPool, MAX_IN_FLIGHT, STALE_DEPTH, FIRST_REPO_PAGE_SIZE } from '../../../frontend/viewer/overview/loader';
import type { OverviewRepo, RepoFacts } from '../../../frontend/viewer/overview/model';
import { commitAt, createFakeInstance, manyRepos, report, sha } from './fake-instance';
import type { FakeRepo } from './fake-instance';

const repoOf = (r: FakeRepo): OverviewRepo => ({ projectKey: r.projectKey, projectName: r.projectKey, slug: r.slug, name: r.slug });

function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k: string) => data.get(k) ?? null,
    key: (i: number) => [...data.keys()][i] ?? null,
    removeItem: (k: string) => void data.delete(k),
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe('RequestPool', () => {
  it('never runs more than its limit and starts the lowest rank first, reading ranks when a slot frees', async () => {
    const pool = new RequestPool(2, new AbortController().signal);
    const order: number[] = [];
    let running = 0;
    let peak = 0;
    const ranks = [5, 4, 3, 2, 1, 0];
    const task = (id: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(id);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return id;
    };
    const results = await Promise.all(ranks.map((rank, id) => pool.run(() => rank, task(id))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(pool.peak).toBe(2);
    // 0 starts alone (nothing else queued yet), then the best ranked of what waits: 5, 4, 3…
    expect(order[0]).toBe(0);
    expect(order.slice(2)).toEqual([5, 4, 3, 2].slice(0, order.length - 2));
  });

  it('abort rejects everything still waiting and refuses new work', async () => {
    const controller = new AbortController();
    const pool = new RequestPool(1, controller.signal);
    const first = pool.run(() => 0, () => new Promise((r) => setTimeout(() => r('done'), 5)));
    const second = pool.run(() => 0, async () => 'never');
    controller.abort();
    await expect(second).rejects.toMatchObject({ kind: 'aborted' });
    await expect(first).resolves.toBe('done');
    await expect(pool.run(() => 0, async () => 'x')).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('loadRepoFacts: requests per repository', () => {
  const run = <T>(task: () => Promise<T>) => task();

  it('reports on the tip: default branch, commits, reports, annotations — 4 requests', async () => {
    const [repo] = manyRepos(1);
    const fake = createFakeInstance([repo]);
    const facts = await loadRepoFacts(fake.client, repoOf(repo), { signal: new AbortController().signal, run });
    expect(facts.status).toBe('reports');
    expect(facts.severity).toEqual({ HIGH: 1, MEDIUM: 0, LOW: 1 });
    expect(fake.calls.map((c) => c.method)).toEqual(['getDefaultBranch', 'listCommits', 'listReports', 'getCommitAnnotations']);
    expect(fake.calls[1].detail).toBe('refs/heads/main');
  });

  it('stale: stops at the first older commit with reports; none: looks at STALE_DEPTH older commits, no annotations', async () => {
    const repos = manyRepos(5);
    const fake = createFakeInstance(repos);
    const stale = await loadRepoFacts(fake.client, repoOf(repos[3]), { signal: new AbortController().signal, run });
    expect(stale).toMatchObject({ status: 'stale', olderChecked: 1 });
    expect(stale.cells[0]).toMatchObject({ key: 'lint', stale: true, commitId: repos[3].branches.main[1].id });
    expect(fake.calls.map((c) => c.method)).toEqual(['getDefaultBranch', 'listCommits', 'listReports', 'listReports']);
    fake.calls.length = 0;
    const none = await loadRepoFacts(fake.client, repoOf(repos[4]), { signal: new AbortController().signal, run });
    expect(none).toMatchObject({ status: 'none', olderChecked: STALE_DEPTH });
    expect(fake.calls.map((c) => c.method)).toEqual(['getDefaultBranch', 'listCommits', ...Array(1 + STALE_DEPTH).fill('listReports')]);
  });

  it('a named branch where it exists saves the default-branch request; elsewhere it falls back to the default branch', async () => {
    const [withRelease, without] = manyRepos(2);
    withRelease.branches['release/1.0'] = [commitAt(sha(999), 1_700_000_000_000)];
    withRelease.reports[sha(999)] = [report('lint', 'PASS')];
    const fake = createFakeInstance([withRelease, without]);
    const named = await loadRepoFacts(fake.client, repoOf(withRelease), { branch: 'release/1.0', signal: new AbortController().signal, run });
    expect(named).toMatchObject({ status: 'reports', branch: 'release/1.0', tipId: sha(999) });
    expect(named.branchMissing).toBeUndefined();
    expect(fake.calls.map((c) => c.method)).toEqual(['listCommits', 'listReports', 'getCommitAnnotations']);
    fake.calls.length = 0;
    const fallback = await loadRepoFacts(fake.client, repoOf(without), { branch: 'release/1.0', signal: new AbortController().signal, run });
    expect(fallback).toMatchObject({ branch: 'main', branchMissing: true });
  });

  it('a read failure becomes an error row with its kind; an empty branch is "empty"', async () => {
    const [denied, empty] = manyRepos(2);
    denied.fail = { kind: 'forbidden', status: 403 };
    empty.branches = {};
    const fake = createFakeInstance([denied, empty]);
    expect(await loadRepoFacts(fake.client, repoOf(denied), { signal: new AbortController().signal, run })).toMatchObject({ status: 'error', error: 'forbidden' });
    expect(await loadRepoFacts(fake.client, repoOf(empty), { signal: new AbortController().signal, run })).toMatchObject({ status: 'empty', branch: 'main' });
  });
});

describe('loadOverview', () => {
  it('loads every repository with at most MAX_IN_FLIGHT requests, the list in pages, rows in view first', async () => {
    const repos = manyRepos(250);
    const fake = createFakeInstance(repos, 2);
    const facts = new Map<number, RepoFacts>();
    const completions: number[] = [];
    let listed = 0;
    let complete = false;
    const inView = new Set([200, 201, 202]);
    const load = loadOverview(fake.client, { q: '' }, new OverviewCache(), {
      onRepos(list, done) {
        listed = list.length;
        complete = done;
      },
      onFacts(index, f) {
        facts.set(index, f);
        completions.push(index);
      },
      onListError: (error) => {
        throw error;
      },
      rank: (index) => (inView.has(index) ? index - 1e9 : index),
    });
    await load.done;
    expect(listed).toBe(250);
    expect(complete).toBe(true);
    expect(facts.size).toBe(250);
    expect(fake.peak()).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(fake.peak()).toBe(MAX_IN_FLIGHT);
    expect(load.pool.peak).toBe(MAX_IN_FLIGHT);
    // Two list pages: FIRST_REPO_PAGE_SIZE then the rest.
    expect(fake.calls.filter((c) => c.method === 'listRepositories').map((c) => c.detail)).toEqual(['||0', `||${FIRST_REPO_PAGE_SIZE}`]);
    // The rows in view finished among the first ones although they come late in the list.
    for (const index of inView) expect(completions.indexOf(index)).toBeLessThan(40);
    const perRepo = fake.calls.filter((c) => c.method !== 'listRepositories').length / 250;
    expect(perRepo).toBeGreaterThanOrEqual(3);
    expect(perRepo).toBeLessThanOrEqual(5);
  });

  it('cancel stops all work: nothing more is requested or reported', async () => {
    const repos = manyRepos(60);
    const fake = createFakeInstance(repos, 5);
    let reported = 0;
    const load = loadOverview(fake.client, { q: '' }, new OverviewCache(), { onRepos: () => undefined, onFacts: () => reported++, onListError: () => undefined, rank: (i) => i });
    await new Promise((r) => setTimeout(r, 30));
    load.cancel();
    const callsAtCancel = fake.calls.length;
    const reportedAtCancel = reported;
    await load.done;
    await new Promise((r) => setTimeout(r, 40));
    expect(fake.calls.length).toBe(callsAtCancel);
    expect(reported).toBe(reportedAtCancel);
    expect(reported).toBeLessThan(60);
    expect(fake.inFlight()).toBe(0);
  });

  it('the session cache answers a second visit without requests, survives a reload through storage, and refresh forgets it', async () => {
    const repos = manyRepos(20);
    const fake = createFakeInstance(repos);
    const storage = memoryStorage();
    const cache = new OverviewCache(storage);
    const run = async (c: OverviewCache) => {
      const got: RepoFacts[] = [];
      const load = loadOverview(fake.client, { q: '', project: 'P1' }, c, { onRepos: () => undefined, onFacts: (_i, f) => got.push(f), onListError: () => undefined, rank: (i) => i });
      await load.done;
      return got.sort((a, b) => (a.tipId! < b.tipId! ? -1 : 1));
    };
    const first = await run(cache);
    expect(first).toHaveLength(5);
    const requests = fake.calls.length;
    expect(await run(cache)).toEqual(first);
    expect(fake.calls.length).toBe(requests);
    cache.save();
    const reloaded = new OverviewCache(storage);
    expect(await run(reloaded)).toEqual(first);
    expect(fake.calls.length).toBe(requests);
    reloaded.forget('P1', '', undefined, first.map((_, i) => repoOf(repos[1 + i * 4])));
    await run(reloaded);
    expect(fake.calls.length).toBeGreaterThan(requests);
  });

  it('a corrupt storage entry is ignored; a failing list is reported, not thrown', async () => {
    const storage = memoryStorage();
    storage.setItem('yourcompany.insights.overview.v1', '{not json');
    expect(() => new OverviewCache(storage)).not.toThrow();
    const fake = createFakeInstance([]);
    (fake.client.core as { listRepositories: unknown }).listRepositories = () => ({ page: () => Promise.reject(Object.assign(new Error('boom'), { kind: 'server' })) });
    const errors: unknown[] = [];
    await loadOverview(fake.client, { q: '' }, new OverviewCache(), { onRepos: () => undefined, onFacts: () => undefined, onListError: (e) => errors.push(e), rank: (i) => i }).done;
    expect(errors).toHaveLength(1);
  });
});

describe('stale reports the tip lacks (report filter)', () => {
  it('looks for the filtered report on older commits only where the tip has reports but not that one, newest first, stopping when found', async () => {
    const repos = manyRepos(10);
    // repo 1: tip has lint only; security on the commit before. repo 2: tip has lint only; nothing older.
    repos[1].reports[repos[1].branches.main[1].id] = [report('security', 'FAIL', 4, 'Security')];
    repos[1].reports[repos[1].branches.main[2].id] = [report('security', 'PASS', 0, 'Security')];
    const fake = createFakeInstance(repos);
    const facts = new Map<number, RepoFacts>();
    const cache = new OverviewCache();
    await loadOverview(fake.client, { q: '', report: ['security'] }, cache, { onRepos: () => undefined, onFacts: (i, f) => facts.set(i, f), onListError: () => undefined, rank: (i) => i }).done;
    const one = facts.get(1)!;
    expect(one.cells.map((c) => [c.key, c.result, c.stale])).toEqual([
      ['lint', 'PASS', false],
      ['security', 'FAIL', true],
    ]);
    expect(one.cells[1].commitId).toBe(repos[1].branches.main[1].id);
    expect(facts.get(2)!.cells.map((c) => c.key)).toEqual(['lint']);
    expect(facts.get(2)!.staleChecked).toEqual(['security']);
    // repo 0 has security on the tip: no extra request. repo 1 stopped after one older commit, repo 2 looked at all three.
    const extra = (i: number) => fake.calls.filter((c) => c.method === 'listReports' && c.repo === `P${i % 4}/repo-000${i}` && c.detail !== repos[i].branches.main[0].id).length;
    expect(extra(0)).toBe(0);
    expect(extra(1)).toBe(1);
    expect(extra(2)).toBe(STALE_DEPTH);
    // A second visit with the same filter asks nothing more: what was looked for is remembered.
    const before = fake.calls.length;
    await loadOverview(fake.client, { q: '', report: ['security'] }, cache, { onRepos: () => undefined, onFacts: () => undefined, onListError: () => undefined, rank: (i) => i }).done;
    expect(fake.calls.length).toBe(before);
  });

  it('without a report filter nothing is looked up beyond the rows', async () => {
    const repos = manyRepos(10);
    const fake = createFakeInstance(repos);
    await loadOverview(fake.client, { q: '' }, new OverviewCache(), { onRepos: () => undefined, onFacts: () => undefined, onListError: () => undefined, rank: (i) => i }).done;
    const perRepo = fake.calls.filter((c) => c.method !== 'listRepositories').length;
    // 6 repositories with tip reports × 4, 2 stale × 4 (found on the first older commit), 2 without × 6.
    expect(perRepo).toBe(6 * 4 + 2 * 4 + 2 * 6);
  });
});
