/**
 * `yourcompany/insights-model`: Code Insights domain logic shared by the PR insights panel and the
 * report viewer. Pure functions over the wire types of `yourcompany/rest`: no DOM, no REST calls.
 * Matching and counting live in `yourcompany/insights-compare` (all the PR page's labels need, so the
 * page loads no formatting or viewer-route code before a modal opens); they are re-exported here.
 */
export {
  compareAnnotations,
  compareReports,
  annotationFingerprint,
  normalizeMessage,
} from 'yourcompany/insights-compare';
export type {
  AnnotationComparison,
  AnnotationPair,
  ReportWithAnnotations,
  ReportComparison,
  ComparedReport,
  RemovedReport,
  ResultChange,
} from 'yourcompany/insights-compare';

export {
  countAnnotations,
  worstFirst,
  sortWorstFirst,
  reportOutcome,
  summarizeInsights,
  insightsSummaryLabel,
  SEVERITIES,
  ANNOTATION_TYPES,
} from 'yourcompany/insights-compare';
export type { AnnotationCounts, ReportOutcome, InsightsSummary, SeverityCounts, TypeCounts } from 'yourcompany/insights-compare';

export {
  formatDataField,
  formatDuration,
  formatNumber,
  formatPercentage,
  formatDate,
  MAX_FIELD_TEXT_LENGTH,
  severityName,
  annotationTypeName,
} from './format';
export type { FormattedField, FormatOptions } from './format';

export { annotationDiffHref, sourceHref } from './links';
export type { DiffHrefInput, SourceHrefInput } from './links';

export {
  VIEWER_ROUTE,
  VIEWER_TABS,
  VIEWER_TYPES,
  SORT_FIELDS,
  DEFAULT_SORT,
  viewerHash,
  parseViewerHash,
  normalizeViewerState,
  defaultViewerState,
  isViewerHash,
  isCommitLike,
  isNavigation,
  sameViewerState,
  OVERVIEW_RESULTS,
} from './viewer-route';
export type { ViewerState, ViewerLink, ViewerTab, ViewerRepo, SortOrder, SortField, SeverityName, TypeName, OverviewResult, OverviewSort } from './viewer-route';
