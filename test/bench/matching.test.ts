/**
 * `npm run bench:matching` on a small history this test writes itself: edits above findings, an edited line that
 * keeps its findings, a renamed file with findings, a moved block, messages whose numbers move, duplicates, an
 * untouched file, an added and a deleted file. The truth is checked where it can be worked out by hand, the real
 * matcher must score 1.0 with the diff, and deliberately wrong matchers must be caught.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { compareAnnotations } from 'yourcompany/insights-compare';
import type { BenchResult, Comparator } from '../../bench/matching/bench';
import { f1, runBenchmark } from '../../bench/matching/bench';
import { bitbucketDiff } from '../../bench/matching/diff';
import { Git } from '../../bench/matching/git';
import { missedGoals, parseArgs } from '../../bench/matching/main';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

jest.setTimeout(60000);

const OUTER = [
  'function outer(a, b, c, d) {',
  '  var x = 1;',
  '  if (a == b) return x;',
  '  if (a == c) return d;',
  '  return function inner(a) {',
  '    return a + unknownGlobal;',
  '  };',
  '}',
];
const HELPER = ['function helper(p, q, r, s) {', '  if (p == q) return r;', '  return s;', '}'];
const OTHER = ['function other(list) {', '  for (var i = 0; i < list.length; i++) if (list[i] == null) return i;', '  return -1;', '}'];

/** Each commit: path → lines (null deletes the file). */
const HISTORY: Record<string, string[] | null>[] = [
  {
    'src/a.js': [...OUTER, 'module.exports = outer;'],
    'src/b.js': [...HELPER, '', ...OTHER, 'module.exports = { helper, other };'],
    'lib/old.js': ['var legacy = 1;', 'function legacyFn(a, b, c, d) {', '  if (a == b) return c;', '  return d + legacy;', '}', 'module.exports = legacyFn;'],
    'src/untouched.js': ['var stays = 1;', 'if (stays == 1) console.log(stays);'],
    'gone.js': ['var doomed = 1;', 'module.exports = doomed;'],
  },
  // Lines inserted above the findings (no-shadow's "upper scope on line N" moves); one edited line keeps its findings.
  { 'src/a.js': ['// header', '// more', ...OUTER.map((l) => l.replace('if (a == b) return x;', 'if (a == b) return x + 1;')), 'module.exports = outer;'] },
  // A rename with an edit, and a file added and one deleted.
  {
    'lib/old.js': null,
    'lib/renamed.js': ['var legacy = 1;', 'function legacyFn(a, b, c, d) {', '  if (a == b) return c;', '  return d + legacy;', '}', '// renamed', 'module.exports = legacyFn;'],
    'gone.js': null,
    'src/new.js': ['var fresh = unknownThing;', 'module.exports = fresh;'],
  },
  // A moved block: helper goes below other.
  { 'src/b.js': [...OTHER, '', ...HELPER, 'module.exports = { helper, other };'] },
  // Duplicates: a third identical comparison between the two; complexity's number changes on an untouched line.
  {
    'src/a.js': ['// header', '// more', ...OUTER.slice(0, 3).map((l) => l.replace('if (a == b) return x;', 'if (a == b) return x + 1;')), '  if (a == d) return x;', ...OUTER.slice(3), 'module.exports = outer;'],
  },
];

let repo: string;
let commits: string[];

function git(...args: string[]): string {
  const run = spawnSync('git', ['-C', repo, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_NOSYSTEM: '1', HOME: repo },
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim();
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'bench-matching-test-'));
  git('init', '-q', '-b', 'main');
  commits = HISTORY.map((files, index) => {
    for (const [path, lines] of Object.entries(files)) {
      const file = join(repo, path);
      if (lines === null) unlinkSync(file);
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, lines.join('\n') + '\n');
      }
    }
    git('add', '-A');
    git('commit', '-q', '-m', `commit ${index}`);
    return git('rev-parse', 'HEAD');
  });
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** Every pair the tiny history offers (the pools run dry long before 40). */
function run(compare: Comparator, ...args: string[]): BenchResult {
  return runBenchmark(parseArgs(['--repo', repo, '--pairs', '40', ...args]).options, compare);
}

