/**
 * `yourcompany/insights-panel`: the Code Insights reports of a pull request's head commit, with the
 * findings it introduced, fixed and left unchanged against the same reports on the merge base.
 */
import { contextPath } from 'yourcompany/host';
import { bitbucketClient, isRestError } from 'yourcompany/rest';
import type { BitbucketClient } from 'yourcompany/rest';
import type { InsightsSummary } from 'yourcompany/insights-model';
import { errorMessage, h, render, spinner } from 'yourcompany/ui';
import { repoRefOf } from './context';
import type { PullRequestContext } from './context';
import { loadPullRequestInsights, sharedLoad } from './data';
import type { PullRequestInsights } from './data';
import { buildInsightsView, summarizePullRequestInsights, viewerHref } from './model';
import { insightsContent } from './view';
import type { Disposables } from './view';

export type { PullRequestContext, DiffToolbarContext } from './context';
export type { InsightsView, ReportView, FindingRow, FindingFilter } from './model';
export type { InsightsSummary } from 'yourcompany/insights-model';
export { summaryLabel, viewerHref, buildInsightsView } from './model';
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
export function loadInsights(context: PullRequestContext, deps: PanelDeps = {}, signal?: AbortSignal): Promise<PullRequestInsights> {
  const client = deps.client ?? bitbucketClient();
  return sharedLoad(client, sharedKey(context), (innerSignal) => loadPullRequestInsights(client, repoRefOf(context), context.pullRequest, innerSignal), signal);
}

/** The label's numbers (reports list and commit annotations of head and merge base, in parallel). */
export async function summarize(context: PullRequestContext, deps: PanelDeps = {}, signal?: AbortSignal): Promise<InsightsSummary> {
  return summarizePullRequestInsights(await loadInsights(context, deps, signal));
}

const mounted = new WeakMap<HTMLElement, () => void>();

function pageLocale(): string | undefined {
  return (typeof document !== 'undefined' && document.documentElement.lang) || undefined;
}

export function mount(container: HTMLElement, context: PullRequestContext, deps: PanelDeps = {}): () => void {
  mounted.get(container)?.();
  const controller = new AbortController();
  const disposables: Disposables = { lists: [] };
  let disposed = false;
  const unmount = (): void => {
    if (disposed) return;
    disposed = true;
    controller.abort();
    for (const list of disposables.lists) list.destroy();
    disposables.lists = [];
    mounted.delete(container);
    render(container);
  };
  mounted.set(container, unmount);

  const headline = h('p', { class: 'yc-insights-headline', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'yc-insights-body', 'aria-busy': 'true' }, spinner());
  render(container, h('div', { class: 'yc-insights' }, headline, body));
  try {
    const repo = repoRefOf(context);
    const links = { contextPath: contextPath(), repo, pullRequestId: context.pullRequest.id };
    loadInsights(context, deps, controller.signal).then(
      (data) => {
        if (disposed) return;
        const view = buildInsightsView(data, links, Date.now(), pageLocale());
        headline.textContent = view.headline;
        body.removeAttribute('aria-busy');
        render(body, insightsContent(view, viewerHref(repo, context.pullRequest.id), disposables));
      },
      (error: unknown) => {
        if (disposed || controller.signal.aborted || (isRestError(error) && error.kind === 'aborted')) return;
        body.removeAttribute('aria-busy');
        render(body, errorMessage(error));
      },
    );
  } catch (error) {
    // A broken client or context must never break the host page.
    body.removeAttribute('aria-busy');
    render(body, errorMessage(error));
  }
  return unmount;
}
