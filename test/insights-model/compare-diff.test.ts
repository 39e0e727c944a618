import fc from 'fast-check';
import type { InsightAnnotation, InsightReport } from 'yourcompany/rest';
import { compareAnnotations, compareReports } from 'yourcompany/insights-model';
import { baseLineOf, readDiff } from '../../frontend/insights-compare/diff';

// ---- Bitbucket-shaped diffs, built from edit scripts ------------------------------------------------------------

/** One line of an edit script: kept, added on head, removed from base. */
type Op = 'k' | 'a' | 'r';

interface FileEdit {
  /** null: the file is added. */
  from: string | null;
  /** null: the file is deleted. */
  to: string | null;
  /** Edit script from line 1 on; lines past it are kept. Ignored for added/deleted files. */
  ops?: string;
  /** Lines of an added or deleted file. */
  size?: number;
}

function bbPath(path: string) {
  const components = path.split('/');
  return { components, parent: components.slice(0, -1).join('/'), name: components[components.length - 1], toString: path };
}

interface Row {
  op: Op;
  source: number;
  destination: number;
}

/** Numbered as Bitbucket does: an added line's `source` is the base line it precedes, a removed line's `destination` likewise. */
function rowsOf(ops: string): Row[] {
  const rows: Row[] = [];
  let source = 1;
  let destination = 1;
  for (const op of ops as unknown as Op[]) {
    rows.push({ op, source, destination });
    if (op !== 'a') source++;
    if (op !== 'r') destination++;
  }
  return rows;
}

const segmentType = { k: 'CONTEXT', a: 'ADDED', r: 'REMOVED' } as const;

/** Hunks of changed lines with up to `context` kept lines around them (contiguous runs become one hunk). */
function hunksOf(ops: string, context: number) {
  const rows = rowsOf(ops);
  // Distance (in rows) to the nearest changed row, in two sweeps.
  const distance = rows.map(() => Number.POSITIVE_INFINITY);
  let last = Number.NEGATIVE_INFINITY;
  rows.forEach((row, i) => {
    if (row.op !== 'k') last = i;
    distance[i] = i - last;
  });
  last = Number.POSITIVE_INFINITY;
  for (let i = rows.length - 1; i >= 0; i--) {
    if (rows[i].op !== 'k') last = i;
    distance[i] = Math.min(distance[i], last - i);
  }
  const hunks = [];
  for (let i = 0; i < rows.length; ) {
    if (distance[i] > context) {
      i++;
      continue;
    }
    let j = i;
    while (j < rows.length && distance[j] <= context) j++;
    const run = rows.slice(i, j);
    const segments: { type: string; lines: { source: number; destination: number; line: string; truncated: boolean }[]; truncated: boolean }[] = [];
    for (const row of run) {
      const type = segmentType[row.op];
      const line = { source: row.source, destination: row.destination, line: `${row.op} ${row.source}/${row.destination}`, truncated: false };
      if (segments.length > 0 && segments[segments.length - 1].type === type) segments[segments.length - 1].lines.push(line);
      else segments.push({ type, lines: [line], truncated: false });
    }
    hunks.push({
      sourceLine: run[0].source,
      sourceSpan: run.filter((r) => r.op !== 'a').length,
      destinationLine: run[0].destination,
      destinationSpan: run.filter((r) => r.op !== 'r').length,
      segments,
      truncated: false,
    });
    i = j;
  }
  return hunks;
}

function wholeFile(type: 'ADDED' | 'REMOVED', size: number) {
  const lines = Array.from({ length: size }, (_, i) => ({ source: type === 'ADDED' ? 0 : i + 1, destination: type === 'ADDED' ? i + 1 : 0, line: `line ${i + 1}` }));
  return size === 0 ? [] : [{ sourceLine: type === 'ADDED' ? 0 : 1, sourceSpan: type === 'ADDED' ? 0 : size, destinationLine: type === 'ADDED' ? 1 : 0, destinationSpan: type === 'ADDED' ? size : 0, segments: [{ type, lines }] }];
}

function diffOf(files: FileEdit[], context = 3, truncated = false) {
  return {
    fromHash: 'a'.repeat(40),
    toHash: 'b'.repeat(40),
    contextLines: context,
    whitespace: 'SHOW',
    diffs: files.map((f) => ({
      source: f.from === null ? null : bbPath(f.from),
      destination: f.to === null ? null : bbPath(f.to),
      hunks: f.from === null ? wholeFile('ADDED', f.size ?? 0) : f.to === null ? wholeFile('REMOVED', f.size ?? 0) : hunksOf(f.ops ?? '', context),
      truncated: false,
    })),
    truncated,
  };
}

/** The head → base line map of an edit script, walked line by line (the plain statement of the rule). */
function naiveBaseLine(ops: string, headLine: number): number | null {
  if (headLine === 0) return 0;
  let source = 1;
  let destination = 1;
  for (const op of ops) {
    if (op !== 'r' && destination === headLine) return op === 'k' ? source : null;
    if (op !== 'a') source++;
    if (op !== 'r') destination++;
  }
  return headLine - destination + source;
}

function a(partial: Partial<InsightAnnotation> & { message: string }): InsightAnnotation {
  return { reportKey: 'lint', path: 'a.js', line: 1, severity: 'MEDIUM', type: 'CODE_SMELL', ...partial };
}

const lines = (list: InsightAnnotation[]) => list.map((x) => `${x.path}:${x.line}`);
const pairs = (r: ReturnType<typeof compareAnnotations>) => r.unchanged.map((p) => `${p.base.path}:${p.base.line}>${p.head.path}:${p.head.line}`);
const EMPTY = { diffs: [] };

