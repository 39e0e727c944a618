/**
 * The emulator's changes and diff resources as real servers answer them: renames detected like `git diff -M`
 * (one MOVE / one diff entry from the old path), added and deleted files without the missing side,
 * `contextLines` (0 included) and Bitbucket's `page.max.diff.lines` cap, every JSON answer valid against the 9.2 document.
 */
import { buildHunks, detectRenames, MAX_DIFF_LINES } from '../../emulator/store/diff';
import { LARGE_PR, LARGE_PR_CHANGED_LINES, LARGE_PR_FILES, seedLargePullRequest } from '../../emulator/seed/large-pull-request';
import { problems } from './spec-problems';
import { call, createEmulator, WEB, type TestEmulator } from './helpers';

jest.setTimeout(60000);

let emulator: TestEmulator;
let main: string;
let head: string;
let prId: number;

const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';
const RENAMED_OLD = 'src/legacy/engine.ts';
const RENAMED_NEW = 'src/core/engine.ts';
// 20 lines, one edited on the way: 95% similar, so a rename with one modified line.
const ENGINE = lines('export const step', 20);
const ENGINE_EDITED = ENGINE.replace('export const step 7\n', 'export const step 7 // tuned\n');

beforeAll(async () => {
  emulator = await createEmulator();
  const { store } = emulator;
  const repo = store.repository('ACME', 'web-app')!;
  const author = { name: 'Admin', emailAddress: 'admin@example.com' };
  const base = store.createCommit(repo, {
    parents: [repo.branches.main],
    files: { [RENAMED_OLD]: ENGINE, 'src/obsolete.ts': lines('gone', 3), 'docs/same.md': lines('doc', 4) },
    message: 'Files to rename and delete',
    author,
  });
  store.setBranch(repo, 'main', base.id);
  main = base.id;
  const change = store.createCommit(repo, {
    parents: [main],
    files: { [RENAMED_OLD]: null, [RENAMED_NEW]: ENGINE_EDITED, 'src/obsolete.ts': null, 'src/fresh.ts': lines('fresh', 2), 'docs/same.md': null, 'docs/moved/same.md': lines('doc', 4) },
    message: 'Rename, delete, add',
    author,
  });
  head = change.id;
  store.setBranch(repo, 'feature/renames', head);
  const pr = await call(emulator, 'POST', `${WEB}/pull-requests`, { body: { title: 'Renames', fromRef: { id: 'refs/heads/feature/renames' }, toRef: { id: 'refs/heads/main' } } });
  expect(pr.status).toBe(201);
  prId = pr.json.id;
});
afterAll(() => emulator.dispose());

async function valid(path: string) {
  const response = await call(emulator, 'GET', path);
  expect(response.status).toBe(200);
  expect(problems('GET', path.split('?')[0], 200, response.json)).toEqual([]);
  return response.json;
}

const pathOf = (p: unknown) => (p as { toString?: string } | undefined)?.toString;

describe('rename detection (git diff -M)', () => {
  const blobs: Record<string, string> = { a: lines('x', 10), b: lines('x', 10), c: lines('x', 6) + lines('y', 4), d: lines('x', 4) + lines('z', 6), e: '' };
  const content = (id: string) => blobs[id];
  test('identical contents pair first, preferring the same file name', () => {
    expect(detectRenames([{ path: 'one/a.ts', blobId: 'a' }, { path: 'two/b.ts', blobId: 'a' }], [{ path: 'three/b.ts', blobId: 'a' }], content)).toEqual([
      { path: 'three/b.ts', srcPath: 'two/b.ts', similarity: 100 },
    ]);
  });
  test('60% similar is a rename, 40% is not; the most similar source wins', () => {
    expect(detectRenames([{ path: 'old.ts', blobId: 'a' }], [{ path: 'new.ts', blobId: 'c' }], content)).toEqual([{ path: 'new.ts', srcPath: 'old.ts', similarity: 60 }]);
    expect(detectRenames([{ path: 'old.ts', blobId: 'a' }], [{ path: 'new.ts', blobId: 'd' }], content)).toEqual([]);
    expect(detectRenames([{ path: 'far.ts', blobId: 'd' }, { path: 'near.ts', blobId: 'c' }], [{ path: 'new.ts', blobId: 'a' }], content)).toEqual([{ path: 'new.ts', srcPath: 'near.ts', similarity: 60 }]);
  });
  test('empty files are never renames', () => {
    expect(detectRenames([{ path: 'old', blobId: 'e' }], [{ path: 'new', blobId: 'e' }], content)).toEqual([]);
  });
});

