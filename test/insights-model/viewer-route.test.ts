import fc from 'fast-check';
import {
  defaultViewerState,
  isCommitLike,
  isNavigation,
  isViewerHash,
  normalizeViewerState,
  parseViewerHash,
  sameViewerState,
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
    expect(parseViewerHash('#yourcompany-insightsX?tab=trend&repo=P/r')).toEqual(defaultViewerState());
    expect(parseViewerHash('#a-much-longer-route-of-someone-else?tab=trend&repo=P/r')).toEqual(defaultViewerState());
  });

  it('treats scope and tab changes as navigation, filter changes as replacements', () => {
    const base = normalizeViewerState({ repo: { projectKey: 'P', repositorySlug: 'r' }, branch: 'main' });
    expect(isNavigation(base, { ...base, q: 'x', severity: ['HIGH'], sort: { field: 'path', descending: true } })).toBe(false);
    expect(isNavigation(base, { ...base, commit: 'abcd' })).toBe(true);
    expect(isNavigation(base, { ...base, tab: 'trend' })).toBe(true);
    expect(isNavigation(base, { ...base, repo: { projectKey: 'P', repositorySlug: 's' } })).toBe(true);
  });
});

describe('viewer route: the overview scope', () => {
  it('parses the documented deep link', () => {
    const state = parseViewerHash('#yourcompany-insights?scope=overview&project=ACME&q=web%20app&report=com.example.lint&result=fail&sort=-failing&hide=a,b%2Cc');
    expect(state).toMatchObject({ scope: 'overview', project: 'ACME', q: 'web app', report: ['com.example.lint'], result: 'FAIL', hide: ['a', 'b,c'], overviewSort: { column: 'failing', descending: true } });
    expect(state.sort).toEqual({ field: 'severity', descending: false });
    expect(viewerHash(state)).toBe('#yourcompany-insights?scope=overview&project=ACME&result=FAIL&report=com.example.lint&q=web%20app&hide=a,b%2Cc&sort=-failing');
    expect(parseViewerHash(viewerHash(state))).toEqual(state);
  });

  it('drops what does not apply to the overview, and overview fields outside it', () => {
    const overview = normalizeViewerState({ scope: 'overview', repo: { projectKey: 'A', repositorySlug: 'b' }, commit: 'abcdef12', compare: 'abcdef13', tab: 'trend', branch: 'release/1.0' });
    expect(overview.repo).toBeUndefined();
    expect(overview.commit).toBeUndefined();
    expect(overview.compare).toBeUndefined();
    expect(overview.tab).toBe('annotations');
    expect(overview.branch).toBe('release/1.0');
    const repoView = normalizeViewerState({ repo: { projectKey: 'A', repositorySlug: 'b' }, project: 'X', result: 'FAIL', hide: ['k'], overviewSort: { column: 'age', descending: true } });
    expect(repoView).not.toHaveProperty('project');
    expect(repoView).not.toHaveProperty('result');
    expect(repoView.hide).toEqual([]);
    expect(repoView).not.toHaveProperty('overviewSort');
    expect(parseViewerHash('#yourcompany-insights?repo=A/b&sort=-path').sort).toEqual({ field: 'path', descending: true });
  });

  it('ignores unknown results; project and scope changes are navigation, filters are not', () => {
    expect(parseViewerHash('#yourcompany-insights?scope=overview&result=maybe').result).toBeUndefined();
    const a = normalizeViewerState({ scope: 'overview' });
    expect(isNavigation(a, normalizeViewerState({ scope: 'overview', project: 'ACME' }))).toBe(true);
    expect(isNavigation(a, normalizeViewerState({ scope: 'overview', result: 'FAIL' }))).toBe(false);
    expect(isNavigation(a, normalizeViewerState({ repo: { projectKey: 'A', repositorySlug: 'b' } }))).toBe(true);
  });
});

