import fc from 'fast-check';
import type { InsightAnnotation, InsightReport } from 'yourcompany/rest';
import {
  ANNOTATION_TYPES,
  compareReports,
  countAnnotations,
  insightsSummaryLabel,
  reportOutcome,
  SEVERITIES,
  sortWorstFirst,
  summarizeInsights,
  worstFirst,
} from 'yourcompany/insights-model';

function a(partial: Partial<InsightAnnotation>): InsightAnnotation {
  return { reportKey: 'r', line: 1, message: 'm', severity: 'LOW', ...partial };
}

function report(key: string, result?: 'PASS' | 'FAIL'): InsightReport {
  return { key, title: key, createdDate: 0, data: [], ...(result ? { result } : {}) };
}

describe('countAnnotations', () => {
  it('counts by severity and type', () => {
    const counts = countAnnotations([
      a({ severity: 'HIGH', type: 'VULNERABILITY' }),
      a({ severity: 'HIGH', type: 'BUG' }),
      a({ severity: 'MEDIUM' }),
      a({ severity: 'LOW', type: 'CODE_SMELL' }),
      a({ severity: 'BOGUS' as never, type: 'WHATEVER' as never }),
    ]);
    expect(counts).toEqual({
      total: 5,
      bySeverity: { HIGH: 2, MEDIUM: 1, LOW: 1 },
      byType: { VULNERABILITY: 1, BUG: 1, CODE_SMELL: 1, NONE: 2 },
    });
  });

  it('is zero for an empty list', () => {
    expect(countAnnotations([]).total).toBe(0);
    expect(countAnnotations([]).bySeverity).toEqual({ HIGH: 0, MEDIUM: 0, LOW: 0 });
  });

  it('counts a missing list as empty, and a null entry (malformed data) in the total and as typeless only', () => {
    const none = { total: 0, bySeverity: { HIGH: 0, MEDIUM: 0, LOW: 0 }, byType: { VULNERABILITY: 0, BUG: 0, CODE_SMELL: 0, NONE: 0 } };
    expect(countAnnotations(null as never)).toEqual(none);
    expect(countAnnotations(undefined as never)).toEqual(none);
    expect(countAnnotations([null as never, a({ severity: 'HIGH', type: 'BUG' })])).toEqual({
      total: 2,
      bySeverity: { HIGH: 1, MEDIUM: 0, LOW: 0 },
      byType: { VULNERABILITY: 0, BUG: 1, CODE_SMELL: 0, NONE: 1 },
    });
  });
});

