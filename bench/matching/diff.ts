/**
 * From `git diff -M --unified=0` to (1) the JSON body Bitbucket's diff resources answer, handed to the module
 * under test, and (2) git's line map, from which the benchmark's truth is built independently of that module.
 */
import type { FileChange, Hunk } from './git';

export interface BitbucketPath {
  components: string[];
  parent: string;
  name: string;
  extension?: string;
  toString: string;
}

export interface BitbucketDiffLine {
  source: number;
  destination: number;
  line: string;
  truncated: boolean;
}

export interface BitbucketHunk {
  sourceLine: number;
  sourceSpan: number;
  destinationLine: number;
  destinationSpan: number;
  segments: { type: 'ADDED' | 'REMOVED' | 'CONTEXT'; lines: BitbucketDiffLine[]; truncated: boolean }[];
  truncated: boolean;
}

export interface BitbucketDiffJson {
  fromHash: string;
  toHash: string;
  contextLines: number;
  whitespace: 'SHOW';
  diffs: { source: BitbucketPath | null; destination: BitbucketPath | null; hunks: BitbucketHunk[]; truncated: boolean }[];
  truncated: boolean;
}

export function bitbucketPath(path: string): BitbucketPath {
  const components = path.split('/');
  const name = components[components.length - 1];
  const dot = name.lastIndexOf('.');
  return { components, parent: components.slice(0, -1).join('/'), name, ...(dot > 0 ? { extension: name.slice(dot + 1) } : {}), toString: path };
}

/**
 * Bitbucket's shape at zero context. Line numbers follow git's header (an empty side names the line before the
 * hunk); a removed line's `destination` is where it would have been in the destination, an added line's `source`
 * likewise, as Bitbucket (and the emulator) number them.
 */
export function bitbucketDiff(fromHash: string, toHash: string, changes: readonly FileChange[]): BitbucketDiffJson {
  return {
    fromHash,
    toHash,
    contextLines: 0,
    whitespace: 'SHOW',
    diffs: changes.map((change) => ({
      source: change.oldPath === null ? null : bitbucketPath(change.oldPath),
      destination: change.newPath === null ? null : bitbucketPath(change.newPath),
      hunks: change.hunks.map(bitbucketHunk),
      truncated: false,
    })),
    truncated: false,
  };
}

function bitbucketHunk(hunk: Hunk): BitbucketHunk {
  const segments: BitbucketHunk['segments'] = [];
  const removedDestination = hunk.newCount === 0 ? hunk.newStart + 1 : hunk.newStart;
  const addedSource = hunk.oldCount === 0 ? hunk.oldStart + 1 : hunk.oldStart + hunk.oldCount;
  if (hunk.removed.length > 0) {
    const lines = hunk.removed.map((line, i) => ({ source: hunk.oldStart + i, destination: removedDestination, line, truncated: false }));
    segments.push({ type: 'REMOVED', lines, truncated: false });
  }
  if (hunk.added.length > 0) {
    const lines = hunk.added.map((line, i) => ({ source: addedSource, destination: hunk.newStart + i, line, truncated: false }));
    segments.push({ type: 'ADDED', lines, truncated: false });
  }
  return { sourceLine: hunk.oldStart, sourceSpan: hunk.oldCount, destinationLine: hunk.newStart, destinationSpan: hunk.newCount, segments, truncated: false };
}

/** git's line map for one file: which lines the diff touched, and where an untouched base line is on head. */
export class LineMap {
  /** Hunks in order (git emits them sorted and disjoint). */
  constructor(private readonly hunks: readonly Hunk[]) {}

  /** Head line → base line, or null when the diff added or modified that head line. */
  baseLineOf(headLine: number): number | null {
    let shift = 0;
    for (const hunk of this.hunks) {
      const firstAdded = hunk.newCount === 0 ? hunk.newStart + 1 : hunk.newStart;
      if (headLine < firstAdded) break;
      if (headLine < firstAdded + hunk.newCount) return null;
      shift += hunk.newCount - hunk.oldCount;
    }
    return headLine - shift;
  }

  /** Whether the diff removed or modified that base line. */
  removes(baseLine: number): boolean {
    return this.hunks.some((hunk) => hunk.oldCount > 0 && baseLine >= hunk.oldStart && baseLine < hunk.oldStart + hunk.oldCount);
  }

  /** Whether the diff added or modified that head line. */
  adds(headLine: number): boolean {
    return this.baseLineOf(headLine) === null;
  }
}
