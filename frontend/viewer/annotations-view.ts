/**
 * The annotations tab: every annotation of every report of the commit (one request), filtered,
 * sorted and grouped in the browser, shown in a virtualised grid, exportable as CSV or SARIF.
 *
 * Speed: the first report's annotations are painted before the rest are indexed (in slices that leave
 * the page responsive); a keystroke filters at once through `AnnotationIndex` (narrowing the previous
 * answer) and refills the grid's recycled rows in place. Typing is debounced only for very large data.
 */
import { I18n } from 'yourcompany/host';
import { auiMessage, h, render, spinner } from 'yourcompany/ui';
import { virtualList } from 'yourcompany/ui-widgets';
import type { Child } from 'yourcompany/ui';
import type { VirtualList } from 'yourcompany/ui-widgets';
import { SEVERITIES, sourceHref, VIEWER_TYPES } from 'yourcompany/insights-model';
import type { SortOrder, ViewerState } from 'yourcompany/insights-model';
import type { AnnotationList, InsightAnnotation, InsightReport } from 'yourcompany/rest';
import { failure, isAborted, severityBadge, typeLabel, severityLabel } from './common';
import type { Tab, TabContext } from './common';
import { groupByFile } from './filter';
import type { AnnotationRow, ListEntry } from './filter';
import { AnnotationIndex } from './filter-index';
import { downloadText, exportFileName, toCsv, toSarif } from './export';
import type { ExportContext } from './export';

export const ROW_HEIGHT = 36;
/** The per-report cap Bitbucket applies by default (rest-contracts.md §5.3). */
export const ANNOTATIONS_PER_REPORT_CAP = 1000;
/** Rows indexed before the first paint: one report's worth at Bitbucket's per-report cap. */
export const FIRST_SLICE_ROWS = ANNOTATIONS_PER_REPORT_CAP;
/** Main-thread time one background indexing slice may take before yielding to the page. */
const SLICE_BUDGET_MS = 8;
/**
 * Beyond this many annotations typing is debounced (the fallback): a full scan then costs more than a
 * frame even on a fast machine. Bitbucket keeps at most 1000 per report, so that is 50 reports' worth.
 */
export const LARGE_DATA_ROWS = 50_000;
export const FALLBACK_DEBOUNCE_MS = 100;

/** How long to wait after a keystroke before filtering: 0 (at once) unless the data is very large. */
export function typingDelay(rows: number): number {
  return rows >= LARGE_DATA_ROWS ? FALLBACK_DEBOUNCE_MS : 0;
}

/** What the tab shows while more annotations can still arrive. */
interface LoadedTab {
  applyState(state: ViewerState): void;
  /** Another part of the commit's annotations arrived; `last` when none is outstanding any more. */
  add(list: AnnotationList, last: boolean): void;
  destroy(): void;
}

/**
 * The commit's annotations come in three parallel requests, one per severity, HIGH first: the default
 * order (severity first) can paint its top rows from the HIGH answer alone while MEDIUM and LOW stream in,
 * and no request is bigger than a third of the data. Each annotation is still read once.
 */
export function annotationsTab(ctx: TabContext): Tab {
  const element = h('div', { class: 'yc-annotations', 'data-testid': 'viewer-annotations' }, spinner());
  let active: LoadedTab | null = null;
  let pending: ViewerState | null = null;
  let failed = false;
  let reports: InsightReport[] | null = null;
  /** Parts in arrival order, and how many of them the tab has taken. */
  const received: AnnotationList[] = [];
  let taken = 0;
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    active?.destroy();
    active = null;
    if (!isAborted(error, ctx.signal)) render(element, failure(error, ctx.reload));
  };
  const show = (): void => {
    if (failed || ctx.signal.aborted || !reports) return;
    if (!active) {
      const done = received.length === parts.length;
      // Without reports only the complete answer can tell "nothing here" from "annotations without a report".
      if (!received.length || (!reports.length && !done)) return;
      taken = received.length;
      active = renderLoaded(element, ctx, reports, received.slice(), done);
      if (pending) active.applyState(pending);
      return;
    }
    while (taken < received.length) {
      taken++;
      active.add(received[taken - 1], taken === parts.length);
    }
  };
  // The small reports list first (rows show report titles), then the three parts, HIGH first.
  const reportsRead = ctx.data.reports(ctx.repo, ctx.commitId);
  const parts = SEVERITIES.map((severity) => ctx.data.annotationsOfSeverity(ctx.repo, ctx.commitId, severity));
  reportsRead.then((value) => {
    reports = value;
    show();
  }, fail);
  for (const part of parts) {
    part.then((list) => {
      received.push(list);
      show();
    }, fail);
  }
  return {
    element,
    applyState(state) {
      if (active) active.applyState(state);
      else pending = state;
    },
    destroy: () => active?.destroy(),
  };
}

