/**
 * `yourcompany/insights-panel`: the Code Insights reports of a pull request's head commit, with the
 * findings it introduced, fixed and left unchanged against the same reports on the merge base.
 */
import { contextPath } from 'yourcompany/host';
import { bitbucketClient } from 'yourcompany/rest';
import type { BitbucketClient } from 'yourcompany/rest';
import { viewerHash } from 'yourcompany/insights-model';
import type { InsightsSummary } from 'yourcompany/insights-model';
import { contextUnavailable, readContext, repoRefOf } from './context';
import type { PullRequestContext } from './context';
import { loadPullRequestInsights, sharedLoad } from './data';
import type { PullRequestInsights } from './data';
import { buildInsightsView, summarizePullRequestInsights } from './model';
import { insightsFrame } from './frame';
import { insightsContent } from './view';

export type { PullRequestContext, DiffToolbarContext } from './context';
export type { InsightsView, ReportView, FindingRow, FindingFilter } from './model';
export type { InsightsSummary } from 'yourcompany/insights-model';
export { summaryLabel, buildInsightsView } from './model';
export { mountFileInsights, hasFilePath } from './file';

export interface PanelDeps {
  client?: BitbucketClient;
}

function sharedKey(context: PullRequestContext): string {
  const repo = repoRefOf(context);
  return `${repo.projectKey}/${repo.repositorySlug}#${context.pullRequest.id}@${context.pullRequest.fromRef.latestCommit}`;
}

/**
 * Everything the label and the modal show, loaded once per page and client: the modal opened after
 * the label reuses the label's answers.
 */
export function loadInsights(hostContext: PullRequestContext, deps: PanelDeps = {}, signal?: AbortSignal): Promise<PullRequestInsights> {
  const context = readContext(hostContext);
  if (!context) return Promise.reject(new Error('yourcompany/insights-panel: the extension context has no usable pull request'));
  const client = deps.client ?? bitbucketClient();
  return sharedLoad(client, sharedKey(context), (innerSignal) => loadPullRequestInsights(client, repoRefOf(context), context.pullRequest, innerSignal), signal);
}

/** The label's numbers (reports list and commit annotations of head and merge base, in parallel). */
export async function summarize(context: PullRequestContext, deps: PanelDeps = {}, signal?: AbortSignal): Promise<InsightsSummary> {
  return summarizePullRequestInsights(await loadInsights(context, deps, signal));
}

function pageLocale(): string | undefined {
  return (typeof document !== 'undefined' && document.documentElement.lang) || undefined;
}

export function mount(container: HTMLElement, hostContext: PullRequestContext, deps: PanelDeps = {}): () => void {
  const frame = insightsFrame(container, 'yc-insights');
  const context = readContext(hostContext);
  if (!context) {
    frame.show(contextUnavailable());
    return frame.unmount;
  }
  try {
    const repo = repoRefOf(context);
    const links = { contextPath: contextPath(), repo, pullRequestId: context.pullRequest.id };
    loadInsights(context, deps, frame.signal).then((data) => {
      if (frame.signal.aborted) return;
      const view = buildInsightsView(data, links, Date.now(), pageLocale());
      frame.headline.textContent = view.headline;
      frame.show(insightsContent(view, viewerHash({ repo, pr: context.pullRequest.id }), frame.disposables));
    }, frame.fail);
  } catch (error) {
    // A broken client or context must never break the host page.
    frame.fail(error);
  }
  return frame.unmount;
}
