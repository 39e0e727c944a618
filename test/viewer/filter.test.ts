import fc from 'fast-check';
import type { InsightAnnotation } from '../../frontend/rest';
import { filterAnnotations, flatEntries, globToRegExp, groupByFile, prepareAnnotations, sortAnnotations, AnnotationQuery } from '../../frontend/viewer/filter';
import { ANNOTATIONS, REPORTS } from './fixtures/annotations';

const ALL: AnnotationQuery = { report: [], severity: [], type: [], path: '', q: '' };
const rows = prepareAnnotations(ANNOTATIONS, REPORTS);
const ids = (list: { annotation: { externalId?: string; message: string } }[]) => list.map((r) => r.annotation.externalId ?? r.annotation.message);

describe('globToRegExp', () => {
  it.each([
    ['*.ts', 'src/app/main.ts', true],
    ['*.ts', 'src/lib/crypto.js', false],
    ['src/*.ts', 'src/app/main.ts', false],
    ['src/**/*.ts', 'src/app/main.ts', true],
    ['src/**/main.ts', 'src/main.ts', true],
    ['**/crypto.?s', 'src/lib/crypto.js', true],
    ['src/app/ma?n.ts', 'src/app/main.ts', true],
    ['src/app/ma?n.ts', 'src/app/ma/n.ts', false],
    ['readme.md', 'readme.md', true],
    ['a+b(c).ts', 'x/a+b(c).ts', true],
    // `**` not followed by `/` is any run, `/` included
    ['src/**', 'src/app/main.ts', true],
    ['src/**', 'lib/src/main.ts', false],
    ['src/**.ts', 'src/app/main.ts', true],
    ['src/**.ts', 'src/app/main.js', false],
    ['**', 'a/b/c', true],
    ['**main.ts', 'src/app/main.ts', true],
    // `**/` also matches no directory, but only whole directories
    ['**/main.ts', 'main.ts', true],
    ['**/main.ts', 'src/xmain.ts', false],
    // `*` never crosses `/`, `?` is exactly one character
    ['src/*', 'src/app/main.ts', false],
    ['src/app/*.ts', 'src/app/main.ts', true],
    ['src/app/ma?n.ts', 'src/app/man.ts', false],
    // no `/`: the file name at any depth, whole name only; with `/`: the whole path from the start
    ['main.ts', 'src/app/main.ts', true],
    ['main.ts', 'src/app/xmain.ts', false],
    ['main.ts', 'src/app/main.tsx', false],
    ['app/main.ts', 'src/app/main.ts', false],
    ['/src/app/main.ts', 'src/app/main.ts', true],
    ['//src/app/*.ts', 'src/app/main.ts', true],
    ['SRC/*.TS', 'src/a.ts', true],
    // regular-expression characters are literal
    ['a.ts', 'abts', false],
    ['a$^|{1}[x].ts', 'a$^|{1}[x].ts', true],
    ['a\\b', 'a\\b', true],
  ])('%s vs %s → %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path.toLowerCase())).toBe(expected);
  });
});

describe('filterAnnotations', () => {
  it('filters by severity, type, report, path substring, glob and free text', () => {
    expect(ids(filterAnnotations(rows, { ...ALL, severity: ['HIGH'] }))).toEqual(['l2', 's1']);
    expect(ids(filterAnnotations(rows, { ...ALL, type: ['CODE_SMELL'] }))).toEqual(['l1', 'Report-level note', 'l3']);
    expect(ids(filterAnnotations(rows, { ...ALL, report: ['com.example.sec'] }))).toEqual(['s1', 's2']);
    expect(ids(filterAnnotations(rows, { ...ALL, path: 'APP/' }))).toEqual(['l1', 'l2', 'l3']);
    expect(ids(filterAnnotations(rows, { ...ALL, path: '**/*.js' }))).toEqual(['s1']);
    expect(ids(filterAnnotations(rows, { ...ALL, q: 'md5 weak' }))).toEqual(['s1']);
    expect(ids(filterAnnotations(rows, { ...ALL, q: 'util' }))).toEqual(['l2']); // path is searched too
    expect(ids(filterAnnotations(rows, { ...ALL, severity: ['MEDIUM'], type: ['CODE_SMELL'], q: 'long' }))).toEqual(['l3']);
    expect(filterAnnotations(rows, ALL)).toHaveLength(ANNOTATIONS.length);
  });

  it('agrees with a naive filter on random data (free text, severity)', () => {
    const annotation = fc.record({
      reportKey: fc.constantFrom('a', 'b'),
      path: fc.option(fc.stringMatching(/^[a-zA-Z/._ ]{0,12}$/), { nil: undefined }),
      line: fc.nat(50),
      message: fc.string({ maxLength: 20 }),
      severity: fc.constantFrom('LOW' as const, 'MEDIUM' as const, 'HIGH' as const),
    });
    fc.assert(
      fc.property(fc.array(annotation, { maxLength: 30 }), fc.string({ maxLength: 3 }), fc.subarray(['LOW', 'MEDIUM', 'HIGH'] as const), (list, q, severity) => {
        const prepared = prepareAnnotations(list);
        const term = q.trim().toLowerCase();
        const expected = list.filter(
          (a) => (!severity.length || severity.includes(a.severity)) && (!term || term.split(/\s+/).every((t) => a.message.toLowerCase().includes(t) || (a.path ?? '').toLowerCase().includes(t))),
        );
        expect(filterAnnotations(prepared, { ...ALL, q, severity: [...severity] }).map((r) => r.annotation)).toEqual(expected);
      }),
    );
  });
});

