/**
 * The overview matrix, pure: what one repository's reports look like at its branch tip (`RepoFacts`, built by
 * the loader from REST answers), and how many of them become the matrix (columns by frequency, filters,
 * sorting, the repositories without reports apart). No DOM, no REST, no I18n: unit-testable as is.
 */
import type { Commit, InsightDataField, InsightReport } from 'yourcompany/rest';
import type { OverviewResult, OverviewSort } from 'yourcompany/insights-model';

export interface OverviewRepo {
  projectKey: string;
  projectName: string;
  slug: string;
  name: string;
}

/** One report of one repository, as shown in its cell. */
export interface ReportCell {
  key: string;
  title: string;
  result?: 'PASS' | 'FAIL';
  /** The report's first data field, raw (formatted when shown). */
  first?: InsightDataField;
  /** The commit the report is on: the tip, or for a stale report an older commit. */
  commitId: string;
  stale: boolean;
  /** When the report was created (ms epoch), for "stale · 3d". */
  createdDate?: number;
}

export type SeverityCounts = { HIGH: number; MEDIUM: number; LOW: number };

/**
 * `reports`: reports on the tip; `tip-without-reports`: none on the tip, older commits not read yet (they are read
 * when the row is in view or a filter or sort needs them); `stale`: none on the tip, found on an older commit;
 * `none`: no report on the commits looked at; `empty`: the branch has no commits (or the repository has no default
 * branch); `error`: a read failed (kind in `error`).
 */
export type RepoStatus = 'reports' | 'tip-without-reports' | 'stale' | 'none' | 'empty' | 'error';

export interface RepoFacts {
  status: RepoStatus;
  /** The branch read (the named one where it exists, else the default branch: undefined until its name is read). */
  branch?: string;
  /** No default branch with commits: an empty repository, or a default branch never pushed. */
  noDefaultBranch?: boolean;
  /** A branch was asked for but the repository has none of that name: its default branch was read. */
  branchMissing?: boolean;
  tipId?: string;
  tipDisplayId?: string;
  /** Commit time of the tip (ms epoch). */
  tipTime?: number;
  cells: ReportCell[];
  /** The tip's annotations by severity; undefined until read (only rows in view or a severity sort need them). */
  severity?: SeverityCounts;
  /** How many older commits were looked at for stale reports. */
  olderChecked: number;
  /** The older commits (newest first) a report missing on the tip may be found on. */
  olderIds?: string[];
  /** Report keys already looked for on the older commits (see loader's `findStaleReports`). */
  staleChecked?: string[];
  /** RestError kind (`forbidden`, `not-found`, `server`…) when status is `error`. */
  error?: string;
  /** ms epoch of the read (cache age). */
  loadedAt: number;
}

/** A repository with whatever is known about it so far (`facts` undefined while loading). */
export interface OverviewEntry {
  repo: OverviewRepo;
  facts?: RepoFacts;
}

export interface OverviewColumn {
  key: string;
  title: string;
  /** Repositories that have the report (on the tip or stale). */
  count: number;
}

export const FACT_COLUMNS = ['project', 'repository', 'branch', 'age', 'failing', 'high', 'medium', 'low', 'data'] as const;
export type FactColumn = (typeof FACT_COLUMNS)[number];
export const REPORT_COLUMN_PREFIX = 'report:';
/** Report columns shown by default; the rest start hidden (the column chooser shows them). */
export const DEFAULT_VISIBLE_REPORTS = 12;

export function emptySeverity(): SeverityCounts {
  return { HIGH: 0, MEDIUM: 0, LOW: 0 };
}

export function entryKey(repo: Pick<OverviewRepo, 'projectKey' | 'slug'>): string {
  return `${repo.projectKey}/${repo.slug}`;
}

export function cellOf(report: InsightReport, commitId: string, stale: boolean): ReportCell {
  const cell: ReportCell = { key: String(report.key), title: typeof report.title === 'string' && report.title ? report.title : String(report.key), commitId, stale };
  if (report.result === 'PASS' || report.result === 'FAIL') cell.result = report.result;
  const first = Array.isArray(report.data) ? report.data.find((field) => field && typeof field === 'object') : undefined;
  if (first) cell.first = first;
  if (typeof report.createdDate === 'number' && Number.isFinite(report.createdDate)) cell.createdDate = report.createdDate;
  return cell;
}

/**
 * Facts from the answers: the branch's recent commits (newest first), the tip's reports, and, when the tip had
 * none and the older commits were read (`olderRead`), the first older commit that had some (`older`).
 */