describe('worstFirst', () => {
  it('orders severity, then type, then path, then line', () => {
    const list = [
      a({ severity: 'LOW', path: 'a', line: 1 }),
      a({ severity: 'HIGH', type: 'CODE_SMELL', path: 'a' }),
      a({ severity: 'HIGH', type: 'VULNERABILITY', path: 'z', line: 9 }),
      a({ severity: 'HIGH', type: 'VULNERABILITY', path: 'z', line: 2 }),
      a({ severity: 'HIGH', type: 'BUG', path: 'a' }),
      a({ severity: 'HIGH', path: 'a' }),
      a({ severity: 'MEDIUM', type: 'VULNERABILITY', path: 'b' }),
      a({ severity: 'HIGH', type: 'VULNERABILITY', path: 'b' }),
      a({ severity: 'HIGH', type: 'VULNERABILITY' }),
    ];
    const sorted = sortWorstFirst(list).map((x) => `${x.severity}/${x.type ?? '-'}/${x.path ?? ''}:${x.line}`);
    expect(sorted).toEqual([
      'HIGH/VULNERABILITY/:1',
      'HIGH/VULNERABILITY/b:1',
      'HIGH/VULNERABILITY/z:2',
      'HIGH/VULNERABILITY/z:9',
      'HIGH/BUG/a:1',
      'HIGH/CODE_SMELL/a:1',
      'HIGH/-/a:1',
      'MEDIUM/VULNERABILITY/b:1',
      'LOW/-/a:1',
    ]);
    expect(list[0].severity).toBe('LOW'); // input untouched
  });

  it('SEVERITIES and ANNOTATION_TYPES list every known value once, in the order worstFirst puts them', () => {
    const bySeverity = sortWorstFirst([a({ severity: 'LOW' }), a({ severity: 'HIGH' }), a({ severity: 'MEDIUM' })]);
    expect(SEVERITIES).toEqual(bySeverity.map((x) => x.severity));
    const byType = sortWorstFirst([a({ type: 'CODE_SMELL' }), a({ type: 'VULNERABILITY' }), a({ type: 'BUG' })]);
    expect(ANNOTATION_TYPES).toEqual(byType.map((x) => x.type));
  });

  it('ranks a null annotation like one of unknown severity and no type, path or line: after every known one', () => {
    const unknown = a({ severity: 'BOGUS' as never, line: 0 });
    const low = a({ severity: 'LOW', type: 'CODE_SMELL', path: 'z', line: 9 });
    expect(worstFirst(null as never, null as never)).toBe(0);
    expect(worstFirst(null as never, unknown)).toBe(0);
    expect(worstFirst(unknown, null as never)).toBe(0);
    expect(worstFirst(null as never, low)).toBeGreaterThan(0);
    expect(worstFirst(low, null as never)).toBeLessThan(0);
    expect(sortWorstFirst([null as never, low, null as never])).toEqual([low, null, null]);
  });

  it('sorts a missing list as empty', () => {
    expect(sortWorstFirst(null as never)).toEqual([]);
    expect(sortWorstFirst(undefined as never)).toEqual([]);
  });

  it('orders malformed lines (negative, NaN, infinite, not a number, absent) as file level, before line 1', () => {
    const at = (line: unknown) => a({ path: 'p', line: line as number });
    for (const odd of [-3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '7', undefined, null]) {
      expect(worstFirst(at(odd), at(0))).toBe(0);
      expect(worstFirst(at(odd), at(1))).toBeLessThan(0);
      expect(worstFirst(at(2), at(odd))).toBeGreaterThan(0);
    }
    expect(sortWorstFirst([at(12), at(Number.NaN), at(3), at(-1)]).map((x) => x.line)).toEqual([Number.NaN, -1, 3, 12]);
  });

  it('is stable for equal keys', () => {
    const first = a({ message: 'first' });
    const second = a({ message: 'second' });
    expect(sortWorstFirst([first, second])).toEqual([first, second]);
    expect(sortWorstFirst([second, first])).toEqual([second, first]);
  });

  const anyAnnotation = fc.record({
    reportKey: fc.constant('r'),
    line: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constant(Number.NaN)),
    message: fc.string(),
    severity: fc.constantFrom('LOW', 'MEDIUM', 'HIGH', 'BOGUS') as fc.Arbitrary<InsightAnnotation['severity']>,
    type: fc.option(fc.constantFrom('BUG', 'CODE_SMELL', 'VULNERABILITY', 'ODD') as fc.Arbitrary<NonNullable<InsightAnnotation['type']>>, { nil: undefined }),
    path: fc.option(fc.constantFrom('a', 'b', 'B', 'ä', ''), { nil: undefined }),
  }) as fc.Arbitrary<InsightAnnotation>;

  it('is a total preorder (reflexive, antisymmetric in sign, transitive, total)', () => {
    fc.assert(
      fc.property(anyAnnotation, anyAnnotation, anyAnnotation, (x, y, z) => {
        expect(worstFirst(x, x)).toBe(0);
        expect(Math.sign(worstFirst(x, y))).toBe(-Math.sign(worstFirst(y, x)) || 0);
        if (worstFirst(x, y) <= 0 && worstFirst(y, z) <= 0) expect(worstFirst(x, z)).toBeLessThanOrEqual(0);
        if (worstFirst(x, y) === 0 && worstFirst(y, z) === 0) expect(worstFirst(x, z)).toBe(0);
        expect(Number.isFinite(worstFirst(x, y))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('sorting yields a non-decreasing sequence and is idempotent', () => {
    fc.assert(
      fc.property(fc.array(anyAnnotation, { maxLength: 20 }), (list) => {
        const once = sortWorstFirst(list);
        expect(sortWorstFirst(once)).toEqual(once);
        for (let i = 1; i < once.length; i++) expect(worstFirst(once[i - 1], once[i])).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('reportOutcome', () => {
  it('maps results and treats a missing/unknown result as pending', () => {
    expect(reportOutcome(report('k', 'PASS'))).toBe('PASS');
    expect(reportOutcome(report('k', 'FAIL'))).toBe('FAIL');
    expect(reportOutcome(report('k'))).toBe('PENDING');
    expect(reportOutcome({ result: 'pass' as never })).toBe('PENDING');
    expect(reportOutcome(null)).toBe('PENDING');
  });
});

describe('summarizeInsights and insightsSummaryLabel', () => {
  const comparison = compareReports(
    [
      { report: report('lint', 'PASS'), annotations: [a({ reportKey: 'lint', message: 'old' }), a({ reportKey: 'lint', message: 'kept' })] },
      { report: report('gone', 'PASS'), annotations: [] },
    ],
    [
      {
        report: report('lint', 'FAIL'),
        annotations: [
          a({ reportKey: 'lint', message: 'kept', line: 4 }),
          a({ reportKey: 'lint', message: 'new high', severity: 'HIGH' }),
          a({ reportKey: 'lint', message: 'new low' }),
        ],
      },
      { report: report('sec'), annotations: [a({ reportKey: 'sec', message: 'unknown age', severity: 'HIGH' })] },
      { report: report('cov', 'PASS'), annotations: [] },
    ],
  );

  it('sums compared reports and counts the rest', () => {
    expect(summarizeInsights(comparison)).toEqual({
      reports: 3,
      failing: 1,
      pending: 1,
      passing: 1,
      introduced: 2,
      fixed: 1,
      unchanged: 1,
      introducedBySeverity: { HIGH: 1, MEDIUM: 0, LOW: 1 },
      noBaselineReports: 2,
      annotations: 4,
      removedReports: 1,
    });
    expect(summarizeInsights(comparison.reports).removedReports).toBe(0);
  });

  it('counts each report once by its head outcome: failing, pending (no result yet) or passing', () => {
    const summary = summarizeInsights(
      compareReports(null, [
        { report: report('a'), annotations: [] },
        { report: report('b', 'PASS'), annotations: [] },
        { report: report('c'), annotations: [] },
        { report: report('d', 'FAIL'), annotations: [] },
        { report: report('e', 'PASS'), annotations: [] },
        { report: report('f'), annotations: [] },
      ]),
    );
    expect([summary.failing, summary.pending, summary.passing]).toEqual([1, 3, 2]);
  });

  it('labels compared results with new/fixed counts', () => {
    expect(insightsSummaryLabel(summarizeInsights(comparison))).toBe('Insights: 2 new \u00b7 1 fixed');
  });

  it('labels reports without any baseline by outcome', () => {
    const noBase = summarizeInsights(compareReports(null, [{ report: report('a', 'FAIL'), annotations: [] }, { report: report('b', 'PASS'), annotations: [] }]));
    expect(insightsSummaryLabel(noBase)).toBe('Insights: 1 of 2 reports failing');
    const passing = summarizeInsights(compareReports(null, [{ report: report('a', 'PASS'), annotations: [] }]));
    expect(insightsSummaryLabel(passing)).toBe('Insights: 1 report');
    expect(insightsSummaryLabel(summarizeInsights(compareReports(null, [])))).toBe('Insights: no reports');
  });
});
