import fc from 'fast-check';
import type { InsightAnnotation, InsightReport } from 'yourcompany/rest';
import { annotationFingerprint, compareAnnotations, compareReports, normalizeMessage } from 'yourcompany/insights-model';

function a(partial: Partial<InsightAnnotation> & { message: string }): InsightAnnotation {
  return { reportKey: 'lint', line: 1, severity: 'MEDIUM', ...partial };
}

function report(key: string, result?: 'PASS' | 'FAIL'): InsightReport {
  return { key, title: key, createdDate: 0, data: [], ...(result ? { result } : {}) };
}

describe('normalizeMessage', () => {
  it.each([
    ['  Unused   variable\n\t x  ', 'Unused variable x'],
    ['Error in foo.ts:12:5', 'Error in foo.ts'],
    ['Error in foo.ts:12', 'Error in foo.ts'],
    ['ratio 1:2', 'ratio 1:2'],
    ['meeting at 10:30', 'meeting at 10:30'],
    ['ends with colon:', 'ends with colon:'],
    ['label: 12', 'label: 12'],
    ['', ''],
    // only ONE trailing position (line, or line:column) after a non-digit is cut
    ['x:12', 'x'],
    ['foo.ts:1:2:3', 'foo.ts:1:2:3'],
    ['v1.2:7', 'v1.2:7'],
    ['a::12', 'a::12'],
    ['at :12', 'at :12'],
    [':12', ':12'],
    ['12:30', '12:30'],
    ['file.ts:12:', 'file.ts:12:'],
    ['file.ts:x5', 'file.ts:x5'],
    // whitespace: runs and non-space whitespace become one space
    ['a\tb', 'a b'],
    ['a\u00a0b', 'a b'],
    ['a  b', 'a b'],
    ['a b', 'a b'],
    [' \n ', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeMessage(input)).toBe(expected);
  });

  it('tolerates non-string messages from malformed data', () => {
    expect(normalizeMessage(undefined)).toBe('');
    expect(normalizeMessage(42)).toBe('42');
    expect(normalizeMessage(null)).toBe('');
    expect(normalizeMessage(false)).toBe('false');
  });
});

describe('annotationFingerprint', () => {
  it('ignores line and whitespace but not path, type or report', () => {
    const base = a({ path: 'src/a.ts', message: 'Null deref at a.ts:3:1', type: 'BUG', line: 3 });
    expect(annotationFingerprint({ ...base, line: 90, message: 'Null  deref at a.ts:90:2 ' })).toBe(annotationFingerprint(base));
    expect(annotationFingerprint({ ...base, path: 'src/b.ts' })).not.toBe(annotationFingerprint(base));
    expect(annotationFingerprint({ ...base, type: 'CODE_SMELL' })).not.toBe(annotationFingerprint(base));
    expect(annotationFingerprint({ ...base, reportKey: 'other' })).not.toBe(annotationFingerprint(base));
  });

  it('cannot be confused by separators inside fields', () => {
    const x = a({ path: 'a\u0000b', message: 'c' });
    const y = a({ path: 'a', message: 'b\u0000c' });
    expect(annotationFingerprint(x)).not.toBe(annotationFingerprint(y));
    expect(compareAnnotations([x], [y]).unchanged).toEqual([]);
  });
});