function pairOf(result: BenchResult, base: number, head: number) {
  const pair = result.pairs.find((p) => p.base === commits[base] && p.head === commits[head]);
  if (!pair) throw new Error(`pair ${base}..${head} not picked: ${result.pairs.map((p) => `${p.base}..${p.head}`).join(', ')}`);
  return pair;
}

const real: Comparator = (base, head, diff) => compareAnnotations(base, head, diff);

describe('bench:matching on a history of its own', () => {
  let result: BenchResult;
  beforeAll(() => {
    result = run(real);
  });

  it('picks consecutive pairs, spans and the rename, and lints every side', () => {
    expect(result.kinds.rename).toBeGreaterThanOrEqual(1);
    expect(result.kinds.span).toBeGreaterThanOrEqual(2);
    expect(result.kinds.consecutive + result.kinds.rename).toBeGreaterThanOrEqual(4);
    expect(result.pairs.some((p) => p.renames === 1)).toBe(true);
    expect(result.findings.base).toBeGreaterThan(50);
  });

  it('builds the truth from the line map', () => {
    // Inserted lines shift everything; the edited line's eqeqeq and curly are new and fixed; no-shadow's line moves.
    expect(pairOf(result, 0, 1).truth).toEqual({ introduced: 2, fixed: 2 });
    // The rename keeps legacy's findings; gone.js's no-var is fixed, new.js's no-var and no-undef are new.
    expect(pairOf(result, 1, 2).truth).toEqual({ introduced: 2, fixed: 1 });
    // The moved block: helper's findings are fixed at the top and new at the bottom (max-params, eqeqeq, curly).
    expect(pairOf(result, 2, 3).truth).toEqual({ introduced: 3, fixed: 3 });
    // One added comparison line: eqeqeq + curly; complexity 5 → 6 and max-statements stay on the function's line.
    expect(pairOf(result, 3, 4).truth).toEqual({ introduced: 2, fixed: 0 });
  });

  it('scores the matcher with the diff at 1.0 with and without ids, and shows what the fallback gets wrong', () => {
    for (const name of ['with diff / no ids', 'with diff / location-hash ids'] as const) {
      const v = result.variants[name];
      expect([f1(v.introduced), f1(v.fixed), v.exactPairs, v.mistakes]).toEqual([1, 1, result.pairs.length, []]);
    }
    expect(f1(result.variants['without diff / no ids'].introduced)).toBeLessThan(1);
  });

  it('catches a matcher that ignores the diff, names its mistakes and misses the goals', () => {
    const broken = run((base, head) => compareAnnotations(base, head));
    const v = broken.variants['with diff / no ids'];
    expect(f1(v.introduced)).toBeLessThan(0.9);
    expect(v.mistakes.map((m) => m.category)).toEqual(expect.arrayContaining(['renamed file', 'edited or moved line']));
    expect(missedGoals(broken, { minF1: 0.95 })).toContainEqual(expect.stringMatching(/^with diff \/ no ids: introduced F1 0\.\d+ < 0\.95$/));
    expect(missedGoals(broken, { minExact: 0.9 })).toContainEqual(expect.stringMatching(/^with diff \/ no ids: label counts exact/));
    expect(missedGoals(result, { minF1: 0.95, minExact: 0.9 })).toEqual([]);
  });

  it('names what a truncated diff costs', () => {
    const cut = run(real, '--max-diff-lines', '1');
    expect(cut.variants['with diff / no ids'].mistakes.map((m) => m.category)).toContain('truncated diff');
  });

  it('catches a matcher that trusts location-hash ids over the diff', () => {
    const byId: Comparator = (base, head, diff) => {
      const ids = new Set(base.map((a) => a.externalId));
      return ids.has(undefined) ? compareAnnotations(base, head, diff) : { introduced: head.filter((h) => !ids.has(h.externalId)), fixed: base.filter((b) => !head.some((h) => h.externalId === b.externalId)) };
    };
    const v = run(byId).variants['with diff / location-hash ids'];
    expect(f1(v.fixed)).toBeLessThan(0.9);
    expect(v.mistakes.map((m) => m.category)).toContain('id tie-break');
  });
});

