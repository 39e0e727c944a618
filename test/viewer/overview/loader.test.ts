import { lacks, loadOverview, readRow, FIRST_REPO_PAGE_SIZE, MAX_IN_FLIGHT, REPO_PAGE_SIZE, STALE_DEPTH, VIEW_NEEDS } from '../../../frontend/viewer/overview/loader';
import type { Demand, Need, OverviewLoadCallbacks } from '../../../frontend/viewer/overview/loader';
import { OverviewCache } from '../../../frontend/viewer/overview/cache';
import type { OverviewRepo, RepoFacts } from '../../../frontend/viewer/overview/model';
import { commitAt, createFakeInstance, manyRepos, report, sha } from './fake-instance';
import type { FakeRepo } from './fake-instance';

const repoOf = (r: FakeRepo): OverviewRepo => ({ projectKey: r.projectKey, projectName: r.projectKey, slug: r.slug, name: r.slug });
const signal = () => new AbortController().signal;
const plan = (fake: ReturnType<typeof createFakeInstance>) => fake.calls.map((c) => `${c.method} ${c.detail}`.trim());

/** Floor, then what a row in view needs: the request plan of one repository, exactly. */
async function readInView(repo: FakeRepo, needs: readonly Need[] = VIEW_NEEDS) {
  const fake = createFakeInstance([repo]);
  const floor = await readRow(fake.client, repoOf(repo), undefined, [], { signal: signal() });
  const floorPlan = plan(fake);
  fake.calls.length = 0;
  const full = await readRow(fake.client, repoOf(repo), floor, needs, { signal: signal() });
  return { floor, floorPlan, full, viewPlan: plan(fake) };
}