describe('compareAnnotations without a diff (approximate): examples', () => {
  it('splits introduced, fixed and unchanged, keeping input order', () => {
    const keep = a({ path: 'a.ts', message: 'keep', line: 10 });
    const gone = a({ path: 'a.ts', message: 'gone', line: 20 });
    const fresh1 = a({ path: 'b.ts', message: 'fresh 1', line: 5 });
    const fresh2 = a({ path: 'a.ts', message: 'fresh 2', line: 1 });
    const keepMoved = { ...keep, line: 14 };
    const result = compareAnnotations([keep, gone], [fresh1, keepMoved, fresh2]);
    expect(result.introduced).toEqual([fresh1, fresh2]);
    expect(result.fixed).toEqual([gone]);
    expect(result.unchanged).toEqual([{ base: keep, head: keepMoved }]);
    expect(result.unchanged[0].head).toBe(keepMoved);
  });

  it('matches by externalId even when message, path and line changed', () => {
    const before = a({ externalId: 'S1', path: 'old.ts', message: 'Old wording', line: 3 });
    const after = a({ externalId: 'S1', path: 'new.ts', message: 'New wording', line: 300 });
    expect(compareAnnotations([before], [after]).unchanged).toEqual([{ base: before, head: after }]);
  });

  it('never matches annotations of different reports', () => {
    const lint = a({ reportKey: 'lint', externalId: 'X', message: 'same' });
    const sec = a({ reportKey: 'sec', externalId: 'X', message: 'same' });
    const result = compareAnnotations([lint], [sec]);
    expect(result.introduced).toEqual([sec]);
    expect(result.fixed).toEqual([lint]);
  });

  it('shared id scheme: different ids are different findings even with equal fingerprints', () => {
    const stays = a({ externalId: 'keep', message: 'other' });
    const fixedOne = a({ externalId: 'old', path: 'a.ts', message: 'Unused import', line: 3 });
    const newOne = a({ externalId: 'new', path: 'a.ts', message: 'Unused import', line: 50 });
    const result = compareAnnotations([stays, fixedOne], [{ ...stays }, newOne]);
    expect(result.introduced).toEqual([newOne]);
    expect(result.fixed).toEqual([fixedOne]);
  });

  it('shared id scheme: annotations without ids still match each other by fingerprint', () => {
    const idd = a({ externalId: 'k', message: 'has id' });
    const plain = a({ message: 'no id', line: 4 });
    const result = compareAnnotations([idd, plain], [{ ...idd }, { ...plain, line: 9 }]);
    expect(result.introduced).toEqual([]);
    expect(result.fixed).toEqual([]);
    expect(result.unchanged).toHaveLength(2);
  });

  it('changed id scheme (no id on both sides): falls back to fingerprints', () => {
    const before = a({ externalId: 'v1-123', path: 'a.ts', message: 'Weak hash', type: 'VULNERABILITY', line: 7 });
    const after = a({ externalId: 'sha-9f8e', path: 'a.ts', message: 'Weak hash', type: 'VULNERABILITY', line: 8 });
    const result = compareAnnotations([before], [after]);
    expect(result.unchanged).toEqual([{ base: before, head: after }]);
  });

  it('one side without ids: falls back to fingerprints', () => {
    const before = a({ path: 'a.ts', message: 'Weak hash', line: 7 });
    const after = a({ externalId: 'id-1', path: 'a.ts', message: 'Weak hash', line: 7 });
    expect(compareAnnotations([before], [after]).unchanged).toHaveLength(1);
    expect(compareAnnotations([after], [before]).unchanged).toHaveLength(1);
  });

  it('duplicates pair by nearest line, so a new duplicate far away is the introduced one', () => {
    const at = (line: number) => a({ path: 'a.ts', message: 'Missing semicolon', line });
    const base = [at(10), at(20), at(30)];
    // 5 lines inserted at the top shift everything; a new occurrence appears at line 200.
    const head = [at(15), at(25), at(200), at(35)];
    const result = compareAnnotations(base, head);
    expect(result.introduced).toEqual([at(200)]);
    expect(result.unchanged.map((p) => [p.base.line, p.head.line])).toEqual([
      [10, 15],
      [20, 25],
      [30, 35],
    ]);
  });

  it('duplicates: the removed one is the one whose line disappeared', () => {
    const at = (line: number) => a({ path: 'a.ts', message: 'dup', line });
    const result = compareAnnotations([at(1), at(50), at(100)], [at(2), at(101)]);
    expect(result.fixed).toEqual([at(50)]);
  });

  it('nearest line: base [10, 100] against head [95] keeps 100 (moved to 95) and fixes 10', () => {
    const at = (line: number) => a({ path: 'a.ts', message: 'dup', line });
    const result = compareAnnotations([at(10), at(100)], [at(95)]);
    expect(result.fixed).toEqual([at(10)]);
    expect(result.unchanged.map((p) => [p.base.line, p.head.line])).toEqual([[100, 95]]);
    // and the mirror image: a new duplicate far away is the introduced one
    expect(compareAnnotations([at(95)], [at(10), at(100)]).introduced).toEqual([at(10)]);
  });

  it('nearest line: equal distances go to the smaller line first', () => {
    const at = (line: number) => a({ path: 'a.ts', message: 'dup', line });
    // 20 is 10 away from both 10 and 30: the pair on the smaller line (10, 20) wins, 30 is fixed.
    const result = compareAnnotations([at(10), at(30)], [at(20)]);
    expect(result.unchanged.map((p) => [p.base.line, p.head.line])).toEqual([[10, 20]]);
    expect(result.fixed).toEqual([at(30)]);
  });

  it('nearest line: once a pair is taken, the items on either side of it become neighbours', () => {
    const at = (line: number) => a({ path: 'a.ts', message: 'dup', line });
    // 50↔51 pair first; that makes head 10 and base 70 adjacent (60 apart), nearer than 70↔200 (130).
    const result = compareAnnotations([at(50), at(70)], [at(10), at(51), at(200)]);
    expect(result.unchanged.map((p) => [p.base.line, p.head.line]).sort((x, y) => x[0] - y[0])).toEqual([
      [50, 51],
      [70, 10],
    ]);
    expect(result.introduced).toEqual([at(200)]);
  });

  it('nearest line: more heads than bases, with a head between two bases', () => {
    const at = (line: number) => a({ path: 'a.ts', message: 'dup', line });
    const result = compareAnnotations([at(10), at(30)], [at(1), at(21), at(29), at(300)]);
    expect(result.unchanged.map((p) => [p.base.line, p.head.line]).sort((x, y) => x[0] - y[0])).toEqual([
      [10, 1],
      [30, 29],
    ]);
    expect(result.introduced.map((x) => x.line)).toEqual([21, 300]);
  });

  it('lines that are negative, NaN, infinite or not numbers count as file level (0) when pairing', () => {
    const at = (line: unknown) => a({ path: 'a.ts', message: 'dup', line: line as number });
    // A base at file level sits nearer head line 20 than base 60 does, so it takes 20 and 60 takes 100.
    for (const odd of [-1000, Number.NaN, Number.POSITIVE_INFINITY, '7', null]) {
      const base = [at(odd), at(60)];
      const result = compareAnnotations(base, [at(20), at(100), at(105)]);
      expect(result.unchanged.map((p) => [p.base.line, p.head.line])).toEqual([
        [odd, 20],
        [60, 100],
      ]);
      expect(result.introduced.map((x) => x.line)).toEqual([105]);
    }
  });

  it('an empty-string externalId is no id: such annotations match by fingerprint only', () => {
    const idd = a({ externalId: 'k', message: 'has id' });
    const before = a({ externalId: '', path: 'a.ts', message: 'Old finding' });
    const after = a({ externalId: '', path: 'a.ts', message: 'Other finding' });
    // The id scheme is shared ('k'); if '' were an id, the two would match although their fingerprints differ.
    const result = compareAnnotations([idd, before], [{ ...idd }, after]);
    expect(result.introduced).toEqual([after]);
    expect(result.fixed).toEqual([before]);
    const same = compareAnnotations([idd, before], [{ ...idd }, { ...before, line: 40 }]);
    expect(same.introduced).toEqual([]);
    expect(same.unchanged).toHaveLength(2);
  });

  it('an externalId that is not a string (malformed data) is no id: such annotations match by fingerprint only', () => {
    for (const odd of [7, null, true]) {
      const idd = a({ externalId: 'k', message: 'has id' });
      const before = a({ externalId: odd as unknown as string, path: 'a.ts', message: 'Old finding' });
      const after = a({ externalId: odd as unknown as string, path: 'a.ts', message: 'Other finding' });
      const result = compareAnnotations([idd, before], [{ ...idd }, after]);
      expect(result.introduced).toEqual([after]);
      expect(result.fixed).toEqual([before]);
    }
  });

  it('only an id on both sides makes the scheme shared; a base-only id does not', () => {
    const base = [a({ externalId: 'only-base', path: 'a.ts', message: 'm' })];
    const head = [a({ externalId: 'only-head', path: 'a.ts', message: 'm' }), a({ path: 'a.ts', message: 'm', line: 9 })];
    const result = compareAnnotations(base, head);
    expect(result.unchanged).toEqual([{ base: base[0], head: head[0] }]);
    expect(result.introduced).toEqual([head[1]]);
  });

  it('duplicated ids pair by nearest line too', () => {
    const at = (line: number) => a({ externalId: 'same-id', path: 'a.ts', message: `m${line}`, line });
    const result = compareAnnotations([at(10), at(100)], [at(98)]);
    expect(result.fixed).toEqual([at(10)]);
    expect(result.unchanged.map((p) => p.base.line)).toEqual([100]);
  });

  it('same line, same fingerprint: annotations pair by their content, whatever the input order', () => {
    const at = (line: number, severity: 'HIGH' | 'LOW') => a({ path: 'a.ts', message: 'dup', line, severity });
    const expectedPairs = [
      ['HIGH', 'HIGH'],
      ['LOW', 'LOW'],
    ];
    for (const base of [
      [at(5, 'HIGH'), at(5, 'LOW')],
      [at(5, 'LOW'), at(5, 'HIGH')],
    ]) {
      for (const head of [
        [at(5, 'HIGH'), at(5, 'LOW'), at(9, 'LOW')],
        [at(9, 'LOW'), at(5, 'LOW'), at(5, 'HIGH')],
      ]) {
        const result = compareAnnotations(base, head);
        expect(result.unchanged.map((p) => [p.base.severity, p.head.severity]).sort()).toEqual(expectedPairs);
        expect(result.introduced).toEqual([at(9, 'LOW')]);
      }
    }
  });

  it('same line, one head for two bases: the base first in content order keeps it, whatever the input order', () => {
    const at = (severity: 'HIGH' | 'LOW') => a({ path: 'a.ts', message: 'dup', line: 5, severity });
    for (const base of [
      [at('HIGH'), at('LOW')],
      [at('LOW'), at('HIGH')],
    ]) {
      const result = compareAnnotations(base, [at('LOW')]);
      expect(result.fixed).toEqual([at('LOW')]);
      expect(result.unchanged[0].base.severity).toBe('HIGH');
    }
  });

  it('tolerates null and missing lists, and report keys that are not strings', () => {
    const x = a({ message: 'x' });
    expect(compareAnnotations(null as unknown as InsightAnnotation[], [x])).toEqual({ introduced: [x], fixed: [], unchanged: [], diff: false, approximateFiles: [] });
    expect(compareAnnotations([x], undefined as unknown as InsightAnnotation[])).toEqual({ introduced: [], fixed: [x], unchanged: [], diff: false, approximateFiles: [] });
    const numeric = a({ reportKey: 7 as unknown as string, message: 'n' });
    const nullKey = a({ reportKey: null as unknown as string, message: 'k' });
    const result = compareAnnotations([numeric, nullKey], [{ ...numeric, reportKey: '7' }, { ...nullKey, reportKey: undefined as unknown as string }]);
    expect(result.unchanged).toHaveLength(2);
    expect(compareAnnotations([numeric], [{ ...numeric, reportKey: '' }]).unchanged).toEqual([]);
  });

  it('tolerates missing path/line/type and empty inputs', () => {
    const fileLevel = { reportKey: 'r', message: 'Report-level', severity: 'LOW' } as unknown as InsightAnnotation;
    expect(compareAnnotations([fileLevel], [{ ...fileLevel }]).unchanged).toHaveLength(1);
    expect(compareAnnotations([], [])).toEqual({ introduced: [], fixed: [], unchanged: [], diff: false, approximateFiles: [] });
    expect(compareAnnotations([fileLevel], []).fixed).toEqual([fileLevel]);
  });

  it('counts one object passed twice as two findings', () => {
    const dup = a({ message: 'same object' });
    const result = compareAnnotations([dup], [dup, dup]);
    expect(result.unchanged).toHaveLength(1);
    expect(result.introduced).toHaveLength(1);
  });

  it('treats hostile strings as data', () => {
    const hostile = ['<img src=x onerror=alert(1)>', '__proto__', 'constructor', '\u202e\u0000', '💥'.repeat(600)];
    const base = hostile.map((s, i) => a({ reportKey: s, path: s, message: s, externalId: i % 2 ? s : undefined }));
    const head = base.map((x) => ({ ...x }));
    const result = compareAnnotations(base, head);
    expect(result.unchanged).toHaveLength(hostile.length);
  });
});

