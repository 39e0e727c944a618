/**
 * Wire → view data for the PR insights panel. Matching, counting, sorting, formatting and diff links
 * come from `yourcompany/insights-model`; this file only arranges them for the panel.
 */
import { I18n } from 'yourcompany/host';
import { safeHref } from 'yourcompany/ui';
import {
  annotationDiffHref,
  countAnnotations,
  formatDataField,
  reportOutcome,
  sortWorstFirst,
  sourceHref,
  summarizeInsights,
} from 'yourcompany/insights-model';
import type { AnnotationCounts, ComparedReport, FormattedField, InsightsSummary, ReportOutcome, ReportWithAnnotations, ResultChange } from 'yourcompany/insights-model';
import type { InsightAnnotation, InsightReport, RepoRef } from 'yourcompany/rest';
import { compare, insightsLabel } from 'yourcompany/pr-summary';
import type { BaselineOutcome, PullRequestInsights } from 'yourcompany/pr-summary';
import type { ApproximateMatching } from 'yourcompany/ui-widgets';

export interface LinkContext {
  contextPath: string;
  repo: RepoRef;
  pullRequestId: number;
}

export type FindingSide = 'head' | 'base';

export interface FindingRow {
  annotation: InsightAnnotation;
  /** Where the finding is: `path:line`, `path`, or a "whole report" word. */
  location: string;
  /** Head findings open the PR diff at the line; fixed ones open the file at the merge base. */
  readonly href: string;
  /** The tool's own page for the finding (http(s) only). */
  externalHref?: string;
}

export type FindingFilter = 'introduced' | 'fixed' | 'unchanged' | 'all';

export interface ReportView {
  key: string;
  title: string;
  reporter?: string;
  logoUrl?: string;
  link?: string;
  details?: string;
  outcome: ReportOutcome;
  /** How the result moved against the baseline report (e.g. "was passing"); absent when it did not. */
  resultChange?: string;
  fields: { title: string; value: FormattedField }[];
  counts: AnnotationCounts;
  status: ComparedReport['status'];
  /** Lists by filter, each worst first; `all` is every head annotation. */
  findings: Record<FindingFilter, FindingRow[]>;
  /** The filter to show first: new findings when there is a baseline, otherwise everything. */
  initialFilter: FindingFilter;
}

export interface RemovedReportView {
  key: string;
  title: string;
  outcome: ReportOutcome;
  annotations: number;
}

export type BaselineView = { status: 'ok'; commitId: string; displayId: string } | { status: 'no-merge-base' } | { status: 'error'; error: unknown };

export interface InsightsView {
  summary: InsightsSummary;
  label: string;
  headline: string;
  baseline: BaselineView;
  reports: ReportView[];
  removed: RemovedReportView[];
  /** Which files' findings were matched without the diff, and why (the modal's note). */
  matching: ApproximateMatching;
}

function locationOf(annotation: InsightAnnotation): string {
  const path = typeof annotation.path === 'string' && annotation.path ? annotation.path : '';
  const line = typeof annotation.line === 'number' && annotation.line > 0 ? annotation.line : 0;
  if (!path) return I18n.getText('yourcompany.insights.finding.nofile');
  return line ? `${path}:${line}` : path;
}

export function findingRow(annotation: InsightAnnotation, side: FindingSide, links: LinkContext, baseCommitId?: string): FindingRow {
  const path = typeof annotation.path === 'string' ? annotation.path : undefined;
  const line = typeof annotation.line === 'number' ? annotation.line : undefined;
  let href: string | undefined;
  // Computed on first read: a windowed list only renders a screenful of a 1000-row report.
  const hrefOf = (): string =>
    side === 'head'
      ? annotationDiffHref({ contextPath: links.contextPath, projectKey: links.repo.projectKey, repositorySlug: links.repo.repositorySlug, pullRequestId: links.pullRequestId, path, line })
      : sourceHref({ contextPath: links.contextPath, projectKey: links.repo.projectKey, repositorySlug: links.repo.repositorySlug, commitId: baseCommitId, path, line });
  return {
    annotation,
    location: locationOf(annotation),
    get href(): string {
      return (href ??= hrefOf());
    },
    externalHref: typeof annotation.link === 'string' && annotation.link ? safeHref(annotation.link) : undefined,
  };
}