// ---- the line map ------------------------------------------------------------------------------------------------

describe('baseLineOf', () => {
  const change = (added: number[], removed: number[]) => ({ basePath: 'a.js', exact: true, added, removed });

  it('maps untouched head lines past additions and removals, and added lines to nothing', () => {
    // base 1 2 3 4 5 6 7 ; removed 2, 3, 6 ; head lines 2 and 5 added
    const c = change([2, 5], [2, 3, 6]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((line) => baseLineOf(c, line))).toEqual([1, undefined, 4, 5, undefined, 7, 8, 9]);
    expect(baseLineOf(c, 0)).toBe(0);
    expect(baseLineOf(change([], []), 42)).toBe(42);
    expect(baseLineOf(change([1, 2, 3], []), 4)).toBe(1);
    expect(baseLineOf(change([], [1, 2, 3]), 1)).toBe(4);
    expect(baseLineOf(change([], [1, 3, 5, 7]), 3)).toBe(6);
    expect(baseLineOf(change([1, 3, 5, 7], []), 8)).toBe(4);
  });

  it('agrees with walking the edit script, for any script', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[kar]{0,60}$/), (ops) => {
        const added = rowsOf(ops).filter((r) => r.op === 'a').map((r) => r.destination);
        const removed = rowsOf(ops).filter((r) => r.op === 'r').map((r) => r.source);
        for (let line = 0; line <= ops.length + 3; line++) expect(baseLineOf(change(added, removed), line) ?? null).toBe(naiveBaseLine(ops, line));
      }),
    );
  });
});

describe('readDiff', () => {
  it('reads renamed, added and deleted files, and contextLines do not matter', () => {
    const files = [
      { from: 'old.js', to: 'new.js', ops: 'kkrkak' },
      { from: null, to: 'added.js', size: 2 },
      { from: 'deleted.js', to: null, size: 3 },
    ];
    for (const context of [0, 1, 10]) {
      const read = readDiff(diffOf(files, context));
      expect(read?.incomplete).toBe(false);
      expect(read?.byHead.get('new.js')).toEqual({ basePath: 'old.js', exact: true, added: [4], removed: [3] });
      expect(read?.byBase.get('old.js')).toBe(read?.byHead.get('new.js'));
      expect(read?.byHead.get('added.js')).toEqual({ basePath: null, exact: true, added: [], removed: [] });
      expect(read?.byBase.get('deleted.js')).toEqual({ basePath: 'deleted.js', exact: true, added: [], removed: [] });
      expect([...(read?.byHead.keys() ?? [])]).toEqual(['new.js', 'added.js']);
      expect([...(read?.byBase.keys() ?? [])]).toEqual(['old.js', 'deleted.js']);
    }
    // Bitbucket's JSON leaves out a null side altogether
    const added = readDiff({ diffs: [{ destination: bbPath('n.js') }, { source: bbPath('d.js') }] });
    expect(added?.incomplete).toBe(false);
    expect(added?.byHead.get('n.js')?.basePath).toBeNull();
    expect(added?.byBase.get('d.js')?.exact).toBe(true);
  });

  it('sorts and de-duplicates line numbers', () => {
    const lineOf = (n: number) => ({ source: n, destination: n });
    const diff = { diffs: [{ source: bbPath('a'), destination: bbPath('a'), hunks: [{ segments: [{ type: 'ADDED', lines: [lineOf(9), lineOf(2), lineOf(9)] }] }] }] };
    expect(readDiff(diff)?.byHead.get('a')?.added).toEqual([2, 9]);
  });

  it('is no diff without a list of files', () => {
    for (const body of [undefined, null, 7, 'diff', [], {}, { diffs: {} }, { diffs: 'x' }, { truncated: true }]) expect(readDiff(body)).toBeNull();
    expect(readDiff({ diffs: [] })).toEqual({ byHead: new Map(), byBase: new Map(), incomplete: false });
    expect(readDiff({ diffs: [], truncated: true })?.incomplete).toBe(true);
    expect(readDiff({ diffs: [], truncated: 'yes' })?.incomplete).toBe(false);
  });

  it('an entry whose paths cannot be read makes the list incomplete', () => {
    for (const [source, destination] of [
      [null, null],
      [undefined, undefined],
      ['a.js', bbPath('a.js')],
      [bbPath('a.js'), 'a.js'],
      [{}, bbPath('a.js')],
      [bbPath('a.js'), { toString: '' }],
      [{ components: [] }, null],
      [{ components: ['a', 7] }, null],
      [{ components: ['a', ''] }, null],
      [null, { toString: 5 }],
      [7, null],
    ]) {
      const read = readDiff({ diffs: [{ source, destination }] });
      expect(read?.incomplete).toBe(true);
      expect(read?.byHead.size).toBe(0);
      expect(read?.byBase.size).toBe(0);
    }
    expect(readDiff({ diffs: [null, 3, 'x'] })?.incomplete).toBe(true);
  });

  it('a path is its toString; without one, its components joined', () => {
    const read = readDiff({ diffs: [{ source: { components: ['src', 'a.js'] }, destination: { components: ['lib', 'b.js'], toString: 'lib/a.js' } }] });
    expect(read?.byHead.get('lib/a.js')?.basePath).toBe('src/a.js');
    expect(read?.incomplete).toBe(false);
    expect(readDiff({ diffs: [{ source: { toString: 'x.js' }, destination: { toString: 'y.js' } }] })?.byHead.get('y.js')?.basePath).toBe('x.js');
  });

  it('a modified file whose hunks cannot be read completely is inexact; absent hunks and lines are empty', () => {
    const exactOf = (entry: object) => readDiff({ diffs: [{ source: bbPath('a'), destination: bbPath('a'), ...entry }] })?.byHead.get('a')?.exact;
    const seg = (segment: object) => ({ hunks: [{ segments: [{ type: 'ADDED', lines: [{ destination: 3 }], ...segment }] }] });
    expect(exactOf({})).toBe(true);
    expect(exactOf({ hunks: [] })).toBe(true);
    expect(exactOf({ hunks: [{ segments: [{ type: 'REMOVED' }] }] })).toBe(true);
    expect(exactOf(seg({}))).toBe(true);
    expect(exactOf(seg({ type: 'CONTEXT', lines: [{}] }))).toBe(true);
    expect(exactOf(seg({ truncated: false }))).toBe(true);
    for (const bad of [
      { truncated: true },
      { binary: true },
      { hunks: 'x' },
      { hunks: [{ truncated: true, segments: [] }] },
      { hunks: [{}] },
      { hunks: ['hunk'] },
      { hunks: [{ segments: {} }] },
      seg({ truncated: true }),
      seg({ type: 'MOVED' }),
      seg({ type: 'MOVED', lines: [{ source: 3, destination: 3 }] }),
      seg({ type: undefined }),
      seg({ lines: 'x' }),
      seg({ lines: [{ destination: 0 }] }),
      seg({ lines: [{ destination: -2 }] }),
      seg({ lines: [{ destination: 1.5 }] }),
      seg({ lines: [{ destination: '3' }] }),
      seg({ lines: [{ source: 3 }] }),
      seg({ lines: [null] }),
      seg({ type: 'REMOVED', lines: [{ destination: 3 }] }),
    ]) {
      expect(exactOf(bad)).toBe(false);
    }
    // An added or deleted file is exact whatever its hunks say: all its lines are new, or gone.
    expect(readDiff({ diffs: [{ source: null, destination: bbPath('n'), truncated: true, hunks: 'x' }] })?.byHead.get('n')?.exact).toBe(true);
    expect(readDiff({ diffs: [{ source: bbPath('d'), destination: null, binary: true }] })?.byBase.get('d')?.exact).toBe(true);
  });
});