describe('sortAnnotations', () => {
  it('sorts by severity (HIGH first), then path and line', () => {
    expect(ids(sortAnnotations(rows, { field: 'severity', descending: false }))).toEqual(['l2', 's1', 'Report-level note', 's2', 'l3', 'l1']);
  });
  it('sorts by path and line, descending reverses the primary key only', () => {
    expect(ids(sortAnnotations(rows, { field: 'path', descending: false }))).toEqual(['Report-level note', 's2', 'l3', 'l1', 'l2', 's1']);
    expect(ids(sortAnnotations(rows, { field: 'path', descending: true }))).toEqual(['s1', 'l2', 'l3', 'l1', 's2', 'Report-level note']);
  });
  it('sorts by line and by report', () => {
    expect(ids(sortAnnotations(rows, { field: 'line', descending: false }))[0]).toBe('Report-level note');
    expect(ids(sortAnnotations(rows, { field: 'line', descending: true }))[0]).toBe('s1');
    expect(ids(sortAnnotations(rows, { field: 'report', descending: false }))).toEqual(['l2', 'Report-level note', 'l3', 'l1', 's1', 's2']);
  });
  it('is a stable permutation', () => {
    fc.assert(
      fc.property(fc.constantFrom('severity' as const, 'path' as const, 'line' as const, 'report' as const), fc.boolean(), (field, descending) => {
        const sorted = sortAnnotations(rows, { field, descending });
        expect([...sorted].sort((a, b) => a.index - b.index)).toEqual(rows);
        expect(sortAnnotations(sorted, { field, descending })).toEqual(sorted);
      }),
    );
  });
});

describe('groupByFile', () => {
  it('groups in order of first appearance with per-severity counts and collapses', () => {
    const sorted = sortAnnotations(rows, { field: 'severity', descending: false });
    const entries = groupByFile(sorted);
    const headers = entries.filter((e) => e.kind === 'file');
    expect(headers.map((g) => g.kind === 'file' && [g.path, g.count, g.bySeverity])).toEqual([
      ['src/app/util.ts', 1, [1, 0, 0]],
      ['src/lib/crypto.js', 1, [1, 0, 0]],
      ['', 1, [0, 1, 0]],
      ['README.md', 1, [0, 1, 0]],
      ['src/app/main.ts', 2, [0, 1, 1]],
    ]);
    expect(entries).toHaveLength(5 + 6);
    const collapsed = groupByFile(sorted, new Set(['src/app/main.ts']));
    expect(collapsed).toHaveLength(5 + 4);
    expect(collapsed.find((e) => e.kind === 'file' && e.path === 'src/app/main.ts')).toMatchObject({ collapsed: true, count: 2 });
  });
});

describe('prepareAnnotations: malformed fields', () => {
  it('pins negative, NaN, infinite and non-numeric lines to 0 (file level) and floors fractions', () => {
    const lines: unknown[] = [-5, Number.NaN, Number.POSITIVE_INFINITY, '12', null, undefined, 0, 3.7, 42, -0.5, 0.5, Number.NEGATIVE_INFINITY];
    const prepared = prepareAnnotations(lines.map((line) => ({ reportKey: 'r', message: 'm', severity: 'LOW', line }) as unknown as InsightAnnotation));
    expect(prepared.map((r) => r.line)).toEqual([0, 0, 0, 0, 0, 0, 0, 3, 42, 0, 0, 0]);
  });

  it('reads missing path and message as empty, an unknown severity as rank 3, and titles reports', () => {
    const [row, untitled] = prepareAnnotations(
      [{ reportKey: 'k', severity: 'SEVERE', message: 7, path: null } as unknown as InsightAnnotation, { reportKey: 'x', severity: 'HIGH', message: 'Mixed Case', path: 'Src/A.ts' } as InsightAnnotation],
      [{ key: 'k', title: 'Lint Report', createdDate: 0, data: [] }],
    );
    expect(row).toMatchObject({ path: '', message: '', severityRank: 3, reportTitle: 'Lint Report', lowerReport: 'k\nlint report', index: 0 });
    expect(untitled).toMatchObject({ reportTitle: 'x', lowerPath: 'src/a.ts', lowerMessage: 'mixed case', severityRank: 0, index: 1 });
    expect(prepareAnnotations([{ severity: 'LOW', message: 'm', line: 1 } as InsightAnnotation])[0]).toMatchObject({ reportKey: '', reportTitle: '', lowerReport: '\n' });
  });
});

