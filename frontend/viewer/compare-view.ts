/**
 * The compare tab: the shown commit (new side) against a base commit — the pull request's merge base,
 * the commit's parent, or any picked commit — using insights-model's `compareReports`, the same matching
 * the PR insights panel uses. Lists introduced and fixed annotations under the current filters.
 */
import { I18n } from 'yourcompany/host';
import { auiMessage, h, render, spinner } from 'yourcompany/ui';
import { approximateNote, virtualList } from 'yourcompany/ui-widgets';
import { compareReports } from 'yourcompany/insights-model';
import type { ComparedReport, ReportComparison, ReportWithAnnotations } from 'yourcompany/insights-model';
import type { Commit, InsightAnnotation, InsightReport } from 'yourcompany/rest';
import { failure, firstLine, isAborted, resultLozenge, shortId } from './common';
import type { Tab, TabContext } from './common';
import { annotationCells, annotationHeader, openRow, ROW_HEIGHT } from './annotations-view';
import { compileQuery, prepareAnnotations, sortAnnotations } from './filter';
import type { AnnotationRow } from './filter';
import { settle } from './data';
import type { Scope } from './data';

export interface CompareDeps {
  scope: Scope;
  /** Commits of the scope, newest first (may be empty). */
  commits: Promise<Commit[]>;
}

export function withAnnotations(reports: readonly InsightReport[], annotations: readonly InsightAnnotation[]): ReportWithAnnotations[] {
  const byKey = new Map<string, InsightAnnotation[]>();
  for (const a of annotations) {
    const list = byKey.get(a.reportKey);
    if (list) list.push(a);
    else byKey.set(a.reportKey, [a]);
  }
  return reports.map((report) => ({ report, annotations: byKey.get(report.key) ?? [] }));
}

/** The default base: a PR's merge base, else the commit's first parent. */
async function defaultBase(ctx: TabContext, scope: Scope): Promise<{ id: string; why: 'mergebase' | 'parent' } | null> {
  if (scope.kind === 'pr') {
    const base = await ctx.data.mergeBase(ctx.repo, scope.id);
    if (base) return { id: base.id, why: 'mergebase' };
  }
  const commit = await ctx.data.commit(ctx.repo, ctx.commitId);
  const parent = commit.parents?.[0]?.id;
  return parent ? { id: parent, why: 'parent' } : null;
}

export function compareTab(ctx: TabContext, deps: CompareDeps): Tab {
  const element = h('div', { class: 'yc-compare', 'data-testid': 'viewer-compare' }, spinner());
  let view: { applyState(state: TabContext['state']): void; destroy(): void } | null = null;

  (async () => {
    const [commits, fallback] = await Promise.all([deps.commits.catch(() => [] as Commit[]), ctx.state.compare ? Promise.resolve(null) : defaultBase(ctx, deps.scope)]);
    const baseId = ctx.state.compare ?? fallback?.id;
    const picker = basePicker(ctx, commits, baseId);
    if (!baseId) {
      render(element, picker, auiMessage('info', I18n.getText('yourcompany.viewer.compare.nobase.title'), I18n.getText('yourcompany.viewer.compare.nobase.body')));
      return;
    }
    // The diff between exactly these two commits (base → shown), in parallel; without it matching is approximate.
    const [headReports, headList, baseReports, baseList, diff] = await Promise.all([
      ctx.data.reports(ctx.repo, ctx.commitId),
      ctx.data.annotations(ctx.repo, ctx.commitId),
      ctx.data.reports(ctx.repo, baseId),
      ctx.data.annotations(ctx.repo, baseId),
      settle(ctx.data.diff(ctx.repo, baseId, ctx.commitId)),
    ]);
    if (ctx.signal.aborted) return;
    if (!diff.ok && isAborted(diff.error, ctx.signal)) throw diff.error;
    const comparison = compareReports(withAnnotations(baseReports, baseList.annotations ?? []), withAnnotations(headReports, headList.annotations ?? []), diff.ok ? diff.value : undefined);
    const note = approximateNote({ files: comparison.approximateFiles, diff: comparison.diff, error: diff.ok ? undefined : diff.error });
    view = renderComparison(element, ctx, comparison, picker, baseId, fallback?.why, note);
  })().catch((error) => {
    if (!isAborted(error, ctx.signal)) render(element, failure(error, ctx.reload));
  });

  return { element, applyState: (state) => view?.applyState(state), destroy: () => view?.destroy() };
}

function basePicker(ctx: TabContext, commits: Commit[], baseId: string | undefined): HTMLElement {
  const options = commits.filter((c) => c.id !== ctx.commitId);
  const select = h(
    'select',
    { id: 'yc-compare-base', class: 'select', 'data-testid': 'compare-base', onchange: () => ctx.update({ compare: select.value || undefined }) },
    h('option', { value: '' }, I18n.getText('yourcompany.viewer.compare.default')),
    baseId && !options.some((c) => c.id === baseId) ? h('option', { value: baseId }, shortId(baseId)) : null,
    options.map((c) => h('option', { value: c.id }, `${c.displayId || shortId(c.id)} ${firstLine(c.message)}`)),
  ) as HTMLSelectElement;
  select.value = ctx.state.compare ?? '';
  return h('div', { class: 'aui yc-compare-picker' }, h('label', { for: 'yc-compare-base' }, I18n.getText('yourcompany.viewer.compare.base')), ' ', select);
}