// ---- the rules ------------------------------------------------------------------------------------------------------

describe('compareAnnotations with a diff: examples', () => {
  it('a file the diff does not show is untouched: findings stay on their line', () => {
    const base = [a({ message: 'm', line: 4 }), a({ message: 'm', line: 9 })];
    const head = [a({ message: 'm', line: 4 }), a({ message: 'm', line: 10 })];
    const r = compareAnnotations(base, head, EMPTY);
    expect(pairs(r)).toEqual(['a.js:4>a.js:4']);
    expect(lines(r.introduced)).toEqual(['a.js:10']);
    expect(lines(r.fixed)).toEqual(['a.js:9']);
    expect(r.diff).toBe(true);
    expect(r.approximateFiles).toEqual([]);
    // without the diff, the same findings match approximately (nearest line)
    expect(compareAnnotations(base, head).unchanged).toHaveLength(2);
    expect(compareAnnotations(base, head).approximateFiles).toEqual(['a.js']);
  });

  it('lines inserted above a finding shift it; a finding on a modified line is new and its old one fixed', () => {
    // base: 1 2 3(x) 4 5(y)  → head: +1 +2 1 2 3(x) 4' 5(y); line 4 modified
    const diff = diffOf([{ from: 'a.js', to: 'a.js', ops: 'aakkkrak' }]);
    const base = [a({ message: 'x', line: 3 }), a({ message: 'w', line: 4 }), a({ message: 'y', line: 5 })];
    const head = [a({ message: 'x', line: 5 }), a({ message: 'w', line: 6 }), a({ message: 'y', line: 7 })];
    const r = compareAnnotations(base, head, diff);
    expect(pairs(r)).toEqual(['a.js:3>a.js:5', 'a.js:5>a.js:7']);
    expect(lines(r.introduced)).toEqual(['a.js:6']);
    expect(lines(r.fixed)).toEqual(['a.js:4']);
  });

  it('a renamed file keeps its findings (a moved test suite reads 0 new · 0 fixed)', () => {
    const base = [a({ path: 'test/a.test.js', message: 'm', line: 3 }), a({ path: 'test/a.test.js', message: 'file level', line: 0 })];
    const head = [a({ path: 'spec/a.spec.js', message: 'm', line: 3 }), a({ path: 'spec/a.spec.js', message: 'file level', line: 0 })];
    const r = compareAnnotations(base, head, diffOf([{ from: 'test/a.test.js', to: 'spec/a.spec.js', ops: '' }]));
    expect(r.unchanged).toHaveLength(2);
    expect(r.introduced).toEqual([]);
    expect(r.fixed).toEqual([]);
    // renamed and edited: lines map through the rename
    const edited = compareAnnotations(base, [{ ...head[0], line: 4 }, head[1]], diffOf([{ from: 'test/a.test.js', to: 'spec/a.spec.js', ops: 'a' }]));
    expect(pairs(edited)).toEqual(['test/a.test.js:3>spec/a.spec.js:4', 'test/a.test.js:0>spec/a.spec.js:0']);
  });

  it('code removed here and added there is fixed there and new here', () => {
    // lines 2-3 of a.js move to the end of b.js (base b.js has 2 lines)
    const diff = diffOf([
      { from: 'a.js', to: 'a.js', ops: 'krrk' },
      { from: 'b.js', to: 'b.js', ops: 'kkaa' },
    ]);
    const base = [a({ message: 'moved', line: 2 }), a({ message: 'stays', line: 4 })];
    const head = [a({ path: 'b.js', message: 'moved', line: 3 }), a({ message: 'stays', line: 2 })];
    const r = compareAnnotations(base, head, diff);
    expect(pairs(r)).toEqual(['a.js:4>a.js:2']);
    expect(lines(r.introduced)).toEqual(['b.js:3']);
    expect(lines(r.fixed)).toEqual(['a.js:2']);
  });

  it('added files bring new findings, deleted files take theirs away, file-level ones included', () => {
    const diff = diffOf([
      { from: null, to: 'new.js', size: 5 },
      { from: 'gone.js', to: null, size: 5 },
    ]);
    const base = [a({ path: 'gone.js', message: 'm', line: 2 }), a({ path: 'gone.js', message: 'f', line: 0 })];
    const head = [a({ path: 'new.js', message: 'm', line: 2 }), a({ path: 'new.js', message: 'f', line: 0 })];
    const r = compareAnnotations(base, head, diff);
    expect(r.unchanged).toEqual([]);
    expect(r.introduced).toEqual(head);
    expect(r.fixed).toEqual(base);
    // a base file named "null" is not where an added file comes from
    expect(compareAnnotations([{ ...base[0], path: 'null' }], [head[0]], diff).unchanged).toEqual([]);
    // a file deleted and another added with the same content is not a rename: still fixed + new
    expect(compareAnnotations([{ ...base[0], path: 'x.js' }], [{ ...head[0], path: 'x.js' }], { diffs: [{ source: null, destination: bbPath('x.js') }] }).unchanged).toEqual([]);
  });

  it('numbers in messages are set aside, identical messages pairing first', () => {
    const diff = diffOf([{ from: 'a.js', to: 'a.js', ops: 'ak' }]);
    const shadow = (n: number) => `'x' is already declared in the upper scope on line ${n} column 28.`;
    const complexity = (n: number) => `Function 'f' has a complexity of ${n}. Maximum allowed is 10.`;
    const r = compareAnnotations(
      [a({ message: shadow(273), line: 1 }), a({ message: complexity(23), line: 1 }), a({ message: complexity(7), line: 1 })],
      [a({ message: complexity(23), line: 2 }), a({ message: shadow(274), line: 2 }), a({ message: complexity(123), line: 2 })],
      diff,
    );
    expect(r.introduced).toEqual([]);
    expect(r.fixed).toEqual([]);
    expect(r.unchanged.map((p) => [p.base.message, p.head.message])).toEqual([
      [complexity(23), complexity(23)],
      [shadow(273), shadow(274)],
      [complexity(7), complexity(123)],
    ]);
  });

  it('a number is not nothing, and text around numbers still counts', () => {
    const one = (message: string) => compareAnnotations([a({ message: 'a1b' })], [a({ message })], EMPTY).unchanged.length;
    expect(one('a12b')).toBe(1);
    expect(one('a1b')).toBe(1);
    expect(one('ab')).toBe(0);
    expect(one('a1c')).toBe(0);
    expect(one('a 1b')).toBe(0);
    expect(one(' a1b ')).toBe(1);
  });

  it('the same finding: same type and severity; different report never', () => {
    const base = a({ message: 'm' });
    const one = (head: InsightAnnotation) => compareAnnotations([base], [head], EMPTY).unchanged.length;
    expect(one({ ...base })).toBe(1);
    expect(one({ ...base, severity: 'HIGH' })).toBe(0);
    expect(one({ ...base, type: 'BUG' })).toBe(0);
    expect(one({ ...base, type: undefined })).toBe(0);
    expect(one({ ...base, reportKey: 'other' })).toBe(0);
    expect(one({ ...base, link: 'https://x.example/', externalId: 'zz' })).toBe(1);
  });

  it('duplicates with the same message pair one-to-one on their own line, not with the nearest one', () => {
    const dup = (line: number) => a({ message: 'Missing semicolon.', line });
    // line 3 of base is removed; head gains a line at 8
    const diff = diffOf([{ from: 'a.js', to: 'a.js', ops: 'kkrkkkkka' }]);
    const r = compareAnnotations([dup(2), dup(3), dup(3), dup(6)], [dup(2), dup(5), dup(8), dup(8)], diff);
    expect(pairs(r)).toEqual(['a.js:2>a.js:2', 'a.js:6>a.js:5']);
    expect(lines(r.introduced)).toEqual(['a.js:8', 'a.js:8']);
    expect(lines(r.fixed)).toEqual(['a.js:3', 'a.js:3']);
    // two on one untouched line, one left: one pairs, one is fixed
    const fewer = compareAnnotations([dup(4), dup(4)], [dup(4)], EMPTY);
    expect(fewer.unchanged).toHaveLength(1);
    expect(fewer.fixed).toHaveLength(1);
  });

  it('location-hash ids (hash of rule, path, line) change with every shift and pair nothing the diff separates', () => {
    const hashed = (path: string, line: number, message = 'm') => a({ path, line, message, externalId: `h-${path}-${line}` });
    const diff = diffOf([
      { from: 'a.js', to: 'a.js', ops: 'aakrk' },
      { from: 'old.js', to: 'new.js', ops: '' },
    ]);
    const base = [hashed('a.js', 1), hashed('a.js', 2), hashed('old.js', 5), hashed('a.js', 9, 'z')];
    const head = [hashed('a.js', 3), hashed('new.js', 5), hashed('a.js', 2, 'x'), hashed('a.js', 9, 'z')];
    const r = compareAnnotations(base, head, diff);
    expect(pairs(r)).toEqual(['a.js:1>a.js:3', 'old.js:5>new.js:5']);
    // the equal id a.js-9 sits on a line the diff moved to head line 10: its id does not pair it
    expect(lines(r.introduced)).toEqual(['a.js:2', 'a.js:9']);
    expect(lines(r.fixed)).toEqual(['a.js:2', 'a.js:9']);
    expect(r.approximateFiles).toEqual([]);
  });

  it('stable ids: a finding on a modified line is new even with its old id; different ids do not separate a pair', () => {
    const diff = diffOf([{ from: 'a.js', to: 'a.js', ops: 'kra' }]);
    const r = compareAnnotations([a({ externalId: 'S1', message: 'm', line: 2 })], [a({ externalId: 'S1', message: 'm', line: 2 })], diff);
    expect(r.unchanged).toEqual([]);
    const other = compareAnnotations([a({ externalId: 'S1', message: 'm', line: 1 })], [a({ externalId: 'S2', message: 'm', line: 1 })], diff);
    expect(other.unchanged).toHaveLength(1);
  });

  it('an id breaks the tie between candidates on one base line', () => {
    const at = (externalId: string | undefined, message: string) => a({ externalId, message, line: 3 });
    const base = [at('A', 'x 1'), at('B', 'x 2')];
    const r = compareAnnotations(base, [at('B', 'x 1'), at('A', 'x 2')], EMPTY);
    // identical messages pair first, ids second
    expect(r.unchanged.map((p) => [p.base.externalId, p.head.externalId])).toEqual([
      ['A', 'B'],
      ['B', 'A'],
    ]);
    const byId = compareAnnotations(base, [at('B', 'x 7'), at('A', 'x 8')], EMPTY);
    expect(byId.unchanged.map((p) => [p.base.externalId, p.head.externalId])).toEqual([
      ['B', 'B'],
      ['A', 'A'],
    ]);
    const sameMessage = compareAnnotations([at('A', 'm'), at('B', 'm')], [at('C', 'm'), at('B', 'm')], EMPTY);
    expect(sameMessage.unchanged.map((p) => [p.base.externalId, p.head.externalId])).toEqual([
      ['A', 'C'],
      ['B', 'B'],
    ]);
    const swapped = compareAnnotations([at('A', 'm'), at('B', 'm')], [at('B', 'm'), at('A', 'm')], EMPTY);
    expect(swapped.unchanged.map((p) => [p.base.externalId, p.head.externalId])).toEqual([
      ['B', 'B'],
      ['A', 'A'],
    ]);
    // an absent id is no id: it ties with nothing, so input order decides
    expect(compareAnnotations([at('A', 'm'), at(undefined, 'm')], [at(undefined, 'm')], EMPTY).unchanged.map((p) => p.base.externalId)).toEqual(['A']);
    // no ids: input order
    const plain = compareAnnotations([at(undefined, 'x 1'), at('', 'x 2')], [at(undefined, 'x 3'), at(undefined, 'x 4')], EMPTY);
    expect(plain.unchanged.map((p) => [p.base.message, p.head.message])).toEqual([
      ['x 1', 'x 3'],
      ['x 2', 'x 4'],
    ]);
  });

  it('findings without a line follow their file, identical messages first', () => {
    const fileLevel = (path: string, message: string) => a({ path, message, line: 0 });
    const diff = diffOf([{ from: 'a.js', to: 'b.js', ops: 'raaa' }]);
    const r = compareAnnotations(
      [fileLevel('a.js', 'Too many lines (300)'), fileLevel('a.js', 'Too many lines (12)'), fileLevel('c.js', 'other')],
      [fileLevel('b.js', 'Too many lines (12)'), fileLevel('b.js', 'Too many lines (302)'), fileLevel('c.js', 'other')],
      diff,
    );
    expect(r.unchanged.map((p) => [p.base.message, p.head.message])).toEqual([
      ['Too many lines (12)', 'Too many lines (12)'],
      ['Too many lines (300)', 'Too many lines (302)'],
      ['other', 'other'],
    ]);
    // odd lines count as file level
    expect(compareAnnotations([a({ message: 'm', line: -4 })], [a({ message: 'm', line: Number.NaN })], diff).unchanged).toHaveLength(1);
  });

  it('findings without a path follow the report, whatever their line and whatever the diff', () => {
    const r = compareAnnotations([a({ path: undefined, message: 'Coverage 80%', line: 3 })], [a({ path: '', message: 'Coverage 81%', line: 9 })], {
      diffs: [],
      truncated: true,
    });
    expect(r.unchanged).toHaveLength(1);
    expect(r.approximateFiles).toEqual([]);
  });

  it('a truncated file diff: that file is matched approximately and named; the others exactly', () => {
    const diff = diffOf([
      { from: 'a.js', to: 'a.js', ops: 'akk' },
      { from: 'big.js', to: 'big.js', ops: 'aaaa' },
    ]);
    diff.diffs[1].truncated = true;
    const base = [a({ message: 'm', line: 1 }), a({ path: 'big.js', message: 'm', line: 1 }), a({ path: 'c.js', message: 'm', line: 1 })];
    const head = [a({ message: 'm', line: 2 }), a({ path: 'big.js', message: 'm', line: 2 }), a({ path: 'c.js', message: 'm', line: 2 })];
    const r = compareAnnotations(base, head, diff);
    expect(pairs(r)).toEqual(['a.js:1>a.js:2', 'big.js:1>big.js:2']);
    expect(lines(r.introduced)).toEqual(['c.js:2']);
    expect(r.approximateFiles).toEqual(['big.js']);
    expect(r.diff).toBe(true);
  });

  it('a truncated renamed file is matched approximately under its base path; both paths are named', () => {
    const diff = { diffs: [{ source: bbPath('old.js'), destination: bbPath('new.js'), truncated: true }] };
    const r = compareAnnotations([a({ path: 'old.js', message: 'm', line: 4 })], [a({ path: 'new.js', message: 'm', line: 90 }), a({ path: 'new.js', message: 'n', line: 1 })], diff);
    expect(pairs(r)).toEqual(['old.js:4>new.js:90']);
    expect(lines(r.introduced)).toEqual(['new.js:1']);
    expect(r.approximateFiles).toEqual(['new.js', 'old.js']);
  });

  it('a truncated whole diff: files it shows are exact, the others approximate', () => {
    const diff = diffOf([{ from: 'a.js', to: 'a.js', ops: 'a' }], 3, true);
    const base = [a({ message: 'm', line: 1 }), a({ path: 'z.js', message: 'm', line: 1 }), a({ path: 'y.js', message: 'm', line: 1 })];
    const head = [a({ message: 'm', line: 1 }), a({ path: 'z.js', message: 'm', line: 7 })];
    const r = compareAnnotations(base, head, diff);
    expect(pairs(r)).toEqual(['z.js:1>z.js:7']);
    expect(lines(r.introduced)).toEqual(['a.js:1']);
    expect(lines(r.fixed)).toEqual(['a.js:1', 'y.js:1']);
    expect(r.approximateFiles).toEqual(['y.js', 'z.js']);
  });

  it('an approximate base finding keeps its own path, even where a truncated rename now puts another file', () => {
    const diff = { diffs: [{ source: bbPath('a.js'), destination: bbPath('b.js'), truncated: true }], truncated: true };
    const r = compareAnnotations([a({ path: 'b.js', message: 'm' })], [a({ path: 'b.js', message: 'm' })], diff);
    expect(r.unchanged).toEqual([]);
    expect(r.approximateFiles).toEqual(['b.js']);
  });

  it('an unreadable entry makes files the diff does not show approximate, as truncation does', () => {
    const r = compareAnnotations([a({ path: 'z.js', message: 'm', line: 1 })], [a({ path: 'z.js', message: 'm', line: 7 })], { diffs: [{ source: 5 }] });
    expect(r.unchanged).toHaveLength(1);
    expect(r.approximateFiles).toEqual(['z.js']);
  });

  it('no diff, or a body that is no diff: everything approximate, as before', () => {
    const base = [a({ message: 'm', line: 1 }), a({ path: 'b.js', message: 'n', line: 1 })];
    const head = [a({ message: 'm', line: 5 }), a({ path: 'b.js', message: 'n', line: 1 })];
    for (const diff of [undefined, null, 'oops', { diffs: 'x' }, [1, 2]]) {
      const r = compareAnnotations(base, head, diff);
      expect(r.unchanged).toHaveLength(2);
      expect(r.diff).toBe(false);
      expect(r.approximateFiles).toEqual(['a.js', 'b.js']);
    }
  });

  it('approximate matching stays within its report', () => {
    const r = compareAnnotations([a({ reportKey: 'x', message: 'm' })], [a({ reportKey: 'y', message: 'm' })], { diffs: [], truncated: true });
    expect(r.unchanged).toEqual([]);
  });

  it('contextLines 0 and 10 give identical results', () => {
    const files: FileEdit[] = [
      { from: 'a.js', to: 'a.js', ops: 'kkkkkakkkkkkkkkkrrkkkkkkkkkkkkkkkkkkkkak' },
      { from: 'b.js', to: 'c.js', ops: 'rrrkkkkkkkaaa' },
    ];
    const base = [1, 5, 6, 17, 18, 30, 40].flatMap((line) => [a({ message: 'm', line }), a({ path: 'b.js', message: 'm', line })]);
    const head = [1, 6, 7, 16, 29, 38, 41].flatMap((line) => [a({ message: 'm', line }), a({ path: 'c.js', message: 'm', line })]);
    const zero = compareAnnotations(base, head, diffOf(files, 0));
    expect(compareAnnotations(base, head, diffOf(files, 10))).toEqual(zero);
    // b.js → c.js: base 4-10 are head 1-7, head 8-10 are new, so none of those lines meet
    expect(pairs(zero)).toEqual(['a.js:1>a.js:1', 'a.js:6>a.js:7', 'a.js:30>a.js:29']);
  });
});

