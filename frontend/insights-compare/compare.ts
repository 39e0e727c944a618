/**
 * Finding matching: which annotations a pull request introduced, fixed or left unchanged.
 *
 * Matching rules, applied per report key (annotations of different reports never match):
 * 1. By `externalId`: a base and a head annotation with the same non-empty externalId match.
 * 2. By fingerprint (`reportKey`, `path`, normalised `message`, `type`) for what rule 1 left over,
 *    with one restriction: when the report's id scheme is *shared* (at least one externalId occurs on
 *    both sides), annotations that carry an externalId are identified by it and match only by rule 1;
 *    the fingerprint pool then holds only the annotations without an externalId. When the scheme is
 *    not shared (one side sends no ids, or the tool changed its id scheme so no id occurs on both
 *    sides), every annotation goes into the fingerprint pool.
 * 3. Several annotations with one key (fingerprint or duplicated externalId) form a multiset that
 *    yields min(base, head) pairs: equal counts pair in line order (exact for any uniform shift);
 *    otherwise the nearest lines pair first (see pairByNearestLine), so inserting code above a finding
 *    never makes it "new" and a new duplicate far away is the one reported.
 * Unmatched head annotations are introduced, unmatched base ones fixed. Cost O(n log n).
 */
import type { InsightAnnotation, InsightReport } from 'yourcompany/rest';
import { fileLine, reportOutcome } from './aggregate';
import type { ReportOutcome } from './aggregate';

export interface AnnotationPair {
  base: InsightAnnotation;
  head: InsightAnnotation;
}

/**
 * The JSON body Bitbucket's diff resources answer (`…/pull-requests/{id}/diff`, `…/compare/diff`,
 * `…/diff?since&until`), as received: untrusted, so every field is read defensively. `source`/`destination`
 * are path objects (their `toString` is the path) or null for an added/deleted file.
 */
export type BitbucketDiff = unknown;

/** How the comparison was made: with the diff, or approximately (today's line-independent matching). */
export interface MatchBasis {
  /** True when a readable diff was given. */
  diff: boolean;
  /** Paths whose findings were matched approximately (no diff, or that file's diff truncated or missing), sorted. */
  approximateFiles: string[];
}

export interface AnnotationComparison extends MatchBasis {
  /** On head, not on base; in head order. */
  introduced: InsightAnnotation[];
  /** On base, not on head; in base order. */
  fixed: InsightAnnotation[];
  /** Matched pairs; in head order. */
  unchanged: AnnotationPair[];
}

export interface ReportWithAnnotations {
  report: InsightReport;
  annotations: InsightAnnotation[];
}

export interface ResultChange {
  /** Baseline outcome; null without a baseline report. */
  from: ReportOutcome | null;
  to: ReportOutcome;
  /** regressed: PASS→FAIL; improved: FAIL→PASS; changed: anything else that differs (PENDING involved). */
  kind: 'new' | 'same' | 'regressed' | 'improved' | 'changed';
}

export interface ComparedReport extends AnnotationComparison {
  key: string;
  head: InsightReport;
  /** Head annotations of this report (all of them, whatever the status). */
  annotations: InsightAnnotation[];
  baseline: InsightReport | null;
  /**
   * `no-baseline`: the base commit has no report with this key (or no base data at all), so nothing can
   * be called new or fixed — introduced/fixed/unchanged are empty; show `annotations` instead.
   */
  status: 'no-baseline' | 'compared';
  resultChange: ResultChange;
}

export interface RemovedReport {
  key: string;
  baseline: InsightReport;
  annotations: InsightAnnotation[];
}

export interface ReportComparison extends MatchBasis {
  /** One entry per distinct head report key, in head order. */
  reports: ComparedReport[];
  /** Reports only the base has (the tool did not run on head, or the report was deleted). */
  removed: RemovedReport[];
}

/**
 * Trims, collapses whitespace runs to one space and strips a trailing `:line` / `:line:column` that
 * directly follows a non-digit (so "foo.ts:12:5" → "foo.ts", while "ratio 1:2" and "at 10:30" stay).
 */
export function normalizeMessage(message: unknown): string {
  const text = str(message).trim().replace(/\s+/g, ' ');
  return text.slice(0, trailingPositionStart(text));
}