export function buildFacts(input: {
  branch: string | undefined;
  branchMissing?: boolean;
  commits: readonly Commit[];
  tipReports: readonly InsightReport[];
  older?: { commitId: string; reports: readonly InsightReport[] };
  /** Whether the older commits were looked at (when the tip has no reports). */
  olderRead: boolean;
  olderChecked: number;
  now: number;
}): RepoFacts {
  const tip = input.commits[0];
  const base = { ...(input.branch !== undefined ? { branch: input.branch } : {}), ...(input.branchMissing ? { branchMissing: true } : {}), olderChecked: input.olderChecked, loadedAt: input.now };
  if (!tip) return { ...base, status: 'empty', cells: [] };
  const olderIds = input.commits.slice(1).map((c) => c.id);
  const tipFacts = { ...base, tipId: tip.id, tipDisplayId: tip.displayId || tip.id.slice(0, 11), tipTime: tip.committerTimestamp ?? tip.authorTimestamp, ...(olderIds.length ? { olderIds } : {}) };
  if (input.tipReports.length) return { ...tipFacts, status: 'reports', cells: uniqueCells(input.tipReports.map((r) => cellOf(r, tip.id, false))) };
  if (input.older && input.older.reports.length) {
    const older = input.older;
    return { ...tipFacts, status: 'stale', cells: uniqueCells(older.reports.map((r) => cellOf(r, older.commitId, true))) };
  }
  return { ...tipFacts, status: input.olderRead || !olderIds.length ? 'none' : 'tip-without-reports', cells: [] };
}

export function uniqueCells(cells: ReportCell[]): ReportCell[] {
  const seen = new Set<string>();
  return cells.filter((cell) => (seen.has(cell.key) ? false : (seen.add(cell.key), true)));
}

/**
 * Adds the reports of the keys `wanted` that the tip lacks, found on older commits, as stale cells; records the
 * keys as looked for. `older` = the older commits' reports, newest first (the newest stale one wins).
 */
export function withStaleReports(facts: RepoFacts, wanted: readonly string[], older: readonly { commitId: string; reports: readonly InsightReport[] }[]): RepoFacts {
  const missing = wanted.filter((key) => !facts.cells.some((c) => c.key === key));
  const found: ReportCell[] = [];
  for (const { commitId, reports } of older) {
    for (const report of reports) {
      const key = String(report.key);
      if (missing.includes(key) && !found.some((c) => c.key === key)) found.push(cellOf(report, commitId, true));
    }
  }
  return { ...facts, cells: [...facts.cells, ...found], staleChecked: [...new Set([...(facts.staleChecked ?? []), ...missing])] };
}

/** The keys of `wanted` a repository with tip reports lacks and has not looked for on older commits yet. */
export function staleKeysToCheck(facts: RepoFacts | undefined, wanted: readonly string[]): string[] {
  if (!facts || facts.status !== 'reports' || !facts.olderIds?.length) return [];
  return wanted.filter((key) => !facts.cells.some((c) => c.key === key) && !facts.staleChecked?.includes(key));
}

export function severityCounts(annotations: readonly { severity?: unknown }[] | undefined): SeverityCounts {
  const counts = emptySeverity();
  for (const a of annotations ?? []) if (a && (a.severity === 'HIGH' || a.severity === 'MEDIUM' || a.severity === 'LOW')) counts[a.severity]++;
  return counts;
}

export function failingCount(facts: RepoFacts | undefined): number {
  return facts ? facts.cells.filter((c) => c.result === 'FAIL').length : 0;
}