describe('compareReports with a diff', () => {
  const report = (key: string): InsightReport => ({ key, title: key, createdDate: 0, data: [] });

  it('reads the diff once for every report and names the approximate files of all of them', () => {
    const diff = { diffs: [{ source: bbPath('old.js'), destination: bbPath('new.js') }, { source: bbPath('t.js'), destination: bbPath('t.js'), truncated: true }] };
    const base = [
      { report: report('lint'), annotations: [a({ path: 'old.js', message: 'm' })] },
      { report: report('sec'), annotations: [a({ reportKey: 'sec', path: 't.js', message: 's' })] },
    ];
    const head = [
      { report: report('lint'), annotations: [a({ path: 'new.js', message: 'm' })] },
      { report: report('sec'), annotations: [a({ reportKey: 'sec', path: 't.js', message: 's' })] },
      { report: report('cov'), annotations: [a({ reportKey: 'cov', path: 'u.js', message: 'c' })] },
    ];
    const r = compareReports(base, head, diff);
    expect(r.diff).toBe(true);
    expect(r.approximateFiles).toEqual(['t.js']);
    expect(r.reports.map((x) => [x.key, x.unchanged.length, x.diff, x.approximateFiles])).toEqual([
      ['lint', 1, true, []],
      ['sec', 1, true, ['t.js']],
      ['cov', 0, true, []],
    ]);
    // the union of the reports' files is sorted too
    const truncated = { diffs: [], truncated: true };
    const unsorted = compareReports(
      [...base].reverse().map((x, i) => ({ ...x, annotations: [a({ path: ['z.js', 'y.js'][i], message: 'q' })] })),
      [...base].reverse().map((x, i) => ({ ...x, annotations: [a({ path: ['z.js', 'y.js'][i], message: 'q' })] })),
      truncated,
    );
    expect(unsorted.approximateFiles).toEqual(['y.js', 'z.js']);
    const without = compareReports(base, head, { diffs: null });
    expect(without.diff).toBe(false);
    expect(without.reports.map((x) => x.diff)).toEqual([false, false, false]);
    expect(without.approximateFiles).toEqual(['old.js', 'new.js', 't.js'].sort());
  });
});