describe('sortAnnotations: ties', () => {
  const row = (severity: 'HIGH' | 'LOW', path: string, line: number, reportKey = 'r') => ({ reportKey, severity, path, line, message: `${path}:${line}:${reportKey}` }) as InsightAnnotation;
  // Server order on purpose not sorted; two rows are identical except for their server position.
  const list = prepareAnnotations([row('LOW', 'b.ts', 9), row('LOW', 'b.ts', 2), row('HIGH', 'b.ts', 5), row('LOW', 'a.ts', 7), row('LOW', 'b.ts', 2, 'q'), row('LOW', 'b.ts', 2)]);
  const order = (sort: Parameters<typeof sortAnnotations>[1]) => sortAnnotations(list, sort).map((r) => r.index);

  it('by path: equal paths by severity, then line, then report, then server order', () => {
    expect(order({ field: 'path', descending: false })).toEqual([3, 2, 4, 1, 5, 0]);
  });

  it('descending reverses the path only; the tie-breaks keep their direction', () => {
    expect(order({ field: 'path', descending: true })).toEqual([2, 4, 1, 5, 0, 3]);
  });

  it('by severity: then path, then line, then report, then server order', () => {
    expect(order({ field: 'severity', descending: false })).toEqual([2, 3, 4, 1, 5, 0]);
    expect(order({ field: 'severity', descending: true })).toEqual([3, 4, 1, 5, 0, 2]);
  });

  it('by line and by report', () => {
    expect(order({ field: 'line', descending: false })).toEqual([4, 1, 5, 2, 3, 0]);
    expect(order({ field: 'report', descending: false })).toEqual([4, 2, 3, 1, 5, 0]);
    expect(order({ field: 'report', descending: true })).toEqual([2, 3, 1, 5, 0, 4]);
  });

  it('the order does not depend on the order rows come in', () => {
    for (const field of ['path', 'severity', 'line', 'report'] as const) {
      expect(sortAnnotations([...list].reverse(), { field, descending: false }).map((r) => r.index)).toEqual(order({ field, descending: false }));
    }
  });

  it('an unknown field sorts by severity', () => {
    expect(order({ field: 'nonsense' as 'line', descending: false })).toEqual([2, 3, 4, 1, 5, 0]);
  });
});

describe('compileQuery: combined and empty criteria', () => {
  const list = prepareAnnotations([
    { reportKey: 'a', severity: 'HIGH', type: 'BUG', path: 'src/x.ts', line: 1, message: 'Null deref' },
    { reportKey: 'b', severity: 'LOW', path: 'lib/y.ts', line: 2, message: 'style nit' },
  ] as InsightAnnotation[]);

  it('a type filter drops rows without a type; a blank path or query is no filter', () => {
    expect(filterAnnotations(list, { ...ALL, type: ['BUG'] }).map((r) => r.index)).toEqual([0]);
    expect(filterAnnotations(list, { ...ALL, path: '   ', q: '  ' }).map((r) => r.index)).toEqual([0, 1]);
    expect(filterAnnotations(list, { ...ALL, report: ['b'], severity: ['LOW'] }).map((r) => r.index)).toEqual([1]);
    expect(filterAnnotations(list, { ...ALL, report: ['b'], severity: ['HIGH'] })).toEqual([]);
  });

  it('a path glob and a path substring each narrow the rows; every query term must match', () => {
    expect(filterAnnotations(list, { ...ALL, path: 'src/*' }).map((r) => r.index)).toEqual([0]);
    expect(filterAnnotations(list, { ...ALL, path: ' LIB ' }).map((r) => r.index)).toEqual([1]);
    expect(filterAnnotations(list, { ...ALL, q: 'NULL x.ts' }).map((r) => r.index)).toEqual([0]);
    expect(filterAnnotations(list, { ...ALL, q: 'null nit' })).toEqual([]);
  });

  it('a query term matches as a whole run of characters, not letter by letter', () => {
    expect(filterAnnotations(list, { ...ALL, q: 'llun' })).toEqual([]);
    expect(filterAnnotations(list, { ...ALL, q: 'ull' }).map((r) => r.index)).toEqual([0]);
    expect(filterAnnotations(list, { ...ALL, q: '\tstyle\n  NIT ' }).map((r) => r.index)).toEqual([1]);
  });
});

describe('groupByFile and flatEntries', () => {
  it('counts rows of unknown severity without a severity bucket', () => {
    const list = prepareAnnotations([{ reportKey: 'r', severity: 'ODD', path: 'a.ts', line: 1, message: 'm' } as unknown as InsightAnnotation]);
    expect(groupByFile(list)[0]).toEqual({ kind: 'file', path: 'a.ts', count: 1, bySeverity: [0, 0, 0], collapsed: false });
  });

  it('flatEntries wraps every row in order', () => {
    expect(flatEntries(rows)).toEqual(rows.map((row) => ({ kind: 'annotation', row })));
  });
});

