/**
 * The annotations tab's filter engine, on filter.ts's rules (`prepareAnnotations`, `compileQuery`,
 * `sortAnnotations`) but cheap per keystroke:
 *
 * - the data set is prepared (every searchable field lower-cased) once, as it arrives, and can grow
 *   while reports stream in;
 * - each sort order is computed once per data set (a new chunk is sorted alone and merged in);
 * - a query is answered from the smallest remembered result it narrows (typing more characters, adding a
 *   term, ticking fewer severities…), else from the sorted rows: typing "possible null" filters 10 000
 *   rows once and then ever smaller lists; deleting a character finds the earlier answer remembered.
 *
 * Free text is tested against one lower-cased "message, line break, path" string per row, and a large
 * list is scanned in memory order rather than sort order. Every answer equals
 * `filterAnnotations(sortAnnotations(all, sort), query)` (test/viewer/filter-index.test.ts).
 */
import type { InsightAnnotation, InsightReport } from 'yourcompany/rest';
import type { SortOrder } from 'yourcompany/insights-model';
import { compileQuery, isGlob, prepareAnnotations, sortAnnotations } from './filter';
import type { AnnotationQuery, AnnotationRow } from './filter';

/** Remembered answers per data set and sort order (a typed query and its prefixes, a few toggles). */
const REMEMBERED_RESULTS = 32;

/** The free-text terms of a query, exactly as `compileQuery` splits them. */
export function queryTerms(q: string): string[] {
  return q.toLowerCase().split(/\s+/).filter(Boolean);
}

/** `next` keeps only values `previous` keeps too (an empty list keeps every value). */
function narrowsSet(previous: readonly string[], next: readonly string[]): boolean {
  if (!previous.length) return true;
  if (!next.length) return false;
  return next.every((value) => previous.includes(value));
}

function narrowsPath(previous: string, next: string): boolean {
  const before = previous.trim();
  const after = next.trim();
  if (!before || before === after) return true;
  // A longer substring matches only where the shorter one does; globs are compared only for equality.
  return !isGlob(before) && !isGlob(after) && after.toLowerCase().includes(before.toLowerCase());
}

/**
 * Whether every row matching `next` matches `previous` too, whatever the rows: then `next` can be
 * answered by filtering `previous`'s answer. Free text: every earlier term must lie inside some new
 * term (each new term is found in the message or the path, so the earlier term is found in the same place).
 */
export function narrows(previous: AnnotationQuery, next: AnnotationQuery): boolean {
  if (!narrowsSet(previous.report, next.report) || !narrowsSet(previous.severity, next.severity) || !narrowsSet(previous.type, next.type)) return false;
  if (!narrowsPath(previous.path, next.path)) return false;
  const after = queryTerms(next.q);
  return queryTerms(previous.q).every((term) => after.some((longer) => longer.includes(term)));
}

export function sortKey(sort: SortOrder): string {
  return `${sort.descending ? '-' : ''}${sort.field}`;
}

/** A canonical text for a query: equal texts select the same rows. */
function queryKey(query: AnnotationQuery): string {
  const set = (values: readonly string[]) => [...new Set(values)].sort().join('\u0001');
  return [set(query.report), set(query.severity), set(query.type), query.path.trim().toLowerCase(), queryTerms(query.q).join('\u0001')].join('\u0000');
}

interface Remembered {
  key: string;
  query: AnnotationQuery;
  rows: readonly AnnotationRow[];
}

export interface FilterOutcome {
  rows: readonly AnnotationRow[];
  /** How many rows were tested: the size of the list narrowed (0 when the answer was remembered). */
  scanned: number;
}

export class AnnotationIndex {
  private readonly rows: AnnotationRow[] = [];
  /**
   * Per row (at row.index): lower-cased message and path joined by a line break. A term never contains
   * whitespace, so it is found in this text exactly when it is found in the message or in the path.
   */
  private readonly text: string[] = [];
  private readonly sorted = new Map<string, { rows: readonly AnnotationRow[]; order: Int32Array }>();
  /** Most recent last; all for the current data set, any sort order. */
  private remembered: (Remembered & { sort: string })[] = [];

