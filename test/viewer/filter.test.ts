import fc from 'fast-check';
import { filterAnnotations, globToRegExp, groupByFile, prepareAnnotations, sortAnnotations, AnnotationQuery } from '../../frontend/viewer/filter';
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