/** Index where a trailing `:12` / `:12:5` after a non-digit, non-space, non-colon starts (else length). */
function trailingPositionStart(text: string): number {
  let end = text.length;
  let cut = end;
  for (let groups = 0; groups < 2; groups++) {
    let i = end;
    // (Before the start, charCodeAt gives NaN: neither a digit nor a colon, so both tests stop there.)
    while (isDigit(text.charCodeAt(i - 1))) i--;
    if (i === end || text.charCodeAt(i - 1) !== 58 /* : */) break;
    cut = end = i - 1;
  }
  // Without a position to cut, cut is text.length and either answer is text.length.
  const before = text.charCodeAt(cut - 1);
  return cut === 0 || isDigit(before) || before === 58 || before === 32 ? text.length : cut;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The line-independent identity of a finding (rule 2 above). */
export function annotationFingerprint(annotation: InsightAnnotation): string {
  return lengthPrefixed(str(annotation.reportKey)) + fingerprintWithinReport(annotation);
}

/** The fingerprint without the report key (callers group by report first). */
function fingerprintWithinReport(annotation: InsightAnnotation): string {
  return lengthPrefixed(str(annotation.path)) + lengthPrefixed(normalizeMessage(annotation.message)) + str(annotation.type);
}

/** Length prefixes keep fields apart whatever characters they contain ("a|b"+"c" ≠ "a"+"b|c"). */
function lengthPrefixed(field: string): string {
  return `${field.length}:${field}`;
}

export function compareAnnotations(base: readonly InsightAnnotation[], head: readonly InsightAnnotation[], diff?: BitbucketDiff): AnnotationComparison {
  const baseList = base ?? [];
  const headList = head ?? [];
  // Entries, not the annotation objects, carry identity: a caller may pass one object twice.
  const baseByReport = groupBy(toEntries(baseList), (e) => str(e.annotation.reportKey));
  const headByReport = groupBy(toEntries(headList), (e) => str(e.annotation.reportKey));
  const partnerOfHead = new Int32Array(headList.length).fill(-1);
  const baseMatched = new Uint8Array(baseList.length);

  for (const [reportKey, headEntries] of headByReport) {
    const baseEntries = baseByReport.get(reportKey);
    if (!baseEntries) continue;
    for (const [b, h] of matchReport(baseEntries, headEntries)) {
      partnerOfHead[h.index] = b.index;
      baseMatched[b.index] = 1;
    }
  }

  const introduced: InsightAnnotation[] = [];
  const unchanged: AnnotationPair[] = [];
  headList.forEach((h, i) => {
    const b = partnerOfHead[i];
    if (b >= 0) unchanged.push({ base: baseList[b], head: h });
    else introduced.push(h);
  });
  const fixed = baseList.filter((_, i) => baseMatched[i] === 0);
  // Interface stub: the diff-driven matcher replaces this (issue 18); until then every file is approximate.
  void diff;
  const approximateFiles = [...new Set([...baseList, ...headList].map((a) => str(a.path)).filter((p) => p !== ''))].sort();
  return { introduced, fixed, unchanged, diff: false, approximateFiles };
}

export function compareReports(base: readonly ReportWithAnnotations[] | null, head: readonly ReportWithAnnotations[], diff?: BitbucketDiff): ReportComparison {
  const baseByKey = new Map<string, ReportWithAnnotations>();
  for (const entry of base ?? []) {
    const key = str(entry?.report?.key);
    if (!baseByKey.has(key)) baseByKey.set(key, entry);
  }
  const reports: ComparedReport[] = [];
  const headKeys = new Set<string>();
  for (const entry of head ?? []) {
    const key = str(entry.report?.key);
    // Bitbucket keys reports uniquely per commit; a repeated key is a client-side duplicate, first wins.
    if (headKeys.has(key)) continue;
    headKeys.add(key);
    const annotations = entry.annotations ?? [];
    const baseline = baseByKey.get(key) ?? null;
    const to = reportOutcome(entry.report);
    if (!baseline) {
      reports.push({
        key,
        head: entry.report,
        annotations,
        baseline: null,
        status: 'no-baseline',
        resultChange: { from: null, to, kind: 'new' },
        introduced: [],
        fixed: [],
        unchanged: [],
        diff: diff !== undefined && diff !== null,
        approximateFiles: [],
      });
      continue;
    }
    const from = reportOutcome(baseline.report);
    reports.push({
      key,
      head: entry.report,
      annotations,
      baseline: baseline.report,
      status: 'compared',
      resultChange: { from, to, kind: changeKind(from, to) },
      ...compareAnnotations(withReportKey(baseline.annotations ?? [], key), withReportKey(annotations, key), diff),
    });
  }
  const removed: RemovedReport[] = [];
  for (const [key, entry] of baseByKey) {
    if (!headKeys.has(key)) removed.push({ key, baseline: entry.report, annotations: entry.annotations ?? [] });
  }
  const approximateFiles = [...new Set(reports.flatMap((r) => r.approximateFiles))].sort();
  return { reports, removed, diff: diff !== undefined && diff !== null, approximateFiles };
}

function changeKind(from: ReportOutcome, to: ReportOutcome): ResultChange['kind'] {
  if (from === to) return 'same';
  if (from === 'PASS' && to === 'FAIL') return 'regressed';
  if (from === 'FAIL' && to === 'PASS') return 'improved';
  return 'changed';
}

/**
 * Per-report annotation lists come from `…/reports/{key}/annotations`, whose items carry the report key;
 * if a server (or fake) leaves it out, the list still belongs to that report.
 */
function withReportKey(annotations: readonly InsightAnnotation[], key: string): InsightAnnotation[] {
  return annotations.map((a) => (a.reportKey === key ? a : { ...a, reportKey: key }));
}

interface Entry {
  annotation: InsightAnnotation;
  index: number;
}

function toEntries(annotations: readonly InsightAnnotation[]): Entry[] {
  return annotations.map((annotation, index) => ({ annotation, index }));
}

/** Matches one report's annotations; returns [base, head] pairs. */
function matchReport(base: Entry[], head: Entry[]): [Entry, Entry][] {
  const pairs: [Entry, Entry][] = [];
  const baseIds = new Set(base.map(idOf));
  baseIds.delete(undefined);
  if (head.some((h) => baseIds.has(idOf(h)))) {
    const [baseWithId, baseWithoutId] = splitById(base);
    const [headWithId, headWithoutId] = splitById(head);
    matchGroups(baseWithId, headWithId, (e) => idOf(e) as string, pairs);
    // Shared scheme: id-bearing leftovers are identified, so only id-less annotations fall back.
    matchGroups(baseWithoutId, headWithoutId, fingerprintOf, pairs);
  } else {
    matchGroups(base, head, fingerprintOf, pairs);
  }
  return pairs;
}

function fingerprintOf(entry: Entry): string {
  return fingerprintWithinReport(entry.annotation);
}

/** Groups both sides by `keyOf` and pairs each key's base and head annotations. */
function matchGroups(base: Entry[], head: Entry[], keyOf: (e: Entry) => string, out: [Entry, Entry][]): void {
  const baseGroups = groupBy(base, keyOf);
  for (const [key, hs] of groupBy(head, keyOf)) {
    const bs = baseGroups.get(key);
    if (bs) pairByNearestLine(bs, hs, out);
  }
}

interface Item {
  entry: Entry;
  line: number;
  side: 0 | 1; // 0 base, 1 head
  /** Rank among the items of its own side with the same line (keeps the interleaving side-neutral). */
  rank: number;
  /** Index in the merged line order (tie-break). */
  position: number;
  prev: Item | null;
  next: Item | null;
  removed: boolean;
}

/**
 * Pairs two multisets of annotations that share a key, by line. Both sides are put in line order
 * (equal lines ordered by content, so equal inputs in any order give equal results). Equal counts pair
 * in that order, which is exact for any uniform line shift. Otherwise all items form a doubly linked
 * list in line order and the closest adjacent base/head neighbours pair first (ties: the pair earlier
 * in the list, i.e. on the smaller line) until no base item is next to a head item, which is when one
 * side is used up. Always min(|base|, |head|) pairs, never crossing, O(n log n).
 */
function pairByNearestLine(base: Entry[], head: Entry[], out: [Entry, Entry][]): void {
  const baseItems = toItems(base, 0);
  const headItems = toItems(head, 1);
  if (baseItems.length === headItems.length) {
    for (let i = 0; i < baseItems.length; i++) out.push([baseItems[i].entry, headItems[i].entry]);
    return;
  }
  const heap = new CandidateHeap();
  const consider = (left: Item | null, right: Item | null) => {
    if (left && right && left.side !== right.side) heap.push({ left, right, distance: right.line - left.line, position: left.position });
  };
  // Base items come first and Array.prototype.sort is stable: on equal line and rank, base precedes head.
  const items = [...baseItems, ...headItems].sort((x, y) => x.line - y.line || x.rank - y.rank);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    item.position = i;
    item.prev = items[i - 1] ?? null;
    item.next = items[i + 1] ?? null;
    consider(item.prev, item);
  }

  // Items leave the list only in adjacent pairs, so a candidate whose two items are both still listed
  // is still a pair of neighbours; the others are stale.
  while (heap.size > 0) {
    const { left, right } = heap.pop();
    if (left.removed || right.removed) continue;
    left.removed = right.removed = true;
    const before = left.prev;
    const after = right.next;
    if (before) before.next = after;
    if (after) after.prev = before;
    out.push(left.side === 0 ? [left.entry, right.entry] : [right.entry, left.entry]);
    consider(before, after);
  }
}

