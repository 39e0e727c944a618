/**
 * Finding matching: which annotations a pull request introduced, fixed or left unchanged. Annotations of
 * different reports never match.
 *
 * With the pull request's diff (merge base → head), as SonarQube's and GitHub code scanning's "new code":
 * - A head finding is unchanged only when the diff leaves its line untouched, maps a base finding's line onto
 *   it (across renames) and both are the same finding: same type, severity and message, identical messages
 *   pairing first, then messages equal once numbers are set aside ("… on line 273", "complexity of 23").
 *   Findings on added lines, or in added files, are new; base findings on removed lines, or in deleted files,
 *   without such a partner are fixed. Findings without a line (0) follow their file; without a path, the report.
 * - An `externalId` only chooses among the candidates of one base line: findings with equal ids pair first.
 * - Files the diff does not show are untouched (lines map to themselves) unless the diff is incomplete.
 *
 * Approximately, without a readable diff, or for findings in a file whose diff is truncated, binary or
 * unreadable, or that an incomplete diff does not show (such paths are listed in `approximateFiles`):
 * 1. By `externalId`: a base and a head annotation with the same non-empty externalId match.
 * 2. By fingerprint (`reportKey`, `path`, normalised `message`, `type`) for what rule 1 left over,
 *    with one restriction: when the report's id scheme is *shared* (at least one externalId occurs on
 *    both sides), annotations that carry an externalId are identified by it and match only by rule 1;
 *    the fingerprint pool then holds only the annotations without an externalId. When the scheme is
 *    not shared (one side sends no ids, or the tool changed its id scheme so no id occurs on both
 *    sides), every annotation goes into the fingerprint pool. A head finding in a renamed file counts
 *    with its base path.
 * 3. Several annotations with one key (fingerprint or duplicated externalId) form a multiset that
 *    yields min(base, head) pairs: equal counts pair in line order (exact for any uniform shift);
 *    otherwise the nearest lines pair first (see pairByNearestLine), so inserting code above a finding
 *    never makes it "new" and a new duplicate far away is the one reported.
 * Unmatched head annotations are introduced, unmatched base ones fixed. Cost O(n log n) (+ the diff's size).
 */
import type { InsightAnnotation, InsightReport } from 'yourcompany/rest';
import { fileLine, reportOutcome } from './aggregate';
import type { ReportOutcome } from './aggregate';
import { baseLineOf, readDiff } from './diff';
import type { BitbucketDiff, DiffFiles } from './diff';

export type { BitbucketDiff };

export interface AnnotationPair {
  base: InsightAnnotation;
  head: InsightAnnotation;
}

/** How the comparison was made: with the diff, or approximately (line-independent matching). */
export interface MatchBasis {
  /** True when a readable diff was given. */
  diff: boolean;
  /** Paths whose findings were matched approximately (no diff, or that file's diff truncated, binary or missing), sorted. */
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
  return lengthPrefixed(str(annotation.reportKey)) + fingerprintWithinReport(annotation, str(annotation.path));
}

/** The fingerprint without the report key (callers group by report first). */
function fingerprintWithinReport(annotation: InsightAnnotation, path: string): string {
  return lengthPrefixed(path) + lengthPrefixed(normalizeMessage(annotation.message)) + str(annotation.type);
}

/** Length prefixes keep fields apart whatever characters they contain ("a|b"+"c" ≠ "a"+"b|c"). */
function lengthPrefixed(field: string): string {
  return `${field.length}:${field}`;
}

export function compareAnnotations(base: readonly InsightAnnotation[], head: readonly InsightAnnotation[], diff?: BitbucketDiff): AnnotationComparison {
  return compareThrough(base, head, readDiff(diff));
}