// ---- properties -------------------------------------------------------------------------------------------------------

const PATHS = ['a.js', 'b.js', 'c.js', 'd.js', 'e.js'];
const MESSAGES = ['unused x', 'unused y', 'line 3 col 4', 'line 7 col 4', 'complexity 12'];

const findingArb = (paths: string[]) =>
  fc.record({
    reportKey: fc.constantFrom('lint', 'sec'),
    externalId: fc.option(fc.constantFrom('i1', 'i2', 'i3'), { nil: undefined }),
    path: fc.option(fc.constantFrom(...paths), { nil: undefined, freq: 8 }),
    line: fc.integer({ min: 0, max: 14 }),
    message: fc.constantFrom(...MESSAGES),
    severity: fc.constantFrom('LOW' as const, 'HIGH' as const),
    type: fc.constantFrom('BUG' as const, 'CODE_SMELL' as const),
  });

/** A pull request over PATHS: a.js modified, b.js renamed to r.js (and edited), c.js added, d.js deleted, e.js untouched. */
const prArb = fc
  .record({ aOps: fc.stringMatching(/^[kar]{0,16}$/), bOps: fc.stringMatching(/^[kar]{0,16}$/), context: fc.integer({ min: 0, max: 12 }) })
  .map(({ aOps, bOps, context }) => ({
    aOps,
    bOps,
    context,
    files: [
      { from: 'a.js', to: 'a.js', ops: aOps },
      { from: 'b.js', to: 'r.js', ops: bOps },
      { from: null, to: 'c.js', size: 14 },
      { from: 'd.js', to: null, size: 14 },
    ] as FileEdit[],
  }));