function resultChangeText(change: ResultChange): string | undefined {
  switch (change.kind) {
    case 'regressed':
      return I18n.getText('yourcompany.insights.result.regressed');
    case 'improved':
      return I18n.getText('yourcompany.insights.result.improved');
    case 'changed':
      return change.from === 'PENDING' ? undefined : I18n.getText('yourcompany.insights.result.changed');
    default:
      return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

export function reportView(compared: ComparedReport, links: LinkContext, baseCommitId: string | undefined, now: number, locale?: string): ReportView {
  const report: InsightReport = compared.head;
  // Each head annotation appears in `all` and in one of introduced/unchanged: build its row once.
  const rows = new Map<InsightAnnotation, FindingRow>();
  const rowOf = (a: InsightAnnotation): FindingRow => {
    let row = rows.get(a);
    if (!row) rows.set(a, (row = findingRow(a, 'head', links)));
    return row;
  };
  const head = (list: readonly InsightAnnotation[]) => sortWorstFirst(list).map(rowOf);
  const fixed = sortWorstFirst(compared.fixed).map((a) => findingRow(a, 'base', links, baseCommitId));
  const unchanged = sortWorstFirst(compared.unchanged.map((pair) => pair.head));
  return {
    key: compared.key,
    title: text(report.title) ?? compared.key,
    reporter: text(report.reporter),
    logoUrl: safeHref(report.logoUrl),
    link: safeHref(report.link),
    details: text(report.details),
    outcome: reportOutcome(report),
    resultChange: compared.status === 'compared' ? resultChangeText(compared.resultChange) : undefined,
    fields: (Array.isArray(report.data) ? report.data : []).map((field) => ({
      title: text(field?.title) ?? '',
      value: formatDataField(field, { now, locale }),
    })),
    counts: countAnnotations(compared.annotations),
    status: compared.status,
    findings: {
      introduced: head(compared.introduced),
      fixed,
      unchanged: unchanged.map(rowOf),
      all: head(compared.annotations),
    },
    initialFilter: compared.status === 'compared' ? 'introduced' : 'all',
  };
}

const OUTCOME_ORDER: Record<ReportOutcome, number> = { FAIL: 0, PENDING: 1, PASS: 2 };

function baselineView(baseline: BaselineOutcome): BaselineView {
  if (baseline.status === 'ok') return { status: 'ok', commitId: baseline.commit.id, displayId: baseline.commit.displayId || baseline.commit.id.slice(0, 11) };
  return baseline;
}

function headlineOf(summary: InsightsSummary, baseline: BaselineView): string {
  if (summary.reports === 0) return I18n.getText('yourcompany.insights.headline.none');
  const reports = I18n.getText('yourcompany.insights.headline.reports', summary.reports, summary.failing, summary.pending);
  if (baseline.status === 'ok' && summary.noBaselineReports < summary.reports) {
    return `${reports} ${I18n.getText('yourcompany.insights.headline.compared', summary.introduced, summary.fixed, baseline.displayId)}`;
  }
  return reports;
}

export function buildInsightsView(data: PullRequestInsights, links: LinkContext, now: number, locale?: string): InsightsView {
  const comparison = compare(data);
  const summary = summarizeInsights(comparison);
  const baseline = baselineView(data.baseline);
  const baseCommitId = baseline.status === 'ok' ? baseline.commitId : undefined;
  // Failing reports first, then those still running; the server's order otherwise.
  const reports = comparison.reports
    .map((compared, index) => ({ view: reportView(compared, links, baseCommitId, now, locale), index }))
    .sort((a, b) => OUTCOME_ORDER[a.view.outcome] - OUTCOME_ORDER[b.view.outcome] || b.view.findings.introduced.length - a.view.findings.introduced.length || a.index - b.index)
    .map((entry) => entry.view);
  return {
    summary,
    matching: {
      files: comparison.approximateFiles,
      diff: comparison.diff,
      error: data.diff.status === 'error' ? data.diff.error : undefined,
    },
    label: insightsLabel(summary),
    headline: headlineOf(summary, baseline),
    baseline,
    reports,
    removed: comparison.removed.map((removed) => ({
      key: removed.key,
      title: text(removed.baseline.title) ?? removed.key,
      outcome: reportOutcome(removed.baseline),
      annotations: removed.annotations.length,
    })),
  };
}
