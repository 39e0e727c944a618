/**
 * The trend tab: for the scope's recent commits (oldest → newest), each report's result and annotation
 * count, as a small inline SVG chart (built with h()) plus the same data as a table for screen readers
 * and exact numbers. Commits load `COMMIT_CONCURRENCY` at a time and the view fills in as they arrive.
 */
import { I18n } from 'yourcompany/host';
import { auiMessage, h, render, spinner } from 'yourcompany/ui';
import type { AnnotationList, Commit, InsightReport } from 'yourcompany/rest';
import { failure, firstLine, isAborted, resultLozenge, shortId } from './common';
import type { Tab, TabContext } from './common';
import { COMMIT_CONCURRENCY, mapLimit, settle } from './data';
import type { Scope, Settled } from './data';

export const MAX_SERIES = 8;

export interface TrendPoint {
  commit: Commit;
  /** undefined while loading. */
  reports?: Settled<InsightReport[]>;
  annotations?: Settled<AnnotationList>;
}

export interface TrendCell {
  result: InsightReport['result'] | 'NONE';
  /** null when the commit has no such report or its annotations could not be read. */
  count: number | null;
  high: number;
}

/** Report keys in order of first appearance (newest commits first), capped at `MAX_SERIES`. */
export function trendSeries(points: readonly TrendPoint[]): { key: string; title: string }[] {
  const seen = new Map<string, string>();
  for (const point of [...points].reverse()) {
    if (point.reports?.ok) for (const r of point.reports.value) if (!seen.has(r.key)) seen.set(r.key, r.title || r.key);
  }
  return [...seen].slice(0, MAX_SERIES).map(([key, title]) => ({ key, title }));
}

export function trendCell(point: TrendPoint, key: string): TrendCell {
  const report = point.reports?.ok ? point.reports.value.find((r) => r.key === key) : undefined;
  if (!report) return { result: 'NONE', count: null, high: 0 };
  if (!point.annotations?.ok) return { result: report.result, count: null, high: 0 };
  let count = 0;
  let high = 0;
  for (const a of point.annotations.value.annotations ?? []) {
    if (a.reportKey !== key) continue;
    count++;
    if (a.severity === 'HIGH') high++;
  }
  return { result: report.result, count, high };
}

export function trendChart(points: readonly TrendPoint[], series: readonly { key: string; title: string }[]): HTMLElement {
  const width = 640;
  const height = 200;
  const pad = { left: 40, right: 12, top: 12, bottom: 24 };
  const cells = series.map((s) => points.map((p) => trendCell(p, s.key)));
  const max = Math.max(1, ...cells.flat().map((c) => c.count ?? 0));
  const x = (i: number) => pad.left + (points.length <= 1 ? 0 : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const titleId = `yc-trend-title-${series.length}-${points.length}`;
  return h(
    'svg',
    { class: 'yc-trend-chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, preserveAspectRatio: 'xMidYMid meet' },
    h('title', { id: titleId }, I18n.getText('yourcompany.viewer.trend.chart', points.length, max)),
    h('line', { class: 'yc-trend-axis', x1: pad.left, y1: y(0), x2: width - pad.right, y2: y(0) }),
    h('line', { class: 'yc-trend-axis', x1: pad.left, y1: pad.top, x2: pad.left, y2: y(0) }),
    h('text', { class: 'yc-trend-label', x: pad.left - 6, y: y(max) + 4, 'text-anchor': 'end' }, String(max)),
    h('text', { class: 'yc-trend-label', x: pad.left - 6, y: y(0) + 4, 'text-anchor': 'end' }, '0'),
    points.map((p, i) => h('text', { class: 'yc-trend-label', x: x(i), y: height - 6, 'text-anchor': 'middle' }, i === 0 || i === points.length - 1 ? shortId(p.commit.id).slice(0, 7) : '')),
    series.map((s, n) => {
      const known = cells[n].map((c, i) => ({ c, i })).filter(({ c }) => c.count !== null);
      return h(
        'g',
        { class: `yc-series yc-series-${n + 1}` },
        known.length > 1 ? h('polyline', { class: 'yc-trend-line', points: known.map(({ c, i }) => `${x(i)},${y(c.count ?? 0)}`).join(' ') }) : null,
        // Shape carries the result (square = failed, circle = passed), so colour is never the only cue.
        known.map(({ c, i }) =>
          c.result === 'FAIL'
            ? h('rect', { class: 'yc-trend-fail', x: x(i) - 4, y: y(c.count ?? 0) - 4, width: 8, height: 8 })
            : h('circle', { class: 'yc-trend-pass', cx: x(i), cy: y(c.count ?? 0), r: 4 }),
        ),
      );
    }),
  );
}

function trendTable(points: readonly TrendPoint[], series: readonly { key: string; title: string }[], onPick: (commitId: string) => void): HTMLElement {
  return h(
    'table',
    { class: 'aui yc-trend-table', 'data-testid': 'trend-table' },
    h('caption', null, I18n.getText('yourcompany.viewer.trend.table')),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, I18n.getText('yourcompany.viewer.column.commit')),
        series.map((s, n) => h('th', { scope: 'col' }, h('span', { class: `yc-legend yc-series-${n + 1}`, 'aria-hidden': 'true' }), s.title)),
      ),
    ),
    h(
      'tbody',
      null,
      [...points].reverse().map((point) =>
        h(
          'tr',
          null,
          h(
            'th',
            { scope: 'row' },
            h('button', { type: 'button', class: 'aui-button aui-button-link', onclick: () => onPick(point.commit.id) }, point.commit.displayId || shortId(point.commit.id)),
            ' ',
            h('span', { class: 'yc-muted' }, firstLine(point.commit.message)),
          ),
          series.map((s) => {
            if (!point.reports) return h('td', { class: 'yc-muted' }, '…');
            if (!point.reports.ok) return h('td', { class: 'yc-muted' }, I18n.getText('yourcompany.viewer.trend.error'));
            const cell = trendCell(point, s.key);
            if (cell.result === 'NONE') return h('td', { class: 'yc-muted' }, I18n.getText('yourcompany.viewer.trend.none'));
            return h(
              'td',
              null,
              resultLozenge(cell.result),
              ' ',
              cell.count === null ? (point.annotations ? I18n.getText('yourcompany.viewer.trend.error') : '…') : I18n.getText('yourcompany.viewer.trend.count', cell.count, cell.high),
            );
          }),
        ),
      ),
    ),
  );
}

