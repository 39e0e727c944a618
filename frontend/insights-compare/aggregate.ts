/** Counting, ordering and summarising Code Insights findings. */
import type { AnnotationSeverity, AnnotationType, InsightAnnotation, InsightReport } from 'yourcompany/rest';
import { I18n } from 'yourcompany/host';
import type { ComparedReport, ReportComparison } from './compare';

/** Worst first. */
export const SEVERITIES: readonly AnnotationSeverity[] = ['HIGH', 'MEDIUM', 'LOW'];
/** Worst first. */
export const ANNOTATION_TYPES: readonly AnnotationType[] = ['VULNERABILITY', 'BUG', 'CODE_SMELL'];

export type SeverityCounts = Record<AnnotationSeverity, number>;
/** `NONE` counts annotations without a (known) type. */
export type TypeCounts = Record<AnnotationType | 'NONE', number>;

export interface AnnotationCounts {
  total: number;
  /** Severities the server does not send (malformed data) are in `total` only. */
  bySeverity: SeverityCounts;
  byType: TypeCounts;
}

export type ReportOutcome = 'PASS' | 'FAIL' | 'PENDING';

export interface InsightsSummary {
  /** Head reports. */
  reports: number;
  failing: number;
  pending: number;
  passing: number;
  /** Summed over compared reports only (a report without baseline has no "new"). */
  introduced: number;
  fixed: number;
  unchanged: number;
  introducedBySeverity: SeverityCounts;
  /** Head reports without a baseline report on the base commit. */
  noBaselineReports: number;
  /** All head annotations, compared or not. */
  annotations: number;
  /** Base-only reports. */
  removedReports: number;
}

export function countAnnotations(annotations: readonly InsightAnnotation[]): AnnotationCounts {
  const bySeverity: SeverityCounts = { HIGH: 0, MEDIUM: 0, LOW: 0 };
  const byType: TypeCounts = { VULNERABILITY: 0, BUG: 0, CODE_SMELL: 0, NONE: 0 };
  for (const annotation of annotations ?? []) {
    const severity = annotation?.severity;
    if (severity === 'HIGH' || severity === 'MEDIUM' || severity === 'LOW') bySeverity[severity]++;
    const type = annotation?.type;
    if (type === 'VULNERABILITY' || type === 'BUG' || type === 'CODE_SMELL') byType[type]++;
    else byType.NONE++;
  }
  return { total: annotations?.length ?? 0, bySeverity, byType };
}

/**
 * Comparator: severity (HIGH, MEDIUM, LOW, unknown), then type (VULNERABILITY, BUG, CODE_SMELL, none),
 * then path (file-less annotations first, then by UTF-16 code units — deterministic, unlike
 * localeCompare), then line (file level 0 first). A total preorder, so Array#sort stays stable.
 */
export function worstFirst(a: InsightAnnotation, b: InsightAnnotation): number {
  return (
    rank(SEVERITIES, a?.severity) - rank(SEVERITIES, b?.severity) ||
    rank(ANNOTATION_TYPES, a?.type) - rank(ANNOTATION_TYPES, b?.type) ||
    comparePaths(a?.path, b?.path) ||
    fileLine(a?.line) - fileLine(b?.line)
  );
}

/** A sorted copy; equal annotations keep their input order. */
export function sortWorstFirst(annotations: readonly InsightAnnotation[]): InsightAnnotation[] {
  return [...(annotations ?? [])].sort(worstFirst);
}

/** PASS/FAIL as reported; no (or an unknown) result means the tool has not decided yet. */
export function reportOutcome(report: Pick<InsightReport, 'result'> | null | undefined): ReportOutcome {
  const result = report?.result;
  return result === 'PASS' || result === 'FAIL' ? result : 'PENDING';
}

export function summarizeInsights(comparison: ReportComparison | readonly ComparedReport[]): InsightsSummary {
  const reports: readonly ComparedReport[] = isReportList(comparison) ? comparison : comparison.reports;
  const removedReports = isReportList(comparison) ? 0 : comparison.removed.length;
  const summary: InsightsSummary = {
    reports: reports.length,
    failing: 0,
    pending: 0,
    passing: 0,
    introduced: 0,
    fixed: 0,
    unchanged: 0,
    introducedBySeverity: { HIGH: 0, MEDIUM: 0, LOW: 0 },
    noBaselineReports: 0,
    annotations: 0,
    removedReports,
  };
  for (const report of reports) {
    const outcome = report.resultChange.to;
    if (outcome === 'FAIL') summary.failing++;
    else if (outcome === 'PENDING') summary.pending++;
    else summary.passing++;
    summary.annotations += report.annotations.length;
    if (report.status === 'no-baseline') {
      summary.noBaselineReports++;
      continue;
    }
    summary.introduced += report.introduced.length;
    summary.fixed += report.fixed.length;
    summary.unchanged += report.unchanged.length;
    const bySeverity = countAnnotations(report.introduced).bySeverity;
    for (const severity of SEVERITIES) summary.introducedBySeverity[severity] += bySeverity[severity];
  }
  return summary;
}

/**
 * The one-line label ("Insights: 3 new · 5 fixed"). Without any baseline it falls back to the
 * report outcome ("Insights: 2 of 4 reports failing" / "Insights: 4 reports").
 */
export function insightsSummaryLabel(summary: InsightsSummary): string {
  if (summary.reports === 0) return I18n.getText('yourcompany.insightsmodel.label.none');
  if (summary.noBaselineReports < summary.reports) {
    return I18n.getText('yourcompany.insightsmodel.label.compared', summary.introduced, summary.fixed);
  }
  if (summary.failing > 0) return I18n.getText('yourcompany.insightsmodel.label.failing', summary.failing, summary.reports);
  return I18n.getText('yourcompany.insightsmodel.label.reports', summary.reports);
}

function isReportList(value: ReportComparison | readonly ComparedReport[]): value is readonly ComparedReport[] {
  return Array.isArray(value);
}

/** Index in a worst-first list; anything the list does not hold ranks after all it holds. */
function rank(worstFirstOrder: readonly string[], value: unknown): number {
  const index = worstFirstOrder.indexOf(value as string);
  return index < 0 ? worstFirstOrder.length : index;
}

function comparePaths(a: unknown, b: unknown): number {
  const x = typeof a === 'string' ? a : '';
  const y = typeof b === 'string' ? b : '';
  return x < y ? -1 : x === y ? 0 : 1;
}

/**
 * The line an annotation sits on for ordering and pairing: 0 (file level) for line 0, an absent line
 * and malformed ones (negative, NaN, infinite, not a number).
 */
export function fileLine(line: unknown): number {
  // Number.isFinite is true for finite numbers only (it does not convert), so the cast is safe.
  return Number.isFinite(line) ? Math.max(line as number, 0) : 0;
}
