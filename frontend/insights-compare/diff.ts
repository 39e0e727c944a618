/**
 * Reads the JSON body of Bitbucket's diff resources (`…/pull-requests/{id}/diff`, `…/compare/diff`,
 * `…/diff?since&until`) into what finding matching needs: for each file the diff shows, its base path and which
 * lines it adds and removes. The body is untrusted: what cannot be read makes that file (or, for an entry
 * without readable paths, every file absent from the diff) approximate instead of throwing.
 */

/** The diff as received, any `contextLines`. */
export type BitbucketDiff = unknown;

export interface FileChange {
  /** The file's path on base; null when the diff adds the file. */
  basePath: string | null;
  /** False when the file's hunks are truncated, binary or unreadable (its findings are matched approximately). */
  exact: boolean;
  /** Head lines in ADDED segments, sorted and distinct. */
  added: number[];
  /** Base lines in REMOVED segments, sorted and distinct. */
  removed: number[];
}

export interface DiffFiles {
  byHead: Map<string, FileChange>;
  byBase: Map<string, FileChange>;
  /** The list of files may miss some (the diff is truncated, or an entry's paths are unreadable): a file it does not show is not known to be untouched. */
  incomplete: boolean;
}

/** Null when the body is no diff at all. */
export function readDiff(diff: BitbucketDiff): DiffFiles | null {
  const entries = field(diff, 'diffs');
  if (!Array.isArray(entries)) return null;
  const files: DiffFiles = { byHead: new Map(), byBase: new Map(), incomplete: field(diff, 'truncated') === true };
  for (const entry of entries) {
    const basePath = pathOf(field(entry, 'source'));
    const headPath = pathOf(field(entry, 'destination'));
    if (basePath === undefined || headPath === undefined || (basePath ?? headPath) === null) {
      files.incomplete = true;
      continue;
    }
    const added: number[] = [];
    const removed: number[] = [];
    // An added or deleted file needs no hunks: all its lines are new, or gone.
    const exact = basePath === null || headPath === null || readHunks(entry, added, removed);
    const change: FileChange = { basePath, exact, added: sortedDistinct(added), removed: sortedDistinct(removed) };
    if (headPath !== null) files.byHead.set(headPath, change);
    if (basePath !== null) files.byBase.set(basePath, change);
  }
  return files;
}

/**
 * The base line an untouched head line had; undefined for a line the diff adds. Untouched lines keep their
 * order, so the k-th untouched line of head is the k-th untouched line of base. Line 0 (file level) stays 0.
 */
export function baseLineOf(change: FileChange, line: number): number | undefined {
  const { added, removed } = change;
  const addedBefore = firstIndex(added.length, (i) => added[i] >= line);
  if (added[addedBefore] === line) return undefined;
  const rank = line - addedBefore;
  // Base lines below removed[i] that are untouched: removed[i] - 1 - i; the rank-th lies past each removed[i] with removed[i] - i <= rank.
  return rank + firstIndex(removed.length, (i) => removed[i] - i > rank);
}

/** Collects the lines of ADDED and REMOVED segments; false when the file's hunks cannot be read completely (absent hunks or lines are empty ones). */
function readHunks(entry: unknown, added: number[], removed: number[]): boolean {
  const hunks = field(entry, 'hunks') ?? [];
  return (
    complete(entry) &&
    Array.isArray(hunks) &&
    hunks.every((hunk) => {
      const segments = field(hunk, 'segments');
      return (
        complete(hunk) &&
        Array.isArray(segments) &&
        segments.every((segment) => {
          const type = field(segment, 'type');
          const lines = field(segment, 'lines') ?? [];
          if (!complete(segment) || !Array.isArray(lines)) return false;
          if (type === 'CONTEXT') return true;
          if (type !== 'ADDED' && type !== 'REMOVED') return false;
          const [into, side] = type === 'ADDED' ? [added, 'destination'] : [removed, 'source'];
          return lines.every((line) => {
            const number = field(line, side);
            if (!Number.isInteger(number) || (number as number) <= 0) return false;
            into.push(number as number);
            return true;
          });
        })
      );
    })
  );
}

/** Bitbucket marks a cut-off file, hunk or segment `truncated`, and a file it cannot show line by line `binary`. */
function complete(part: unknown): boolean {
  return field(part, 'truncated') !== true && field(part, 'binary') !== true;
}

/** A path object's `toString` (or its components joined); null for a missing side; undefined when unreadable. */
function pathOf(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  const text = field(value, 'toString');
  if (typeof text === 'string' && text !== '') return text;
  const components = field(value, 'components');
  return Array.isArray(components) && components.length > 0 && components.every((c) => typeof c === 'string' && c !== '') ? components.join('/') : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function sortedDistinct(lines: number[]): number[] {
  return [...new Set(lines)].sort((x, y) => x - y);
}

/** The first index in [0, length) from which `reached` holds (it holds for every later index too), else length. */
function firstIndex(length: number, reached: (i: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (reached(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