describe('changes', () => {
  test.each([
    ['pull request', () => `${WEB}/pull-requests/${prId}/changes`],
    ['compare', () => `${WEB}/compare/changes?from=${head}&to=${main}`],
    ['commit', () => `${WEB}/commits/${head}/changes`],
  ])('%s changes answer MOVE with srcPath, ADD and DELETE', async (_name, url) => {
    const page = await valid(url());
    const byPath = Object.fromEntries(page.values.map((c: { path: { toString: string } }) => [c.path.toString, c]));
    expect(Object.keys(byPath).sort()).toEqual(['docs/moved/same.md', RENAMED_NEW, 'src/fresh.ts', 'src/obsolete.ts']);
    expect(byPath[RENAMED_NEW]).toMatchObject({ type: 'MOVE', srcPath: { toString: RENAMED_OLD }, percentUnchanged: 95 });
    expect(byPath['docs/moved/same.md']).toMatchObject({ type: 'MOVE', srcPath: { toString: 'docs/same.md' }, percentUnchanged: 100 });
    expect(byPath['src/fresh.ts']).toMatchObject({ type: 'ADD' });
    expect(byPath['src/fresh.ts'].srcPath).toBeUndefined();
    expect(byPath['src/obsolete.ts']).toMatchObject({ type: 'DELETE' });
  });
});

describe('diff resources', () => {
  test.each([
    ['pull request', () => `${WEB}/pull-requests/${prId}/diff?contextLines=0&withComments=false`],
    ['compare', () => `${WEB}/compare/diff?from=${head}&to=${main}&contextLines=0`],
    ['commit range', () => `${WEB}/commits/${head}/diff?since=${main}&contextLines=0`],
  ])('%s: a renamed file is one entry from its old path, added and deleted files lack the missing side', async (_name, url) => {
    const body = await valid(url());
    expect(body).toMatchObject({ contextLines: 0, truncated: false });
    const renamed = body.diffs.find((d: { destination?: unknown }) => pathOf(d.destination) === RENAMED_NEW);
    expect(pathOf(renamed.source)).toBe(RENAMED_OLD);
    expect(renamed.hunks).toEqual([
      {
        sourceLine: 7,
        sourceSpan: 1,
        destinationLine: 7,
        destinationSpan: 1,
        segments: [
          { type: 'REMOVED', truncated: false, lines: [{ source: 7, destination: 7, line: 'export const step 7', truncated: false }] },
          { type: 'ADDED', truncated: false, lines: [{ source: 8, destination: 7, line: 'export const step 7 // tuned', truncated: false }] },
        ],
        truncated: false,
      },
    ]);
    const exact = body.diffs.find((d: { destination?: unknown }) => pathOf(d.destination) === 'docs/moved/same.md');
    expect(pathOf(exact.source)).toBe('docs/same.md');
    expect(exact.hunks).toEqual([]);
    const added = body.diffs.find((d: { destination?: unknown }) => pathOf(d.destination) === 'src/fresh.ts');
    expect('source' in added).toBe(false);
    expect(added.hunks[0]).toMatchObject({ sourceLine: 0, sourceSpan: 0, destinationLine: 1, destinationSpan: 2 });
    const deleted = body.diffs.find((d: { source?: unknown }) => pathOf(d.source) === 'src/obsolete.ts');
    expect('destination' in deleted).toBe(false);
    expect(deleted.hunks[0]).toMatchObject({ sourceLine: 1, sourceSpan: 3, destinationLine: 0, destinationSpan: 0 });
    expect(body.diffs).toHaveLength(4);
  });

  test('contextLines is honoured: 0 gives no context, 2 gives two lines either side', async () => {
    const none = await valid(`${WEB}/pull-requests/${prId}/diff/${RENAMED_NEW}?srcPath=${RENAMED_OLD}&contextLines=0`);
    expect(none.diffs[0].hunks[0].segments.map((s: { type: string }) => s.type)).toEqual(['REMOVED', 'ADDED']);
    const two = await valid(`${WEB}/pull-requests/${prId}/diff/${RENAMED_NEW}?srcPath=${RENAMED_OLD}&contextLines=2`);
    expect(two.diffs[0].hunks[0].segments.map((s: { type: string; lines: unknown[] }) => [s.type, s.lines.length])).toEqual([['CONTEXT', 2], ['REMOVED', 1], ['ADDED', 1], ['CONTEXT', 2]]);
  });

  test('withComments: line comments and their ids by default, none with withComments=false', async () => {
    const withComments = await valid(`${WEB}/pull-requests/1/diff`);
    const commented = withComments.diffs.filter((d: { lineComments?: unknown[] }) => d.lineComments?.length);
    expect(commented.length).toBeGreaterThan(0);
    const ids = commented.flatMap((d: { hunks: { segments: { lines: { commentIds?: number[] }[] }[] }[] }) => d.hunks.flatMap((h) => h.segments.flatMap((seg) => seg.lines.flatMap((l) => l.commentIds ?? []))));
    expect(ids.length).toBeGreaterThan(0);
    const without = await valid(`${WEB}/pull-requests/1/diff?withComments=false`);
    expect(JSON.stringify(without)).not.toMatch(/lineComments|commentIds/);
    expect(without.diffs.map((d: { destination?: unknown }) => pathOf(d.destination))).toEqual(withComments.diffs.map((d: { destination?: unknown }) => pathOf(d.destination)));
  });

  test('the raw diff names the rename as git does', async () => {
    const text = await call(emulator, 'GET', `${WEB}/diff?since=${main}&until=${head}&contextLines=0`);
    expect(text.text).toContain(`diff --git a/${RENAMED_OLD} b/${RENAMED_NEW}\nrename from ${RENAMED_OLD}\nrename to ${RENAMED_NEW}\n--- a/${RENAMED_OLD}\n+++ b/${RENAMED_NEW}\n@@ -7,1 +7,1 @@`);
    expect(text.text).toContain('diff --git a/docs/same.md b/docs/moved/same.md\nrename from docs/same.md\nrename to docs/moved/same.md\n');
  });
});

