/**
 * The insights summary label ("Insights: 3 new · 5 fixed") and the one load behind it and the modal:
 * head reports and annotations, the merge base and its reports and annotations, shared per PR head.
 */
import { bitbucketClient } from 'yourcompany/rest';
import type { BitbucketClient, InsightAnnotation } from 'yourcompany/rest';
import { compareReports, insightsSummaryLabel, summarizeInsights } from 'yourcompany/insights-compare';
import type { InsightsSummary, ReportWithAnnotations } from 'yourcompany/insights-compare';
import { readContext, repoRefOf } from './insights-context';
import type { PullRequestContext } from './insights-context';
import { loadCommitInsights, loadPullRequestInsights, replaceShared, sharedLoad } from './insights-data';
import { planStep, startSummaryPlan } from './plan';
import type { CommitInsights, PullRequestInsights } from './insights-data';

/** Head/base reports with their annotations, grouped by the report key the commit annotations carry. */
export function withAnnotations(insights: CommitInsights): ReportWithAnnotations[] {
  const byKey = new Map<string, InsightAnnotation[]>();
  for (const annotation of insights.annotations) {
    const key = typeof annotation?.reportKey === 'string' ? annotation.reportKey : '';
    const list = byKey.get(key);
    if (list) list.push(annotation);
    else byKey.set(key, [annotation]);
  }
  return insights.reports.map((report) => ({ report, annotations: byKey.get(report.key) ?? [] }));
}

/** The comparison every insights surface shows: the label's and the modal's numbers come from here only. */
export function compare(data: PullRequestInsights) {
  const base = data.baseline.status === 'ok' ? withAnnotations(data.baseline.insights) : null;
  return compareReports(base, withAnnotations(data.head), data.diff.status === 'ok' ? data.diff.diff : undefined);
}

/** Only the label's numbers: what the summary extension needs, from the same data the modal shows. */
export function summarizePullRequestInsights(data: PullRequestInsights): InsightsSummary {
  return summarizeInsights(compare(data));
}

export function insightsLabel(summary: InsightsSummary): string {
  return insightsSummaryLabel(summary);
}


function sharedKey(context: PullRequestContext): string {
  const repo = repoRefOf(context);
  return `${repo.projectKey}/${repo.repositorySlug}#${context.pullRequest.id}@${context.pullRequest.fromRef.latestCommit}`;
}

/**
 * Everything the label and the modal show, loaded once per page and client: the modal opened after
 * the label reuses the label's answers.
 */
export function loadInsights(hostContext: PullRequestContext, deps: { client?: BitbucketClient } = {}, signal?: AbortSignal): Promise<PullRequestInsights> {
  const context = readContext(hostContext);
  if (!context) return Promise.reject(new Error('yourcompany/insights-panel: the extension context has no usable pull request'));
  const client = deps.client ?? bitbucketClient();
  return sharedLoad(client, sharedKey(context), (innerSignal) => loadPullRequestInsights(client, repoRefOf(context), context.pullRequest, innerSignal), signal);
}

/** The label's numbers (reports list and commit annotations of head and merge base, in parallel). */
export async function insightsSummary(context: PullRequestContext, deps: { client?: BitbucketClient } = {}, signal?: AbortSignal): Promise<InsightsSummary> {
  startSummaryPlan(context, deps.client ?? bitbucketClient(), signal);
  return summarizePullRequestInsights(await loadInsights(context, deps, signal));
}

/** A report can still arrive or finish: no report yet, or one without a result. */
export function insightsLive(summary: InsightsSummary): boolean {
  return summary.reports === 0 || summary.pending > 0;
}

/**
 * The label's summary source for one extension instance. It remembers its last load, so a live refresh
 * re-reads only the head commit's reports and annotations (reports arrive there; the merge base and its
 * reports stay what the last load found), and the modal opened afterwards shows the refreshed answer.
 */
export function insightsSummarySource(context: PullRequestContext, deps: { client?: BitbucketClient } = {}): (signal: AbortSignal, fresh: boolean) => Promise<InsightsSummary> {
  let last: PullRequestInsights | undefined;
  return async (signal, fresh) => {
    const client = deps.client ?? bitbucketClient();
    let data: PullRequestInsights;
    const read = fresh && last ? readContext(context) : null;
    if (read && last) {
      data = { ...last, head: await loadCommitInsights(client, repoRefOf(read), read.pullRequest.fromRef.latestCommit, signal, true) };
      replaceShared(client, sharedKey(read), data);
    } else {
      startSummaryPlan(context, client, signal);
      data = await loadInsights(context, { client }, signal);
    }
    last = data;
    return summarizePullRequestInsights(data);
  };
}

planStep(0, (context, client, signal) => loadInsights(context as PullRequestContext, { client }, signal)); // rejects on an unusable context
