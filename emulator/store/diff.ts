/**
 * Line diff (Myers, O(ND)), unified hunks in Bitbucket's JSON diff shape, and a line-level
 * three-way merge that reports conflicts the way git does (overlapping edits to the same base lines).
 */

export type EditOp = { kind: 'equal' | 'insert' | 'delete'; line: string; oldIndex: number; newIndex: number };

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Shortest edit script between two line arrays. */
export function diffLines(oldLines: string[], newLines: string[]): EditOp[] {
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  )
    suffix++;
  const a = oldLines.slice(prefix, oldLines.length - suffix);
  const b = newLines.slice(prefix, newLines.length - suffix);
  const middle = myers(a, b);
  const ops: EditOp[] = [];
  for (let i = 0; i < prefix; i++) ops.push({ kind: 'equal', line: oldLines[i], oldIndex: i, newIndex: i });
  for (const op of middle) ops.push({ ...op, oldIndex: op.oldIndex + prefix, newIndex: op.newIndex + prefix });
  for (let i = 0; i < suffix; i++) {
    const oi = oldLines.length - suffix + i;
    const ni = newLines.length - suffix + i;
    ops.push({ kind: 'equal', line: oldLines[oi], oldIndex: oi, newIndex: ni });
  }
  return ops;
}

function myers(a: string[], b: string[]): EditOp[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line, j) => ({ kind: 'insert' as const, line, oldIndex: 0, newIndex: j }));
  if (m === 0) return a.map((line, i) => ({ kind: 'delete' as const, line, oldIndex: i, newIndex: 0 }));
  const max = n + m;
  const offset = max;
  let v: Int32Array = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) x = v[offset + k + 1];
      else x = v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice());
        break outer;
      }
    }
  }
  // Backtrack through the saved frontiers.
  const ops: EditOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    v = trace[d];
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) prevK = k + 1;
    else prevK = k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: 'equal', line: a[x], oldIndex: x, newIndex: y });
    }
    if (d === 0) break;
    if (x === prevX) {
      y--;
      ops.push({ kind: 'insert', line: b[y], oldIndex: x, newIndex: y });
    } else {
      x--;
      ops.push({ kind: 'delete', line: a[x], oldIndex: x, newIndex: y });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    ops.push({ kind: 'equal', line: a[x], oldIndex: x, newIndex: y });
  }
  return ops.reverse();
}

export interface DiffLine {
  source: number;
  destination: number;
  line: string;
  truncated: boolean;
}
export interface DiffSegment {
  type: 'ADDED' | 'REMOVED' | 'CONTEXT';
  lines: DiffLine[];
  truncated: boolean;
}
export interface DiffHunk {
  sourceLine: number;
  sourceSpan: number;
  destinationLine: number;
  destinationSpan: number;
  segments: DiffSegment[];
  truncated: boolean;
}

export interface DiffOptions {
  /** Bitbucket's `whitespace=ignore-all` (git diff -w): lines that differ only in whitespace are equal. */
  ignoreWhitespace?: boolean;
}

/** The edit script; with `ignoreWhitespace` lines are compared without whitespace and equal lines show the new side. */
function editScript(oldText: string, newText: string, options: DiffOptions): EditOp[] {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  if (!options.ignoreWhitespace) return diffLines(oldLines, newLines);
  const strip = (line: string) => line.replace(/\s+/g, '');
  return diffLines(oldLines.map(strip), newLines.map(strip)).map((op) => ({ ...op, line: op.kind === 'delete' ? oldLines[op.oldIndex] : newLines[op.newIndex] }));
}

