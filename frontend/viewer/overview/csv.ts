/**
 * The overview matrix as CSV: one record per repository (the matrix rows, then the repositories without
 * reports), the row facts, then per shown report column its result, first value and staleness. Cells go through
 * the viewer's `csvCell` (formula neutralisation + RFC 4180 quoting), so it is as spreadsheet-safe as the
 * annotation export.
 */
import { csvCell } from '../export';
import { failingCount } from './model';
import type { Matrix, OverviewColumn, OverviewEntry, ReportCell } from './model';

export const OVERVIEW_CSV_COLUMNS = ['project', 'repository', 'branch', 'status', 'commit', 'commit_date', 'failing', 'high', 'medium', 'low'] as const;

/** Records per slice of the export: a slice is one Blob part, and the page gets the event loop back between slices. */
export const CSV_SLICE_ROWS = 2000;

/** The CSV in slices of CSV_SLICE_ROWS records (the first starts with the BOM and the header); each ends in CRLF. */
export function* overviewCsvSlices(matrix: Pick<Matrix, 'rows' | 'withoutReports'>, columns: readonly OverviewColumn[], formatValue: (cell: ReportCell) => string): Generator<string> {
  const header: string[] = [...OVERVIEW_CSV_COLUMNS];
  for (const column of columns) header.push(`${column.key} result`, `${column.key} value`, `${column.key} stale`);
  let records = [`\uFEFF${header.map(csvCell).join(',')}`];
  const record = (entry: OverviewEntry): string => {
    const facts = entry.facts;
    const values: (string | number)[] = [
      entry.repo.projectKey,
      entry.repo.slug,
      facts?.branch ?? '',
      facts ? (facts.status === 'error' ? `error:${facts.error ?? ''}` : facts.status) : 'loading',
      facts?.tipId ?? '',
      facts?.tipTime !== undefined && Number.isFinite(facts.tipTime) ? new Date(facts.tipTime).toISOString() : '',
      facts && facts.status !== 'error' && facts.status !== 'tip-without-reports' ? failingCount(facts) : '',
      facts?.severity?.HIGH ?? '',
      facts?.severity?.MEDIUM ?? '',
      facts?.severity?.LOW ?? '',
    ];
    for (const column of columns) {
      const cell = facts?.cells.find((c) => c.key === column.key);
      values.push(cell ? cell.result ?? 'NONE' : '', cell ? formatValue(cell) : '', cell ? (cell.stale ? 'yes' : 'no') : '');
    }
    return values.map(csvCell).join(',');
  };
  for (const list of [matrix.rows, matrix.withoutReports]) {
    for (const entry of list) {
      records.push(record(entry));
      if (records.length < CSV_SLICE_ROWS) continue;
      yield `${records.join('\r\n')}\r\n`;
      records = [];
    }
  }
  if (records.length) yield `${records.join('\r\n')}\r\n`;
}

export function overviewCsv(matrix: Pick<Matrix, 'rows' | 'withoutReports'>, columns: readonly OverviewColumn[], formatValue: (cell: ReportCell) => string): string {
  return [...overviewCsvSlices(matrix, columns, formatValue)].join('');
}

/** The export's Blob parts, one slice per macrotask, so 50,000 rows never hold the page for long. */
export async function overviewCsvParts(matrix: Pick<Matrix, 'rows' | 'withoutReports'>, columns: readonly OverviewColumn[], formatValue: (cell: ReportCell) => string): Promise<string[]> {
  const parts: string[] = [];
  for (const slice of overviewCsvSlices(matrix, columns, formatValue)) {
    parts.push(slice);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return parts;
}

/** `insights-overview-ACME.csv` / `insights-overview-all.csv`. */
export function overviewFileName(project: string | undefined): string {
  const safe = (project ?? '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return `insights-overview-${safe || 'all'}.csv`;
}