describe('readRow: the request plan per repository kind', () => {
  const [withReports, , , stale, none] = manyRepos(5);
  const tip = (r: FakeRepo) => r.branches.main[0].id;
  const older = (r: FakeRepo, n: number) => r.branches.main[n].id;

  it('reports on the tip: floor = commits + tip reports; in view + default branch name + annotations', async () => {
    const { floor, floorPlan, full, viewPlan } = await readInView(withReports);
    expect(floorPlan).toEqual(['listCommits', `listReports ${tip(withReports)}`]);
    expect(floor).toMatchObject({ status: 'reports', tipId: tip(withReports) });
    expect(floor.branch).toBeUndefined();
    expect(floor.severity).toBeUndefined();
    expect(viewPlan).toEqual(['getDefaultBranch', `getCommitAnnotations ${tip(withReports)}`]);
    expect(full).toMatchObject({ status: 'reports', branch: 'main', severity: { HIGH: 1, MEDIUM: 0, LOW: 1 } });
    for (const need of VIEW_NEEDS) expect(lacks(full, need)).toBe(false);
  });

  it('none on the tip: floor = commits + tip reports; in view + name + STALE_DEPTH older commits', async () => {
    const { floor, floorPlan, full, viewPlan } = await readInView(none);
    expect(floorPlan).toEqual(['listCommits', `listReports ${tip(none)}`]);
    expect(floor.status).toBe('tip-without-reports');
    expect(viewPlan).toEqual(['getDefaultBranch', ...[1, 2, 3].map((n) => `listReports ${older(none, n)}`)]);
    expect(full).toMatchObject({ status: 'none', olderChecked: STALE_DEPTH, branch: 'main' });
  });

  it('stale: the older commits stop at the first with reports', async () => {
    const { floorPlan, full, viewPlan } = await readInView(stale);
    expect(floorPlan).toEqual(['listCommits', `listReports ${tip(stale)}`]);
    expect(viewPlan).toEqual(['getDefaultBranch', `listReports ${older(stale, 1)}`]);
    expect(full).toMatchObject({ status: 'stale', olderChecked: 1, tipId: tip(stale) });
    expect(full.cells[0]).toMatchObject({ key: 'lint', stale: true, commitId: older(stale, 1), result: 'FAIL' });
  });

  it('empty repository and no default branch: one request (commits 404), nothing more in view', async () => {
    const empty: FakeRepo = { ...withReports, slug: 'empty', branches: {} };
    const noDefault: FakeRepo = { ...withReports, slug: 'no-default', branches: { develop: withReports.branches.main } };
    for (const repo of [empty, noDefault]) {
      const { floor, floorPlan, viewPlan } = await readInView(repo);
      expect(floorPlan).toEqual(['listCommits']);
      expect(floor).toMatchObject({ status: 'empty', noDefaultBranch: true, branch: '' });
      expect(viewPlan).toEqual([]);
    }
  });

  it('forbidden: one request, an error row that needs nothing more', async () => {
    const denied: FakeRepo = { ...withReports, fail: { kind: 'forbidden', status: 403 } };
    const { floor, floorPlan, viewPlan } = await readInView(denied);
    expect(floorPlan).toEqual(['listCommits']);
    expect(floor).toMatchObject({ status: 'error', error: 'forbidden' });
    expect(viewPlan).toEqual([]);
  });

  it('a lazy read that fails turns the row into an error row (never an endless "…")', async () => {
    const fake = createFakeInstance([withReports]);
    const floor = await readRow(fake.client, repoOf(withReports), undefined, [], { signal: signal() });
    withReports.fail = { kind: 'server', status: 500 };
    try {
      expect(await readRow(fake.client, repoOf(withReports), floor, ['severity'], { signal: signal() })).toMatchObject({ status: 'error', error: 'server' });
    } finally {
      delete withReports.fail;
    }
  });

  it('a named branch where it exists is read by name; elsewhere the default branch, flagged', async () => {
    const [withRelease, without] = manyRepos(2);
    withRelease.branches['release/1.0'] = [commitAt(sha(999), 1_700_000_000_000)];
    withRelease.reports[sha(999)] = [report('lint', 'PASS')];
    const fake = createFakeInstance([withRelease, without]);
    const named = await readRow(fake.client, repoOf(withRelease), undefined, VIEW_NEEDS, { branch: 'release/1.0', signal: signal() });
    expect(named).toMatchObject({ status: 'reports', branch: 'release/1.0', tipId: sha(999), severity: { HIGH: 0, MEDIUM: 0, LOW: 0 } });
    expect(plan(fake)).toEqual(['listCommits refs/heads/release/1.0', `listReports ${sha(999)}`, `getCommitAnnotations ${sha(999)}`]);
    fake.calls.length = 0;
    const fallback = await readRow(fake.client, repoOf(without), undefined, [], { branch: 'release/1.0', signal: signal() });
    expect(fallback).toMatchObject({ status: 'reports', branchMissing: true });
    expect(plan(fake)).toEqual(['listCommits refs/heads/release/1.0', 'listCommits', `listReports ${tip(without)}`]);
  });

  it('the report filter: a tip with reports but not the filtered one looks for it on older commits, stopping when found', async () => {
    const repos = manyRepos(3);
    repos[1].reports[older(repos[1], 1)] = [report('security', 'FAIL', 4, 'Security')];
    const fake = createFakeInstance(repos);
    const one = await readRow(fake.client, repoOf(repos[1]), undefined, ['staleKeys'], { signal: signal(), reportKeys: ['security'] });
    expect(one.cells.map((c) => [c.key, c.result, c.stale])).toEqual([
      ['lint', 'PASS', false],
      ['security', 'FAIL', true],
    ]);
    expect(plan(fake)).toEqual(['listCommits', `listReports ${tip(repos[1])}`, `listReports ${older(repos[1], 1)}`]);
    fake.calls.length = 0;
    const two = await readRow(fake.client, repoOf(repos[2]), undefined, ['staleKeys'], { signal: signal(), reportKeys: ['security'] });
    expect(two.staleChecked).toEqual(['security']);
    expect(plan(fake)).toHaveLength(2 + STALE_DEPTH);
    expect(lacks(two, 'staleKeys', ['security'])).toBe(false);
  });
});

interface Recorder {
  facts: Map<number, RepoFacts>;
  order: number[];
  listed: number;
  complete: boolean;
  errors: unknown[];
  callbacks: OverviewLoadCallbacks;
}

function recorder(demand: Partial<Demand> = {}): Recorder {
  const r: Recorder = {
    facts: new Map(),
    order: [],
    listed: 0,
    complete: false,
    errors: [],
    callbacks: {
      onRepos(list, complete) {
        r.listed = list.length;
        r.complete = complete;
      },
      onFacts(index, f) {
        r.facts.set(index, f);
        r.order.push(index);
      },
      onListError: (error) => r.errors.push(error),
      demand: () => ({ view: [], all: [], reportKeys: [], ...demand }),
    },
  };
  return r;
}

const perRepo = (fake: ReturnType<typeof createFakeInstance>, repos: number) => fake.calls.filter((c) => c.method !== 'listRepositories').length / repos;