describe('compareReports', () => {
  const lintBase = { report: report('lint', 'PASS'), annotations: [a({ message: 'old', line: 1 }), a({ message: 'kept', line: 2 })] };
  const lintHead = { report: report('lint', 'FAIL'), annotations: [a({ message: 'kept', line: 3 }), a({ message: 'new', line: 4 })] };
  const secHead = { report: report('sec'), annotations: [a({ reportKey: 'sec', message: 'finding' })] };
  const covBase = { report: report('cov', 'PASS'), annotations: [] };

  it('compares per report key, reports head-only reports as no-baseline and base-only as removed', () => {
    const result = compareReports([lintBase, covBase], [lintHead, secHead]);
    expect(result.reports.map((r) => [r.key, r.status])).toEqual([
      ['lint', 'compared'],
      ['sec', 'no-baseline'],
    ]);
    const [lint, sec] = result.reports;
    expect(lint.introduced.map((x) => x.message)).toEqual(['new']);
    expect(lint.fixed.map((x) => x.message)).toEqual(['old']);
    expect(lint.unchanged).toHaveLength(1);
    expect(lint.resultChange).toEqual({ from: 'PASS', to: 'FAIL', kind: 'regressed' });
    expect(lint.baseline).toBe(lintBase.report);
    expect(sec.baseline).toBeNull();
    expect(sec.resultChange).toEqual({ from: null, to: 'PENDING', kind: 'new' });
    expect(sec.introduced).toEqual([]);
    expect(sec.annotations).toBe(secHead.annotations);
    expect(result.removed).toEqual([{ key: 'cov', baseline: covBase.report, annotations: [] }]);
  });

  it('null base: every report is no-baseline and nothing is removed', () => {
    const result = compareReports(null, [lintHead]);
    expect(result.reports[0].status).toBe('no-baseline');
    expect(result.removed).toEqual([]);
  });

  it('classifies result changes', () => {
    const change = (from?: 'PASS' | 'FAIL', to?: 'PASS' | 'FAIL') =>
      compareReports([{ report: report('k', from), annotations: [] }], [{ report: report('k', to), annotations: [] }]).reports[0].resultChange.kind;
    expect(change('FAIL', 'PASS')).toBe('improved');
    expect(change('PASS', 'PASS')).toBe('same');
    expect(change(undefined, 'FAIL')).toBe('changed');
    expect(change('PASS', undefined)).toBe('changed');
    expect(change('PASS', 'FAIL')).toBe('regressed');
    expect(change('FAIL', 'FAIL')).toBe('same');
    expect(change(undefined, undefined)).toBe('same');
    // leaving FAIL for PENDING is not an improvement: the report has not passed
    expect(change('FAIL', undefined)).toBe('changed');
    expect(change(undefined, 'PASS')).toBe('changed');
  });

  it('a removed report keeps its base annotations; the first of duplicated base keys wins', () => {
    const gone = a({ reportKey: 'cov', message: 'uncovered', line: 3 });
    const result = compareReports(
      [
        { report: report('cov', 'FAIL'), annotations: [gone] },
        { report: report('cov', 'PASS'), annotations: [] },
      ],
      [],
    );
    expect(result.reports).toEqual([]);
    expect(result.removed).toHaveLength(1);
    expect(result.removed[0].annotations).toEqual([gone]);
    expect(result.removed[0].baseline.result).toBe('FAIL');
  });

  it('reports and entries with parts missing: no report, no annotations, no lists', () => {
    const gone = { report: report('gone') } as unknown as { report: InsightReport; annotations: InsightAnnotation[] };
    const kept = { report: report('k') } as unknown as { report: InsightReport; annotations: InsightAnnotation[] };
    const result = compareReports([gone, kept], [{ ...kept }]);
    expect(result.reports.map((r) => [r.key, r.status, r.annotations, r.introduced, r.fixed])).toEqual([['k', 'compared', [], [], []]]);
    expect(result.removed).toEqual([{ key: 'gone', baseline: gone.report, annotations: [] }]);
    expect(compareReports(null, null as unknown as [])).toEqual({ reports: [], removed: [], diff: false, approximateFiles: [] });
    // a null base entry (a failed load) is skipped like a report without a key
    const noReport = { annotations: [] } as unknown as { report: InsightReport; annotations: InsightAnnotation[] };
    expect(compareReports([null as unknown as typeof noReport], [noReport]).reports.map((r) => [r.key, r.status])).toEqual([['', 'no-baseline']]);
    const anonymous = { annotations: [a({ reportKey: '', message: 'm' })] } as unknown as { report: InsightReport; annotations: InsightAnnotation[] };
    const withoutReport = compareReports([anonymous], [{ ...anonymous }]);
    expect(withoutReport.reports.map((r) => [r.key, r.status, r.unchanged.length])).toEqual([['', 'compared', 1]]);
    expect(compareReports([{ report: report(7 as unknown as string), annotations: [] }], [{ report: report('7'), annotations: [] }]).reports[0].status).toBe('compared');
  });

  it('annotations without their report key still belong to their report, and pairs keep the caller’s objects', () => {
    const base = [a({ reportKey: 'k', message: 'A' }), { message: 'B', line: 1, severity: 'LOW' } as unknown as InsightAnnotation];
    const head = [a({ reportKey: 'k', message: 'A' }), a({ reportKey: 'k', message: 'B' })];
    const [compared] = compareReports([{ report: report('k'), annotations: base }], [{ report: report('k'), annotations: head }]).reports;
    expect(compared.introduced).toEqual([]);
    expect(compared.fixed).toEqual([]);
    expect(compared.unchanged[0].base).toBe(base[0]);
    expect(compared.unchanged[0].head).toBe(head[0]);
    expect(compared.unchanged[1].head).toBe(head[1]);
  });

  it('a compared report pairs its own annotations against the baseline’s', () => {
    const base = [a({ reportKey: 'k', message: 'stays', line: 1 })];
    const head = [a({ reportKey: 'k', message: 'stays', line: 5 })];
    const [compared] = compareReports([{ report: report('k', 'FAIL'), annotations: base }], [{ report: report('k', 'FAIL'), annotations: head }]).reports;
    expect(compared.status).toBe('compared');
    expect(compared.unchanged).toEqual([{ base: base[0], head: head[0] }]);
    expect(compared.annotations).toBe(head);
    expect(compared.head.key).toBe('k');
  });

  it('ignores a duplicated head key after the first and fills in a missing reportKey', () => {
    const bare = { message: 'x', line: 1, severity: 'LOW' } as unknown as InsightAnnotation;
    const result = compareReports([{ report: report('k'), annotations: [bare] }], [
      { report: report('k'), annotations: [{ ...bare, reportKey: 'k' }] },
      { report: report('k'), annotations: [] },
    ]);
    expect(result.reports).toHaveLength(1);
    expect(result.reports[0].unchanged).toHaveLength(1);
  });
});