/** Hunks with `contextLines` of context, line numbers 1-based like Bitbucket's JSON diff. */
export function buildHunks(oldText: string, newText: string, contextLines = 10, options: DiffOptions = {}): DiffHunk[] {
  const ops = editScript(oldText, newText, options);
  const changed = ops.map((op, index) => (op.kind === 'equal' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return [];
  // Group changes whose context windows touch into one hunk.
  const ranges: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - contextLines);
    const end = Math.min(ops.length - 1, index + contextLines);
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges.map(([start, end]) => {
    const slice = ops.slice(start, end + 1);
    const segments: DiffSegment[] = [];
    let sourceStart = -1;
    let destinationStart = -1;
    let sourceSpan = 0;
    let destinationSpan = 0;
    for (const op of slice) {
      const type = op.kind === 'equal' ? 'CONTEXT' : op.kind === 'insert' ? 'ADDED' : 'REMOVED';
      const line: DiffLine = { source: op.oldIndex + 1, destination: op.newIndex + 1, line: op.line, truncated: false };
      if (sourceStart < 0) {
        sourceStart = op.oldIndex + 1;
        destinationStart = op.newIndex + 1;
      }
      if (op.kind !== 'insert') sourceSpan++;
      if (op.kind !== 'delete') destinationSpan++;
      const previous = segments[segments.length - 1];
      if (previous && previous.type === type) previous.lines.push(line);
      else segments.push({ type, lines: [line], truncated: false });
    }
    // As in git's hunk header, an empty side names the line before the hunk (0 for an added or deleted file).
    return {
      sourceLine: sourceSpan === 0 ? sourceStart - 1 : sourceStart,
      sourceSpan,
      destinationLine: destinationSpan === 0 ? destinationStart - 1 : destinationStart,
      destinationSpan,
      segments,
      truncated: false,
    };
  });
}

/** Plain unified-diff text (for `Accept: text/plain` and `.diff`); `srcPath` names a renamed file's old path. */
export function unifiedText(path: string, oldText: string | null, newText: string | null, contextLines = 10, srcPath: string = path): string {
  const hunks = buildHunks(oldText ?? '', newText ?? '', contextLines);
  const renamed = srcPath !== path;
  if (hunks.length === 0 && !renamed) return '';
  const out = [`diff --git a/${srcPath} b/${path}`];
  if (renamed) out.push(`rename from ${srcPath}`, `rename to ${path}`);
  if (hunks.length) out.push(oldText === null ? '--- /dev/null' : `--- a/${srcPath}`, newText === null ? '+++ /dev/null' : `+++ b/${path}`);
  for (const hunk of hunks) {
    out.push(`@@ -${hunk.sourceLine},${hunk.sourceSpan} +${hunk.destinationLine},${hunk.destinationSpan} @@`);
    for (const segment of hunk.segments) {
      const mark = segment.type === 'ADDED' ? '+' : segment.type === 'REMOVED' ? '-' : ' ';
      for (const line of segment.lines) out.push(mark + line.line);
    }
  }
  return out.join('\n') + '\n';
}

export interface RenameCandidate {
  path: string;
  blobId: string;
}

/** git's default `diff.renameLimit`: beyond this many sources or destinations only exact renames are looked for. */
export const RENAME_LIMIT = 1000;
/** git's default `-M` threshold. */
export const RENAME_SIMILARITY = 50;

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * Renames among deleted and added files, as git's diffcore-rename finds them: identical contents first
 * (the same file name preferred), then the most similar pairs down to RENAME_SIMILARITY percent. Similarity
 * is counted in lines (the lines both contents share over the longer one), git's in bytes of such lines.
 * Empty files are never renames (git does not pair them either).
 */
export function detectRenames(deleted: RenameCandidate[], added: RenameCandidate[], content: (blobId: string) => string): { path: string; srcPath: string; similarity: number }[] {
  const moves: { path: string; srcPath: string; similarity: number }[] = [];
  const sources = deleted.filter((d) => content(d.blobId) !== '');
  let destinations = added.filter((a) => content(a.blobId) !== '');
  const taken = new Set<string>();
  for (const destination of destinations) {
    const same = sources.filter((s) => !taken.has(s.path) && s.blobId === destination.blobId);
    const source = same.find((s) => baseName(s.path) === baseName(destination.path)) ?? same[0];
    if (!source) continue;
    taken.add(source.path);
    moves.push({ path: destination.path, srcPath: source.path, similarity: 100 });
  }
  const exact = new Set(moves.map((m) => m.path));
  destinations = destinations.filter((d) => !exact.has(d.path));
  const remaining = sources.filter((s) => !taken.has(s.path));
  if (remaining.length === 0 || destinations.length === 0 || remaining.length > RENAME_LIMIT || destinations.length > RENAME_LIMIT) return moves;
  const lineCounts = new Map<string, Map<string, number>>();
  const countsOf = (blobId: string) => {
    let counts = lineCounts.get(blobId);
    if (!counts) {
      counts = new Map();
      for (const line of splitLines(content(blobId))) counts.set(line, (counts.get(line) ?? 0) + 1);
      lineCounts.set(blobId, counts);
    }
    return counts;
  };
  const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n, 0);
  const scored: { source: RenameCandidate; destination: RenameCandidate; score: number }[] = [];
  for (const destination of destinations) {
    const d = countsOf(destination.blobId);
    const dTotal = total(d);
    for (const source of remaining) {
      const s = countsOf(source.blobId);
      let shared = 0;
      for (const [line, n] of s) shared += Math.min(n, d.get(line) ?? 0);
      const score = Math.floor((shared * 100) / Math.max(total(s), dTotal));
      if (score >= RENAME_SIMILARITY) scored.push({ source, destination, score });
    }
  }
  scored.sort((a, b) => b.score - a.score || Number(baseName(b.source.path) === baseName(b.destination.path)) - Number(baseName(a.source.path) === baseName(a.destination.path)));
  const paired = new Set<string>();
  for (const { source, destination, score } of scored) {
    if (taken.has(source.path) || paired.has(destination.path)) continue;
    taken.add(source.path);
    paired.add(destination.path);
    moves.push({ path: destination.path, srcPath: source.path, similarity: score });
  }
  return moves;
}