describe('loadOverview', () => {
  it('lists every repository (no cap) and reads each at the floor, ≤ MAX_IN_FLIGHT in flight, the rows in view first', async () => {
    const count = FIRST_REPO_PAGE_SIZE + REPO_PAGE_SIZE * 24 + 7; // 12,107: beyond the old 10,000 cap
    const repos = manyRepos(count);
    const fake = createFakeInstance(repos, 0);
    const r = recorder({ view: [count - 3, count - 2, count - 1] });
    const load = loadOverview(fake.client, { q: '' }, new OverviewCache(), r.callbacks);
    await load.done;
    expect(r.listed).toBe(count);
    expect(r.complete).toBe(true);
    expect(r.facts.size).toBe(count);
    expect(fake.peak()).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(load.peak()).toBe(MAX_IN_FLIGHT);
    const pages = fake.calls.filter((c) => c.method === 'listRepositories').map((c) => c.detail);
    expect(pages).toHaveLength(26);
    expect(pages.slice(0, 2)).toEqual(['||0', `||${FIRST_REPO_PAGE_SIZE}`]);
    // The rows in view (the last three) are read as soon as their page is listed, ahead of thousands before them.
    for (const index of [count - 3, count - 2, count - 1]) expect(r.order.indexOf(index)).toBeLessThan(count - 1000);
    // 2 per repository with a tip; in view also the name, annotations or older commits.
    expect(perRepo(fake, count)).toBeLessThan(2.01);
  }, 60_000);

  it('the active sort/filter reads what it needs of every row; without one, nothing beyond the floor', async () => {
    const repos = manyRepos(20);
    const fake = createFakeInstance(repos);
    await loadOverview(fake.client, { q: '' }, new OverviewCache(), recorder().callbacks).done;
    expect(perRepo(fake, 20)).toBe(2);
    const sorted = createFakeInstance(repos);
    const r = recorder({ all: ['severity'] });
    await loadOverview(sorted.client, { q: '' }, new OverviewCache(), r.callbacks).done;
    // 12 of 20 have reports on the tip: one annotations read each.
    expect(sorted.calls.filter((c) => c.method === 'getCommitAnnotations')).toHaveLength(12);
    expect([...r.facts.values()].filter((f) => f.status === 'reports').every((f) => f.severity)).toBe(true);
  });

  it('poke: rows scrolled into view after the floor get their lazy cells', async () => {
    const repos = manyRepos(10);
    const fake = createFakeInstance(repos);
    const view: number[] = [];
    const r = recorder();
    r.callbacks.demand = () => ({ view, all: [], reportKeys: [] });
    const load = loadOverview(fake.client, { q: '' }, new OverviewCache(), r.callbacks);
    await load.done;
    view.push(4);
    load.poke();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(r.facts.get(4)).toMatchObject({ status: 'none', branch: 'main', olderChecked: STALE_DEPTH });
  });

  it('cancel stops all work: nothing more is requested or reported', async () => {
    const fake = createFakeInstance(manyRepos(60), 5);
    const r = recorder();
    const load = loadOverview(fake.client, { q: '' }, new OverviewCache(), r.callbacks);
    await new Promise((resolve) => setTimeout(resolve, 30));
    load.cancel();
    const callsAtCancel = fake.calls.length;
    const reportedAtCancel = r.order.length;
    await load.done;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fake.calls.length).toBe(callsAtCancel);
    expect(r.order.length).toBe(reportedAtCancel);
    expect(reportedAtCancel).toBeLessThan(60);
    expect(fake.inFlight()).toBe(0);
  });

  it('a failing list is reported, not thrown', async () => {
    const fake = createFakeInstance([]);
    (fake.client.core as { listRepositories: unknown }).listRepositories = () => ({ page: () => Promise.reject(Object.assign(new Error('boom'), { kind: 'server' })) });
    const r = recorder();
    await loadOverview(fake.client, { q: '' }, new OverviewCache(), r.callbacks).done;
    expect(r.errors).toHaveLength(1);
  });
});

