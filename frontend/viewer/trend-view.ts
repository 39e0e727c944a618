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

/** Chart geometry in CSS pixels: drawn at the width it has, never scaled, so labels stay 11 px and unclipped. */
export const CHART_HEIGHT = 200;
export const CHART_FALLBACK_WIDTH = 640;
const CHART_MIN_WIDTH = 240;
/** Room for a 7-character commit label (11 px monospace-ish digits) centred on its point. */
const LABEL_WIDTH = 56;
const PAD = { left: 44, right: LABEL_WIDTH / 2 + 4, top: 12, bottom: 28 };

export interface ChartLayout {
  width: number;
  x(i: number): number;
  y(v: number): number;
  max: number;
  /** Indexes of the points that get an x-axis label (the newest always does). */
  labelled: number[];
}

/** Points spread evenly over the width; labels on as many points as fit without overlapping, the last always. */
export function chartLayout(pointCount: number, maxCount: number, width: number): ChartLayout {
  const w = Math.max(CHART_MIN_WIDTH, Math.floor(width));
  const inner = w - PAD.left - PAD.right;
  const spacing = pointCount <= 1 ? inner : inner / (pointCount - 1);
  const x = (i: number) => (pointCount <= 1 ? PAD.left + inner / 2 : PAD.left + i * spacing);
  const max = Math.max(1, maxCount);
  const y = (v: number) => PAD.top + (CHART_HEIGHT - PAD.top - PAD.bottom) * (1 - v / max);
  const step = Math.max(1, Math.ceil((LABEL_WIDTH + 4) / Math.max(1, spacing)));
  const labelled: number[] = [];
  const last = pointCount - 1;
  for (let i = last; i >= 0; i -= step) labelled.unshift(i);
  return { width: w, x, y, max, labelled };
}