// ---- properties -------------------------------------------------------------------------------

const annotationArb: fc.Arbitrary<InsightAnnotation> = fc.record(
  {
    reportKey: fc.constantFrom('lint', 'sec'),
    externalId: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined }),
    path: fc.option(fc.constantFrom('a.ts', 'b.ts'), { nil: undefined }),
    line: fc.integer({ min: 0, max: 40 }),
    message: fc.constantFrom('unused', 'null deref', 'weak  hash', 'x:3:1'),
    severity: fc.constantFrom('LOW' as const, 'MEDIUM' as const, 'HIGH' as const),
    type: fc.option(fc.constantFrom('BUG' as const, 'CODE_SMELL' as const, 'VULNERABILITY' as const), { nil: undefined }),
  },
  { requiredKeys: ['reportKey', 'line', 'message', 'severity'] },
);
const listArb = fc.array(annotationArb, { maxLength: 30 });

/** Multiset of annotations as canonical JSON, to compare results independent of object identity. */
const bag = (list: InsightAnnotation[]) => list.map((x) => JSON.stringify(x, Object.keys(x).sort())).sort();

describe('compareAnnotations without a diff (approximate): properties', () => {
  it('partitions both sides', () => {
    fc.assert(
      fc.property(listArb, listArb, (base, head) => {
        const r = compareAnnotations(base, head);
        expect(r.introduced.length + r.unchanged.length).toBe(head.length);
        expect(r.fixed.length + r.unchanged.length).toBe(base.length);
        expect(bag([...r.introduced, ...r.unchanged.map((p) => p.head)])).toEqual(bag(head));
        expect(bag([...r.fixed, ...r.unchanged.map((p) => p.base)])).toEqual(bag(base));
        for (const p of r.unchanged) expect(p.base.reportKey).toBe(p.head.reportKey);
      }),
    );
  });

  it('a list compared with itself (or a copy) has nothing introduced or fixed', () => {
    fc.assert(
      fc.property(listArb, (list) => {
        const r = compareAnnotations(list, list.map((x) => ({ ...x })));
        expect(r.introduced).toEqual([]);
        expect(r.fixed).toEqual([]);
      }),
    );
  });

  it('shifting every line by k introduces and fixes nothing', () => {
    fc.assert(
      fc.property(listArb, fc.integer({ min: -1000, max: 1000 }), (list, k) => {
        const r = compareAnnotations(list, list.map((x) => ({ ...x, line: x.line + k })));
        expect(r.introduced).toEqual([]);
        expect(r.fixed).toEqual([]);
      }),
    );
  });

  it('duplicates pair with their own shifted copy under any uniform shift', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 20 }), fc.integer({ min: -1000, max: 1000 }), (lines, k) => {
        const base = lines.map((line) => a({ message: 'dup', line: line + 1000 }));
        const head = [...base].reverse().map((x) => ({ ...x, line: x.line + k }));
        const r = compareAnnotations(base, head);
        expect(r.unchanged).toHaveLength(lines.length);
        for (const p of r.unchanged) expect(p.head.line - p.base.line).toBe(k);
      }),
    );
  });

  it('with an extra duplicate, the pairs never cross and the far-away extra stays unmatched', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 15 }), fc.integer({ min: 0, max: 4 }), (lines, k) => {
        const spread = [...lines].sort((x, y) => x - y).map((l) => l * 10);
        const base = spread.map((line) => a({ message: 'dup', line }));
        const extra = a({ message: 'dup', line: 100_000 });
        const r = compareAnnotations(base, [...base.map((x) => ({ ...x, line: x.line + k })), extra]);
        expect(r.introduced).toEqual([extra]);
        const pairs = r.unchanged.map((p) => [p.base.line, p.head.line]).sort((x, y) => x[0] - y[0]);
        for (let i = 1; i < pairs.length; i++) expect(pairs[i][1]).toBeGreaterThan(pairs[i - 1][1]);
      }),
    );
  });

  it('counts are invariant under permutation of either side', () => {
    fc.assert(
      fc.property(
        listArb.chain((base) => fc.tuple(fc.constant(base), fc.shuffledSubarray(base, { minLength: base.length }))),
        listArb.chain((head) => fc.tuple(fc.constant(head), fc.shuffledSubarray(head, { minLength: head.length }))),
        ([base, baseShuffled], [head, headShuffled]) => {
          const r1 = compareAnnotations(base, head);
          const r2 = compareAnnotations(baseShuffled, headShuffled);
          expect(r2.introduced.length).toBe(r1.introduced.length);
          expect(r2.fixed.length).toBe(r1.fixed.length);
          expect(bag(r2.introduced)).toEqual(bag(r1.introduced));
          expect(bag(r2.fixed)).toEqual(bag(r1.fixed));
        },
      ),
    );
  });

  it('swapping base and head swaps introduced and fixed', () => {
    fc.assert(
      fc.property(listArb, listArb, (base, head) => {
        const forward = compareAnnotations(base, head);
        const backward = compareAnnotations(head, base);
        expect(bag(backward.introduced)).toEqual(bag(forward.fixed));
        expect(bag(backward.fixed)).toEqual(bag(forward.introduced));
      }),
    );
  });

  it('which findings pair up does not depend on the input order (equal lines are ordered by content)', () => {
    const pairBag = (r: ReturnType<typeof compareAnnotations>) => r.unchanged.map((p) => JSON.stringify([bag([p.base]), bag([p.head])])).sort();
    fc.assert(
      fc.property(
        listArb.chain((base) => fc.tuple(fc.constant(base), fc.shuffledSubarray(base, { minLength: base.length }))),
        listArb.chain((head) => fc.tuple(fc.constant(head), fc.shuffledSubarray(head, { minLength: head.length }))),
        ([base, baseShuffled], [head, headShuffled]) => {
          expect(pairBag(compareAnnotations(baseShuffled, headShuffled))).toEqual(pairBag(compareAnnotations(base, head)));
        },
      ),
    );
  });
});

