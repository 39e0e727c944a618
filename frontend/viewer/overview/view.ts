/**
 * The overview scope: filters, a progress bar, the matrix (a virtualised ARIA grid: ↑/↓ rows, ←/→ cells,
 * Enter or a click opens the cell's repository and commit), the column chooser, CSV export, refresh, and the
 * repositories without reports apart. State lives in the URL (project, q, branch, report, result, hide, sort);
 * changing project, name filter or branch cancels the running load and starts another (cached rows come back
 * after one tip read each); a sort or filter only asks the running load for what it needs of every row.
 */
import { I18n } from 'yourcompany/host';
import { auiMessage, button, h, lozenge, render } from 'yourcompany/ui';
import { virtualList } from 'yourcompany/ui-widgets';
import type { VirtualList } from 'yourcompany/ui-widgets';
import type { BitbucketClient } from 'yourcompany/rest';
import { formatDataField, formatDuration, OVERVIEW_RESULTS } from 'yourcompany/insights-model';
import type { OverviewResult, ViewerState } from 'yourcompany/insights-model';
import { failure } from '../common';
import { downloadText } from '../export';
import { overviewCsvParts, overviewFileName } from './csv';
import { OverviewCache } from './cache';
import { loadOverview, STALE_DEPTH } from './loader';
import type { Need, OverviewLoad, OverviewScope } from './loader';
import { buildMatrix, failingCount, FACT_COLUMNS, isSortColumn, REPORT_COLUMN_PREFIX, reportColumns, visibleColumns } from './model';
import type { FactColumn, Matrix, OverviewColumn, OverviewEntry, ReportCell } from './model';

export interface OverviewOptions {
  client: BitbucketClient;
  doc: Document;
  cache: OverviewCache;
  /** Applies a state change through the app (URL, history). */
  update(patch: Partial<ViewerState>): void;
  now?: () => number;
}

export interface OverviewView {
  element: HTMLElement;
  applyState(state: ViewerState): void;
  destroy(): void;
}

type Entry = OverviewEntry & { index: number };

const ROW_HEIGHT = 40;
let gridSequence = 0;
const FACT_WIDTHS: Record<FactColumn, number> = { project: 96, repository: 180, branch: 120, age: 84, failing: 72, high: 64, medium: 72, low: 56, data: 84 };
const REPORT_WIDTH = 196;
/** Re-render at most this often while rows stream in (and at most one render's cost in five: 50,000 rows). */
const RENDER_INTERVAL_MS = 150;
const RENDER_SHARE = 5;
/** One slow render (a GC, a busy machine) must not hold the rows in view back for long. */
const MAX_RENDER_INTERVAL_MS = 1000;

function factLabel(column: FactColumn): string {
  switch (column) {
    case 'project':
      return I18n.getText('yourcompany.viewer.overview.column.project');
    case 'repository':
      return I18n.getText('yourcompany.viewer.overview.column.repository');
    case 'branch':
      return I18n.getText('yourcompany.viewer.overview.column.branch');
    case 'age':
      return I18n.getText('yourcompany.viewer.overview.column.age');
    case 'failing':
      return I18n.getText('yourcompany.viewer.overview.column.failing');
    case 'data':
      return I18n.getText('yourcompany.viewer.overview.column.data');
    case 'high':
      return I18n.getText('yourcompany.insightsmodel.severity.high');
    case 'medium':
      return I18n.getText('yourcompany.insightsmodel.severity.medium');
    default:
      return I18n.getText('yourcompany.insightsmodel.severity.low');
  }
}

function resultLabel(result: OverviewResult): string {
  return result === 'FAIL'
    ? I18n.getText('yourcompany.viewer.overview.result.fail')
    : result === 'PASS'
      ? I18n.getText('yourcompany.viewer.overview.result.pass')
      : I18n.getText('yourcompany.viewer.overview.result.none');
}