describe('viewer route: normalising a link', () => {
  const repo = { projectKey: 'P', repositorySlug: 'r' };

  it('keeps a repository only with both key and slug', () => {
    expect(normalizeViewerState({ repo: { projectKey: 'P', repositorySlug: '' } }).repo).toBeUndefined();
    expect(normalizeViewerState({ repo: { projectKey: '', repositorySlug: 'r' } }).repo).toBeUndefined();
    expect(normalizeViewerState({ repo: { ...repo, extra: 1 } as typeof repo }).repo).toEqual(repo);
  });

  it.each([
    [0, undefined, 'main'],
    [-2, undefined, 'main'],
    [1.5, undefined, 'main'],
    [2 ** 53, undefined, 'main'],
    [1, 1, undefined],
    [2 ** 53 - 1, 2 ** 53 - 1, undefined],
    ['3', undefined, 'main'],
  ])('a pull request id %p is %p; the branch then is %p', (pr, expectedPr, branch) => {
    const state = normalizeViewerState({ repo, pr: pr as number, branch: 'main' });
    expect(state.pr).toBe(expectedPr);
    expect(state.branch).toBe(branch);
  });

  it.each([
    ['abc', false],
    ['abcd', true],
    ['ABCDEF0123456789', true],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['abcg', false],
    [' abcd', false],
    ['abcd\n', false],
    [12345, false],
    [undefined, false],
  ])('a commit id %j is %p', (commit, valid) => {
    expect(isCommitLike(commit)).toBe(valid);
    expect(normalizeViewerState({ commit, compare: commit } as ViewerState)).toMatchObject(valid ? { commit: String(commit).toLowerCase(), compare: String(commit).toLowerCase() } : {});
    if (!valid) expect(normalizeViewerState({ commit, compare: commit } as ViewerState)).not.toHaveProperty('commit');
    if (!valid) expect(normalizeViewerState({ commit, compare: commit } as ViewerState)).not.toHaveProperty('compare');
  });

  it('orders and de-duplicates lists, drops empty report keys and unknown values', () => {
    const state = normalizeViewerState({
      report: ['b', '', 'a', 'b'],
      severity: ['LOW', 'HIGH', 'LOW', 'NOPE' as 'LOW'],
      type: ['CODE_SMELL', 'BUG', 'SMELL' as 'BUG'],
    });
    expect(state.report).toEqual(['b', 'a']);
    expect(state.severity).toEqual(['HIGH', 'LOW']);
    expect(state.type).toEqual(['BUG', 'CODE_SMELL']);
  });

  it('fills defaults for what is missing or unknown', () => {
    expect(normalizeViewerState({})).toEqual(defaultViewerState());
    expect(defaultViewerState()).toEqual({ tab: 'annotations', report: [], severity: [], type: [], path: '', q: '', sort: { field: 'severity', descending: false }, hide: [] });
    const odd = normalizeViewerState({ tab: 'evil' as 'trend', sort: { field: 'size' as 'path', descending: true }, group: 'dir' as 'file' });
    expect(odd.tab).toBe('annotations');
    expect(odd.sort).toEqual({ field: 'severity', descending: false });
    expect(odd).not.toHaveProperty('group');
    expect(normalizeViewerState({ sort: { field: 'line', descending: 1 as unknown as boolean } }).sort).toEqual({ field: 'line', descending: true });
    expect(normalizeViewerState({ path: 'src/**', q: 'null', group: 'file', tab: 'reports' })).toMatchObject({ path: 'src/**', q: 'null', group: 'file', tab: 'reports' });
  });

  it('does not share the default sort object between states', () => {
    const a = defaultViewerState();
    a.sort.descending = true;
    expect(defaultViewerState().sort.descending).toBe(false);
  });

  it('in the overview: no branch when a pull request was named, no empty project, sort column or hidden key', () => {
    const state = normalizeViewerState({ scope: 'overview', branch: 'main', pr: 3, project: '', hide: ['x', '', 'x'], overviewSort: { column: '', descending: true } });
    expect(state).not.toHaveProperty('branch');
    expect(state).not.toHaveProperty('pr');
    expect(state).not.toHaveProperty('project');
    expect(state).not.toHaveProperty('overviewSort');
    expect(state.hide).toEqual(['x']);
    expect(normalizeViewerState({ scope: 'overview', overviewSort: { column: 'age', descending: 'yes' as unknown as boolean } }).overviewSort).toEqual({ column: 'age', descending: true });
    expect(normalizeViewerState({ scope: 'overview', result: 'PASS' }).result).toBe('PASS');
    expect(normalizeViewerState({ scope: 'overview', result: 'pass' as 'PASS' })).not.toHaveProperty('result');
  });
});

