/**
 * The benchmark's truth, built from git's line map alone (not from the module under test). A head finding is
 * unchanged iff the diff leaves its line untouched, maps a base line onto it (across renames) and a base finding
 * there is the same finding: same report, rule, severity and type, and the same message once numbers are set
 * aside, identical messages pairing first and duplicates one-to-one. File-level findings (line 0) follow their file.
 * Unpaired head findings are introduced, unpaired base findings fixed.
 */
import type { InsightAnnotation } from '../../frontend/rest/types';
import type { LineMap } from './diff';
import type { Finding } from './lint';

/** One finding of one side of a compared file, with the annotation sent for it. */
export interface Item {
  finding: Finding;
  annotation: InsightAnnotation;
  file: ComparedFile;
  /** The truth's partner on the other side; null when introduced (head) or fixed (base). */
  partner: Item | null;
}

export interface ComparedFile {
  basePath: string | null;
  headPath: string | null;
  /** git's status letter; 'untouched' for a sampled file the diff does not list. */
  status: string;
  /** null for an untouched file (identity). */
  map: LineMap | null;
  base: Item[];
  head: Item[];
}

export function withoutNumbers(message: string): string {
  return message.replace(/\d+/g, '#');
}

/** Sets every item's `partner` in one file. */
export function pairFile(file: ComparedFile): void {
  const baseByLine = groupBy(file.base, (item) => item.finding.line);
  const headByLine = groupBy(file.head, (item) => item.finding.line);
  for (const [headLine, heads] of headByLine) {
    const baseLine = headLine === 0 ? 0 : file.map === null ? headLine : file.map.baseLineOf(headLine);
    if (baseLine === null || file.basePath === null || file.headPath === null) continue;
    const bases = baseByLine.get(baseLine);
    if (bases) pairSameFindings(bases, heads);
  }
}

/** Same rule, report, severity and type; identical messages first, then messages equal without numbers. */
function pairSameFindings(bases: Item[], heads: Item[]): void {
  const sameKind = (item: Item) => JSON.stringify([item.annotation.reportKey, item.finding.rule, item.annotation.severity, item.annotation.type]);
  for (const messageOf of [(item: Item) => item.finding.message, (item: Item) => withoutNumbers(item.finding.message)]) {
    const free = groupBy(
      bases.filter((b) => b.partner === null),
      (b) => sameKind(b) + messageOf(b),
    );
    for (const head of heads) {
      if (head.partner !== null) continue;
      const base = free.get(sameKind(head) + messageOf(head))?.shift();
      if (base) {
        base.partner = head;
        head.partner = base;
      }
    }
  }
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