let firstRenderMarked = false;

/**
 * `yc-viewer-first-render` / `yc-viewer-first-rows` once per page, when the first annotation rows are in
 * the DOM: the benchmark reads navigation → first rows and (with the launcher's `yc-viewer-hash-seen`)
 * hash seen → first rows.
 */
function markFirstRender(): void {
  if (firstRenderMarked || typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  firstRenderMarked = true;
  performance.mark('yc-viewer-first-render');
  performance.mark('yc-viewer-first-rows');
}

function sortValue(sort: SortOrder): string {
  return `${sort.descending ? '-' : ''}${sort.field}`;
}

function exportContext(ctx: TabContext): ExportContext {
  const repositoryUrl = `${ctx.baseUrl}/projects/${encodeURIComponent(ctx.repo.projectKey)}/repos/${encodeURIComponent(ctx.repo.repositorySlug)}`;
  const origin = ctx.baseUrl.slice(0, ctx.baseUrl.length - ctx.contextPath.length);
  return {
    projectKey: ctx.repo.projectKey,
    repositorySlug: ctx.repo.repositorySlug,
    commitId: ctx.commitId,
    branch: ctx.state.branch,
    repositoryUrl,
    sourceUrl: (row) => origin + rowHref(ctx, row),
  };
}

export function rowHref(ctx: Pick<TabContext, 'contextPath' | 'repo' | 'commitId'>, row: AnnotationRow): string {
  return sourceHref({ contextPath: ctx.contextPath, projectKey: ctx.repo.projectKey, repositorySlug: ctx.repo.repositorySlug, commitId: ctx.commitId, path: row.path, line: row.line });
}

type CellContext = Pick<TabContext, 'contextPath' | 'repo' | 'commitId'>;

function locationText(row: AnnotationRow): string {
  return row.path ? `${row.path}${row.line ? `:${row.line}` : ''}` : I18n.getText('yourcompany.viewer.annotations.nofile');
}

function pathContent(ctx: CellContext, row: AnnotationRow): Node {
  const location = locationText(row);
  return row.path ? h('a', { href: rowHref(ctx, row), class: 'yc-annotation-link', title: location, tabindex: -1 }, location) : h('span', { class: 'yc-muted' }, location);
}

function messageContent(row: AnnotationRow): Child[] {
  return [
    row.message,
    row.annotation.link
      ? h('a', { href: row.annotation.link, class: 'yc-annotation-details', target: '_blank', rel: 'noopener noreferrer', tabindex: -1 }, I18n.getText('yourcompany.viewer.annotations.details'))
      : null,
  ];
}

/** Cells of one annotation row in the grid (also used by the compare tab). */
export function annotationCells(ctx: CellContext, row: AnnotationRow, extra: Node[] = []): Node[] {
  return [
    ...extra,
    h('div', { role: 'gridcell', class: 'yc-cell yc-cell-severity' }, severityBadge(row.severity)),
    h('div', { role: 'gridcell', class: 'yc-cell yc-cell-type' }, typeLabel(row.type)),
    h('div', { role: 'gridcell', class: 'yc-cell yc-cell-report', title: row.reportKey }, row.reportTitle),
    h('div', { role: 'gridcell', class: 'yc-cell yc-cell-path' }, pathContent(ctx, row)),
    h('div', { role: 'gridcell', class: 'yc-cell yc-cell-message', title: row.message }, messageContent(row)),
  ];
}

/**
 * Makes the cells `annotationCells` built for `previous` show `row`, rebuilding only the cells whose
 * inputs differ (neighbouring findings often share severity, type, report or file). False when the
 * element does not hold those cells.
 */
export function patchAnnotationCells(ctx: CellContext, element: HTMLElement, row: AnnotationRow, previous: AnnotationRow): boolean {
  const cells = element.children;
  if (cells.length !== 5) return false;
  const [severity, type, report, path, message] = Array.from(cells) as HTMLElement[];
  if (row.severity !== previous.severity) render(severity, severityBadge(row.severity));
  if (row.type !== previous.type) type.textContent = typeLabel(row.type);
  if (row.reportKey !== previous.reportKey || row.reportTitle !== previous.reportTitle) {
    report.title = row.reportKey;
    report.textContent = row.reportTitle;
  }
  if (row.path !== previous.path || row.line !== previous.line) render(path, pathContent(ctx, row));
  if (row.message !== previous.message || row.annotation.link !== previous.annotation.link) {
    message.title = row.message;
    render(message, messageContent(row));
  }
  return true;
}

export function annotationHeader(extra: Node[] = []): Node[] {
  return [
    ...extra,
    h('div', { role: 'columnheader', class: 'yc-cell yc-cell-severity' }, I18n.getText('yourcompany.viewer.column.severity')),
    h('div', { role: 'columnheader', class: 'yc-cell yc-cell-type' }, I18n.getText('yourcompany.viewer.column.type')),
    h('div', { role: 'columnheader', class: 'yc-cell yc-cell-report' }, I18n.getText('yourcompany.viewer.column.report')),
    h('div', { role: 'columnheader', class: 'yc-cell yc-cell-path' }, I18n.getText('yourcompany.viewer.column.location')),
    h('div', { role: 'columnheader', class: 'yc-cell yc-cell-message' }, I18n.getText('yourcompany.viewer.column.message')),
  ];
}

/** Follows the row's source link (Enter on a row). */
export function openRow(list: VirtualList<unknown>, index: number): void {
  const link = list.element.querySelector<HTMLAnchorElement>(`[data-index="${index}"] a.yc-annotation-link`);
  link?.click();
}

function renderLoaded(element: HTMLElement, ctx: TabContext, reports: InsightReport[], lists: AnnotationList[], complete: boolean): LoadedTab {
  /** Every annotation received so far, in arrival order; `index` takes them in slices. */
  const annotations: InsightAnnotation[] = [];
  let totalCount = 0;
  let allArrived = complete;
  const receive = (list: AnnotationList): void => {
    const received = Array.isArray(list?.annotations) ? list.annotations : [];
    for (const annotation of received) annotations.push(annotation);
    totalCount += typeof list?.totalCount === 'number' ? list.totalCount : received.length;
  };
  lists.forEach(receive);
  const index = new AnnotationIndex();
  /** One list entry per row (at row.index), so an unchanged row keeps its entry and its grid row is left alone. */
  const entries: ListEntry[] = [];
  const indexSlice = (from: number, to: number): void => {
    // Rows are numbered in arrival order, so pushing keeps `entries` a dense array.
    for (const row of index.add(annotations.slice(from, to), reports)) entries.push({ kind: 'annotation', row });
  };
  const entriesOf = (rows: readonly AnnotationRow[]): ListEntry[] => {
    const out: ListEntry[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = entries[rows[i].index];
    return out;
  };
  const collapsed = new Set<string>();
  let state = ctx.state;
  let visible: readonly AnnotationRow[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let slicer: ReturnType<typeof setTimeout> | undefined;
  let destroyed = false;
  /** An indexing slice is waiting to run. */
  let scheduled = false;

  if (!reports.length && !annotations.length) {
    render(element, auiMessage('info', I18n.getText('yourcompany.viewer.annotations.noreports.title'), I18n.getText('yourcompany.viewer.annotations.noreports.body')));
    return { applyState: () => undefined, add: () => undefined, destroy: () => undefined };
  }

  const id = (name: string) => `yc-ann-${name}`;
  const reportSelect = h(
    'select',
    {
      id: id('report'),
      class: 'select',
      'data-testid': 'filter-report',
      onchange: () => ctx.update({ report: reportSelect.value ? [reportSelect.value] : [] }),
    },
    h('option', { value: '' }, I18n.getText('yourcompany.viewer.filter.allreports')),
    reports.map((r) => h('option', { value: r.key }, r.title || r.key)),
  ) as HTMLSelectElement;

  const checkboxGroup = (legend: string, name: 'severity' | 'type', values: readonly string[], label: (v: string) => string) =>
    h(
      'fieldset',
      { class: 'yc-filter-group', 'data-testid': `filter-${name}` },
      h('legend', null, legend),
      values.map((value) =>
        h(
          'label',
          { class: 'yc-check' },
          h('input', {
            type: 'checkbox',
            name,
            value,
            onchange: (event: Event) => {
              const group = (event.target as HTMLInputElement).closest('fieldset') as HTMLElement;
              const checked = [...group.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
              ctx.update({ [name]: checked } as Partial<ViewerState>);
            },
          }),
          ' ',
          label(value),
        ),
      ),
    );
  const severityGroup = checkboxGroup(I18n.getText('yourcompany.viewer.filter.severity'), 'severity', SEVERITIES, severityLabel);
  const typeGroup = checkboxGroup(I18n.getText('yourcompany.viewer.filter.type'), 'type', VIEWER_TYPES, typeLabel);

  const typed = (name: 'path' | 'q', input: HTMLInputElement) => () => {
    clearTimeout(timer);
    const apply = () => ctx.update({ [name]: input.value } as Partial<ViewerState>, { typing: true });
    const delay = typingDelay(annotations.length);
    if (delay) timer = setTimeout(apply, delay);
    else apply();
  };
  const pathInput = h('input', { id: id('path'), type: 'text', class: 'text', 'data-testid': 'filter-path', placeholder: I18n.getText('yourcompany.viewer.filter.path.placeholder'), autocomplete: 'off' }) as HTMLInputElement;
  pathInput.addEventListener('input', typed('path', pathInput));
  const textInput = h('input', { id: id('q'), type: 'search', class: 'text yc-filter-text', 'data-testid': 'filter-text', placeholder: I18n.getText('yourcompany.viewer.filter.text.placeholder'), autocomplete: 'off', 'aria-keyshortcuts': '/' }) as HTMLInputElement;
  textInput.addEventListener('input', typed('q', textInput));

  const sortSelect = h(
    'select',
    { id: id('sort'), class: 'select', 'data-testid': 'filter-sort', onchange: () => ctx.update({ sort: { field: sortSelect.value.replace(/^-/, '') as SortOrder['field'], descending: sortSelect.value.startsWith('-') } }) },
    h('option', { value: 'severity' }, I18n.getText('yourcompany.viewer.sort.severity')),
    h('option', { value: '-severity' }, I18n.getText('yourcompany.viewer.sort.severity.desc')),
    h('option', { value: 'path' }, I18n.getText('yourcompany.viewer.sort.path')),
    h('option', { value: '-path' }, I18n.getText('yourcompany.viewer.sort.path.desc')),
    h('option', { value: 'line' }, I18n.getText('yourcompany.viewer.sort.line')),
    h('option', { value: '-line' }, I18n.getText('yourcompany.viewer.sort.line.desc')),
    h('option', { value: 'report' }, I18n.getText('yourcompany.viewer.sort.report')),
    h('option', { value: '-report' }, I18n.getText('yourcompany.viewer.sort.report.desc')),
  ) as HTMLSelectElement;
  const groupBox = h('input', { id: id('group'), type: 'checkbox', 'data-testid': 'filter-group', onchange: () => ctx.update({ group: groupBox.checked ? 'file' : undefined }) }) as HTMLInputElement;

  const count = h('p', { class: 'yc-count', role: 'status', 'aria-live': 'polite', 'data-testid': 'annotation-count' });
  const exporter = exportContext(ctx);
  const exportReports = () => (state.report.length ? reports.filter((r) => state.report.includes(r.key)) : reports);
  const csvButton = h(
    'button',
    {
      type: 'button',
      class: 'aui-button',
      'data-testid': 'export-csv',
      onclick: () => downloadText(ctx.doc, exportFileName(exporter, 'csv'), toCsv(visible, exporter), 'text/csv;charset=utf-8'),
    },
    I18n.getText('yourcompany.viewer.export.csv'),
  );
  const sarifButton = h(
    'button',
    {
      type: 'button',
      class: 'aui-button',
      'data-testid': 'export-sarif',
      onclick: () => downloadText(ctx.doc, exportFileName(exporter, 'sarif'), `${JSON.stringify(toSarif(visible, exportReports(), exporter), null, 2)}\n`, 'application/sarif+json'),
    },
    I18n.getText('yourcompany.viewer.export.sarif'),
  );

  const grid = virtualList<ListEntry>({
    items: [],
    rowHeight: ROW_HEIGHT,
    label: I18n.getText('yourcompany.viewer.annotations.grid'),
    header: annotationHeader(),
    testId: 'annotation-grid',
    rowClass: (entry) => (entry.kind === 'file' ? 'yc-group-row' : undefined),
    renderRow: (entry) =>
      entry.kind === 'file'
        ? [
            h(
              'div',
              { role: 'gridcell', class: 'yc-cell yc-group-cell', 'aria-expanded': entry.collapsed ? 'false' : 'true' },
              h('span', { class: `yc-group-toggle${entry.collapsed ? ' yc-collapsed' : ''}`, 'aria-hidden': 'true' }),
              h('strong', null, entry.path || I18n.getText('yourcompany.viewer.annotations.nofile')),
              ' ',
              h(
                'span',
                { class: 'yc-muted' },
                I18n.getText('yourcompany.viewer.group.count', entry.count, entry.bySeverity[0], entry.bySeverity[1], entry.bySeverity[2]),
              ),
            ),
          ]
        : annotationCells(ctx, entry.row),
    updateRow: (rowElement, entry, previous) =>
      entry.kind === 'annotation' && previous.kind === 'annotation' && (entry.row === previous.row || patchAnnotationCells(ctx, rowElement, entry.row, previous.row)),
    onActivate: (entry, index) => {
      if (entry.kind === 'file') {
        if (collapsed.has(entry.path)) collapsed.delete(entry.path);
        else collapsed.add(entry.path);
        refresh();
        grid.setActive(index, { focus: true });
      } else openRow(grid as VirtualList<unknown>, index);
    },
  });

  /** Filled once every part arrived: both notices need the whole answer. */
  const notices = h('div', { class: 'yc-annotation-notices' });
  function showNotices(): void {
    const messages: HTMLElement[] = [];
    if (totalCount > annotations.length) {
      messages.push(auiMessage('warning', I18n.getText('yourcompany.viewer.annotations.truncated.title'), I18n.getText('yourcompany.viewer.annotations.truncated.body', annotations.length, totalCount)));
    }
    const perReport = new Map<string, number>();
    for (const annotation of annotations) {
      const key = String(annotation.reportKey ?? '');
      perReport.set(key, (perReport.get(key) ?? 0) + 1);
    }
    const capped = reports.filter((r) => (perReport.get(r.key) ?? 0) >= ANNOTATIONS_PER_REPORT_CAP);
    if (capped.length) {
      messages.push(
        auiMessage('info', I18n.getText('yourcompany.viewer.annotations.cap.title'), I18n.getText('yourcompany.viewer.annotations.cap.body', capped.map((r) => r.title || r.key).join(', '), ANNOTATIONS_PER_REPORT_CAP)),
      );
    }
    render(notices, messages);
  }
  const label = (forId: string, text: string) => h('label', { for: id(forId) }, text);
  render(
    element,
    notices,
    h(
      'form',
      { class: 'aui yc-filters', role: 'search', 'aria-label': I18n.getText('yourcompany.viewer.filter.label'), onsubmit: (event: Event) => event.preventDefault() },
      h('div', { class: 'yc-filter' }, label('q', I18n.getText('yourcompany.viewer.filter.text')), textInput),
      h('div', { class: 'yc-filter' }, label('path', I18n.getText('yourcompany.viewer.filter.path')), pathInput),
      h('div', { class: 'yc-filter' }, label('report', I18n.getText('yourcompany.viewer.filter.report')), reportSelect),
      severityGroup,
      typeGroup,
      h('div', { class: 'yc-filter' }, label('sort', I18n.getText('yourcompany.viewer.filter.sort')), sortSelect),
      h('div', { class: 'yc-filter yc-filter-inline' }, groupBox, ' ', label('group', I18n.getText('yourcompany.viewer.filter.group'))),
    ),
    h('div', { class: 'yc-annotations-bar' }, count, h('div', { class: 'aui-buttons' }, csvButton, sarifButton)),
    h('p', { class: 'yc-hint yc-muted' }, I18n.getText('yourcompany.viewer.annotations.keys')),
    grid.element,
  );

  function syncControls(): void {
    const setValue = (input: HTMLInputElement | HTMLSelectElement, value: string) => {
      if (input.value !== value && ctx.doc.activeElement !== input) input.value = value;
    };
    setValue(textInput, state.q);
    setValue(pathInput, state.path);
    reportSelect.value = state.report.length === 1 && reports.some((r) => r.key === state.report[0]) ? state.report[0] : '';
    sortSelect.value = sortValue(state.sort);
    groupBox.checked = state.group === 'file';
    for (const box of severityGroup.querySelectorAll<HTMLInputElement>('input')) box.checked = state.severity.includes(box.value as never);
    for (const box of typeGroup.querySelectorAll<HTMLInputElement>('input')) box.checked = state.type.includes(box.value as never);
  }

  function refresh(): void {
    const started = performance.now();
    const { rows } = index.filter(state, state.sort);
    const filterMs = performance.now() - started;
    visible = rows;
    // Read by the benchmark and the tests: raw filter time of the last refresh (ms) and the match count.
    element.setAttribute('data-filter-ms', filterMs.toFixed(3));
    element.setAttribute('data-visible-count', String(rows.length));
    grid.setItems(state.group === 'file' ? groupByFile(rows, collapsed) : entriesOf(rows));
    count.textContent = I18n.getText('yourcompany.viewer.annotations.count', rows.length, index.size);
    csvButton.toggleAttribute('disabled', rows.length === 0 || loading());
    sarifButton.toggleAttribute('disabled', rows.length === 0 || loading());
  }

  /** Whether annotations are still arriving or being indexed (exports and counts wait for all of them). */
  const loading = () => !allArrived || index.size < annotations.length;

  /** Indexes the remaining annotations in slices of about SLICE_BUDGET_MS, refreshing after each. */
  function indexRest(): void {
    slicer = undefined;
    scheduled = false;
    const started = performance.now();
    let sliceRows = FIRST_SLICE_ROWS;
    while (index.size < annotations.length && performance.now() - started < SLICE_BUDGET_MS) {
      const from = index.size;
      indexSlice(from, from + sliceRows);
      sliceRows *= 2;
    }
    refresh();
    if (index.size < annotations.length) {
      scheduled = true;
      slicer = setTimeout(indexRest, 0);
    } else if (allArrived) finish();
  }

  function finish(): void {
    count.removeAttribute('aria-busy');
    showNotices();
  }

  /** Runs `task` once the first rows had a chance to paint. */
  function afterPaint(task: () => void): void {
    scheduled = true;
    const view = ctx.doc.defaultView;
    if (view && typeof view.requestAnimationFrame === 'function') view.requestAnimationFrame(() => (destroyed ? undefined : (slicer = setTimeout(task, 0))));
    else slicer = setTimeout(task, 0);
  }

  indexSlice(0, FIRST_SLICE_ROWS);
  syncControls();
  refresh();
  markFirstRender();
  if (index.size < annotations.length) afterPaint(indexRest);
  if (loading()) count.setAttribute('aria-busy', 'true');
  else finish();
  return {
    add(list, last) {
      if (destroyed) return;
      receive(list);
      allArrived = last;
      // While a slice is scheduled it will take these rows too; otherwise index now (within the slice budget).
      if (!scheduled) indexRest();
    },
    applyState(next) {
      const filtersChanged = next !== state;
      state = next;
      if (!filtersChanged) return;
      syncControls();
      refresh();
    },
    destroy() {
      destroyed = true;
      clearTimeout(timer);
      clearTimeout(slicer);
      grid.destroy();
    },
  };
}