describe('viewer route: the hash', () => {
  const repo = { projectKey: 'P', repositorySlug: 'r' };

  it('writes every parameter in a fixed order', () => {
    expect(
      viewerHash({
        repo,
        branch: 'main',
        commit: 'abcd1234',
        compare: 'beef0000',
        tab: 'compare',
        report: ['a', 'b'],
        severity: ['HIGH', 'LOW'],
        type: ['BUG'],
        path: 'src/*.ts',
        q: 'null',
        sort: { field: 'line', descending: false },
        group: 'file',
      }),
    ).toBe('#yourcompany-insights?repo=P/r&branch=main&commit=abcd1234&compare=beef0000&tab=compare&report=a,b&severity=HIGH,LOW&type=BUG&path=src/*.ts&q=null&sort=line&group=file');
  });

  it('writes a sort that differs from the default in direction only', () => {
    expect(viewerHash({ sort: { field: 'severity', descending: true } })).toBe('#yourcompany-insights?sort=-severity');
    expect(viewerHash({ sort: { field: 'severity', descending: false } })).toBe('#yourcompany-insights');
    expect(viewerHash({ sort: { field: 'path', descending: false } })).toBe('#yourcompany-insights?sort=path');
  });

  it('writes an ascending overview sort without a minus', () => {
    expect(viewerHash({ scope: 'overview', overviewSort: { column: 'report:com.x', descending: false } })).toBe('#yourcompany-insights?scope=overview&sort=report:com.x');
  });

  it('encodes a project key whole, so a slash in it cannot move the key/slug boundary', () => {
    const state = normalizeViewerState({ repo: { projectKey: 'A/B', repositorySlug: 'c/d' } });
    expect(viewerHash(state)).toBe('#yourcompany-insights?repo=A%2FB/c/d');
    expect(parseViewerHash(viewerHash(state)).repo).toEqual({ projectKey: 'A/B', repositorySlug: 'c/d' });
  });

  it('keeps / and : readable, and encodes the query separators', () => {
    expect(viewerHash({ path: 'C:/src/a&b=c,d#e%f+g' })).toBe('#yourcompany-insights?path=C:/src/a%26b%3Dc%2Cd%23e%25f%2Bg');
  });

  it.each([
    ['\ud800\udc00', '\ud800\udc00'],
    ['\udbff\udfff', '\udbff\udfff'],
    ['\ud83d\ude00', '\ud83d\ude00'],
    ['\ud800', '\ufffd'],
    ['\udbff', '\ufffd'],
    ['\udc00', '\ufffd'],
    ['\udfff', '\ufffd'],
    ['\ud7ff\ue000', '\ud7ff\ue000'],
    ['\ud800x', '\ufffdx'],
    ['\ud800\ud800\udc00', '\ufffd\ud800\udc00'],
    ['\ud800\ue000', '\ufffd\ue000'],
  ])('writes %j back as %j (lone surrogates become U+FFFD)', (q, expected) => {
    expect(parseViewerHash(viewerHash({ q })).q).toBe(expected);
    expect(parseViewerHash(viewerHash({ repo: { projectKey: q, repositorySlug: 'r' } })).repo?.projectKey).toBe(expected);
  });
});