const baseSide = fc.array(findingArb(['a.js', 'b.js', 'd.js', 'e.js']), { maxLength: 25 });
const headSide = fc.array(findingArb(['a.js', 'r.js', 'c.js', 'e.js']), { maxLength: 25 });

/**
 * The rules stated the slow and obvious way: a head finding's base location by walking the edit script; then, in
 * four rounds (identical message and equal id, identical message, digits aside and equal id, digits aside), each head
 * finding in order takes the first free base finding in order at the same location with the same report, type and
 * severity.
 */
function naiveMatch(base: InsightAnnotation[], head: InsightAnnotation[], pr: { aOps: string; bOps: string }): [number, number][] {
  const headLocation = (x: InsightAnnotation): string | null => {
    if (!x.path) return 'report';
    if (x.path === 'c.js') return null;
    const [from, ops] = x.path === 'a.js' ? ['a.js', pr.aOps] : x.path === 'r.js' ? ['b.js', pr.bOps] : [x.path, ''];
    const line = naiveBaseLine(ops, x.line);
    return line === null ? null : `${from}@${line}`;
  };
  const baseLocation = (x: InsightAnnotation) => (x.path ? `${x.path}@${x.line}` : 'report');
  const taken = new Set<number>();
  const result: [number, number][] = [];
  const pairedHeads = new Set<number>();
  const numberless = (m: string) => m.replace(/[0-9]+/g, '#');
  for (const round of [0, 1, 2, 3]) {
    head.forEach((h, hi) => {
      if (pairedHeads.has(hi) || headLocation(h) === null) return;
      const bi = base.findIndex((b, i) => {
        if (taken.has(i) || baseLocation(b) !== headLocation(h) || b.reportKey !== h.reportKey || b.type !== h.type || b.severity !== h.severity) return false;
        if (round < 2 ? b.message !== h.message : numberless(b.message) !== numberless(h.message)) return false;
        return round % 2 === 1 || (b.externalId !== undefined && b.externalId === h.externalId);
      });
      if (bi >= 0) {
        taken.add(bi);
        pairedHeads.add(hi);
        result.push([bi, hi]);
      }
    });
  }
  return result.sort((x, y) => x[1] - y[1]);
}

