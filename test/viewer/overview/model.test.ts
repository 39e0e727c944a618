import { buildFacts, buildMatrix, cellOf, failingCount, isSortColumn, reportColumns, rowResult, severityCounts, sortEntries, visibleColumns, DEFAULT_VISIBLE_REPORTS } from '../../../frontend/viewer/overview/model';
import type { OverviewEntry, RepoFacts } from '../../../frontend/viewer/overview/model';
import { commitAt, report, sha } from './fake-instance';

const NOW = 1_700_000_000_000;
const commits = [commitAt(sha(4), NOW - 1000), commitAt(sha(3), NOW - 2000), commitAt(sha(2), NOW - 3000)];

function facts(overrides: Partial<RepoFacts> = {}): RepoFacts {
  return { status: 'reports', branch: 'main', tipId: sha(4), tipTime: NOW - 1000, cells: [], severity: { HIGH: 0, MEDIUM: 0, LOW: 0 }, olderChecked: 0, loadedAt: NOW, ...overrides };
}

function entry(projectKey: string, slug: string, f?: RepoFacts): OverviewEntry {
  return { repo: { projectKey, projectName: projectKey, slug, name: slug }, facts: f };
}

describe('overview model: facts and staleness', () => {
  it('reports on the tip are fresh, with their first data value; severity counts are not read yet', () => {
    const f = buildFacts({ branch: 'main', commits, tipReports: [report('lint', 'FAIL', 7, 'Lint'), report('tests', 'PASS')], olderRead: false, olderChecked: 0, now: NOW });
    expect(f.status).toBe('reports');
    expect(f.tipId).toBe(sha(4));
    expect(f.tipTime).toBe(NOW - 1000);
    expect(f.cells.map((c) => [c.key, c.result, c.stale, c.commitId])).toEqual([
      ['lint', 'FAIL', false, sha(4)],
      ['tests', 'PASS', false, sha(4)],
    ]);
    expect(f.cells[0].first).toEqual({ title: 'Value', type: 'NUMBER', value: 7 });
    expect(f.severity).toBeUndefined();
    expect(f.olderIds).toEqual([sha(3), sha(2)]);
    expect(failingCount(f)).toBe(1);
  });

  it('no report on the tip but one on an older commit: stale, on that commit, no tip severities', () => {
    const f = buildFacts({ branch: 'main', commits, tipReports: [], older: { commitId: sha(3), reports: [report('lint', 'FAIL', 3)] }, olderRead: true, olderChecked: 1, now: NOW });
    expect(f.status).toBe('stale');
    expect(f.cells).toHaveLength(1);
    expect(f.cells[0]).toMatchObject({ key: 'lint', stale: true, commitId: sha(3), result: 'FAIL', createdDate: 1_700_000_000_000 });
    expect(f.severity).toBeUndefined();
  });

  it('no report on the tip, older commits unread: "tip-without-reports"; none anywhere looked at is "none"; no commits is "empty"', () => {
    expect(buildFacts({ branch: undefined, commits, tipReports: [], olderRead: false, olderChecked: 0, now: NOW }).status).toBe('tip-without-reports');
    expect(buildFacts({ branch: 'main', commits: commits.slice(0, 1), tipReports: [], olderRead: false, olderChecked: 0, now: NOW }).status).toBe('none');
    expect(buildFacts({ branch: 'main', commits, tipReports: [], olderRead: true, olderChecked: 2, now: NOW }).status).toBe('none');
    expect(buildFacts({ branch: 'main', commits: [], tipReports: [], olderRead: false, olderChecked: 0, now: NOW }).status).toBe('empty');
  });

  it('duplicate report keys keep the first; odd shapes never throw', () => {
    const f = buildFacts({ branch: 'main', commits, tipReports: [report('a', 'PASS'), report('a', 'FAIL')], olderRead: false, olderChecked: 0, now: NOW });
    expect(f.cells.map((c) => c.result)).toEqual(['PASS']);
    const odd = cellOf({ key: 'k', title: '', createdDate: Number.NaN, data: null as never, result: 'WHATEVER' as never }, sha(1), false);
    expect(odd).toEqual({ key: 'k', title: 'k', commitId: sha(1), stale: false });
  });

  it('counts severities and ignores unknown ones', () => {
    expect(severityCounts([{ severity: 'HIGH' }, { severity: 'HIGH' }, { severity: 'LOW' }, { severity: 'CRITICAL' }, { severity: undefined }])).toEqual({ HIGH: 2, MEDIUM: 0, LOW: 1 });
  });
});

describe('overview model: columns', () => {
  it('one column per report key, most common first, titled by the most common title', () => {
    const entries = [
      entry('A', 'one', facts({ cells: [cellOf(report('sec', 'PASS', 0, 'Security'), sha(1), false), cellOf(report('lint', 'FAIL', 1, 'Lint'), sha(1), false)] })),
      entry('A', 'two', facts({ cells: [cellOf(report('lint', 'PASS', 0, 'Lint'), sha(1), false)] })),
      entry('A', 'three', facts({ status: 'stale', cells: [cellOf(report('lint', 'PASS', 0, 'ESLint'), sha(1), true), cellOf(report('alpha', 'PASS'), sha(1), true)] })),
      entry('A', 'four'),
    ];
    expect(reportColumns(entries)).toEqual([
      { key: 'lint', title: 'Lint', count: 3 },
      { key: 'alpha', title: 'alpha', count: 1 },
      { key: 'sec', title: 'Security', count: 1 },
    ]);
  });

  it('hidden columns drop out; beyond the default count only the ones shown on request; a report filter picks its columns', () => {
    const columns = Array.from({ length: DEFAULT_VISIBLE_REPORTS + 3 }, (_, i) => ({ key: `k${i}`, title: `K${i}`, count: 100 - i }));
    expect(visibleColumns(columns, { hide: ['k1'], report: [] }).map((c) => c.key)).toEqual(columns.slice(0, DEFAULT_VISIBLE_REPORTS).map((c) => c.key).filter((k) => k !== 'k1'));
    expect(visibleColumns(columns, { hide: [], report: [], shown: [`k${DEFAULT_VISIBLE_REPORTS + 1}`] }).map((c) => c.key)).toContain(`k${DEFAULT_VISIBLE_REPORTS + 1}`);
    expect(visibleColumns(columns, { hide: ['k2'], report: ['k2', 'missing'] })).toEqual([{ key: 'k2', title: 'K2', count: 98 }, { key: 'missing', title: 'missing', count: 0 }]);
  });
});