/** Report keys over all loaded repositories, most common first (then by key), titled by their most common title. */
export function reportColumns(entries: readonly OverviewEntry[]): OverviewColumn[] {
  const counts = new Map<string, { count: number; titles: Map<string, number> }>();
  for (const entry of entries) {
    for (const cell of entry.facts?.cells ?? []) {
      let column = counts.get(cell.key);
      if (!column) counts.set(cell.key, (column = { count: 0, titles: new Map() }));
      column.count++;
      column.titles.set(cell.title, (column.titles.get(cell.title) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([key, { count, titles }]) => ({ key, count, title: [...titles].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0][0] }))
    .sort((a, b) => b.count - a.count || compareText(a.key, b.key));
}

/** Columns shown: the chosen report keys if any, else all minus hidden; beyond DEFAULT_VISIBLE_REPORTS hidden unless asked for. */
export function visibleColumns(columns: readonly OverviewColumn[], options: { hide: readonly string[]; report: readonly string[]; shown?: readonly string[] }): OverviewColumn[] {
  if (options.report.length) return options.report.map((key) => columns.find((c) => c.key === key) ?? { key, title: key, count: 0 });
  return columns.filter((c, index) => !options.hide.includes(c.key) && (index < DEFAULT_VISIBLE_REPORTS || options.shown?.includes(c.key)));
}

export interface MatrixOptions {
  project?: string;
  /** Report keys the rows must have (any of them); also the cells `result` is matched against. */
  report: readonly string[];
  result?: OverviewResult;
  sort?: OverviewSort;
  now: number;
}

export interface Matrix {
  /** Rows with reports (on the tip or stale), or still loading, or failed; filtered and sorted. */
  rows: OverviewEntry[];
  /** Loaded repositories without any report (or with an empty branch), in name order. */
  withoutReports: OverviewEntry[];
  /** Everything known, filtered by project only (what the progress counts). */
  total: number;
  loaded: number;
}

/** What a row's result is for the `result` filter: over the filtered reports, else over all of them. */
export function rowResult(facts: RepoFacts, report: readonly string[]): OverviewResult {
  const cells = report.length ? facts.cells.filter((c) => report.includes(c.key)) : facts.cells;
  if (cells.some((c) => c.result === 'FAIL')) return 'FAIL';
  if (cells.some((c) => c.result === 'PASS')) return 'PASS';
  return 'NONE';
}

export function buildMatrix(entries: readonly OverviewEntry[], options: MatrixOptions): Matrix {
  const inProject = options.project ? entries.filter((e) => e.repo.projectKey.toUpperCase() === options.project!.toUpperCase()) : [...entries];
  const rows: OverviewEntry[] = [];
  const withoutReports: OverviewEntry[] = [];
  let loaded = 0;
  for (const entry of inProject) {
    const facts = entry.facts;
    if (facts) loaded++;
    if (facts && (facts.status === 'none' || facts.status === 'empty')) {
      // Listed apart whatever the filters: "no report at all" is an answer of its own.
      withoutReports.push(entry);
      continue;
    }
    if (!facts || facts.status === 'error' || facts.status === 'tip-without-reports') {
      // Unknown yet (or unreadable): it can only be judged once loaded, so filters hide it meanwhile.
      if (!options.report.length && !options.result) rows.push(entry);
      continue;
    }
    // A report filter keeps the repositories that have one of the reports; with result=NONE also those missing it.
    if (options.report.length && options.result !== 'NONE' && !facts.cells.some((c) => options.report.includes(c.key))) continue;
    if (options.result && rowResult(facts, options.report) !== options.result) continue;
    rows.push(entry);
  }
  if (options.sort) sortEntries(rows, options.sort, options.now);
  return { rows, withoutReports, total: inProject.length, loaded };
}

/** Numbers and text a column sorts by; unknown (loading, missing) sorts last whatever the direction. */
export function sortValue(entry: OverviewEntry, column: string, now: number): number | string | undefined {
  const facts = entry.facts;
  switch (column) {
    case 'project':
      return entry.repo.projectKey.toLowerCase();
    case 'repository':
      return (entry.repo.name || entry.repo.slug).toLowerCase();
    case 'branch':
      return facts?.branch?.toLowerCase();
    case 'age':
      return facts?.tipTime !== undefined ? now - facts.tipTime : undefined;
    case 'failing':
      return facts && facts.status !== 'error' && facts.status !== 'tip-without-reports' ? failingCount(facts) : undefined;
    case 'high':
      return facts?.severity?.HIGH;
    case 'medium':
      return facts?.severity?.MEDIUM;
    case 'low':
      return facts?.severity?.LOW;
    case 'data':
      return facts ? now - facts.loadedAt : undefined;
    default: {
      if (!column.startsWith(REPORT_COLUMN_PREFIX)) return undefined;
      const cell = facts?.cells.find((c) => c.key === column.slice(REPORT_COLUMN_PREFIX.length));
      if (!cell) return undefined;
      // FAIL before PASS before no result (ascending = worst first); stale after fresh of the same result.
      const rank = (cell.result === 'FAIL' ? 0 : cell.result === 'PASS' ? 2 : 4) + (cell.stale ? 1 : 0);
      const value = cell.first && typeof cell.first.value === 'number' && Number.isFinite(cell.first.value) ? cell.first.value : 0;
      // Within one rank, larger first values first (more findings first).
      return rank * 1e15 - Math.max(-1e14, Math.min(1e14, value));
    }
  }
}

export function sortEntries(entries: OverviewEntry[], sort: OverviewSort, now: number): OverviewEntry[] {
  const direction = sort.descending ? -1 : 1;
  const keyed = entries.map((entry, index) => ({ entry, index, value: sortValue(entry, sort.column, now) }));
  keyed.sort((a, b) => {
    if (a.value === undefined || b.value === undefined) return a.value === b.value ? a.index - b.index : a.value === undefined ? 1 : -1;
    const order = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : compareText(String(a.value), String(b.value));
    return order !== 0 ? order * direction : a.index - b.index;
  });
  keyed.forEach((k, i) => (entries[i] = k.entry));
  return entries;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a column id names something the matrix can sort by. */
export function isSortColumn(column: string): boolean {
  return (FACT_COLUMNS as readonly string[]).includes(column) || (column.startsWith(REPORT_COLUMN_PREFIX) && column.length > REPORT_COLUMN_PREFIX.length);
}