/**
 * Bitbucket's `page.max.diff.lines` default: the most segment lines (of any type, all files together) one
 * diff response carries. Past it the response is cut short and `truncated` is set on the segment, hunk and
 * file diff where it was cut and on the whole response; later files are left out.
 */
export const MAX_DIFF_LINES = 10_000;

/** Cuts `hunks` to at most `budget` lines; returns how many lines they kept and whether they were cut. */
export function capHunks(hunks: DiffHunk[], budget: number): { hunks: DiffHunk[]; lines: number; truncated: boolean } {
  const kept: DiffHunk[] = [];
  let lines = 0;
  for (const hunk of hunks) {
    const segments: DiffSegment[] = [];
    for (const segment of hunk.segments) {
      const room = budget - lines;
      if (segment.lines.length > room) {
        if (room > 0) segments.push({ ...segment, lines: segment.lines.slice(0, room), truncated: true });
        lines += Math.max(room, 0);
        if (segments.length) kept.push({ ...hunk, segments, truncated: true });
        return { hunks: kept, lines, truncated: true };
      }
      segments.push(segment);
      lines += segment.lines.length;
    }
    kept.push(hunk);
  }
  return { hunks: kept, lines, truncated: false };
}

interface Edit {
  start: number; // base line index where the edit begins
  end: number; // exclusive
  replacement: string[];
}

function edits(base: string[], other: string[]): Edit[] {
  const result: Edit[] = [];
  let current: Edit | null = null;
  for (const op of diffLines(base, other)) {
    if (op.kind === 'equal') {
      if (current) result.push(current);
      current = null;
      continue;
    }
    if (!current) current = { start: op.oldIndex, end: op.oldIndex, replacement: [] };
    if (op.kind === 'delete') current.end = op.oldIndex + 1;
    else current.replacement.push(op.line);
  }
  if (current) result.push(current);
  return result;
}

/** Three-way merge of one file; `null` when both sides edit overlapping or adjacent base lines. */
export function mergeText(base: string, ours: string, theirs: string): string | null {
  if (ours === theirs) return ours;
  if (ours === base) return theirs;
  if (theirs === base) return ours;
  const baseLines = splitLines(base);
  const a = edits(baseLines, splitLines(ours));
  const b = edits(baseLines, splitLines(theirs));
  for (const x of a)
    for (const y of b) {
      const same = x.start === y.start && x.end === y.end && x.replacement.join('\n') === y.replacement.join('\n');
      if (!same && x.start <= y.end && y.start <= x.end) return null;
    }
  const all = [...a.map((e) => ({ ...e, side: 0 })), ...b.map((e) => ({ ...e, side: 1 }))].sort((p, q) => p.start - q.start || p.side - q.side);
  const out: string[] = [];
  let cursor = 0;
  let lastApplied: Edit | null = null;
  for (const e of all) {
    if (lastApplied && lastApplied.start === e.start && lastApplied.end === e.end) continue; // identical edit on both sides
    out.push(...baseLines.slice(cursor, e.start), ...e.replacement);
    cursor = e.end;
    lastApplied = e;
  }
  out.push(...baseLines.slice(cursor));
  const trailingNewline = ours.endsWith('\n') || theirs.endsWith('\n');
  return out.join('\n') + (trailingNewline && out.length ? '\n' : '');
}
