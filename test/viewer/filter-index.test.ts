import fc from 'fast-check';
import { filterAnnotations, prepareAnnotations, sortAnnotations } from '../../frontend/viewer/filter';
import type { AnnotationQuery, AnnotationRow } from '../../frontend/viewer/filter';
import { AnnotationIndex, narrows, queryTerms } from '../../frontend/viewer/filter-index';
import type { SortOrder } from '../../frontend/insights-model';
import type { InsightAnnotation, InsightReport } from '../../frontend/rest/types';
import { ANNOTATIONS, REPORTS } from './fixtures/annotations';

const ALL: AnnotationQuery = { report: [], severity: [], type: [], path: '', q: '' };
const BY_SEVERITY: SortOrder = { field: 'severity', descending: false };

/** What the index must answer: filter.ts from scratch over everything added so far. */
function fromScratch(annotations: readonly InsightAnnotation[], reports: readonly InsightReport[], query: AnnotationQuery, sort: SortOrder): AnnotationRow[] {
  return filterAnnotations(sortAnnotations(prepareAnnotations(annotations, reports), sort), query);
}

/** Rows compared by server position and by the very annotation object they show. */
const shape = (rows: readonly AnnotationRow[]) => rows.map((r) => [r.index, r.annotation, r.reportTitle, r.lowerPath, r.lowerMessage]);

// Small alphabets so that terms, paths and globs often match.
const word = fc.stringMatching(/^[abcAB/ .*?]{0,6}$/);
const annotationArb: fc.Arbitrary<InsightAnnotation> = fc.record({
  reportKey: fc.constantFrom('r1', 'r2', 'r3'),
  path: fc.option(fc.stringMatching(/^[abAB/.]{0,8}$/), { nil: undefined }),
  line: fc.nat(5),
  message: fc.stringMatching(/^[abcAB .\n\t]{0,10}$/),
  severity: fc.constantFrom('LOW' as const, 'MEDIUM' as const, 'HIGH' as const),
  type: fc.option(fc.constantFrom('BUG' as const, 'CODE_SMELL' as const, 'VULNERABILITY' as const), { nil: undefined }),
});
const queryArb: fc.Arbitrary<AnnotationQuery> = fc.record({
  report: fc.subarray(['r1', 'r2', 'r3']),
  severity: fc.subarray(['LOW', 'MEDIUM', 'HIGH'] as const),
  type: fc.subarray(['BUG', 'CODE_SMELL', 'VULNERABILITY'] as const),
  path: word,
  q: word,
});
const sortArb: fc.Arbitrary<SortOrder> = fc.record({ field: fc.constantFrom('severity' as const, 'path' as const, 'line' as const, 'report' as const), descending: fc.boolean() });
const REPORT_LIST: InsightReport[] = [
  { key: 'r1', title: 'Report One', createdDate: 0, data: [] },
  { key: 'r2', title: 'Report Two', createdDate: 0, data: [] },
];

/** One user action: type, delete, replace a filter, change the order, or receive another report's annotations. */
type Step =
  | { kind: 'type'; text: string }
  | { kind: 'backspace'; count: number }
  | { kind: 'query'; query: AnnotationQuery }
  | { kind: 'sort'; sort: SortOrder }
  | { kind: 'chunk'; annotations: InsightAnnotation[] };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), text: fc.stringMatching(/^[abcAB /]{1,3}$/) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('backspace' as const), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('query' as const), query: queryArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sort' as const), sort: sortArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('chunk' as const), annotations: fc.array(annotationArb, { maxLength: 15 }) }) },
);