/**
 * The pairing rule of one duplicate group, stated the slow and obvious way (compare.ts, rule 3 and
 * pairByNearestLine): equal counts pair in line order; otherwise, in the merged line order, repeatedly take the adjacent base/head pair with the smallest distance (ties: the one
 * that comes first, i.e. the smaller line), until one side is used up.
 */
function naiveNearestPairs(baseLines: number[], headLines: number[]): [number, number][] {
  const base = [...baseLines].sort((x, y) => x - y);
  const head = [...headLines].sort((x, y) => x - y);
  if (base.length === head.length) return base.map((line, i) => [line, head[i]]);
  // Items on one line alternate between the sides (1st base, 1st head, 2nd base, …), so neither side is favoured.
  const ranked = (lines: number[], side: number) => lines.map((line, i) => ({ line, side, rank: lines.slice(0, i).filter((l) => l === line).length }));
  const list = [...ranked(base, 0), ...ranked(head, 1)].sort((x, y) => x.line - y.line || x.rank - y.rank || x.side - y.side);
  const pairs: [number, number][] = [];
  while (pairs.length < Math.min(base.length, head.length)) {
    let best = -1;
    for (let i = 0; i + 1 < list.length; i++) {
      if (list[i].side === list[i + 1].side) continue;
      const distance = list[i + 1].line - list[i].line;
      if (best < 0 || distance < list[best + 1].line - list[best].line) best = i;
    }
    const [left, right] = list.splice(best, 2);
    pairs.push(left.side === 0 ? [left.line, right.line] : [right.line, left.line]);
  }
  return pairs;
}

