/**
 * `yourcompany/insights-panel`: the Code Insights reports of a pull request's head commit, with the
 * findings it introduced, fixed and left unchanged against the same reports on the merge base.
 */
import { I18n, contextPath } from 'yourcompany/host';
import { auiMessage } from 'yourcompany/ui';
import type { BitbucketClient } from 'yourcompany/rest';
import { viewerHash } from 'yourcompany/insights-model';
import { contextUnavailable, loadInsights, readContext, repoRefOf } from 'yourcompany/pr-summary';
import type { PullRequestContext } from 'yourcompany/pr-summary';
import { buildInsightsView } from './model';
import { insightsFrame } from './frame';
import { insightsContent } from './view';

export type { PullRequestContext, DiffToolbarContext } from 'yourcompany/pr-summary';
export type { InsightsView, ReportView, FindingRow, FindingFilter } from './model';
export type { InsightsSummary } from 'yourcompany/insights-model';
export { buildInsightsView } from './model';
export { mountFileInsights, hasFilePath } from './file';
// The label's pieces live in the small summary module the PR page loads first; re-exported for the API.
export { loadInsights, insightsSummary as summarize, insightsLabel as summaryLabel } from 'yourcompany/pr-summary';

export interface PanelDeps {
  client?: BitbucketClient;
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
    loadInsights(context, deps, frame.signal).then(frame.guard((data) => {
      if (frame.signal.aborted) return;
      const view = buildInsightsView(data, links, Date.now(), pageLocale());
      frame.headline.textContent = view.headline;
      frame.show(insightsContent(view, viewerHash({ repo, pr: context.pullRequest.id }), frame.disposables));
    }), frame.fail);
  } catch (error) {
    // A broken client or context must never break the host page.
    frame.fail(error);
  }
  return frame.unmount;
}