describe('the diff it hands over', () => {
  it('is git diff -M exactly: each head blob rebuilt from its base blob and the hunks, with and without context', () => {
    const g = new Git(repo);
    const text = (blob: string | null) => (blob === null ? '' : g.blob(blob).toString('utf8')).split('\n');
    const pairs = [...commits.slice(1).map((head, i) => [commits[i], head]), [commits[0], commits[commits.length - 1]]];
    for (const [base, head] of pairs) {
      for (const contextLines of [0, 3]) {
        const hunks = g.hunks(base, head, contextLines);
        g.changes(base, head).forEach((change, i) => {
          const rebuilt = text(change.oldBlob);
          // From the bottom up, so earlier hunks' line numbers still hold.
          for (const hunk of [...hunks[i]].reverse()) {
            const replacement = hunk.rows.filter((row) => row.kind !== '-').map((row) => row.text);
            rebuilt.splice(hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1, hunk.oldCount, ...replacement);
          }
          expect(rebuilt).toEqual(text(change.newBlob));
        });
      }
    }
  });

  it("is in Bitbucket's shape: path objects, null for added and deleted files, git's numbering of empty sides", () => {
    const g = new Git(repo);
    const diff = bitbucketDiff(commits[1], commits[2], g.changes(commits[1], commits[2]), g.hunks(commits[1], commits[2], 0), 0);
    const byPath = new Map(diff.diffs.map((d) => [(d.destination ?? d.source)?.toString, d]));
    expect(byPath.get('lib/renamed.js')).toMatchObject({
      source: { components: ['lib', 'old.js'], parent: 'lib', name: 'old.js', extension: 'js', toString: 'lib/old.js' },
      hunks: [{ sourceLine: 5, sourceSpan: 0, destinationLine: 6, destinationSpan: 1, segments: [{ type: 'ADDED', lines: [{ source: 6, destination: 6, line: '// renamed' }] }] }],
    });
    expect(byPath.get('gone.js')).toMatchObject({ destination: null, hunks: [{ sourceLine: 1, sourceSpan: 2, destinationLine: 0, destinationSpan: 0 }] });
    expect(byPath.get('src/new.js')).toMatchObject({ source: null, hunks: [{ sourceLine: 0, sourceSpan: 0, destinationLine: 1, destinationSpan: 2 }] });
    expect(diff).toMatchObject({ fromHash: commits[1], toHash: commits[2], contextLines: 0, truncated: false });

    const cut = bitbucketDiff(commits[1], commits[2], g.changes(commits[1], commits[2]), g.hunks(commits[1], commits[2], 0), 0, 1);
    expect(cut.truncated).toBe(true);
    expect(cut.diffs.find((d) => d.source?.toString === 'gone.js')).toMatchObject({ truncated: true, hunks: [{ truncated: true, segments: [{ lines: [{ source: 1 }], truncated: true }] }] });

    const withContext = bitbucketDiff(commits[1], commits[2], g.changes(commits[1], commits[2]), g.hunks(commits[1], commits[2], 3), 3);
    const renamed = withContext.diffs.find((d) => d.destination?.toString === 'lib/renamed.js');
    const numbers = renamed?.hunks[0].segments.map((segment) => [segment.type, segment.lines.map((l) => [l.source, l.destination])]);
    expect(renamed?.hunks[0]).toMatchObject({ sourceLine: 3, sourceSpan: 4, destinationLine: 3, destinationSpan: 5 });
    expect(numbers).toEqual([
      ['CONTEXT', [[3, 3], [4, 4], [5, 5]]],
      ['ADDED', [[6, 6]]],
      ['CONTEXT', [[6, 7]]],
    ]);
  });
});

describe('the command', () => {
  it('prints the table, writes the JSON and exits 0 when the goals are met', () => {
    const json = join(repo, '..', `bench-matching-${process.pid}.json`);
    const cli = spawnSync(process.execPath, [TSX, join(ROOT, 'bench/matching/main.ts'), '--repo', repo, '--pairs', '4', '--json', json, '--min-f1', '0.95', '--min-exact', '0.9'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('| with diff / location-hash ids | 1.000 / 1.000 / 1.000 | 1.000 / 1.000 / 1.000 | 100% | 0.00 |');
    const written = JSON.parse(readFileSync(json, 'utf8')) as BenchResult;
    rmSync(json);
    expect(written.pairs).toHaveLength(4);
  });
});
