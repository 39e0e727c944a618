import { loadPullRequestInsights, sharedLoad, SHARED_TTL_MS } from '../../frontend/pr-summary/insights-data';
import { RestError } from '../../frontend/rest/errors';
import { BASE, EMPTY_DIFF, HEAD, fakeClient, mergeBase, pullRequest, report, restError, standardClient } from './fixtures';

const repo = { projectKey: 'SOUR', repositorySlug: 'vegeta' };
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('loadPullRequestInsights', () => {
  it('asks for head reports, head annotations, the PR diff and the merge base at once, then the base side', async () => {
    const fake = fakeClient({ mergeBase: 'hang' });
    const pending = loadPullRequestInsights(fake.client, repo, pullRequest());
    // The merge base first: it heads the only two-round-trip chain. The PR diff starts at the merge base
    // on the server, so it goes out in the first round too.
    expect(fake.calls.map((c) => c.method)).toEqual(['getMergeBase', `listReports:${HEAD}`, `getCommitAnnotations:${HEAD}`, 'getPullRequestDiff']);
    expect(fake.calls[3].args).toEqual([repo, 7]);
    fake.release('getMergeBase', mergeBase);
    await flush();
    expect(fake.calls.map((c) => c.method).slice(4)).toEqual([`listReports:${BASE}`, `getCommitAnnotations:${BASE}`]);
    await expect(pending).resolves.toMatchObject({ baseline: { status: 'ok' }, diff: { status: 'ok', diff: EMPTY_DIFF } });
  });

  it('does not wait for the diff before the base side, nor for the base side before the diff', async () => {
    const fake = fakeClient({ diff: 'hang' });
    const pending = loadPullRequestInsights(fake.client, repo, pullRequest());
    await flush();
    expect(fake.calls.map((c) => c.method)).toContain(`getCommitAnnotations:${BASE}`);
    fake.release('getPullRequestDiff', EMPTY_DIFF);
    await expect(pending).resolves.toMatchObject({ diff: { status: 'ok' } });
  });

  it.each([
    ['refused', restError('unauthorized', 401)],
    ['forbidden', restError('forbidden', 403)],
    ['missing', restError('not-found', 404)],
    ['rate-limited', restError('rate-limited', 429)],
    ['failing', restError('server', 500)],
    ['timing out', restError('timeout', 0)],
    ['malformed', restError('malformed', 200)],
  ])('a %s diff is reported, and the insights still load', async (_name, error) => {
    const fake = standardClient(error);
    const result = await loadPullRequestInsights(fake.client, repo, pullRequest());
    expect(result.diff).toEqual({ status: 'error', error });
    expect(result.head.reports).toHaveLength(2);
    expect(result.baseline.status).toBe('ok');
  });

  it('an aborted diff read aborts the load (it is not a failure to show)', async () => {
    const fake = standardClient(new RestError('aborted', 0, 'GET', '/diff'));
    await expect(loadPullRequestInsights(fake.client, repo, pullRequest())).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('reads commit annotations without filters (one request per commit for all reports)', async () => {
    const fake = standardClient();
    const result = await loadPullRequestInsights(fake.client, repo, pullRequest());
    expect(fake.calls.find((c) => c.method === `getCommitAnnotations:${HEAD}`)?.args).toEqual([repo, HEAD, undefined]);
    expect(result.head.annotations).toHaveLength(3);
    expect(result.baseline.status === 'ok' && result.baseline.insights.reports.map((r) => r.key)).toEqual(['lint']);
  });

  it('a 204 merge base means "no merge base" and no base requests', async () => {
    const fake = fakeClient({ mergeBase: null });
    await expect(loadPullRequestInsights(fake.client, repo, pullRequest())).resolves.toMatchObject({ baseline: { status: 'no-merge-base' } });
    expect(fake.calls.some((c) => c.method.endsWith(BASE))).toBe(false);
  });

  it('a failing base side is reported, not thrown', async () => {
    const fake = fakeClient({ commits: { [HEAD]: { reports: [report('a')] }, [BASE]: { annotations: restError('unauthorized', 401) } } });
    const result = await loadPullRequestInsights(fake.client, repo, pullRequest());
    expect(result.head.reports).toHaveLength(1);
    expect(result.baseline).toMatchObject({ status: 'error', error: { kind: 'unauthorized' } });
  });

  it('a failing head side rejects', async () => {
    const fake = fakeClient({ commits: { [HEAD]: { reports: restError('unavailable', 404) } } });
    await expect(loadPullRequestInsights(fake.client, repo, pullRequest())).rejects.toMatchObject({ kind: 'unavailable' });
  });
});

describe('sharedLoad', () => {
  const owner = () => ({});

  it('runs one load for several callers', async () => {
    const o = owner();
    const load = jest.fn(async () => 42);
    await expect(Promise.all([sharedLoad(o, 'k', load), sharedLoad(o, 'k', load)])).resolves.toEqual([42, 42]);
    await expect(sharedLoad(o, 'k', load)).resolves.toBe(42);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps loads of different owners (clients) apart', async () => {
    const load = jest.fn(async () => 1);
    await sharedLoad(owner(), 'k', load);
    await sharedLoad(owner(), 'k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('one caller aborting leaves the other waiting and the load running', async () => {
    const o = owner();
    let inner: AbortSignal | undefined;
    let finish: (v: number) => void = () => undefined;
    const load = (signal: AbortSignal) => {
      inner = signal;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const a = new AbortController();
    const first = sharedLoad(o, 'k', load, a.signal);
    const second = sharedLoad(o, 'k', load, new AbortController().signal);
    a.abort();
    await expect(first).rejects.toMatchObject({ kind: 'aborted' });
    expect(inner?.aborted).toBe(false);
    finish(7);
    await expect(second).resolves.toBe(7);
  });

  it('aborts the load when every caller has left, and starts afresh next time', async () => {
    const o = owner();
    const signals: AbortSignal[] = [];
    const load = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<number>(() => undefined);
    };
    const a = new AbortController();
    const b = new AbortController();
    const p1 = sharedLoad(o, 'k', load, a.signal);
    const p2 = sharedLoad(o, 'k', load, b.signal);
    a.abort();
    b.abort();
    await expect(p1).rejects.toBeDefined();
    await expect(p2).rejects.toBeDefined();
    expect(signals[0].aborted).toBe(true);
    sharedLoad(o, 'k', load).catch(() => undefined);
    expect(signals).toHaveLength(2);
  });

  it('does not keep failures, and expires answers after the TTL', async () => {
    const o = owner();
    let now = 0;
    const failing = jest.fn(async () => {
      throw restError('server', 500);
    });
    await expect(sharedLoad(o, 'k', failing, undefined, () => now)).rejects.toMatchObject({ kind: 'server' });
    const ok = jest.fn(async () => 'fresh');
    await expect(sharedLoad(o, 'k', ok, undefined, () => now)).resolves.toBe('fresh');
    now = SHARED_TTL_MS - 1;
    await sharedLoad(o, 'k', ok, undefined, () => now);
    expect(ok).toHaveBeenCalledTimes(1);
    now = SHARED_TTL_MS + 1;
    await sharedLoad(o, 'k', ok, undefined, () => now);
    expect(ok).toHaveBeenCalledTimes(2);
  });
});