export function trendChart(points: readonly TrendPoint[], series: readonly { key: string; title: string }[], options: { width?: number; active?: number } = {}): SVGSVGElement {
  const cells = series.map((s) => points.map((p) => trendCell(p, s.key)));
  const layout = chartLayout(points.length, Math.max(0, ...cells.flat().map((c) => c.count ?? 0)), options.width ?? CHART_FALLBACK_WIDTH);
  const { width, x, y, max } = layout;
  const active = options.active;
  const titleId = `yc-trend-title-${series.length}-${points.length}`;
  return h(
    'svg',
    { class: 'yc-trend-chart', width, height: CHART_HEIGHT, viewBox: `0 0 ${width} ${CHART_HEIGHT}`, role: 'img', 'aria-labelledby': titleId, 'data-width': width },
    h('title', { id: titleId }, I18n.getText('yourcompany.viewer.trend.chart', points.length, max)),
    h('line', { class: 'yc-trend-axis', x1: PAD.left, y1: y(0), x2: width - PAD.right, y2: y(0) }),
    h('line', { class: 'yc-trend-axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: y(0) }),
    h('text', { class: 'yc-trend-label', x: PAD.left - 6, y: y(max) + 4, 'text-anchor': 'end' }, String(max)),
    h('text', { class: 'yc-trend-label', x: PAD.left - 6, y: y(0) + 4, 'text-anchor': 'end' }, '0'),
    active !== undefined && points[active] ? h('line', { class: 'yc-trend-cursor', x1: x(active), y1: PAD.top, x2: x(active), y2: y(0) }) : null,
    // A tick under every point; a label (centred on its point) where it fits.
    points.map((_, i) => h('line', { class: 'yc-trend-tick', x1: x(i), y1: y(0), x2: x(i), y2: y(0) + 4 })),
    layout.labelled.map((i) =>
      h(
        'text',
        { class: `yc-trend-label yc-trend-xlabel${i === active ? ' yc-trend-xlabel-active' : ''}`, x: x(i), y: CHART_HEIGHT - 8, 'text-anchor': 'middle', 'data-index': i },
        shortId(points[i].commit.id).slice(0, 7),
      ),
    ),
    series.map((s, n) => {
      const known = cells[n].map((c, i) => ({ c, i })).filter(({ c }) => c.count !== null);
      return h(
        'g',
        { class: `yc-series yc-series-${n + 1}` },
        known.length > 1 ? h('polyline', { class: 'yc-trend-line', points: known.map(({ c, i }) => `${x(i)},${y(c.count ?? 0)}`).join(' ') }) : null,
        // Shape carries the result (square = failed, circle = passed), so colour is never the only cue.
        known.map(({ c, i }) =>
          c.result === 'FAIL'
            ? h('rect', { class: 'yc-trend-fail', x: x(i) - 4, y: y(c.count ?? 0) - 4, width: 8, height: 8, 'data-index': i })
            : h('circle', { class: 'yc-trend-pass', cx: x(i), cy: y(c.count ?? 0), r: 4, 'data-index': i }),
        ),
      );
    }),
  ) as unknown as SVGSVGElement;
}

/** What one point says, for the hover/focus readout. */
export function pointReadout(point: TrendPoint, series: readonly { key: string; title: string }[]): string {
  const parts = series.map((s) => {
    if (!point.reports) return I18n.getText('yourcompany.viewer.trend.readout.loading', s.title);
    const cell = trendCell(point, s.key);
    if (cell.result === 'NONE') return I18n.getText('yourcompany.viewer.trend.readout.none', s.title);
    const result = cell.result === 'FAIL' ? I18n.getText('yourcompany.viewer.result.fail') : cell.result === 'PASS' ? I18n.getText('yourcompany.viewer.result.pass') : I18n.getText('yourcompany.viewer.result.pending');
    return cell.count === null ? I18n.getText('yourcompany.viewer.trend.readout.result', s.title, result) : I18n.getText('yourcompany.viewer.trend.readout.counts', s.title, result, cell.count, cell.high);
  });
  return I18n.getText('yourcompany.viewer.trend.readout', point.commit.displayId || shortId(point.commit.id), firstLine(point.commit.message), parts.join('; '));
}

/**
 * The chart with its interaction: it takes the width of its container (and follows resizes), the pointer
 * or the keyboard (←/→, Home/End on the focused chart, a slider over the commits) picks a point, and a
 * readout under the chart says what that point is.
 */
function interactiveChart(doc: Document): { element: HTMLElement; update(points: readonly TrendPoint[], series: readonly { key: string; title: string }[]): void; destroy(): void } {
  let points: readonly TrendPoint[] = [];
  let series: readonly { key: string; title: string }[] = [];
  let active: number | undefined;
  let width = 0;
  const readout = h('p', { class: 'yc-trend-readout', 'aria-live': 'polite', 'data-testid': 'trend-readout' });
  const frame = h('div', {
    class: 'yc-trend-frame',
    role: 'slider',
    tabindex: 0,
    'aria-label': I18n.getText('yourcompany.viewer.trend.slider'),
    'aria-valuemin': 1,
    'data-testid': 'trend-chart',
  });
  const element = h('div', { class: 'yc-trend-chart-box' }, frame, readout);

  const measure = (): number => Math.floor(element.clientWidth || element.getBoundingClientRect?.().width || 0) || CHART_FALLBACK_WIDTH;

  function draw(): void {
    width = measure();
    render(frame, trendChart(points, series, { width, active }));
    frame.setAttribute('aria-valuemax', String(Math.max(1, points.length)));
    if (active !== undefined && points[active]) {
      const text = pointReadout(points[active], series);
      frame.setAttribute('aria-valuenow', String(active + 1));
      frame.setAttribute('aria-valuetext', text);
      readout.textContent = text;
    } else {
      frame.setAttribute('aria-valuenow', String(Math.max(1, points.length)));
      frame.removeAttribute('aria-valuetext');
      readout.textContent = points.length ? I18n.getText('yourcompany.viewer.trend.readout.hint') : '';
    }
  }

  function pick(index: number | undefined): void {
    const next = index === undefined ? undefined : Math.max(0, Math.min(points.length - 1, index));
    if (next === active) return;
    active = next;
    draw();
  }

  function indexAt(clientX: number): number | undefined {
    const svg = frame.querySelector('svg');
    if (!svg || !points.length) return undefined;
    const box = svg.getBoundingClientRect();
    const layout = chartLayout(points.length, 1, width);
    const px = clientX - box.left;
    let best = 0;
    for (let i = 1; i < points.length; i++) if (Math.abs(layout.x(i) - px) < Math.abs(layout.x(best) - px)) best = i;
    return best;
  }

  frame.addEventListener('mousemove', (event) => pick(indexAt((event as MouseEvent).clientX)));
  frame.addEventListener('mouseleave', () => {
    if (doc.activeElement !== frame) pick(undefined);
  });
  frame.addEventListener('focus', () => {
    if (active === undefined) pick(points.length - 1);
  });
  frame.addEventListener('blur', () => pick(undefined));
  frame.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    const current = active ?? points.length - 1;
    const moves: Record<string, number> = { ArrowLeft: current - 1, ArrowDown: current - 1, ArrowRight: current + 1, ArrowUp: current + 1, Home: 0, End: points.length - 1 };
    if (!(key in moves)) return;
    event.preventDefault();
    pick(moves[key]);
  });

  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => {
    if (points.length && measure() !== width) draw();
  }) : null;
  observer?.observe(element);

  return {
    element,
    update(nextPoints, nextSeries) {
      points = nextPoints;
      series = nextSeries;
      if (active !== undefined && active >= points.length) active = undefined;
      draw();
    },
    destroy() {
      observer?.disconnect();
    },
  };
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
  const chart = interactiveChart(ctx.doc);
  commits.then(
    (list) => {
      if (ctx.signal.aborted) return;
      if (!list.length) {
        render(element, auiMessage('info', I18n.getText('yourcompany.viewer.trend.nocommits.title'), I18n.getText('yourcompany.viewer.trend.nocommits.body')));
        return;
      }
      const points: TrendPoint[] = [...list].reverse().map((commit) => ({ commit }));
      const ids = points.map((p) => p.commit.id);
      const chartSlot = h('div', { class: 'yc-trend-chart-slot' });
      const tableSlot = h('div');
      render(element, chartSlot, tableSlot);
      const draw = (): void => {
        frame = undefined;
        const series = trendSeries(points);
        // The chart element is kept across redraws so focus, the picked point and the resize observer survive.
        if (series.length) {
          if (chartSlot.firstChild !== chart.element) render(chartSlot, chart.element);
          chart.update(points, series);
        } else {
          render(chartSlot, points.every((p) => p.reports) ? auiMessage('info', I18n.getText('yourcompany.viewer.trend.empty.title'), I18n.getText('yourcompany.viewer.trend.empty.body')) : spinner());
        }
        render(tableSlot, trendTable(points, series, (commitId) => ctx.update({ commit: commitId, tab: 'reports' })));
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
  return {
    element,
    destroy: () => {
      clearTimeout(frame);
      chart.destroy();
    },
  };
}
