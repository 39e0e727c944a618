/**
 * Client-side export of the current (filtered) annotation view: CSV (RFC 4180, spreadsheet-safe) and
 * SARIF 2.1.0 (one run per report, valid against the OASIS schema). Pure builders plus one download helper.
 */
import type { Log, Result, Run } from 'sarif';
import type { InsightReport } from 'yourcompany/rest';
import { h } from 'yourcompany/ui';
import type { AnnotationRow } from './filter';

export interface ExportContext {
  projectKey: string;
  repositorySlug: string;
  commitId: string;
  branch?: string;
  /** Absolute URL of the repository in Bitbucket, e.g. `https://bb.example.com/projects/K/repos/r`. */
  repositoryUrl: string;
  /** Absolute source-view URL of an annotation (file and line at the commit). */
  sourceUrl(row: AnnotationRow): string;
}

export const CSV_COLUMNS = ['severity', 'type', 'report', 'report_title', 'path', 'line', 'message', 'external_id', 'link', 'source_url'] as const;

/**
 * One CSV cell. Spreadsheets run cells starting with `= + - @` (and tab/CR, which some strip first) as
 * formulas, so those get a leading `'` (OWASP "CSV injection"); then RFC 4180 quoting.
 */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: CRLF between records, a header record first. A UTF-8 BOM lets Excel detect the encoding. */
export function toCsv(rows: readonly AnnotationRow[], context: ExportContext): string {
  const records = [CSV_COLUMNS.map(csvCell).join(',')];
  for (const row of rows) {
    const a = row.annotation;
    records.push(
      [
        row.severity,
        row.type ?? '',
        row.reportKey,
        row.reportTitle,
        row.path,
        row.line || '',
        row.message,
        a.externalId ?? '',
        httpUrl(a.link) ?? '',
        row.path ? context.sourceUrl(row) : '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${records.join('\r\n')}\r\n`;
}

const LEVEL: Record<string, Result.level> = { HIGH: 'error', MEDIUM: 'warning', LOW: 'note' };
const RULE_NAMES: Record<string, string> = { BUG: 'Bug', VULNERABILITY: 'Vulnerability', CODE_SMELL: 'CodeSmell' };

/** Absolute http(s) URLs only: SARIF's `uri` format needs a scheme, and anything else is not a safe link. */
function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  // The scheme is checked on the text: a URL that parses from it keeps that scheme (http: or https:).
  if (!/^https?:\/\//i.test(text)) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // `http://` alone, a bad host or port: no link
  }
  return url?.href;
}

/** A repository path as a relative URI reference (each component percent-encoded). */
export function artifactUri(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((part) => encodeURIComponent(part))
    .join('/');
}

/**
 * SARIF 2.1.0: one run per report (the report is the tool invocation that produced its annotations),
 * in the order of `reports`, then any report keys only the annotations name.
 */
export function toSarif(rows: readonly AnnotationRow[], reports: readonly InsightReport[], context: ExportContext): Log {
  const byReport = new Map<string, AnnotationRow[]>();
  for (const report of reports) byReport.set(report.key, []);
  for (const row of rows) {
    const list = byReport.get(row.reportKey);
    if (list) list.push(row);
    else byReport.set(row.reportKey, [row]);
  }
  const reportsByKey = new Map(reports.map((r) => [r.key, r]));
  const runs: Run[] = [];
  for (const [key, members] of byReport) {
    const report = reportsByKey.get(key);
    const ruleIds = [...new Set(members.map((m) => m.type).filter((t): t is NonNullable<typeof t> => Boolean(t)))];
    const information = httpUrl(report?.link);
    const results: Result[] = members.map((row) => {
      const a = row.annotation;
      const result: Result = {
        level: LEVEL[row.severity] ?? 'warning',
        kind: 'fail',
        message: { text: row.message || '-' },
      };
      if (row.type) {
        result.ruleId = row.type;
        result.ruleIndex = ruleIds.indexOf(row.type);
      }
      const uri = artifactUri(row.path);
      if (uri) {
        result.locations = [{ physicalLocation: { artifactLocation: { uri }, ...(row.line > 0 ? { region: { startLine: row.line } } : {}) } }];
        const hosted = httpUrl(context.sourceUrl(row));
        if (hosted) result.hostedViewerUri = hosted;
      }
      if (a.externalId) result.partialFingerprints = { 'bitbucketExternalId/v1': a.externalId };
      const properties: Record<string, string> = { reportKey: row.reportKey, severity: row.severity };
      if (a.externalId) properties.externalId = a.externalId;
      const link = httpUrl(a.link);
      if (link) properties.link = link;
      result.properties = properties;
      return result;
    });
    const run: Run = {
      tool: {
        driver: {
          name: report?.reporter || report?.title || key,
          ...(report?.title ? { fullName: report.title } : {}),
          ...(information ? { informationUri: information } : {}),
          rules: ruleIds.map((id) => ({ id, name: RULE_NAMES[id] ?? id })),
        },
      },
      automationDetails: { id: `${key}/${context.commitId}` },
      versionControlProvenance: [
        { repositoryUri: context.repositoryUrl, revisionId: context.commitId, ...(context.branch ? { branch: context.branch } : {}) },
      ],
      results,
      properties: {
        reportKey: key,
        ...(report?.result ? { result: report.result } : {}),
        ...(report?.details ? { details: report.details } : {}),
        ...(typeof report?.createdDate === 'number' ? { createdDate: new Date(report.createdDate).toISOString() } : {}),
      },
    };
    runs.push(run);
  }
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs };
}

/** `insights-KEY-slug-abc1234.csv`: only characters every file system accepts. */
export function exportFileName(context: Pick<ExportContext, 'projectKey' | 'repositorySlug' | 'commitId'>, extension: 'csv' | 'sarif'): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'repo';
  return `insights-${safe(context.projectKey)}-${safe(context.repositorySlug)}-${context.commitId.slice(0, 12)}.${extension}`;
}

/** Saves text as a file through a Blob URL and a temporary `<a download>`. */
/** `text` may come in parts (a large export built in slices: the Blob joins them without one giant string). */
export function downloadText(doc: Document, fileName: string, text: string | readonly string[], mimeType: string): void {
  const blob = new Blob(typeof text === 'string' ? [text] : [...text], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const anchor = h('a', { download: fileName, hidden: true });
  // Our own blob: URL (h() would refuse the scheme, rightly for untrusted links); never an untrusted value.
  anchor.setAttribute('href', url);
  doc.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