type Entry = { status: 'introduced' | 'fixed'; row: AnnotationRow };

function renderComparison(
  element: HTMLElement,
  ctx: TabContext,
  comparison: ReportComparison,
  picker: HTMLElement,
  baseId: string,
  why: 'mergebase' | 'parent' | undefined,
  note: HTMLElement | null,
): { applyState(state: TabContext['state']): void; destroy(): void } {
  const compared = comparison.reports.filter((r) => r.status === 'compared');
  const introduced = prepareAnnotations(compared.flatMap((r) => r.introduced), comparison.reports.map((r) => r.head));
  const fixed = prepareAnnotations(
    compared.flatMap((r) => r.fixed),
    comparison.reports.map((r) => r.baseline).filter((r): r is InsightReport => r !== null),
  );
  const grid = virtualList<Entry>({
    items: [],
    rowHeight: ROW_HEIGHT,
    label: I18n.getText('yourcompany.viewer.compare.grid'),
    header: annotationHeader([h('div', { role: 'columnheader', class: 'yc-cell yc-cell-status' }, I18n.getText('yourcompany.viewer.column.change'))]),
    testId: 'compare-grid',
    renderRow: (entry) =>
      annotationCells({ ...ctx, commitId: entry.status === 'fixed' ? baseId : ctx.commitId }, entry.row, [
        h(
          'div',
          { role: 'gridcell', class: `yc-cell yc-cell-status yc-status-${entry.status}` },
          entry.status === 'introduced' ? I18n.getText('yourcompany.viewer.compare.introduced') : I18n.getText('yourcompany.viewer.compare.fixed'),
        ),
      ]),
    onActivate: (_entry, index) => openRow(grid as never, index),
  });
  const count = h('p', { class: 'yc-count', role: 'status', 'aria-live': 'polite', 'data-testid': 'compare-count' });

  const apply = (state: TabContext['state']): void => {
    const matches = compileQuery(state);
    const pick = (rows: AnnotationRow[]) => sortAnnotations(rows.filter(matches), state.sort);
    const shownIntroduced = pick(introduced);
    const shownFixed = pick(fixed);
    grid.setItems([...shownIntroduced.map((row) => ({ status: 'introduced' as const, row })), ...shownFixed.map((row) => ({ status: 'fixed' as const, row }))]);
    count.textContent = I18n.getText('yourcompany.viewer.compare.count', shownIntroduced.length, shownFixed.length);
  };

  const summaryRow = (report: ComparedReport) =>
    h(
      'tr',
      null,
      h('th', { scope: 'row' }, report.head.title || report.key),
      h('td', null, report.baseline ? resultLozenge(report.baseline.result) : h('span', { class: 'yc-muted' }, I18n.getText('yourcompany.viewer.compare.nobaseline')), ' → ', resultLozenge(report.head.result)),
      h('td', { class: 'yc-num' }, report.status === 'compared' ? report.introduced.length : '–'),
      h('td', { class: 'yc-num' }, report.status === 'compared' ? report.fixed.length : '–'),
      h('td', { class: 'yc-num' }, report.status === 'compared' ? report.unchanged.length : '–'),
    );
  render(
    element,
    picker,
    h(
      'p',
      { class: 'yc-muted', 'data-testid': 'compare-sides' },
      I18n.getText('yourcompany.viewer.compare.sides', shortId(baseId), shortId(ctx.commitId)),
      why === 'mergebase' ? ` ${I18n.getText('yourcompany.viewer.compare.why.mergebase')}` : why === 'parent' ? ` ${I18n.getText('yourcompany.viewer.compare.why.parent')}` : '',
    ),
    note,
    comparison.reports.length || comparison.removed.length
      ? h(
          'table',
          { class: 'aui yc-compare-summary', 'data-testid': 'compare-summary' },
          h('caption', { class: 'assistive' }, I18n.getText('yourcompany.viewer.compare.summary')),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, I18n.getText('yourcompany.viewer.column.report')),
              h('th', { scope: 'col' }, I18n.getText('yourcompany.viewer.column.result')),
              h('th', { scope: 'col', class: 'yc-num' }, I18n.getText('yourcompany.viewer.compare.introduced')),
              h('th', { scope: 'col', class: 'yc-num' }, I18n.getText('yourcompany.viewer.compare.fixed')),
              h('th', { scope: 'col', class: 'yc-num' }, I18n.getText('yourcompany.viewer.compare.unchanged')),
            ),
          ),
          h(
            'tbody',
            null,
            comparison.reports.map(summaryRow),
            comparison.removed.map((removed) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, removed.baseline.title || removed.key),
                h('td', { colspan: 4 }, I18n.getText('yourcompany.viewer.compare.removed', removed.annotations.length)),
              ),
            ),
          ),
        )
      : auiMessage('info', I18n.getText('yourcompany.viewer.compare.empty.title'), I18n.getText('yourcompany.viewer.compare.empty.body')),
    count,
    grid.element,
  );
  apply(ctx.state);
  return { applyState: apply, destroy: () => grid.destroy() };
}
