import fc from 'fast-check';
import {
  defaultViewerState,
  isNavigation,
  isViewerHash,
  normalizeViewerState,
  parseViewerHash,
  SEVERITIES,
  SORT_FIELDS,
  VIEWER_TYPES,
  VIEWER_TABS,
  viewerHash,
  ViewerState,
} from '../../frontend/insights-model';

const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const nonEmpty = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
const hex = fc.stringMatching(/^[0-9a-f]{40}$/);

const stateArb: fc.Arbitrary<ViewerState> = fc
  .record({
    repo: fc.option(fc.record({ projectKey: nonEmpty, repositorySlug: nonEmpty }), { nil: undefined }),
    branch: fc.option(nonEmpty, { nil: undefined }),
    pr: fc.option(fc.integer({ min: 1, max: 1e9 }), { nil: undefined }),
    commit: fc.option(hex, { nil: undefined }),
    compare: fc.option(hex, { nil: undefined }),
    tab: fc.constantFrom(...VIEWER_TABS),
    report: fc.array(nonEmpty, { maxLength: 4 }),
    severity: fc.subarray([...SEVERITIES]),
    type: fc.subarray([...VIEWER_TYPES]),
    path: text,
    q: text,
    sort: fc.record({ field: fc.constantFrom(...SORT_FIELDS), descending: fc.boolean() }),
    group: fc.option(fc.constant('file' as const), { nil: undefined }),
  })
  .map((s) => normalizeViewerState(s));

describe('viewer route', () => {
  it('round-trips every normalised state through the hash', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        expect(parseViewerHash(viewerHash(state))).toEqual(state);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps separators inside values: & = , # % + / and spaces', () => {
    const state = normalizeViewerState({
      repo: { projectKey: '~ADMIN', repositorySlug: 'my.repo' },
      branch: 'feature/a&b=c#d',
      report: ['com.example,one', 'two+three'],
      path: 'src/**/a b%20.ts',
      q: 'x = y, "z"',
      tab: 'trend',
    });
    const hash = viewerHash(state);
    expect(hash.startsWith('#yourcompany-insights?repo=~ADMIN/my.repo&branch=feature/a%26b%3Dc%23d&')).toBe(true);
    expect(hash).not.toContain(' ');
    expect(parseViewerHash(hash)).toEqual(state);
  });

  it('omits defaults and gives the bare route for an empty state', () => {
    expect(viewerHash(defaultViewerState())).toBe('#yourcompany-insights');
    expect(viewerHash({ repo: { projectKey: 'P', repositorySlug: 'r' }, pr: 7, tab: 'compare' })).toBe('#yourcompany-insights?repo=P/r&pr=7&tab=compare');
  });

  it('drops malformed and unknown parameters instead of throwing', () => {
    const state = parseViewerHash('#yourcompany-insights?repo=P&pr=abc&commit=zzz&tab=evil&severity=high,NOPE&type=bug&sort=-line&path=%E0%A4%A&q=ok&x=1');
    expect(state.repo).toBeUndefined();
    expect(state.pr).toBeUndefined();
    expect(state.commit).toBeUndefined();
    expect(state.tab).toBe('annotations');
    expect(state.severity).toEqual(['HIGH']);
    expect(state.type).toEqual(['BUG']);
    expect(state.sort).toEqual({ field: 'line', descending: true });
    expect(state.path).toBe('');
    expect(state.q).toBe('ok');
  });

  it('lets a pull request win over a branch and lower-cases commit ids', () => {
    const state = parseViewerHash('#yourcompany-insights?repo=P/r&branch=main&pr=3&commit=ABCDEF12');
    expect(state.branch).toBeUndefined();
    expect(state.pr).toBe(3);
    expect(state.commit).toBe('abcdef12');
  });

  it('does not throw on lone surrogates', () => {
    expect(() => viewerHash({ q: 'a\uD800b\uDC00' })).not.toThrow();
    expect(parseViewerHash(viewerHash({ q: 'a\uD800b' })).q).toBe('a\uFFFDb');
  });

  it('recognises only its own route', () => {
    expect(isViewerHash('#yourcompany-insights')).toBe(true);
    expect(isViewerHash('#yourcompany-insights?repo=P/r')).toBe(true);
    expect(isViewerHash('#yourcompany-insightsx')).toBe(false);
    expect(parseViewerHash('#other?repo=P/r')).toEqual(defaultViewerState());
  });

  it('treats scope and tab changes as navigation, filter changes as replacements', () => {
    const base = normalizeViewerState({ repo: { projectKey: 'P', repositorySlug: 'r' }, branch: 'main' });
    expect(isNavigation(base, { ...base, q: 'x', severity: ['HIGH'], sort: { field: 'path', descending: true } })).toBe(false);
    expect(isNavigation(base, { ...base, commit: 'abcd' })).toBe(true);
    expect(isNavigation(base, { ...base, tab: 'trend' })).toBe(true);
    expect(isNavigation(base, { ...base, repo: { projectKey: 'P', repositorySlug: 's' } })).toBe(true);
  });
});
