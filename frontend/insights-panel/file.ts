/** "Insights for this file": the head commit's annotations on the diff toolbar's file. */
import { contextPath, I18n } from 'yourcompany/host';
import { bitbucketClient } from 'yourcompany/rest';
import type { BitbucketClient, InsightReport } from 'yourcompany/rest';
import { countAnnotations, sortWorstFirst } from 'yourcompany/insights-model';
import { auiMessage, h } from 'yourcompany/ui';
import { MAX_REPORTS, changePathOf, contextUnavailable, readContext, repoRefOf } from 'yourcompany/pr-summary';
import type { DiffToolbarContext } from 'yourcompany/pr-summary';
import { findingRow } from './model';
import { insightsFrame } from './frame';
import { findingsGrid, severityCounts } from './view';

export function hasFilePath(context: DiffToolbarContext): boolean {
  return changePathOf(context) !== null;
}

export function mountFileInsights(container: HTMLElement, hostContext: DiffToolbarContext, deps: { client?: BitbucketClient } = {}): () => void {
  const frame = insightsFrame(container, 'yc-insights yc-insights-file');
  const { headline, signal } = frame;
  const read = readContext(hostContext);
  if (!read) {
    frame.show(contextUnavailable());
    return frame.unmount;
  }
  const context: DiffToolbarContext = { ...read, change: hostContext?.change };
  try {
    const path = changePathOf(context);
    if (path === null) {
      headline.textContent = I18n.getText('yourcompany.insights.file.nopath');
      frame.show();
      return frame.unmount;
    }
    const client = deps.client ?? bitbucketClient();
    const repo = repoRefOf(context);
    const head = context.pullRequest.fromRef.latestCommit;
    Promise.all([
      client.insights.getCommitAnnotations(repo, head, { path: [path] }, { signal }),
      client.insights.listReports(repo, head).getAll({ max: MAX_REPORTS, signal }),
    ]).then(frame.guard(([list, reports]) => {
      if (signal.aborted) return;
      // The server filters by path; re-check so a server ignoring the filter cannot show other files.
      const annotations = (Array.isArray(list?.annotations) ? list.annotations : []).filter((a) => a.path === path);
      const titles = new Map<string, string>((Array.isArray(reports) ? reports : []).map((r: InsightReport) => [r.key, r.title || r.key]));
      headline.textContent = I18n.getText('yourcompany.insights.file.headline', annotations.length, path);
      if (annotations.length === 0) {
        frame.show(h('p', { class: 'yc-empty yc-insights-empty' }, I18n.getText('yourcompany.insights.file.empty')));
        return;
      }
      const links = { contextPath: contextPath(), repo, pullRequestId: context.pullRequest.id };
      const rows = sortWorstFirst(annotations).map((a) => findingRow(a, 'head', links));
      const byReport = new Map<string, number>();
      for (const a of annotations) byReport.set(a.reportKey, (byReport.get(a.reportKey) ?? 0) + 1);
      const counts = countAnnotations(annotations);
      frame.show(
        h('p', { class: 'yc-insights-counts' }, severityCounts(counts)),
        h(
          'ul',
          { class: 'yc-insights-file-reports', 'aria-label': I18n.getText('yourcompany.insights.reports.label') },
          [...byReport].map(([key, count]) => h('li', { 'data-report-key': key }, I18n.getText('yourcompany.insights.count', titles.get(key) ?? key, count))),
        ),
        findingsGrid(rows, I18n.getText('yourcompany.insights.file.grid', path), frame.disposables).element,
      );
    }), frame.fail);
  } catch (error) {
    frame.fail(error);
  }
  return frame.unmount;
}