  /** Every row, in the server's order. */
  all(): readonly AnnotationRow[] {
    return this.rows;
  }

  get size(): number {
    return this.rows.length;
  }

  /**
   * Prepares and adds a chunk of annotations (e.g. one report's). Rows are numbered after those already
   * in, so the server-order tie-break stays total across chunks.
   */
  add(annotations: readonly InsightAnnotation[], reports: readonly InsightReport[] = []): readonly AnnotationRow[] {
    if (!annotations.length) return [];
    const offset = this.rows.length;
    const chunk = prepareAnnotations(annotations, reports);
    for (const row of chunk) {
      row.index += offset;
      this.rows.push(row);
      this.text.push(`${row.lowerMessage}\n${row.lowerPath}`);
    }
    for (const [key, { rows }] of this.sorted) {
      const sort: SortOrder = { field: key.replace(/^-/, '') as SortOrder['field'], descending: key.startsWith('-') };
      // Two sorted runs: the engine's merge sort finds them and merges in linear time.
      this.sorted.set(key, withOrder(sortAnnotations([...rows, ...sortAnnotations(chunk, sort)], sort)));
    }
    this.remembered = [];
    return chunk;
  }

  /** Every row in `sort` order, computed once per data set. */
  sortedBy(sort: SortOrder): readonly AnnotationRow[] {
    return this.sortedEntry(sort).rows;
  }

  private sortedEntry(sort: SortOrder): { rows: readonly AnnotationRow[]; order: Int32Array } {
    const key = sortKey(sort);
    let entry = this.sorted.get(key);
    if (!entry) {
      entry = withOrder(sortAnnotations(this.rows, sort));
      this.sorted.set(key, entry);
    }
    return entry;
  }

  /** The rows matching `query`, in `sort` order. The answer is shared: do not modify it. */
  filter(query: AnnotationQuery, sort: SortOrder): FilterOutcome {
    const order = sortKey(sort);
    const key = queryKey(query);
    const known = this.remembered.findIndex((r) => r.sort === order && r.key === key);
    if (known >= 0) {
      const [hit] = this.remembered.splice(known, 1);
      this.remembered.push(hit);
      return { rows: hit.rows, scanned: 0 };
    }
    const sorted = this.sortedEntry(sort);
    let base = sorted.rows;
    for (const candidate of this.remembered) {
      if (candidate.sort === order && candidate.rows.length < base.length && narrows(candidate.query, query)) base = candidate.rows;
    }
    const terms = queryTerms(query.q);
    const others = query.report.length || query.severity.length || query.type.length || query.path.trim() ? compileQuery({ ...query, q: '' }) : null;
    const text = this.text;
    const matches = (row: AnnotationRow): boolean => {
      if (others && !others(row)) return false;
      const haystack = text[row.index];
      for (let t = 0; t < terms.length; t++) if (!haystack.includes(terms[t])) return false;
      return true;
    };
    const rows: AnnotationRow[] = [];
    if (base.length * 2 > this.rows.length) {
      // A large base: test every row in server order (memory order, far faster than hopping through a
      // sorted list), then collect the hits in sort order.
      const all = this.rows;
      const hit = new Uint8Array(all.length);
      for (let i = 0; i < all.length; i++) if (matches(all[i])) hit[i] = 1;
      const ids = sorted.order;
      for (let k = 0; k < ids.length; k++) if (hit[ids[k]]) rows.push(all[ids[k]]);
    } else {
      for (let i = 0; i < base.length; i++) if (matches(base[i])) rows.push(base[i]);
    }
    this.remembered.push({ key, sort: order, query: { ...query, report: [...query.report], severity: [...query.severity], type: [...query.type] }, rows });
    if (this.remembered.length > REMEMBERED_RESULTS) this.remembered.shift();
    return { rows, scanned: base.length * 2 > this.rows.length ? this.rows.length : base.length };
  }
}

/** A sorted list with its row numbers in that order (a compact array to walk instead of the rows). */
function withOrder(rows: readonly AnnotationRow[]): { rows: readonly AnnotationRow[]; order: Int32Array } {
  const order = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) order[i] = rows[i].index;
  return { rows, order };
}
