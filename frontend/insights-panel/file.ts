/** "Insights for this file": the head commit's annotations on the diff toolbar's file. */
import { contextPath, I18n } from 'yourcompany/host';
import { bitbucketClient, isRestError } from 'yourcompany/rest';
import type { BitbucketClient, InsightReport } from 'yourcompany/rest';
import { countAnnotations, sortWorstFirst } from 'yourcompany/insights-model';
import { errorMessage, h, render, spinner } from 'yourcompany/ui';
import { changePathOf, repoRefOf } from './context';
import type { DiffToolbarContext } from './context';
import { MAX_REPORTS } from './data';
import { findingRow } from './model';
import { findingsGrid, severityText } from './view';
import type { Disposables } from './view';

export function hasFilePath(context: DiffToolbarContext): boolean {
  return changePathOf(context) !== null;
}

const mounted = new WeakMap<HTMLElement, () => void>();

export function mountFileInsights(container: HTMLElement, context: DiffToolbarContext, deps: { client?: BitbucketClient } = {}): () => void {
  mounted.get(container)?.();
  const controller = new AbortController();
  const disposables: Disposables = { lists: [] };
  let disposed = false;
  const unmount = (): void => {
    if (disposed) return;
    disposed = true;
    controller.abort();
    for (const list of disposables.lists) list.destroy();
    mounted.delete(container);
    render(container);
  };
  mounted.set(container, unmount);

  const headline = h('p', { class: 'yc-insights-headline', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'yc-insights-body', 'aria-busy': 'true' }, spinner());
  render(container, h('div', { class: 'yc-insights yc-insights-file' }, headline, body));
  const fail = (error: unknown): void => {
    if (disposed || controller.signal.aborted || (isRestError(error) && error.kind === 'aborted')) return;
    body.removeAttribute('aria-busy');
    render(body, errorMessage(error));
  };
  try {
    const path = changePathOf(context);
    if (path === null) {
      headline.textContent = I18n.getText('yourcompany.insights.file.nopath');
      render(body);
      return unmount;
    }
    const client = deps.client ?? bitbucketClient();
    const repo = repoRefOf(context);
    const head = context.pullRequest.fromRef.latestCommit;
    const { signal } = controller;
    Promise.all([
      client.insights.getCommitAnnotations(repo, head, { path: [path] }, { signal }),
      client.insights.listReports(repo, head).getAll({ max: MAX_REPORTS, signal }),
    ]).then(([list, reports]) => {
      if (disposed) return;
      // The server filters by path; re-check so a server ignoring the filter cannot show other files.
      const annotations = (Array.isArray(list?.annotations) ? list.annotations : []).filter((a) => a.path === path);
      const titles = new Map<string, string>((Array.isArray(reports) ? reports : []).map((r: InsightReport) => [r.key, r.title || r.key]));
      headline.textContent = I18n.getText('yourcompany.insights.file.headline', annotations.length, path);
      body.removeAttribute('aria-busy');
      if (annotations.length === 0) {
        render(body, h('p', { class: 'yc-insights-empty' }, I18n.getText('yourcompany.insights.file.empty')));
        return;
      }
      const links = { contextPath: contextPath(), repo, pullRequestId: context.pullRequest.id };
      const rows = sortWorstFirst(annotations).map((a) => findingRow(a, 'head', links));
      const byReport = new Map<string, number>();
      for (const a of annotations) byReport.set(a.reportKey, (byReport.get(a.reportKey) ?? 0) + 1);
      const counts = countAnnotations(annotations);
      render(
        body,
        h(
          'p',
          { class: 'yc-insights-counts' },
          (['HIGH', 'MEDIUM', 'LOW'] as const).map((s) => I18n.getText('yourcompany.insights.count', severityText(s), counts.bySeverity[s])).join(' \u00b7 '),
        ),
        h(
          'ul',
          { class: 'yc-insights-file-reports', 'aria-label': I18n.getText('yourcompany.insights.reports.label') },
          [...byReport].map(([key, count]) => h('li', { 'data-report-key': key }, I18n.getText('yourcompany.insights.count', titles.get(key) ?? key, count))),
        ),
        findingsGrid(rows, I18n.getText('yourcompany.insights.file.grid', path), disposables).element,
      );
    }, fail);
  } catch (error) {
    fail(error);
  }
  return unmount;
}