/** One side in line order; a line's items in content order, identical ones in input order. */
function toItems(entries: Entry[], side: 0 | 1): Item[] {
  const items: Item[] = [];
  const byLine = groupBy(entries, (e) => fileLine(e.annotation.line));
  for (const line of [...byLine.keys()].sort((x, y) => x - y)) {
    const byContent = groupBy(byLine.get(line) as Entry[], (e) => contentKey(e.annotation));
    let rank = 0;
    // The default sort orders strings by UTF-16 code units: deterministic, unlike localeCompare.
    for (const content of [...byContent.keys()].sort()) {
      for (const entry of byContent.get(content) as Entry[]) {
        items.push({ entry, line, side, rank: rank++, position: 0, prev: null, next: null, removed: false });
      }
    }
  }
  return items;
}

function contentKey(annotation: InsightAnnotation): string {
  const { reportKey, externalId, path, line, message, severity, type, link } = annotation;
  return JSON.stringify([reportKey, externalId, path, line, message, severity, type, link]);
}

interface Candidate {
  left: Item;
  right: Item;
  distance: number;
  position: number;
}

/** Nearer first, then earlier in the list (positions follow line order, so: smaller line first). */
function before(a: Candidate, b: Candidate): boolean {
  return (a.distance - b.distance || a.position - b.position) < 0;
}

