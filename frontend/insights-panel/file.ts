/**
 * "Insights for this file": the head commit's findings on the diff toolbar's file, and how many of them the
 * pull request introduced or fixed there. It reads the label's shared load (reports, annotations, merge base
 * and the PR diff, already on the page when the label has shown), so opening it costs no request; a per-file
 * diff (`…/diff/{path}`) would add one, and for a renamed file it needs the old path the toolbar does not give.
 */
import { contextPath, I18n } from 'yourcompany/host';
import type { BitbucketClient, InsightAnnotation } from 'yourcompany/rest';
import { countAnnotations, sortWorstFirst } from 'yourcompany/insights-model';
import { readDiff } from 'yourcompany/insights-compare';
import { h } from 'yourcompany/ui';
import { approximateNote } from 'yourcompany/ui-widgets';
import { changePathOf, compare, contextUnavailable, loadInsights, readContext, repoRefOf } from 'yourcompany/pr-summary';
import type { DiffToolbarContext, PullRequestInsights } from 'yourcompany/pr-summary';
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
    const repo = repoRefOf(context);
    loadInsights(context, deps, signal).then(frame.guard((data) => {
      if (signal.aborted) return;
      const annotations = data.head.annotations.filter((a) => a.path === path);
      const titles = new Map<string, string>(data.head.reports.map((r) => [r.key, r.title || r.key]));
      const comparison = compare(data);
      const compared = comparison.reports.filter((r) => r.status === 'compared');
      // The path this file had on the merge base (a rename), read the way the matcher reads the diff.
      const basePath = (data.diff.status === 'ok' ? readDiff(data.diff.diff)?.byHead.get(path)?.basePath : undefined) ?? path;
      const onFile = (list: readonly InsightAnnotation[], at: string) => list.filter((a) => a.path === at).length;
      const introduced = compared.reduce((sum, r) => sum + onFile(r.introduced, path), 0);
      const fixed = compared.reduce((sum, r) => sum + onFile(r.fixed, basePath), 0);
      headline.textContent = I18n.getText('yourcompany.insights.file.headline', annotations.length, path);
      const delta = compared.length ? h('p', { class: 'yc-insights-delta' }, I18n.getText('yourcompany.insights.file.delta', introduced, fixed)) : null;
      const note = approximateNote({
        files: comparison.approximateFiles.filter((file) => file === path || file === basePath),
        diff: comparison.diff,
        error: data.diff.status === 'error' ? data.diff.error : undefined,
      });
      if (annotations.length === 0) {
        frame.show(delta, note, h('p', { class: 'yc-empty yc-insights-empty' }, I18n.getText('yourcompany.insights.file.empty')));
        return;
      }
      const links = { contextPath: contextPath(), repo, pullRequestId: context.pullRequest.id };
      const rows = sortWorstFirst(annotations).map((a) => findingRow(a, 'head', links));
      const byReport = new Map<string, number>();
      for (const a of annotations) byReport.set(a.reportKey, (byReport.get(a.reportKey) ?? 0) + 1);
      frame.show(
        h('p', { class: 'yc-insights-counts' }, severityCounts(countAnnotations(annotations))),
        delta,
        note,
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
