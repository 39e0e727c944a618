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

function bitbucketPath(path: string): BitbucketPath {
  const components = path.split('/');
  const name = components[components.length - 1];
  const dot = name.lastIndexOf('.');
  return { components, parent: components.slice(0, -1).join('/'), name, ...(dot > 0 ? { extension: name.slice(dot + 1) } : {}), toString: path };
}

/**
 * Bitbucket's shape for `git diff -M --unified=<contextLines>`: `hunks[i]` are the hunks of `changes[i]`. Line
 * numbers follow git's header (an empty side names the line before the hunk); a removed line's `destination` is
 * where it would have been in the destination, an added line's `source` likewise, as Bitbucket (and the emulator)
 * number them. A file whose diff has more than `maxLinesPerFile` lines is cut there and marked truncated, as
 * Bitbucket does past its diff line limit.
 */
export function bitbucketDiff(
  fromHash: string,
  toHash: string,
  changes: readonly FileChange[],
  hunks: readonly Hunk[][],
  contextLines: number,
  maxLinesPerFile = Infinity,
): BitbucketDiffJson {
  const diffs = changes.map((change, i) => {
    const file = { source: change.oldPath === null ? null : bitbucketPath(change.oldPath), destination: change.newPath === null ? null : bitbucketPath(change.newPath), hunks: [] as BitbucketHunk[], truncated: false };
    let room = maxLinesPerFile;
    for (const hunk of hunks[i]) {
      if (room <= 0) {
        file.truncated = true;
        break;
      }
      const json = bitbucketHunk(hunk, room);
      room -= hunk.rows.length;
      file.truncated = json.truncated;
      file.hunks.push(json);
    }
    return file;
  });
  return { fromHash, toHash, contextLines, whitespace: 'SHOW', diffs, truncated: diffs.some((d) => d.truncated) };
}

const SEGMENT_TYPE = { ' ': 'CONTEXT', '-': 'REMOVED', '+': 'ADDED' } as const;

/** At most `maxLines` lines; a hunk cut short and its last segment are marked truncated. */
function bitbucketHunk(hunk: Hunk, maxLines: number): BitbucketHunk {
  const segments: BitbucketHunk['segments'] = [];
  let source = hunk.oldCount === 0 ? hunk.oldStart + 1 : hunk.oldStart;
  let destination = hunk.newCount === 0 ? hunk.newStart + 1 : hunk.newStart;
  for (const row of hunk.rows.slice(0, maxLines)) {
    const type = SEGMENT_TYPE[row.kind];
    const line = { source, destination, line: row.text, truncated: false };
    if (row.kind !== '+') source++;
    if (row.kind !== '-') destination++;
    const last = segments[segments.length - 1];
    if (last?.type === type) last.lines.push(line);
    else segments.push({ type, lines: [line], truncated: false });
  }
  const truncated = hunk.rows.length > maxLines;
  if (truncated) segments[segments.length - 1].truncated = true;
  return { sourceLine: hunk.oldStart, sourceSpan: hunk.oldCount, destinationLine: hunk.newStart, destinationSpan: hunk.newCount, segments, truncated };
}

/** git's line map for one file: which lines the diff touched, and where an untouched base line is on head. */
export class LineMap {
  /** Zero-context hunks in order (git emits them sorted and disjoint). */
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