/** `performance.mark(name)` once per page: the benchmark reads navigation → first rows / all rows from them. */
const marked = new Set<string>();
function markOnce(name: string): void {
  if (marked.has(name) || typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  marked.add(name);
  performance.mark(name);
}

function count(n: number): string {
  try {
    return new Intl.NumberFormat().format(n);
  } catch {
    return String(n);
  }
}

export function createOverview(initial: ViewerState, options: OverviewOptions): OverviewView {
  const { doc, cache } = options;
  const now = options.now ?? Date.now;
  let state = initial;
  let entries: Entry[] = [];
  let listComplete = false;
  let listFailed = false;
  let load: OverviewLoad | null = null;
  let matrix: Matrix = { rows: [], withoutReports: [], total: 0, loaded: 0 };
  let allColumns: OverviewColumn[] = [];
  let columns: OverviewColumn[] = [];
  /** Report columns beyond the default set that the user chose to show (session only). */
  const shown = new Set<string>();
  let grid: VirtualList<Entry> | null = null;
  let gridColumnsKey = '';
  let apartList: VirtualList<Entry> | null = null;
  let activeColumn = 0;
  let renderTimer: ReturnType<typeof setTimeout> | undefined;
  /** Entry indexes of the rows in view (read first, and the only ones whose lazy cells are read unless a sort or filter needs all). */
  let inView: number[] = [];
  let renderCost = 0;
  let loadStarted = 0;
  let destroyed = false;
  let scrollFrame = 0;

  // ---- static parts ------------------------------------------------------------------------

  const progress = h('progress', { class: 'yc-overview-progress-bar', max: 1, value: 0, 'aria-labelledby': 'yc-overview-progress-text' }) as HTMLProgressElement;
  const progressText = h('span', { id: 'yc-overview-progress-text', 'data-testid': 'overview-progress-text' });
  const progressBox = h('div', { class: 'yc-overview-progress', 'data-testid': 'overview-progress' }, progress, progressText);
  // Announced once per load, when it completes; the moving bar itself is not a live region (it would chatter).
  const announce = h('p', { class: 'assistive', role: 'status', 'aria-live': 'polite', 'data-testid': 'overview-status' });
  const listError = h('div', { 'data-testid': 'overview-error' });
  const gridHost = h('div', { class: 'yc-overview-grid-host' });
  const summary = h('p', { class: 'yc-count', 'data-testid': 'overview-count' });
  const pending = h('p', { class: 'yc-muted', 'data-testid': 'overview-pending' });
  const apartHeading = h('h3', { id: 'yc-overview-apart-title', class: 'yc-overview-apart-title' });
  const apartHost = h('div', { class: 'yc-overview-apart-host' });
  const apartSection = h('section', { class: 'yc-overview-apart', 'aria-labelledby': 'yc-overview-apart-title', 'data-testid': 'overview-without-reports' }, apartHeading, apartHost);
  const filters = h('form', {
    class: 'aui yc-overview-filters',
    role: 'search',
    'aria-label': I18n.getText('yourcompany.viewer.overview.filters'),
    onsubmit: (e: Event) => e.preventDefault(),
    onfocusout: (e: Event) => {
      if (!filters.contains((e as FocusEvent).relatedTarget as Node | null)) scheduleRender(true);
    },
  });
  const element = h(
    'section',
    { class: 'yc-overview', 'aria-labelledby': 'yc-overview-title', 'data-testid': 'overview' },
    h('h2', { id: 'yc-overview-title', class: 'yc-overview-title' }, I18n.getText('yourcompany.viewer.overview.title')),
    filters,
    progressBox,
    announce,
    listError,
    summary,
    pending,
    gridHost,
    apartSection,
  );

  function scopeOf(s: ViewerState): OverviewScope {
    return { project: s.project, q: s.q, branch: s.branch };
  }

  function sameScope(a: OverviewScope, b: OverviewScope): boolean {
    return (a.project ?? '').toUpperCase() === (b.project ?? '').toUpperCase() && a.q === b.q && (a.branch ?? '') === (b.branch ?? '');
  }

  function patch(change: Partial<ViewerState>): void {
    options.update({ scope: 'overview', ...change });
  }

  // ---- filters --------------------------------------------------------------------------------

  function renderFilters(): void {
    // Every project listed in this page session, so one project's view still offers the others.
    const projects = [...cache.projects.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (state.project && !projects.some(([key]) => key.toUpperCase() === state.project!.toUpperCase())) projects.unshift([state.project, state.project]);
    const projectSelect = h(
      'select',
      { id: 'yc-overview-project', class: 'select', 'data-testid': 'overview-project', onchange: (e: Event) => patch({ project: (e.target as HTMLSelectElement).value || undefined }) },
      h('option', { value: '' }, I18n.getText('yourcompany.viewer.overview.project.all')),
      projects.map(([key, name]) => h('option', { value: key }, name && name !== key ? `${name} (${key})` : key)),
    ) as HTMLSelectElement;
    projectSelect.value = projects.find(([key]) => key.toUpperCase() === (state.project ?? '').toUpperCase())?.[0] ?? '';

    const nameInput = h('input', {
      id: 'yc-overview-q',
      type: 'search',
      class: 'text',
      value: state.q,
      autocomplete: 'off',
      placeholder: I18n.getText('yourcompany.viewer.overview.q.placeholder'),
      'data-testid': 'overview-q',
    }) as HTMLInputElement;
    let timer: ReturnType<typeof setTimeout> | undefined;
    nameInput.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => patch({ q: nameInput.value.trim() }), 300);
    });

    const reportSelect = h(
      'select',
      { id: 'yc-overview-report', class: 'select', 'data-testid': 'overview-report', onchange: (e: Event) => patch({ report: (e.target as HTMLSelectElement).value ? [(e.target as HTMLSelectElement).value] : [] }) },
      h('option', { value: '' }, I18n.getText('yourcompany.viewer.overview.report.all')),
      allColumns.map((c) => h('option', { value: c.key }, c.title === c.key ? c.key : `${c.title} (${c.key})`)),
      state.report.filter((key) => !allColumns.some((c) => c.key === key)).map((key) => h('option', { value: key }, key)),
    ) as HTMLSelectElement;
    reportSelect.value = state.report[0] ?? '';

    const resultSelect = h(
      'select',
      { id: 'yc-overview-result', class: 'select', 'data-testid': 'overview-result', onchange: (e: Event) => patch({ result: ((e.target as HTMLSelectElement).value || undefined) as OverviewResult | undefined }) },
      h('option', { value: '' }, I18n.getText('yourcompany.viewer.overview.result.any')),
      OVERVIEW_RESULTS.map((r) => h('option', { value: r }, resultLabel(r))),
    ) as HTMLSelectElement;
    resultSelect.value = state.result ?? '';

    const branchInput = h('input', {
      id: 'yc-overview-branch',
      type: 'text',
      class: 'text',
      value: state.branch ?? '',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: I18n.getText('yourcompany.viewer.overview.branch.placeholder'),
      'data-testid': 'overview-branch',
    }) as HTMLInputElement;
    branchInput.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      patch({ branch: branchInput.value.trim() || undefined });
    });
    branchInput.addEventListener('change', () => patch({ branch: branchInput.value.trim() || undefined }));

    const field = (id: string, label: string, control: HTMLElement) => h('div', { class: 'yc-field' }, h('label', { for: id }, label), control);
    render(
      filters,
      field('yc-overview-project', I18n.getText('yourcompany.viewer.overview.project'), projectSelect),
      field('yc-overview-q', I18n.getText('yourcompany.viewer.overview.q'), nameInput),
      field('yc-overview-branch', I18n.getText('yourcompany.viewer.overview.branch'), branchInput),
      field('yc-overview-report', I18n.getText('yourcompany.viewer.overview.report'), reportSelect),
      field('yc-overview-result', I18n.getText('yourcompany.viewer.overview.result'), resultSelect),
      columnChooser(),
      h(
        'div',
        { class: 'yc-overview-actions' },
        button(I18n.getText('yourcompany.viewer.overview.refresh'), () => refresh(), { testId: 'overview-refresh' }),
        button(I18n.getText('yourcompany.viewer.overview.export'), () => void exportCsv(), { testId: 'overview-export' }),
        button(cache.persistent ? I18n.getText('yourcompany.viewer.overview.cache.clear') : I18n.getText('yourcompany.viewer.overview.cache.clear.session'), () => void clearCache(), { testId: 'overview-clear-cache' }),
      ),
    );
  }

  function columnChooser(): HTMLElement {
    const hiddenCount = allColumns.filter((c) => !columns.some((v) => v.key === c.key)).length;
    const details = h(
      'details',
      { class: 'yc-overview-columns', 'data-testid': 'overview-columns' },
      h('summary', { class: 'aui-button' }, I18n.getText('yourcompany.viewer.overview.columns', allColumns.length - hiddenCount, allColumns.length)),
      h(
        'fieldset',
        { class: 'group' },
        h('legend', null, h('span', null, I18n.getText('yourcompany.viewer.overview.columns.legend'))),
        allColumns.map((column, i) => {
          const visible = columns.some((c) => c.key === column.key);
          const id = `yc-overview-col-${i}`;
          return h(
            'div',
            { class: 'checkbox' },
            h('input', {
              id,
              type: 'checkbox',
              class: 'checkbox',
              checked: visible,
              disabled: state.report.length > 0,
              'data-column': column.key,
              onchange: (e: Event) => toggleColumn(column.key, (e.target as HTMLInputElement).checked),
            }),
            h('label', { for: id }, `${column.title} (${count(column.count)})`),
          );
        }),
      ),
    ) as HTMLDetailsElement;
    return details;
  }

  function toggleColumn(key: string, visible: boolean): void {
    if (visible) {
      shown.add(key);
      patch({ hide: state.hide.filter((k) => k !== key) });
    } else {
      shown.delete(key);
      patch({ hide: [...state.hide, key] });
    }
    // Re-open the chooser the re-render closed, and keep focus on the same checkbox.
    const details = filters.querySelector<HTMLDetailsElement>('.yc-overview-columns');
    if (details) {
      details.open = true;
      [...filters.querySelectorAll<HTMLInputElement>('input[data-column]')].find((input) => input.getAttribute('data-column') === key)?.focus();
    }
  }

  // ---- loading ------------------------------------------------------------------------------

  function startLoad(): void {
    load?.cancel();
    entries = [];
    listComplete = false;
    listFailed = false;
    inView = [];
    loadStarted = now();
    render(listError);
    const scope = scopeOf(state);
    load = loadOverview(options.client, scope, cache, {
      onRepos(repos, complete) {
        for (let i = entries.length; i < repos.length; i++) entries.push({ repo: repos[i], index: i, facts: undefined });
        listComplete = complete;
        scheduleRender(true);
      },
      onFacts(index, facts) {
        // A new object: the grid re-renders a row only when its item changes identity.
        if (entries[index]) entries[index] = { ...entries[index], facts };
        scheduleRender(false);
      },
      onListError(error) {
        listFailed = true;
        render(listError, failure(error, () => startLoad()));
        renderNow();
      },
      demand: () => ({ view: inView, all: sortFilterNeeds(), reportKeys: state.report }),
    });
    element.setAttribute('data-loading', 'true');
    const current = load;
    current.done.then(() => {
      if (load !== current || destroyed) return;
      element.removeAttribute('data-loading');
      element.setAttribute('data-load-ms', String(Math.round(now() - loadStarted)));
      renderNow();
      if (listFailed) return;
      markOnce('yc-overview-all-rows');
      announce.textContent = I18n.getText('yourcompany.viewer.overview.loaded', count(matrix.total));
    });
    renderNow();
  }

  function refresh(): void {
    void cache.forget(entries.map((e) => OverviewCache.key(e.repo.projectKey, e.repo.slug, state.branch))).then(() => startLoad());
  }

  async function clearCache(): Promise<void> {
    await cache.clear();
    startLoad();
  }

  /** What every row needs read for the active sort and filters (the rows in view get the rest). */
  function sortFilterNeeds(): Need[] {
    const needs = new Set<Need>();
    if (state.report.length) needs.add('stale').add('staleKeys');
    if (state.result) needs.add('stale');
    const column = state.overviewSort?.column ?? '';
    if (column === 'branch') needs.add('branch');
    if (column === 'high' || column === 'medium' || column === 'low') needs.add('severity');
    if (column === 'failing' || column.startsWith(REPORT_COLUMN_PREFIX)) needs.add('stale');
    return [...needs];
  }

  // ---- rendering ----------------------------------------------------------------------------

  function scheduleRender(soon: boolean): void {
    if (renderTimer) return;
    renderTimer = setTimeout(renderNow, soon ? 0 : Math.min(MAX_RENDER_INTERVAL_MS, Math.max(RENDER_INTERVAL_MS, renderCost * RENDER_SHARE)));
  }

  function renderNow(): void {
    clearTimeout(renderTimer);
    renderTimer = undefined;
    if (destroyed) return;
    const started = performance.now();
    renderMatrix();
    renderCost = performance.now() - started;
  }

  function renderMatrix(): void {
    allColumns = reportColumns(entries);
    columns = visibleColumns(allColumns, { hide: state.hide, report: state.report, shown: [...shown] });
    const sort = state.overviewSort && isSortColumn(state.overviewSort.column) ? state.overviewSort : undefined;
    matrix = buildMatrix(entries, { project: state.project, report: state.report, result: state.result, sort, now: now() });
    const loaded = matrix.loaded;
    progress.max = Math.max(1, matrix.total);
    progress.value = loaded;
    progressText.textContent = listComplete
      ? I18n.getText('yourcompany.viewer.overview.progress', count(loaded), count(matrix.total))
      : I18n.getText('yourcompany.viewer.overview.progress.more', count(loaded), count(matrix.total));
    progressBox.hidden = listComplete && loaded >= matrix.total && !element.hasAttribute('data-loading') && matrix.total > 0 ? true : false;
    element.setAttribute('data-total', String(matrix.total));
    element.setAttribute('data-loaded', String(loaded));
    // The filter form is rebuilt only when what it lists changed, and never under the user's focus (typing,
    // an open select); leaving the form catches up (the focusout listener below).
    const filterKey = JSON.stringify([allColumns.map((c) => c.key), cache.projects.size, columns.map((c) => c.key), state.project, state.report, state.result, state.branch, state.q]);
    if (filters.getAttribute('data-key') !== filterKey && !(doc.activeElement && filters.contains(doc.activeElement))) {
      const wasOpen = filters.querySelector<HTMLDetailsElement>('.yc-overview-columns')?.open ?? false;
      renderFilters();
      filters.setAttribute('data-key', filterKey);
      if (wasOpen) filters.querySelector<HTMLDetailsElement>('.yc-overview-columns')!.open = true;
    }
    summary.textContent = I18n.getText('yourcompany.viewer.overview.count', count(matrix.rows.length), count(matrix.total));
    const unread = matrix.rows.reduce((n, e) => (e.facts?.status === 'tip-without-reports' ? n + 1 : n), 0);
    pending.textContent = unread ? I18n.getText('yourcompany.viewer.overview.pending', count(unread)) : '';
    pending.hidden = !unread;
    if (listComplete && matrix.total === 0 && !listError.firstChild) render(listError, emptyOverviewMessage());
    else if (matrix.total > 0 && listError.querySelector('[data-empty]')) render(listError);
    renderGrid();
    renderApart();
  }

  function columnIds(): string[] {
    return [...FACT_COLUMNS, ...columns.map((c) => `${REPORT_COLUMN_PREFIX}${c.key}`)];
  }

  function renderGrid(): void {
    const ids = columnIds();
    // Titles too: a filtered report's column is known by its key until a repository with it arrives.
    const key = JSON.stringify([ids, columns.map((c) => c.title), state.overviewSort]);
    const rows = matrix.rows as Entry[];
    if (grid && key === gridColumnsKey) {
      const activeIndex = grid.activeIndex() >= 0 ? currentRows[grid.activeIndex()]?.index : undefined;
      currentRows = rows;
      grid.setItems(rows);
      if (rows.length) markOnce('yc-overview-first-rows');
      // Follow the active repository when rows move (sorting while loading), but only while the grid has the
      // focus: setActive scrolls, and the view must not jump under a user who scrolled away.
      if (activeIndex !== undefined && doc.activeElement === grid.element) {
        const at = rows.findIndex((e) => e.index === activeIndex);
        if (at >= 0 && at !== grid.activeIndex()) grid.setActive(at);
      }
      syncActiveCell();
      trackView();
      return;
    }
    const hadFocus = grid ? doc.activeElement === grid.element : false;
    const scrollTop = grid?.element.scrollTop ?? 0;
    const active = grid?.activeIndex() ?? 0;
    grid?.destroy();
    gridColumnsKey = key;
    currentRows = rows;
    gridPrefix = `yc-ov-${++gridSequence}`;
    activeColumn = Math.min(activeColumn, ids.length - 1);
    const widths = [...FACT_COLUMNS.map((c) => FACT_WIDTHS[c]), ...columns.map(() => REPORT_WIDTH)];
    grid = virtualList<Entry>({
      items: rows,
      rowHeight: ROW_HEIGHT,
      label: I18n.getText('yourcompany.viewer.overview.grid'),
      header: ids.map((id, col) => headerCell(id, col)),
      overscan: 6,
      renderRow: (entry, index) => rowCells(entry, index, ids),
      onActivate: (entry) => openCell(entry, ids[activeColumn]),
      onActiveChange: () => syncActiveCell(),
      testId: 'overview-grid',
    });
    grid.element.classList.add('yc-overview-grid');
    grid.element.style.setProperty('--yc-ov-columns', widths.map((w) => `${w}px`).join(' '));
    grid.element.style.setProperty('--yc-ov-width', `${widths.reduce((a, b) => a + b, 0) + widths.length * 8 + 16}px`);
    grid.element.addEventListener('keydown', (event) => onGridKey(event, ids));
    grid.element.addEventListener('scroll', () => {
      if (scrollFrame) return;
      scrollFrame = (typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 16) as unknown as number)(() => {
        scrollFrame = 0;
        trackView();
      });
    });
    grid.element.addEventListener('focus', () => syncActiveCell());
    render(gridHost, grid.element);
    if (rows.length) markOnce('yc-overview-first-rows');
    grid.element.scrollTop = scrollTop;
    if (rows.length) grid.setActive(Math.min(active, rows.length - 1));
    if (hadFocus) grid.focus();
    syncActiveCell();
    trackView();
  }

  let currentRows: Entry[] = [];
  let gridPrefix = 'yc-ov-0';

  /** Marks the rows in view so their requests go first. */
  function trackView(): void {
    if (!grid) return;
    const { start, end } = grid.renderedRange();
    const apart = apartList?.renderedRange();
    inView = [...currentRows.slice(start, end), ...(apart ? (matrix.withoutReports as Entry[]).slice(apart.start, apart.end) : [])].map((e) => e.index);
    load?.poke();
  }

  function headerCell(id: string, col: number): HTMLElement {
    const sort = state.overviewSort;
    const sorted = sort?.column === id;
    const report = id.startsWith(REPORT_COLUMN_PREFIX) ? columns.find((c) => `${REPORT_COLUMN_PREFIX}${c.key}` === id) : undefined;
    const label = report ? report.title : factLabel(id as FactColumn);
    return h(
      'div',
      {
        role: 'columnheader',
        class: `yc-cell yc-ov-col-${report ? 'report' : id}`,
        'aria-sort': sorted ? (sort!.descending ? 'descending' : 'ascending') : 'none',
        'data-column': id,
        'aria-colindex': col + 1,
        title: report ? report.key : undefined,
      },
      h(
        'button',
        {
          type: 'button',
          class: 'aui-button aui-button-link yc-ov-sort',
          'data-testid': `overview-sort-${id}`,
          'aria-label': I18n.getText('yourcompany.viewer.overview.sort', label),
          onclick: () => patch({ overviewSort: { column: id, descending: sorted ? !sort!.descending : false } }),
        },
        label,
        sorted ? h('span', { class: 'yc-ov-sort-mark', 'aria-hidden': 'true' }, sort!.descending ? ' ▼' : ' ▲') : null,
      ),
    );
  }

  function cellId(index: number, col: number): string {
    return `${gridPrefix}-r${index}-c${col}`;
  }

  function rowCells(entry: Entry, index: number, ids: readonly string[]): Node[] {
    const cells = ids.map((id, col) => {
      const content = cellContent(entry, id);
      return h(
        'div',
        {
          id: cellId(index, col),
          role: id === 'repository' ? 'rowheader' : 'gridcell',
          'aria-colindex': col + 1,
          class: `yc-cell yc-ov-col-${id.startsWith(REPORT_COLUMN_PREFIX) ? 'report' : id}${col === activeColumn ? ' yc-ov-cell-col' : ''}`,
          'data-column': id,
          onclick: () => {
            activeColumn = col;
            openCell(entry, id);
          },
        },
        content,
      );
    });
    return cells;
  }

  function cellContent(entry: Entry, id: string): Node | string | null {
    const facts = entry.facts;
    switch (id) {
      case 'project':
        return h('span', { title: entry.repo.projectName }, entry.repo.projectKey);
      case 'repository':
        return h('span', { class: 'yc-ov-repo', title: `${entry.repo.projectKey}/${entry.repo.slug}` }, entry.repo.name || entry.repo.slug);
      case 'branch':
        if (facts?.status === 'error') return h('span', { class: 'yc-ov-error', title: facts.error }, I18n.getText('yourcompany.viewer.overview.row.error', facts.error ?? ''));
        if (facts?.noDefaultBranch) return h('span', { class: 'yc-muted' }, I18n.getText('yourcompany.viewer.overview.branch.none'));
        if (facts?.branch === undefined) return h('span', { class: 'yc-muted' }, '…');
        return h(
          'span',
          { title: facts.branchMissing ? I18n.getText('yourcompany.viewer.overview.branch.missing', state.branch ?? '') : facts.branch },
          facts.branch ?? '',
          facts.branchMissing ? h('span', { class: 'yc-muted' }, ` ${I18n.getText('yourcompany.viewer.overview.branch.fallback')}`) : null,
        );
      case 'age':
        return facts?.tipTime !== undefined ? h('span', { title: new Date(facts.tipTime).toISOString() }, formatDuration(Math.max(0, now() - facts.tipTime))) : facts ? '' : h('span', { class: 'yc-muted' }, '…');
      case 'data':
        return facts ? h('span', { title: new Date(facts.loadedAt).toISOString() }, formatDuration(Math.max(0, now() - facts.loadedAt))) : h('span', { class: 'yc-muted' }, '…');
      case 'failing': {
        if (!facts || facts.status === 'tip-without-reports') return h('span', { class: 'yc-muted' }, '…');
        if (facts.status === 'error') return '';
        const failing = failingCount(facts);
        return failing ? lozenge('error', String(failing), true) : '0';
      }
      case 'high':
      case 'medium':
      case 'low':
        if (!facts || (facts.status === 'reports' && !facts.severity)) return h('span', { class: 'yc-muted' }, '…');
        return facts.status === 'reports' ? String(facts.severity![id.toUpperCase() as 'HIGH' | 'MEDIUM' | 'LOW']) : '';
      default: {
        if (!facts || facts.status === 'tip-without-reports') return h('span', { class: 'yc-muted' }, '…');
        const cell = facts.cells.find((c) => `${REPORT_COLUMN_PREFIX}${c.key}` === id);
        if (!cell) return h('span', { class: 'yc-muted', 'aria-label': I18n.getText('yourcompany.viewer.overview.cell.missing') }, '—');
        return reportCell(cell);
      }
    }
  }

  function formatValue(cell: ReportCell): string {
    return cell.first ? formatDataField(cell.first, { now: now() }).text : '';
  }

  function reportCell(cell: ReportCell): Node {
    const result = cell.result === 'FAIL' ? lozenge('error', I18n.getText('yourcompany.viewer.result.fail')) : cell.result === 'PASS' ? lozenge('success', I18n.getText('yourcompany.viewer.result.pass')) : lozenge('default', I18n.getText('yourcompany.viewer.overview.result.none'));
    const value = formatValue(cell);
    return h(
      'span',
      { class: `yc-ov-report${cell.stale ? ' yc-ov-stale' : ''}`, title: cell.title },
      result,
      value ? h('span', { class: 'yc-ov-value' }, ` ${value}`) : null,
      cell.stale
        ? h(
            'span',
            { class: 'yc-ov-stale-mark' },
            ` ${cell.createdDate !== undefined ? I18n.getText('yourcompany.viewer.overview.stale.age', formatDuration(Math.max(0, now() - cell.createdDate))) : I18n.getText('yourcompany.viewer.overview.stale')}`,
          )
        : null,
    );
  }

  function onGridKey(event: KeyboardEvent, ids: readonly string[]): void {
    if (!grid || event.target !== grid.element || event.altKey || event.metaKey) return;
    let next = activeColumn;
    if (event.key === 'ArrowRight') next = Math.min(ids.length - 1, activeColumn + 1);
    else if (event.key === 'ArrowLeft') next = Math.max(0, activeColumn - 1);
    else if (event.key === 'Home' && event.ctrlKey) {
      grid.setActive(0);
      next = 0;
    } else if (event.key === 'End' && event.ctrlKey) {
      grid.setActive(currentRows.length - 1);
      next = ids.length - 1;
    } else {
      // The list already handled ↑/↓/PageUp/PageDown/Home/End/Enter; point assistive tech at the cell again.
      syncActiveCell();
      return;
    }
    event.preventDefault();
    activeColumn = next;
    syncActiveCell();
    const cell = doc.getElementById(cellId(grid.activeIndex(), activeColumn));
    cell?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }

  /** aria-activedescendant names the active cell (the list names the row); the cell is outlined. */
  function syncActiveCell(): void {
    if (!grid) return;
    for (const old of grid.element.querySelectorAll('.yc-ov-cell-active')) old.classList.remove('yc-ov-cell-active');
    const index = grid.activeIndex();
    if (index < 0) return;
    const cell = doc.getElementById(cellId(index, activeColumn));
    if (cell) {
      cell.classList.add('yc-ov-cell-active');
      grid.element.setAttribute('aria-activedescendant', cell.id);
    }
  }

  function openCell(entry: Entry, id: string | undefined): void {
    const facts = entry.facts;
    const repo = { projectKey: entry.repo.projectKey, repositorySlug: entry.repo.slug };
    const cell = id && id.startsWith(REPORT_COLUMN_PREFIX) ? facts?.cells.find((c) => `${REPORT_COLUMN_PREFIX}${c.key}` === id) : undefined;
    const commit = cell?.commitId ?? facts?.tipId;
    options.update({
      scope: undefined,
      repo,
      branch: facts?.branch || undefined,
      commit,
      report: cell ? [cell.key] : [],
      tab: cell ? 'annotations' : 'reports',
      q: '',
    });
  }

  function renderApart(): void {
    const rows = matrix.withoutReports as Entry[];
    apartHeading.textContent = I18n.getText('yourcompany.viewer.overview.apart.title', count(rows.length));
    apartSection.hidden = rows.length === 0;
    if (apartList) {
      apartList.setItems(rows);
      return;
    }
    apartList = virtualList<Entry>({
      items: rows,
      rowHeight: 32,
      label: I18n.getText('yourcompany.viewer.overview.apart.grid'),
      overscan: 4,
      fallbackViewportHeight: 240,
      renderRow: (entry) => [
        h('div', { role: 'gridcell', class: 'yc-cell yc-ov-col-project', onclick: () => openCell(entry, undefined) }, entry.repo.projectKey),
        h('div', { role: 'rowheader', class: 'yc-cell yc-ov-col-repository', onclick: () => openCell(entry, undefined) }, entry.repo.name || entry.repo.slug),
        h('div', { role: 'gridcell', class: 'yc-cell yc-ov-col-branch' }, entry.facts?.branch ?? '…'),
        h(
          'div',
          { role: 'gridcell', class: 'yc-cell yc-muted' },
          entry.facts?.noDefaultBranch
            ? I18n.getText('yourcompany.viewer.overview.apart.nobranch')
            : entry.facts?.status === 'empty'
              ? I18n.getText('yourcompany.viewer.overview.apart.empty')
              : I18n.getText('yourcompany.viewer.overview.apart.none', (entry.facts?.olderChecked ?? STALE_DEPTH) + 1),
        ),
      ],
      onActivate: (entry) => openCell(entry, undefined),
      testId: 'overview-apart-grid',
    });
    apartList.element.classList.add('yc-overview-apart-grid');
    render(apartHost, apartList.element);
  }

  async function exportCsv(): Promise<void> {
    const parts = await overviewCsvParts(matrix, columns, formatValue);
    if (!destroyed) downloadText(doc, overviewFileName(state.project), parts, 'text/csv;charset=utf-8');
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  startLoad();

  return {
    element,
    applyState(next) {
      const previous = state;
      state = next;
      if (!sameScope(scopeOf(previous), scopeOf(next))) startLoad();
      else renderNow();
    },
    destroy() {
      destroyed = true;
      load?.cancel();
      load = null;
      clearTimeout(renderTimer);
      grid?.destroy();
      apartList?.destroy();
      element.remove();
    },
  };
}

function emptyOverviewMessage(): HTMLElement {
  const message = auiMessage('info', I18n.getText('yourcompany.viewer.overview.empty.title'), I18n.getText('yourcompany.viewer.overview.empty.body'));
  message.setAttribute('data-empty', 'true');
  return message;
}