/** Binary min-heap of candidate pairs. */
class CandidateHeap {
  private readonly data: Candidate[] = [];

  get size(): number {
    return this.data.length;
  }

  push(candidate: Candidate): void {
    const data = this.data;
    data.push(candidate);
    let i = data.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(data[i], data[parent])) break;
      [data[i], data[parent]] = [data[parent], data[i]];
      i = parent;
    }
  }

  /** Only on a non-empty heap. */
  pop(): Candidate {
    const data = this.data;
    const top = data[0];
    const last = data.pop() as Candidate;
    if (data.length > 0) {
      data[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < data.length && before(data[l], data[smallest])) smallest = l;
        if (r < data.length && before(data[r], data[smallest])) smallest = r;
        if (smallest === i) break;
        [data[i], data[smallest]] = [data[smallest], data[i]];
        i = smallest;
      }
    }
    return top;
  }
}

/** The externalId, if it is one (a non-empty string). */
function idOf(entry: Entry): string | undefined {
  const id = entry.annotation.externalId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** [with an id, without one]. */
function splitById(entries: Entry[]): [Entry[], Entry[]] {
  const withId: Entry[] = [];
  const withoutId: Entry[] = [];
  for (const entry of entries) (idOf(entry) === undefined ? withoutId : withId).push(entry);
  return [withId, withoutId];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function groupBy<T, K>(values: readonly T[], keyOf: (value: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