describe('compareAnnotations: the nearest-line rule against its plain statement', () => {
  it('pairs duplicates exactly as the greedy rule says', () => {
    const at = (line: number) => a({ path: 'a.ts', message: 'dup', line });
    const lines = fc.oneof(fc.uniqueArray(fc.integer({ min: 1, max: 120 }), { maxLength: 14 }), fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 14 }));
    fc.assert(
      fc.property(lines, lines, (baseLines, headLines) => {
        const result = compareAnnotations(baseLines.map(at), headLines.map(at));
        const sortPairs = (pairs: [number, number][]) => [...pairs].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        const actual = result.unchanged.map((p): [number, number] => [p.base.line, p.head.line]);
        expect(sortPairs(actual)).toEqual(sortPairs(naiveNearestPairs(baseLines, headLines)));
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * The same rule with identities: several findings of one group on one line are told apart by their content
 * (here the severity, the only field that differs inside the group). pairByNearestLine's comment: each side is put
 * in line order with equal lines ordered by content; equal counts pair in that order; otherwise the k-th finding of
 * a line on one side sits next to the k-th of that line on the other side (base first), and the adjacent
 * base/head pair with the smallest distance pairs first (ties: the smaller line, then the earlier in the list).
 */
interface Finding {
  line: number;
  severity: 'HIGH' | 'LOW' | 'MEDIUM';
  /** Optional second distinguishing field (zero-padded, so string order is number order). */
  link?: string;
}

function naiveNearestFindingPairs(baseFindings: Finding[], headFindings: Finding[]): string[] {
  const name = (f: Finding) => `${f.line}/${f.severity}${f.link ?? ''}`;
  // Content compares as plain strings, severity first (HIGH < LOW < MEDIUM), then link.
  const text = (f: Finding) => `${f.severity} ${f.link ?? ''}`;
  const inOrder = (fs: Finding[]) => [...fs].sort((x, y) => x.line - y.line || (text(x) === text(y) ? 0 : text(x) < text(y) ? -1 : 1));
  const base = inOrder(baseFindings);
  const head = inOrder(headFindings);
  if (base.length === head.length) return base.map((f, i) => `${name(f)} ~ ${name(head[i])}`).sort();
  const ranked = (fs: Finding[], side: number) => fs.map((f, i) => ({ f, side, rank: fs.slice(0, i).filter((g) => g.line === f.line).length }));
  const list: { f: Finding; side: number; rank: number }[] = [];
  for (const item of [...ranked(base, 0), ...ranked(head, 1)]) {
    // Insert after every item that comes first: smaller line, or same line and smaller rank, or same rank and base.
    let at = 0;
    while (at < list.length && (list[at].f.line < item.f.line || (list[at].f.line === item.f.line && (list[at].rank < item.rank || (list[at].rank === item.rank && list[at].side < item.side))))) at++;
    list.splice(at, 0, item);
  }
  const pairs: string[] = [];
  while (pairs.length < Math.min(base.length, head.length)) {
    let best = -1;
    for (let i = 0; i + 1 < list.length; i++) {
      if (list[i].side === list[i + 1].side) continue;
      const distance = list[i + 1].f.line - list[i].f.line;
      if (best < 0 || distance < list[best + 1].f.line - list[best].f.line) best = i;
    }
    const [left, right] = list.splice(best, 2);
    pairs.push(left.side === 0 ? `${name(left.f)} ~ ${name(right.f)}` : `${name(right.f)} ~ ${name(left.f)}`);
  }
  return pairs.sort();
}

describe('compareAnnotations: which finding of a crowded line pairs with which', () => {
  const at = (f: Finding) => a({ path: 'a.ts', message: 'dup', line: f.line, severity: f.severity, ...(f.link ? { link: f.link } : {}) });
  const pairsOf = (base: Finding[], head: Finding[]) =>
    compareAnnotations(base.map(at), head.map(at))
      .unchanged.map((p) => `${p.base.line}/${p.base.severity}${p.base.link ?? ''} ~ ${p.head.line}/${p.head.severity}${p.head.link ?? ''}`)
      .sort();
  /** `count` findings on one line, told apart by their link. */
  const crowd = (count: number, line: number): Finding[] =>
    Array.from({ length: count }, (_, i) => ({ line, severity: 'LOW', link: `https://ci.example/${String(i).padStart(3, '0')}` }));

  it('a crowded line (long enough for the sort to merge runs) pairs each finding with its copy, in any input order', () => {
    const base = crowd(90, 3);
    const shuffled = [...base].reverse();
    for (let i = 0; i < shuffled.length; i += 3) [shuffled[i], shuffled[shuffled.length - 1 - i]] = [shuffled[shuffled.length - 1 - i], shuffled[i]];
    const pairs = pairsOf(base, shuffled);
    expect(pairs).toHaveLength(90);
    for (const pair of pairs) expect(pair.split(' ~ ')[0]).toBe(pair.split(' ~ ')[1]);
  });

  it('a crowded line with one finding gone pairs as the rule says, in any input order', () => {
    const base = crowd(90, 3);
    const head = base.filter((_, i) => i !== 40).reverse();
    const expected = naiveNearestFindingPairs(base, head);
    expect(pairsOf(base, head)).toEqual(expected);
    expect(pairsOf([...base].reverse(), [...head].reverse())).toEqual(expected);
    expect(pairsOf(head, base)).toEqual(naiveNearestFindingPairs(head, base));
  });

  it('the k-th finding of a line sits next to the k-th of that line on the other side, whatever precedes it', () => {
    // Two base-only findings above line 5 must not shift the base side's findings of line 5 against the head's.
    const base: Finding[] = [{ line: 1, severity: 'LOW' }, { line: 2, severity: 'LOW' }, { line: 5, severity: 'HIGH' }, { line: 5, severity: 'LOW' }];
    const head: Finding[] = [{ line: 5, severity: 'LOW' }, { line: 5, severity: 'HIGH' }];
    expect(pairsOf(base, head)).toEqual(['5/HIGH ~ 5/HIGH', '5/LOW ~ 5/LOW']);
  });

  it('a line is walked in content order, so the finding left over is the last in that order', () => {
    // Line 5 in order: base HIGH, head LOW, base LOW, base MEDIUM. HIGH~LOW pairs first (distance 0, earliest),
    // then the head finding of line 4 meets base LOW, its new neighbour; base MEDIUM is fixed.
    const base: Finding[] = [{ line: 5, severity: 'MEDIUM' }, { line: 5, severity: 'LOW' }, { line: 5, severity: 'HIGH' }];
    const head: Finding[] = [{ line: 5, severity: 'LOW' }, { line: 4, severity: 'HIGH' }];
    expect(pairsOf(base, head)).toEqual(['5/HIGH ~ 5/LOW', '5/LOW ~ 4/HIGH']);
    expect(compareAnnotations(base.map(at), head.map(at)).fixed.map((f) => f.severity)).toEqual(['MEDIUM']);
  });

  it('pairs exactly as the rule says, for any input order', () => {
    const finding = fc.record({ line: fc.integer({ min: 0, max: 5 }), severity: fc.constantFrom('HIGH' as const, 'LOW' as const, 'MEDIUM' as const) });
    const side = fc.array(finding, { maxLength: 9 }).chain((fs) => fc.tuple(fc.constant(fs), fc.shuffledSubarray(fs, { minLength: fs.length })));
    fc.assert(
      fc.property(side, side, ([base, baseShuffled], [head, headShuffled]) => {
        const expected = naiveNearestFindingPairs(base, head);
        expect(pairsOf(base, head)).toEqual(expected);
        expect(pairsOf(baseShuffled, headShuffled)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});

describe('compareAnnotations without a diff (approximate): scale (correctness, not timing)', () => {
  it('compares 10 000 vs 10 000 annotations with heavy duplication and a line shift', () => {
    const base: InsightAnnotation[] = [];
    for (let i = 0; i < 10_000; i++) {
      base.push(a({ reportKey: `r${i % 10}`, path: `src/f${i % 50}.ts`, message: `rule ${i % 7}`, line: i, externalId: i % 3 === 0 ? `id-${i}` : undefined }));
    }
    // Same findings shifted by 3 lines, except the first 100 removed and 100 new ones added.
    const head = base.slice(100).map((x) => ({ ...x, line: x.line + 3 }));
    for (let i = 0; i < 100; i++) head.push(a({ reportKey: 'r0', path: 'src/new.ts', message: 'brand new', line: i }));
    const r = compareAnnotations(base, head);
    expect(r.unchanged).toHaveLength(9_900);
    expect(r.fixed).toHaveLength(100);
    expect(r.introduced).toHaveLength(100);
    expect(r.introduced.every((x) => x.path === 'src/new.ts')).toBe(true);
    expect(r.unchanged.every((p) => p.head.line - p.base.line === 3)).toBe(true);
  });

  it('handles one huge duplicate group (10 000 identical fingerprints)', () => {
    const base = Array.from({ length: 10_000 }, (_, i) => a({ message: 'same', line: i * 2 }));
    const head = Array.from({ length: 10_000 }, (_, i) => a({ message: 'same', line: i * 2 + 1 }));
    const r = compareAnnotations(base, head);
    expect(r.unchanged).toHaveLength(10_000);
    expect(r.unchanged.every((p) => p.head.line - p.base.line === 1)).toBe(true);
  });
});