describe('viewer route: reading a hash', () => {
  it('reads a hash with or without the #', () => {
    expect(parseViewerHash('yourcompany-insights?tab=trend').tab).toBe('trend');
    expect(parseViewerHash('#yourcompany-insights?tab=trend').tab).toBe('trend');
    expect(parseViewerHash('#yourcompany-insights')).toEqual(defaultViewerState());
  });

  it('takes the first of repeated parameters, and reads + as a space', () => {
    expect(parseViewerHash('#yourcompany-insights?tab=trend&tab=compare').tab).toBe('trend');
    expect(parseViewerHash('#yourcompany-insights?q=a+b&path=x%2By').q).toBe('a b');
    expect(parseViewerHash('#yourcompany-insights?q=a+b&path=x%2By').path).toBe('x+y');
  });

  it('reads a parameter without = as empty, and a value that contains =', () => {
    const state = parseViewerHash('#yourcompany-insights?q&&path=a=b&tab=reports');
    expect(state.q).toBe('');
    expect(state.path).toBe('a=b');
    expect(state.tab).toBe('reports');
  });

  it.each([
    ['P/r', { projectKey: 'P', repositorySlug: 'r' }],
    ['PRJ/repo/with/slashes', { projectKey: 'PRJ', repositorySlug: 'repo/with/slashes' }],
    ['~U%20X/a%2Cb', { projectKey: '~U X', repositorySlug: 'a,b' }],
    ['/r', undefined],
    ['/P/r', undefined],
    ['P/', undefined],
    ['PR', undefined],
    ['%E0/r', undefined],
    ['P/%E0', undefined],
    ['', undefined],
  ])('repo=%s is %j', (value, expected) => {
    expect(parseViewerHash(`#yourcompany-insights?repo=${value}`).repo).toEqual(expected);
  });

  it.each([
    ['7', 7],
    ['123456789012345', 123456789012345],
    ['1234567890123456', undefined],
    ['0', undefined],
    ['3x', undefined],
    ['x3', undefined],
    ['-3', undefined],
    ['', undefined],
  ])('pr=%s is %p', (value, expected) => {
    expect(parseViewerHash(`#yourcompany-insights?repo=P/r&branch=main&pr=${value}`).pr).toBe(expected);
  });

  it('reads an empty branch as none', () => {
    expect(parseViewerHash('#yourcompany-insights?repo=P/r&branch=').branch).toBeUndefined();
    expect(parseViewerHash('#yourcompany-insights?repo=P/r&branch=release%2F1.0').branch).toBe('release/1.0');
  });

  it('reads compare, group and list parameters; drops empty and undecodable list items', () => {
    const state = parseViewerHash('#yourcompany-insights?compare=ABCD1234&group=file&report=a,,%E0,b%2Cc&type=bug,code_smell&severity=low,medium');
    expect(state.compare).toBe('abcd1234');
    expect(state.group).toBe('file');
    expect(state.report).toEqual(['a', 'b,c']);
    expect(state.type).toEqual(['BUG', 'CODE_SMELL']);
    expect(state.severity).toEqual(['MEDIUM', 'LOW']);
    expect(parseViewerHash('#yourcompany-insights?group=files').group).toBeUndefined();
  });

  it('reads the overview sort: a minus for descending, the rest as the column', () => {
    expect(parseViewerHash('#yourcompany-insights?scope=overview&sort=report:com.x-y').overviewSort).toEqual({ column: 'report:com.x-y', descending: false });
    expect(parseViewerHash('#yourcompany-insights?scope=overview&sort=-report:a').overviewSort).toEqual({ column: 'report:a', descending: true });
    expect(parseViewerHash('#yourcompany-insights?scope=overview&sort=-')).not.toHaveProperty('overviewSort');
    expect(parseViewerHash('#yourcompany-insights?scope=overview&project=&result=')).not.toHaveProperty('project');
    expect(parseViewerHash('#yourcompany-insights?scope=overview&result=')).not.toHaveProperty('result');
    expect(parseViewerHash('#yourcompany-insights?scope=overview&result=pass').result).toBe('PASS');
    expect(parseViewerHash('#yourcompany-insights?scope=Overview&project=X')).toEqual(defaultViewerState());
  });

  it('reads a viewer sort only outside the overview', () => {
    expect(parseViewerHash('#yourcompany-insights?sort=report').sort).toEqual({ field: 'report', descending: false });
    expect(parseViewerHash('#yourcompany-insights?sort=-').sort).toEqual({ field: 'severity', descending: false });
  });
});

describe('viewer route: history entries and equality', () => {
  const base = normalizeViewerState({ repo: { projectKey: 'P', repositorySlug: 'r' }, branch: 'main', commit: 'abcd1234', compare: 'beef0000' });
  it.each<[string, Partial<ViewerState>]>([
    ['scope', { scope: 'overview' }],
    ['project', { project: 'X' }],
    ['project key', { repo: { projectKey: 'Q', repositorySlug: 'r' } }],
    ['repository slug', { repo: { projectKey: 'P', repositorySlug: 's' } }],
    ['branch', { branch: 'dev' }],
    ['pull request', { pr: 4 }],
    ['commit', { commit: 'abcd1235' }],
    ['comparison', { compare: 'beef0001' }],
    ['tab', { tab: 'reports' }],
  ])('a different %s is a navigation', (_, change) => {
    expect(isNavigation(base, { ...base, ...change })).toBe(true);
    expect(isNavigation({ ...base, ...change }, base)).toBe(true);
  });

  it('filters, sort, grouping, hidden columns and the overview result are not', () => {
    expect(isNavigation(base, { ...base, report: ['a'], type: ['BUG'], path: 'x', group: 'file', hide: ['k'], result: 'FAIL', overviewSort: { column: 'a', descending: true } })).toBe(false);
    expect(isNavigation(base, normalizeViewerState({ ...base }))).toBe(false);
  });

  it('two states are the same exactly when they give the same hash', () => {
    expect(sameViewerState(base, normalizeViewerState({ ...base, report: [] }))).toBe(true);
    expect(sameViewerState(base, { ...base, q: 'x' })).toBe(false);
    expect(sameViewerState(base, { ...base, severity: ['HIGH', 'LOW'] })).toBe(false);
  });
});
