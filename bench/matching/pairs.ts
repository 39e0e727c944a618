/**
 * Which commit pairs the benchmark compares: deterministic for a repository, a revision and a seed. Three kinds,
 * each a base and a head on the first-parent history: consecutive commits, multi-commit spans (as a pull request
 * of several commits), and pairs whose diff renames a JS file (the hardest case for path-based matching).
 */
import type { FileChange, Git } from './git';

export type PairKind = 'consecutive' | 'span' | 'rename';

export interface CommitPair {
  kind: PairKind;
  base: string;
  head: string;
  changes: FileChange[];
}

export interface PairLimits {
  pairs: number;
  /** How far back the history is read. */
  history: number;
  /** Pairs touching more JS files, or changing more lines, are passed over (the run stays quick). */
  maxFilesPerPair: number;
  maxChangedLines: number;
  /** At least one changed file must be small enough to lint. */
  maxFileBytes: number;
}

/** Share of each kind in the pairs asked for; what one kind cannot fill goes to the next. */
const QUOTA: [PairKind, number][] = [
  ['rename', 0.25],
  ['span', 0.35],
  ['consecutive', 0.4],
];
const LONGEST_SPAN = 12;
/** Candidates examined per pair wanted before a kind gives up (pairs too large or touching no JS are passed over). */
const ATTEMPTS_PER_PAIR = 8;

export function pickPairs(git: Git, rev: string, seed: number, limits: PairLimits): CommitPair[] {
  const random = mulberry32(seed);
  const history = git.firstParentHistory(rev, limits.history);
  const position = new Map(history.map((commit, index) => [commit, index]));
  const pools: Record<PairKind, [number, number][]> = { consecutive: [], span: [], rename: [] };
  for (let i = 0; i + 1 < history.length; i++) {
    pools.consecutive.push([i + 1, i]);
    pools.span.push([Math.min(history.length - 1, i + 2 + Math.floor(random() * (LONGEST_SPAN - 1))), i]);
  }
  for (const commit of git.renameCommits(rev, limits.history)) {
    const i = position.get(commit);
    // Half of them as the last commit of a span: a rename inside a longer pull request.
    if (i !== undefined && i + 1 < history.length) pools.rename.push([random() < 0.5 ? i + 1 : Math.min(history.length - 1, i + 2 + Math.floor(random() * 6)), i]);
  }
  for (const pool of Object.values(pools)) shuffle(pool, random);

  const chosen: CommitPair[] = [];
  const seen = new Set<string>();
  let wanted = 0;
  for (const [kind, share] of QUOTA) {
    wanted = kind === 'consecutive' ? limits.pairs : Math.min(limits.pairs, wanted + Math.round(limits.pairs * share));
    let attempts = 0;
    const pool = pools[kind];
    while (chosen.length < wanted && pool.length > 0 && attempts++ < ATTEMPTS_PER_PAIR * limits.pairs) {
      const [b, h] = pool.shift() as [number, number];
      const key = `${history[b]}..${history[h]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const changes = git.changes(history[b], history[h]);
      if (!withinLimits(changes, limits) || (kind === 'rename' && !changes.some((c) => c.status === 'R')) || !lintable(git, changes, limits)) continue;
      chosen.push({ kind, base: history[b], head: history[h], changes });
    }
  }
  return chosen;
}

function withinLimits(changes: FileChange[], limits: PairLimits): boolean {
  const changedLines = changes.reduce((sum, c) => sum + c.hunks.reduce((n, h) => n + h.oldCount + h.newCount, 0), 0);
  return changes.length > 0 && changes.length <= limits.maxFilesPerPair && changedLines <= limits.maxChangedLines;
}

function lintable(git: Git, changes: FileChange[], limits: PairLimits): boolean {
  const sizes = git.blobSizes(changes.flatMap((c) => [c.oldBlob, c.newBlob]).filter((blob): blob is string => blob !== null));
  return [...sizes.values()].some((size) => size <= limits.maxFileBytes);
}

/** Small seeded PRNG (mulberry32): the same seed picks the same pairs on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