describe('compareAnnotations with a diff: properties', () => {
  const indexPairs = (base: InsightAnnotation[], head: InsightAnnotation[], r: ReturnType<typeof compareAnnotations>) =>
    r.unchanged.map((p) => [base.indexOf(p.base), head.indexOf(p.head)]);

  it('pairs exactly as the rules say, for any edits, renames, added and deleted files and context', () => {
    fc.assert(
      fc.property(prArb, baseSide, headSide, (pr, base, head) => {
        const r = compareAnnotations(base, head, diffOf(pr.files, pr.context));
        expect(indexPairs(base, head, r)).toEqual(naiveMatch(base, head, pr));
        expect(r.introduced.length + r.unchanged.length).toBe(head.length);
        expect(r.fixed.length + r.unchanged.length).toBe(base.length);
        expect(r.approximateFiles).toEqual([]);
        expect(r.diff).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('contextLines never change the result', () => {
    fc.assert(
      fc.property(prArb, fc.integer({ min: 0, max: 12 }), baseSide, headSide, (pr, other, base, head) => {
        expect(compareAnnotations(base, head, diffOf(pr.files, other))).toEqual(compareAnnotations(base, head, diffOf(pr.files, pr.context)));
      }),
    );
  });

  it('with an empty diff, findings are unchanged exactly when the same finding sits on the same line', () => {
    fc.assert(
      fc.property(baseSide, (base) => {
        const r = compareAnnotations(base, base.map((x) => ({ ...x })), EMPTY);
        expect(r.introduced).toEqual([]);
        expect(r.fixed).toEqual([]);
        expect(r.approximateFiles).toEqual([]);
        for (const p of r.unchanged) expect([p.base.path, p.base.path ? p.base.line : 0]).toEqual([p.head.path, p.head.path ? p.head.line : 0]);
        // shifted by a line, a finding in a file can only pair with one already on its new line
        const shifted = compareAnnotations(base, base.map((x) => ({ ...x, line: x.line + 1 })), EMPTY);
        for (const p of shifted.unchanged) if (p.head.path) expect(p.head.line).toBe(p.base.line);
      }),
    );
  });

  it('a truncated diff that shows no file matches every finding with a path as no diff does', () => {
    const withPath = fc.array(findingArb(PATHS).map((x) => ({ ...x, path: x.path ?? 'a.js' })), { maxLength: 25 });
    fc.assert(
      fc.property(withPath, withPath, (base, head) => {
        const { diff, ...approximate } = compareAnnotations(base, head, { diffs: [], truncated: true });
        expect(diff).toBe(true);
        expect(approximate).toEqual({ ...compareAnnotations(base, head), diff: undefined });
      }),
    );
  });

  it('never throws on a malformed diff, and always partitions both sides', () => {
    const lineArb = fc.oneof(fc.anything(), fc.record({ source: fc.oneof(fc.integer(), fc.anything()), destination: fc.oneof(fc.integer(), fc.anything()) }));
    const segmentArb = fc.oneof(fc.anything(), fc.record({ type: fc.oneof(fc.constantFrom('ADDED', 'REMOVED', 'CONTEXT'), fc.anything()), lines: fc.oneof(fc.array(lineArb), fc.anything()), truncated: fc.anything() }, { requiredKeys: [] }));
    const pathArb = fc.oneof(fc.constantFrom(null, undefined), fc.constantFrom(...PATHS, 'r.js').map(bbPath), fc.anything());
    const entryArb = fc.oneof(
      fc.anything(),
      fc.record({ source: pathArb, destination: pathArb, hunks: fc.oneof(fc.array(fc.oneof(fc.anything(), fc.record({ segments: fc.oneof(fc.array(segmentArb), fc.anything()) }))), fc.anything()), truncated: fc.anything(), binary: fc.anything() }, { requiredKeys: [] }),
    );
    const diffArb = fc.oneof(fc.anything(), fc.record({ diffs: fc.oneof(fc.array(entryArb, { maxLength: 6 }), fc.anything()), truncated: fc.anything() }, { requiredKeys: [] }));
    fc.assert(
      fc.property(diffArb, baseSide, headSide, (diff, base, head) => {
        const r = compareAnnotations(base, head, diff);
        expect(r.introduced.length + r.unchanged.length).toBe(head.length);
        expect(r.fixed.length + r.unchanged.length).toBe(base.length);
        expect([...r.approximateFiles].sort()).toEqual(r.approximateFiles);
      }),
    );
  });
});

describe('compareAnnotations with a diff: scale (correctness, not timing)', () => {
  it('20 000 changed lines and 10 000 findings per side', () => {
    // 50 renamed files of 400 lines; in each, 200 lines inserted at the top and every 4th line replaced (100 removed + 100 added).
    const ops = 'a'.repeat(200) + 'kkkra'.repeat(100);
    const files: FileEdit[] = Array.from({ length: 50 }, (_, f) => ({ from: `src/f${f}.js`, to: `lib/f${f}.js`, ops }));
    const diff = diffOf(files, 3);
    const base: InsightAnnotation[] = [];
    const head: InsightAnnotation[] = [];
    for (let f = 0; f < 50; f++) {
      for (let i = 0; i < 100; i++) {
        const line = 1 + i * 4;
        // location-hash ids and messages with the line in them: nothing but the diff can pair these
        const finding = (path: string, at: number) => a({ path, line: at, message: `rule ${i % 5} at ${at}`, externalId: `${path}:${at}` });
        base.push(finding(`src/f${f}.js`, line), finding(`src/f${f}.js`, line + 3));
        head.push(finding(`lib/f${f}.js`, line + 200), finding(`lib/f${f}.js`, line + 203));
      }
    }
    expect(base).toHaveLength(10_000);
    const r = compareAnnotations(base, head, diff);
    // the finding on each 4th line (removed) is fixed, its head copy on the added line new
    expect(r.unchanged).toHaveLength(5_000);
    expect(r.fixed).toHaveLength(5_000);
    expect(r.introduced).toHaveLength(5_000);
    expect(r.unchanged.every((p) => p.head.line - p.base.line === 200 && p.head.path?.replace('lib/', 'src/') === p.base.path)).toBe(true);
    expect(r.fixed.every((x) => x.line % 4 === 0)).toBe(true);
  });
});
