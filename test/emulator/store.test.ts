/** The store's git model: line diff, hunks, three-way merge, merge base, and the seed's guarantees. */
import { buildHunks, diffLines, mergeText, splitLines } from '../../emulator/store/diff';
import { seedData } from '../../emulator/seed';
import { Store } from '../../emulator/store/store';

describe('diff', () => {
  test('edit script reproduces the new text', () => {
    const a = splitLines('a\nb\nc\nd\ne\n');
    const b = splitLines('a\nx\nc\nd\ne\nf\n');
    const ops = diffLines(a, b);
    expect(ops.filter((o) => o.kind !== 'delete').map((o) => o.line)).toEqual(b);
    expect(ops.filter((o) => o.kind !== 'insert').map((o) => o.line)).toEqual(a);
    expect(ops.filter((o) => o.kind !== 'equal')).toHaveLength(3);
  });

  test('hunks carry 1-based line numbers and context', () => {
    const hunks = buildHunks('1\n2\n3\n4\n5\n6\n7\n8\n', '1\n2\n3\nfour\n5\n6\n7\n8\n', 1);
    expect(hunks).toHaveLength(1);
    expect(hunks[0]).toMatchObject({ sourceLine: 3, sourceSpan: 3, destinationLine: 3, destinationSpan: 3 });
    expect(hunks[0].segments.map((s) => s.type)).toEqual(['CONTEXT', 'REMOVED', 'ADDED', 'CONTEXT']);
    expect(hunks[0].segments[2].lines[0]).toMatchObject({ destination: 4, line: 'four' });
  });

  test('an empty side names the line before the hunk, as git does (0 for an added or deleted file)', () => {
    expect(buildHunks('', 'a\nb\n')[0]).toMatchObject({ sourceLine: 0, sourceSpan: 0, destinationLine: 1, destinationSpan: 2 });
    expect(buildHunks('a\nb\n', '')[0]).toMatchObject({ sourceLine: 1, sourceSpan: 2, destinationLine: 0, destinationSpan: 0 });
    expect(buildHunks('a\nb\nc\n', 'a\nx\nb\nc\n', 0)[0]).toMatchObject({ sourceLine: 1, sourceSpan: 0, destinationLine: 2, destinationSpan: 1 });
  });

  test('ignoreWhitespace compares lines without whitespace and shows the new side', () => {
    expect(buildHunks('a b\nc\n', 'a  b\nc\n', 1, { ignoreWhitespace: true })).toEqual([]);
    const hunks = buildHunks('a b\nc\n', 'a  b\nd\n', 1, { ignoreWhitespace: true });
    expect(hunks[0].segments.map((s) => [s.type, s.lines.map((l) => l.line)])).toEqual([['CONTEXT', ['a  b']], ['REMOVED', ['c']], ['ADDED', ['d']]]);
  });

  test('three-way merge combines separate edits and detects overlapping ones', () => {
    const base = 'a\nb\nc\nd\ne\n';
    expect(mergeText(base, 'A\nb\nc\nd\ne\n', 'a\nb\nc\nd\nE\n')).toBe('A\nb\nc\nd\nE\n');
    expect(mergeText(base, 'a\nB\nc\nd\ne\n', 'a\nb2\nc\nd\ne\n')).toBeNull();
  });
});

describe('seeded store', () => {
  const store = new Store(seedData());
  const web = store.repository('ACME', 'web-app')!;

  test('is deterministic', () => {
    expect(seedData().repositories.map((r) => r.branches)).toEqual(store.data.repositories.map((r) => r.branches));
  });

  test('PR states and merge outcomes the README promises', () => {
    const state = (id: number) => store.pullRequest(web, id)!.state;
    expect([1, 2, 3, 4, 5, 6].map(state)).toEqual(['OPEN', 'OPEN', 'OPEN', 'MERGED', 'DECLINED', 'OPEN']);
    expect(store.evaluateMerge(web, store.pullRequest(web, 3)!).outcome).toBe('CONFLICTED');
    expect(store.evaluateMerge(web, store.pullRequest(web, 6)!).canMerge).toBe(true);
    const pr1 = store.pullRequest(web, 1)!;
    const base = store.mergeBase(web, pr1.toCommit, pr1.fromCommit)!;
    const keysAt = (commit: string) => store.data.reports.filter((r) => r.commitId === commit).map((r) => r.key);
    expect(keysAt(base)).toEqual(expect.arrayContaining(['com.yourcompany.lint']));
    expect(keysAt(pr1.fromCommit)).toEqual(expect.arrayContaining(['com.yourcompany.lint', 'com.yourcompany.security']));
    expect(keysAt(web.branches.main)).toEqual(expect.arrayContaining(['com.yourcompany.lint']));
    const lib = store.repository('LIB', 'utils')!;
    const orphan = store.pullRequest(lib, 1)!;
    expect(store.mergeBase(lib, orphan.toCommit, orphan.fromCommit)).toBeNull();
  });
});
