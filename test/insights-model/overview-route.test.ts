import { isNavigation, normalizeViewerState, parseViewerHash, viewerHash } from '../../frontend/insights-model';

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
