/**
 * `yourcompany/insights-compare`: which findings a pull request introduced or fixed, and the counts and
 * label built from them. The part of the insights domain the PR page's labels need before any modal opens;
 * `yourcompany/insights-model` re-exports it next to formatting, links and the viewer route.
 */
export { compareAnnotations, compareReports, annotationFingerprint, normalizeMessage } from './compare';
export { readDiff } from './diff';
export type {
  AnnotationComparison,
  AnnotationPair,
  BitbucketDiff,
  MatchBasis,
  ReportWithAnnotations,
  ReportComparison,
  ComparedReport,
  RemovedReport,
  ResultChange,
} from './compare';

export {
  countAnnotations,
  worstFirst,
  sortWorstFirst,
  reportOutcome,
  summarizeInsights,
  insightsSummaryLabel,
  SEVERITIES,
  ANNOTATION_TYPES,
} from './aggregate';
export type { AnnotationCounts, ReportOutcome, InsightsSummary, SeverityCounts, TypeCounts } from './aggregate';
