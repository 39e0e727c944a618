import format from './modules/wrm-format';
import * as nav from './modules/bitbucket-util-navbuilder';
import wrmRequire, { registerWebResource, setWebResourceBackend } from './modules/wrm-require';
import * as events from './modules/bitbucket-util-events';
import { claim } from './modules/wrm-data';
import { resetFakeHost } from './state';

describe('wrm/format', () => {
  it('formats arguments, numbers, choices and quotes like MessageFormat', () => {
    expect(format('{0} of {1}', 'a', 2)).toBe('a of 2');
    expect(format('{0,number} lines', 12345)).toBe('12,345 lines');
    const choice = '{0,choice,0#no reports|1#one report|1<{0} reports}';
    expect([0, 1, 7].map((n) => format(choice, n))).toEqual(['no reports', 'one report', '7 reports']);
    expect(format("It''s '{0}' {0}", 'x')).toBe("It's {0} x");
    expect(format('missing {3}', 'x')).toBe('missing {3}');
  });
});

describe('bitbucket/util/navbuilder', () => {
  beforeEach(() => resetFakeHost({ contextPath: '/bitbucket' }));

  it('builds chained project/repo/pull-request URLs', () => {
    expect(nav.project('ACME').repo('web app').pullRequest(3).diff().build()).toBe('/bitbucket/projects/ACME/repos/web%20app/pull-requests/3/diff');
    expect(nav.rest().projects().withParams({ limit: 10, state: ['OPEN', 'MERGED'] }).build()).toBe('/bitbucket/rest/api/latest/projects?limit=10&state=OPEN&state=MERGED');
    expect(nav.project('ACME').repo('r').browse().path('src/a b.ts').at('refs/heads/main').build()).toBe('/bitbucket/projects/ACME/repos/r/browse/src/a%20b.ts?at=refs%2Fheads%2Fmain');
  });

  it('builds a PR URL from PR JSON and rejects JSON without a target repository', () => {
    expect(nav.pullRequest({ id: 5, toRef: { repository: { slug: 'r', project: { key: 'K' } } } }).build()).toBe('/bitbucket/projects/K/repos/r/pull-requests/5');
    expect(() => nav.pullRequest({ id: 5 })).toThrow(/toRef/);
  });
});

describe('wrm/require', () => {
  afterEach(() => setWebResourceBackend(null));

  it('uses registered loaders, rejects unknown specs without a backend, delegates to a backend otherwise', async () => {
    registerWebResource('wr!test:known', () => 'loaded');
    await expect(wrmRequire('wr!test:known')).resolves.toEqual(['loaded']);
    await expect(wrmRequire('wr!test:unknown')).rejects.toThrow(/Unknown web-resource/);
    const asked: string[][] = [];
    setWebResourceBackend((specs) => {
      asked.push(specs);
      return Promise.resolve('from-backend');
    });
    await expect(wrmRequire(['wrc!ctx.a', 'wr!test:other'])).resolves.toBe('from-backend');
    expect(asked).toEqual([['wrc!ctx.a', 'wr!test:other']]);
    await expect(wrmRequire(['wr!test:known', 'wrc!ctx.b'])).resolves.toEqual(['loaded', 'from-backend']);
  });
});

describe('bitbucket/util/events', () => {
  it('isolates failing listeners and supports once/off', () => {
    const seen: unknown[] = [];
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = () => {
      throw new Error('boom');
    };
    const recorder = (value: unknown) => seen.push(value);
    events.on('t.e', failing);
    events.on('t.e', recorder);
    events.once('t.e', (value) => seen.push(`once:${String(value)}`));
    events.trigger('t.e', null, 1);
    events.trigger('t.e', null, 2);
    events.off('t.e', failing);
    events.off('t.e', recorder);
    expect(seen).toEqual([1, 'once:1', 2]);
    expect(error).toHaveBeenCalledTimes(2);
    expect(events.listeners('t.e')).toEqual([]);
    error.mockRestore();
  });
});

describe('wrm/data', () => {
  it('claims a data provider once and parses its JSON', () => {
    (globalThis as unknown as { WRM: { _unparsedData: Record<string, string> } }).WRM = { _unparsedData: { 'p:k.data': '{"a":1}' } };
    expect(claim('p:k.data')).toEqual({ a: 1 });
    expect(claim('p:k.data')).toBeUndefined();
  });
});