describe('overview model: matrix, filters and sorting', () => {
  const lintFail = cellOf(report('lint', 'FAIL', 9), sha(1), false);
  const lintPass = cellOf(report('lint', 'PASS', 2), sha(1), false);
  const secFail = cellOf(report('sec', 'FAIL', 1), sha(1), false);
  const noResult = cellOf(report('info', undefined, 5), sha(1), false);
  const entries = (): OverviewEntry[] => [
    entry('ACME', 'alpha', facts({ cells: [lintFail, secFail], severity: { HIGH: 3, MEDIUM: 0, LOW: 1 }, tipTime: NOW - 5000 })),
    entry('ACME', 'beta', facts({ cells: [lintPass], severity: { HIGH: 0, MEDIUM: 2, LOW: 0 }, tipTime: NOW - 100 })),
    entry('OPS', 'gamma', facts({ status: 'stale', cells: [{ ...lintFail, stale: true }], tipTime: NOW - 9000 })),
    entry('OPS', 'delta', facts({ status: 'none', cells: [] })),
    entry('OPS', 'epsilon'),
    entry('LIB', 'zeta', facts({ cells: [noResult] })),
    entry('LIB', 'eta', facts({ status: 'error', error: 'forbidden', tipId: undefined, tipTime: undefined, branch: undefined })),
  ];
  const slugs = (list: OverviewEntry[]) => list.map((e) => e.repo.slug);

  it('without filters: repositories with reports (and those still loading or failed) in order; the ones without reports apart', () => {
    const m = buildMatrix(entries(), { report: [], now: NOW });
    expect(slugs(m.rows)).toEqual(['alpha', 'beta', 'gamma', 'epsilon', 'zeta', 'eta']);
    expect(slugs(m.withoutReports)).toEqual(['delta']);
    expect(m.total).toBe(7);
    expect(m.loaded).toBe(6);
  });

  it('filters by project (case-insensitive), report and result', () => {
    expect(slugs(buildMatrix(entries(), { project: 'ops', report: [], now: NOW }).rows)).toEqual(['gamma', 'epsilon']);
    expect(buildMatrix(entries(), { project: 'ops', report: [], now: NOW }).total).toBe(3);
    expect(slugs(buildMatrix(entries(), { report: ['sec'], now: NOW }).rows)).toEqual(['alpha']);
    expect(slugs(buildMatrix(entries(), { report: [], result: 'FAIL', now: NOW }).rows)).toEqual(['alpha', 'gamma']);
    expect(slugs(buildMatrix(entries(), { report: ['lint'], result: 'PASS', now: NOW }).rows)).toEqual(['beta']);
    expect(slugs(buildMatrix(entries(), { report: [], result: 'NONE', now: NOW }).rows)).toEqual(['zeta']);
    // result=NONE for one report: repositories with reports that lack it (or have it without a result).
    expect(slugs(buildMatrix(entries(), { report: ['sec'], result: 'NONE', now: NOW }).rows)).toEqual(['beta', 'gamma', 'zeta']);
    expect(rowResult(entries()[0].facts!, ['lint'])).toBe('FAIL');
  });

  it('sorts by any column; unknown values last in both directions; ties keep the list order', () => {
    const sorted = (column: string, descending = false) => slugs(sortEntries(buildMatrix(entries(), { report: [], now: NOW }).rows, { column, descending }, NOW));
    expect(sorted('failing', true)).toEqual(['alpha', 'gamma', 'beta', 'zeta', 'epsilon', 'eta']);
    expect(sorted('failing')).toEqual(['beta', 'zeta', 'gamma', 'alpha', 'epsilon', 'eta']);
    expect(sorted('high', true).slice(0, 2)).toEqual(['alpha', 'beta']);
    expect(sorted('age')).toEqual(['beta', 'zeta', 'alpha', 'gamma', 'epsilon', 'eta']);
    expect(sorted('age', true)).toEqual(['gamma', 'alpha', 'zeta', 'beta', 'epsilon', 'eta']);
    expect(sorted('repository', true)).toEqual(['zeta', 'gamma', 'eta', 'epsilon', 'beta', 'alpha']);
    expect(sorted('project')).toEqual(['alpha', 'beta', 'zeta', 'eta', 'gamma', 'epsilon']);
    // A report column: failing first (bigger first value first), then passing, then missing.
    expect(sorted('report:lint')).toEqual(['alpha', 'gamma', 'beta', 'epsilon', 'zeta', 'eta']);
    expect(sorted('report:lint', true).slice(0, 3)).toEqual(['beta', 'gamma', 'alpha']);
  });

  it('knows which columns it can sort by', () => {
    expect(isSortColumn('failing')).toBe(true);
    expect(isSortColumn('report:lint')).toBe(true);
    expect(isSortColumn('report:')).toBe(false);
    expect(isSortColumn('constructor')).toBe(false);
  });
});