export function trendTab(ctx: TabContext, scope: Scope, commits: Promise<Commit[]>): Tab {
  const element = h('div', { class: 'yc-trend', 'data-testid': 'viewer-trend' }, spinner());
  if (scope.kind === 'none') {
    render(element, auiMessage('info', I18n.getText('yourcompany.viewer.trend.noscope.title'), I18n.getText('yourcompany.viewer.trend.noscope.body')));
    return { element };
  }
  let frame: ReturnType<typeof setTimeout> | undefined;
  commits.then(
    (list) => {
      if (ctx.signal.aborted) return;
      if (!list.length) {
        render(element, auiMessage('info', I18n.getText('yourcompany.viewer.trend.nocommits.title'), I18n.getText('yourcompany.viewer.trend.nocommits.body')));
        return;
      }
      const points: TrendPoint[] = [...list].reverse().map((commit) => ({ commit }));
      const ids = points.map((p) => p.commit.id);
      const draw = (): void => {
        frame = undefined;
        const series = trendSeries(points);
        render(
          element,
          series.length ? trendChart(points, series) : points.every((p) => p.reports) ? auiMessage('info', I18n.getText('yourcompany.viewer.trend.empty.title'), I18n.getText('yourcompany.viewer.trend.empty.body')) : spinner(),
          trendTable(points, series, (commitId) => ctx.update({ commit: commitId, tab: 'reports' })),
        );
      };
      const schedule = () => {
        if (!frame) frame = setTimeout(draw, 50);
      };
      draw();
      // Per commit: its reports, then (only when it has some) its annotations; 4 commits at a time.
      void mapLimit(ids, COMMIT_CONCURRENCY, async (commitId, index) => {
        const reports = await settle(ctx.data.reports(ctx.repo, commitId));
        if (ctx.signal.aborted) return;
        points[index].reports = reports;
        schedule();
        points[index].annotations = reports.ok && reports.value.length ? await settle(ctx.data.annotations(ctx.repo, commitId)) : { ok: true, value: { annotations: [] } };
        if (!ctx.signal.aborted) schedule();
      });
    },
    (error) => {
      if (!isAborted(error, ctx.signal)) render(element, failure(error, ctx.reload));
    },
  );
  return { element, destroy: () => clearTimeout(frame) };
}