describe('narrows', () => {
  it.each([
    [{ q: 'pos' }, { q: 'poss' }, true],
    [{ q: 'possible' }, { q: 'possible n' }, true],
    [{ q: 'null' }, { q: 'possible null' }, true],
    [{ q: 'poss' }, { q: 'pos' }, false],
    [{ q: 'ab cd' }, { q: 'abcd' }, true],
    [{ q: 'abcd' }, { q: 'ab cd' }, false],
    [{ severity: [] }, { severity: ['HIGH'] }, true],
    [{ severity: ['HIGH'] }, { severity: [] }, false],
    [{ severity: ['HIGH', 'LOW'] }, { severity: ['LOW'] }, true],
    [{ severity: ['HIGH'] }, { severity: ['HIGH', 'LOW'] }, false],
    [{ type: ['BUG'] }, { type: ['VULNERABILITY'] }, false],
    [{ report: ['a'] }, { report: ['a'] }, true],
    [{ path: 'src' }, { path: 'SRC/app' }, true],
    [{ path: 'src/app' }, { path: 'src' }, false],
    [{ path: '*.ts' }, { path: '*.ts' }, true],
    [{ path: '*.ts' }, { path: 'src/*.ts' }, false],
    [{ path: 'src' }, { path: 'src/*.ts' }, false],
  ] as [Partial<AnnotationQuery>, Partial<AnnotationQuery>, boolean][])('%j → %j: %s', (previous, next, expected) => {
    expect(narrows({ ...ALL, ...previous }, { ...ALL, ...next })).toBe(expected);
  });

  it('is sound: whatever the rows, a narrower query keeps only rows the wider one keeps', () => {
    // b is built from a by changes that usually narrow it (longer text, fewer values, a longer path).
    const pairArb = queryArb.chain((a) =>
      fc.record({
        a: fc.constant(a),
        b: fc.record({
          report: a.report.length ? fc.subarray([...a.report]) : queryArb.map((q) => q.report),
          severity: a.severity.length ? fc.subarray([...a.severity]) : fc.subarray(['LOW', 'MEDIUM', 'HIGH'] as const),
          type: a.type.length ? fc.subarray([...a.type]) : fc.subarray(['BUG', 'CODE_SMELL', 'VULNERABILITY'] as const),
          path: fc.oneof(fc.constant(a.path), fc.tuple(word, word).map(([before, after]) => `${before}${a.path}${after}`)),
          q: fc.tuple(word, word, fc.nat(a.q.length)).map(([inserted, appended, at]) => `${a.q.slice(0, at)}${inserted}${a.q.slice(at)}${appended}`),
        }),
      }),
    );
    let narrowing = 0;
    fc.assert(
      fc.property(fc.array(annotationArb, { maxLength: 40 }), pairArb, (annotations, { a, b }) => {
        if (!narrows(a, b)) return;
        narrowing++;
        const rows = prepareAnnotations(annotations);
        const wide = new Set(filterAnnotations(rows, a));
        for (const row of filterAnnotations(rows, b)) expect(wide.has(row)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    expect(narrowing).toBeGreaterThan(100);
  });

  it('splits terms exactly like compileQuery', () => {
    expect(queryTerms('  Possible\tNULL  deref ')).toEqual(['possible', 'null', 'deref']);
  });
});

describe('AnnotationIndex', () => {
  it('answers like filter.ts on the fixtures, and typing narrows the previous answer', () => {
    const index = new AnnotationIndex();
    index.add(ANNOTATIONS, REPORTS);
    expect(index.size).toBe(ANNOTATIONS.length);
    const first = index.filter({ ...ALL, q: 'app' }, BY_SEVERITY);
    expect(first.scanned).toBe(ANNOTATIONS.length);
    expect(first.rows).toHaveLength(3);
    expect(shape(first.rows)).toEqual(shape(fromScratch(ANNOTATIONS, REPORTS, { ...ALL, q: 'app' }, BY_SEVERITY)));
    const second = index.filter({ ...ALL, q: 'app m' }, BY_SEVERITY);
    expect(second.scanned).toBe(first.rows.length); // narrowed, not a full scan
    expect(second.rows).toHaveLength(2);
    expect(shape(second.rows)).toEqual(shape(fromScratch(ANNOTATIONS, REPORTS, { ...ALL, q: 'app m' }, BY_SEVERITY)));
    // back to the earlier query: remembered, nothing scanned, the same answer
    const again = index.filter({ ...ALL, q: 'app' }, BY_SEVERITY);
    expect(again).toEqual({ rows: first.rows, scanned: 0 });
  });

  it('numbers chunks after the rows already in, so the server-order tie-break stays total', () => {
    const index = new AnnotationIndex();
    index.add(ANNOTATIONS.slice(0, 2), REPORTS);
    index.sortedBy(BY_SEVERITY);
    index.add(ANNOTATIONS.slice(2), REPORTS);
    expect(index.all().map((r) => r.index)).toEqual(ANNOTATIONS.map((_, i) => i));
    expect(shape(index.sortedBy(BY_SEVERITY))).toEqual(shape(sortAnnotations(prepareAnnotations(ANNOTATIONS, REPORTS), BY_SEVERITY)));
    expect(index.add([], REPORTS)).toEqual([]);
  });

  it('equals a from-scratch filter after every step of random typing, deleting, toggling, sorting and streaming', () => {
    fc.assert(
      fc.property(fc.array(annotationArb, { maxLength: 30 }), queryArb, sortArb, fc.array(stepArb, { maxLength: 25 }), (initial, start, startSort, steps) => {
        const index = new AnnotationIndex();
        const received: InsightAnnotation[] = [...initial];
        index.add(initial, REPORT_LIST);
        let query = start;
        let sort = startSort;
        const check = () => expect(shape(index.filter(query, sort).rows)).toEqual(shape(fromScratch(received, REPORT_LIST, query, sort)));
        check();
        for (const step of steps) {
          if (step.kind === 'type') query = { ...query, q: query.q + step.text };
          else if (step.kind === 'backspace') query = { ...query, q: query.q.slice(0, Math.max(0, query.q.length - step.count)) };
          else if (step.kind === 'query') query = step.query;
          else if (step.kind === 'sort') sort = step.sort;
          else {
            received.push(...step.annotations);
            index.add(step.annotations, REPORT_LIST);
          }
          check();
        }
      }),
      { numRuns: 300 },
    );
  });
});