describe('the diff line cap (page.max.diff.lines)', () => {
  let since: string;
  let until: string;
  beforeAll(() => {
    const { store } = emulator;
    const repo = store.repository('ACME', 'web-app')!;
    const author = { name: 'Admin', emailAddress: 'admin@example.com' };
    since = repo.branches.main;
    // Two files of 6,000 added lines each and a small one after them: the cap falls inside the second.
    until = store.createCommit(repo, { parents: [since], files: { 'big/a.txt': lines('a', 6000), 'big/b.txt': lines('b', 6000), 'big/c.txt': lines('c', 1) }, message: 'Big', author }).id;
  });

  test('a diff past the cap is cut there, truncated on the segment, hunk, file diff and response; later files are left out', async () => {
    const body = await valid(`${WEB}/commits/${until}/diff?since=${since}&contextLines=0`);
    expect(body.truncated).toBe(true);
    expect(body.diffs.map((d: { destination: unknown; truncated: boolean }) => [pathOf(d.destination), d.truncated])).toEqual([
      ['big/a.txt', false],
      ['big/b.txt', true],
    ]);
    const cut = body.diffs[1].hunks[0];
    expect(cut.truncated).toBe(true);
    expect(cut.segments[0]).toMatchObject({ type: 'ADDED', truncated: true });
    expect(cut.segments[0].lines).toHaveLength(MAX_DIFF_LINES - 6000);
    const total = body.diffs.flatMap((d: { hunks: { segments: { lines: unknown[] }[] }[] }) => d.hunks.flatMap((h) => h.segments.map((s) => s.lines.length))).reduce((a: number, b: number) => a + b, 0);
    expect(total).toBe(MAX_DIFF_LINES);
  });

  test('a diff within the cap is not truncated', async () => {
    const body = await valid(`${WEB}/commits/${until}/diff/big/c.txt?since=${since}`);
    expect(body.truncated).toBe(false);
    expect(body.diffs[0].truncated).toBe(false);
  });
});

describe('the --large seed\u2019s pull request', () => {
  test('changes 300 files (10 renamed) and 20,000 lines; its diff arrives truncated at the cap', async () => {
    const large = await createEmulator();
    try {
      const pr = seedLargePullRequest(large.store);
      const repo = large.store.repository(LARGE_PR.projectKey, LARGE_PR.repositorySlug)!;
      const base = large.store.mergeBase(repo, pr.toCommit, pr.fromCommit);
      const changes = large.store.changes(repo, base, pr.fromCommit);
      expect(changes).toHaveLength(LARGE_PR_FILES);
      expect(changes.filter((c) => c.type === 'MOVE')).toHaveLength(10);
      const changed = changes
        .flatMap((c) => buildHunks(large.store.fileAt(repo, base!, c.srcPath ?? c.path)!, large.store.fileAt(repo, pr.fromCommit, c.path)!, 0))
        .flatMap((h) => h.segments)
        .reduce((sum, s) => sum + s.lines.length, 0);
      expect(changed).toBe(LARGE_PR_CHANGED_LINES);
      const path = `${WEB}/pull-requests/${pr.id}/diff?contextLines=0&withComments=false`;
      const diff = await call(large, 'GET', path);
      expect(problems('GET', path.split('?')[0], 200, diff.json)).toEqual([]);
      expect(diff.json.truncated).toBe(true);
      const reports = large.store.data.reports.filter((r) => r.repositoryId === repo.id && (r.commitId === pr.fromCommit || r.commitId === base));
      expect(reports).toHaveLength(6);
    } finally {
      await large.dispose();
    }
  });
});