function compareThrough(base: readonly InsightAnnotation[], head: readonly InsightAnnotation[], files: DiffFiles | null): AnnotationComparison {
  const baseList = base ?? [];
  const headList = head ?? [];
  // Indexes, not the annotation objects, carry identity: a caller may pass one object twice.
  const partnerOfHead = new Int32Array(headList.length).fill(-1);
  const baseMatched = new Uint8Array(baseList.length);
  const pair = (b: number, h: number) => {
    partnerOfHead[h] = b;
    baseMatched[b] = 1;
  };
  const baseSites = baseList.map((annotation) => siteOf(files, annotation, false));
  const headSites = headList.map((annotation) => siteOf(files, annotation, true));

  // Identical messages before number-insensitive ones, equal ids before any: each pass refines the next one's
  // groups, so the passes only choose partners, never change how many pair.
  for (const [exactMessage, byId] of [
    [true, true],
    [true, false],
    [false, true],
    [false, false],
  ]) {
    const candidates = new Map<string, number[]>();
    // Filled backwards, so pop() hands out the base findings in input order.
    for (let b = baseList.length - 1; b >= 0; b--) {
      const key = baseMatched[b] ? undefined : findingKey(baseList[b], baseSites[b], exactMessage, byId);
      if (key === undefined) continue;
      const group = candidates.get(key);
      if (group) group.push(b);
      else candidates.set(key, [b]);
    }
    headList.forEach((annotation, h) => {
      const key = partnerOfHead[h] < 0 ? findingKey(annotation, headSites[h], exactMessage, byId) : undefined;
      const b = key === undefined ? undefined : candidates.get(key)?.pop();
      if (b !== undefined) pair(b, h);
    });
  }

  const approximateFiles = new Set<string>();
  const approximately = (list: readonly InsightAnnotation[], sites: (string | null | undefined)[], onHead: boolean) =>
    list.flatMap((annotation, index): Entry[] => {
      if (sites[index] !== undefined) return [];
      const path = str(annotation.path);
      if (path !== '') approximateFiles.add(path);
      return [{ annotation, index, path: onHead ? (files?.byHead.get(path)?.basePath ?? path) : path }];
    });
  const baseByReport = groupBy(approximately(baseList, baseSites, false), (e) => str(e.annotation.reportKey));
  for (const [reportKey, headEntries] of groupBy(approximately(headList, headSites, true), (e) => str(e.annotation.reportKey))) {
    const baseEntries = baseByReport.get(reportKey);
    if (baseEntries) for (const [b, h] of matchReport(baseEntries, headEntries)) pair(b.index, h.index);
  }

  const introduced: InsightAnnotation[] = [];
  const unchanged: AnnotationPair[] = [];
  headList.forEach((h, i) => {
    const b = partnerOfHead[i];
    if (b >= 0) unchanged.push({ base: baseList[b], head: h });
    else introduced.push(h);
  });
  const fixed = baseList.filter((_, i) => baseMatched[i] === 0);
  return { introduced, fixed, unchanged, diff: files !== null, approximateFiles: [...approximateFiles].sort() };
}

/**
 * Where the diff puts a finding, as a base location: `line:path` on base, '' for a finding without a path;
 * null for a head finding on a line (or in a file) the diff adds; undefined when the diff cannot tell.
 */
function siteOf(files: DiffFiles | null, annotation: InsightAnnotation, onHead: boolean): string | null | undefined {
  if (!files) return undefined;
  const path = str(annotation.path);
  if (path === '') return '';
  const line = fileLine(annotation.line);
  const change = (onHead ? files.byHead : files.byBase).get(path);
  if (change ? !change.exact : files.incomplete) return undefined;
  if (!change || !onHead) return `${line}:${path}`;
  const baseLine = change.basePath === null ? undefined : baseLineOf(change, line);
  return baseLine === undefined ? null : `${baseLine}:${change.basePath}`;
}

/** A finding's identity at its site, for one matching pass; undefined when it takes no part in the pass. */
function findingKey(annotation: InsightAnnotation, site: string | null | undefined, exactMessage: boolean, byId: boolean): string | undefined {
  const id = byId ? idOf(annotation) : '';
  if (typeof site !== 'string' || id === undefined) return undefined;
  const message = normalizeMessage(annotation.message);
  return JSON.stringify([str(annotation.reportKey), site, str(annotation.type), str(annotation.severity), exactMessage ? message : message.replace(/\d+/g, '#'), id]);
}

export function compareReports(base: readonly ReportWithAnnotations[] | null, head: readonly ReportWithAnnotations[], diff?: BitbucketDiff): ReportComparison {
  const files = readDiff(diff);
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
        diff: files !== null,
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
      ...compareThrough(withReportKey(baseline.annotations ?? [], key), withReportKey(annotations, key), files),
    });
  }
  const removed: RemovedReport[] = [];
  for (const [key, entry] of baseByKey) {
    if (!headKeys.has(key)) removed.push({ key, baseline: entry.report, annotations: entry.annotations ?? [] });
  }
  const approximateFiles = [...new Set(reports.flatMap((r) => r.approximateFiles))].sort();
  return { reports, removed, diff: files !== null, approximateFiles };
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
  /** The path its fingerprint uses. */
  path: string;
}

/** Matches one report's annotations; returns [base, head] pairs. */
function matchReport(base: Entry[], head: Entry[]): [Entry, Entry][] {
  const pairs: [Entry, Entry][] = [];
  const baseIds = new Set(base.map((e) => idOf(e.annotation)));
  baseIds.delete(undefined);
  if (head.some((h) => baseIds.has(idOf(h.annotation)))) {
    const [baseWithId, baseWithoutId] = splitById(base);
    const [headWithId, headWithoutId] = splitById(head);
    matchGroups(baseWithId, headWithId, (e) => idOf(e.annotation) as string, pairs);
    // Shared scheme: id-bearing leftovers are identified, so only id-less annotations fall back.
    matchGroups(baseWithoutId, headWithoutId, fingerprintOf, pairs);
  } else {
    matchGroups(base, head, fingerprintOf, pairs);
  }
  return pairs;
}

function fingerprintOf(entry: Entry): string {
  return fingerprintWithinReport(entry.annotation, entry.path);
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
function idOf(annotation: InsightAnnotation): string | undefined {
  const id = annotation.externalId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** [with an id, without one]. */
function splitById(entries: Entry[]): [Entry[], Entry[]] {
  const withId: Entry[] = [];
  const withoutId: Entry[] = [];
  for (const entry of entries) (idOf(entry.annotation) === undefined ? withoutId : withId).push(entry);
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