describe('the cache across opens', () => {
  let now = 1_700_000_000_000;
  const clock = () => now;
  const open = async (fake: ReturnType<typeof createFakeInstance>, cache: OverviewCache, demand: Partial<Demand> = {}) => {
    const r = recorder(demand);
    fake.calls.length = 0;
    await loadOverview(fake.client, { q: '' }, cache, r.callbacks).done;
    await cache.flush();
    return r;
  };

  it('hit: a second open reads each tip once and reuses the rest, lazily read cells included', async () => {
    const repos = manyRepos(20);
    const fake = createFakeInstance(repos);
    const cache = new OverviewCache(undefined, { now: clock });
    const first = await open(fake, cache, { view: [0, 3, 4] });
    const second = await open(fake, cache);
    expect(fake.calls.filter((c) => c.method !== 'listRepositories').map((c) => c.method)).toEqual(Array(20).fill('listCommits'));
    expect(second.facts).toEqual(first.facts);
    expect(second.facts.get(0)).toMatchObject({ branch: 'main', severity: { HIGH: 1, MEDIUM: 0, LOW: 1 } });
  });

  it('moved tip: that row is read again, the others are reused', async () => {
    const repos = manyRepos(10);
    const fake = createFakeInstance(repos);
    const cache = new OverviewCache(undefined, { now: clock });
    await open(fake, cache);
    repos[2].branches.main = [commitAt(sha(5000), now), ...repos[2].branches.main];
    repos[2].reports[sha(5000)] = [report('lint', 'FAIL', 9)];
    const second = await open(fake, cache);
    expect(plan(fake).filter((p) => p.startsWith('listReports'))).toEqual([`listReports ${sha(5000)}`]);
    expect(second.facts.get(2)).toMatchObject({ tipId: sha(5000), cells: [expect.objectContaining({ key: 'lint', result: 'FAIL' })] });
  });

  it('age bound: past CACHE max age a row is read in full again, so a report published later on the same tip shows', async () => {
    const repos = manyRepos(5);
    const fake = createFakeInstance(repos);
    const cache = new OverviewCache(undefined, { now: clock, maxAgeMs: 60_000 });
    const first = await open(fake, cache);
    expect(first.facts.get(4)!.status).toBe('tip-without-reports');
    repos[4].reports[repos[4].branches.main[0].id] = [report('late', 'PASS')];
    const within = await open(fake, cache);
    expect(within.facts.get(4)!.status).toBe('tip-without-reports');
    now += 61_000;
    const after = await open(fake, cache);
    expect(after.facts.get(4)).toMatchObject({ status: 'reports', cells: [expect.objectContaining({ key: 'late' })] });
    expect(perRepo(fake, 5)).toBe(2);
  });

  it('size bound: beyond its entries or bytes the oldest rows are dropped', async () => {
    const repos = manyRepos(10);
    const fake = createFakeInstance(repos);
    const byEntries = new OverviewCache(undefined, { now: clock, maxEntries: 4 });
    await open(fake, byEntries);
    const kept = await byEntries.lookup(repos.map((r) => OverviewCache.key(r.projectKey, r.slug, undefined)));
    expect(kept.filter(Boolean)).toHaveLength(4);
    const byBytes = new OverviewCache(undefined, { now: clock, maxBytes: 1500 });
    await open(fake, byBytes);
    const small = (await byBytes.lookup(repos.map((r) => OverviewCache.key(r.projectKey, r.slug, undefined)))).filter(Boolean);
    expect(small.length).toBeGreaterThan(0);
    expect(small.reduce((sum, row) => sum + row!.bytes, 0)).toBeLessThanOrEqual(1500);
  });

  it('another user (another store) sees none of it; Clear empties it; Refresh (forget) reads those rows again', async () => {
    const repos = manyRepos(5);
    const fake = createFakeInstance(repos);
    const alice = new OverviewCache(undefined, { now: clock });
    await open(fake, alice);
    const bob = new OverviewCache(undefined, { now: clock });
    await open(fake, bob);
    expect(perRepo(fake, 5)).toBe(2);
    await alice.forget([OverviewCache.key(repos[0].projectKey, repos[0].slug, undefined)]);
    await open(fake, alice);
    expect(perRepo(fake, 5)).toBe(6 / 5);
    await alice.clear();
    await open(fake, alice);
    expect(perRepo(fake, 5)).toBe(2);
  });

  it('a repository no longer listed is never shown from the cache', async () => {
    const repos = manyRepos(6);
    const fake = createFakeInstance(repos);
    const cache = new OverviewCache(undefined, { now: clock });
    await open(fake, cache);
    const gone = repos.splice(3, 1)[0];
    const second = await open(fake, cache);
    expect(second.listed).toBe(5);
    expect([...second.facts.values()].map((f) => f.tipId)).not.toContain(gone.branches.main[0].id);
  });
});
