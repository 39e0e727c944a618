/** DOM of the insights panel, built only with h(); finding lists are windowed (virtualList). */
import { I18n } from 'yourcompany/host';
import { auiMessage, h, lozenge } from 'yourcompany/ui';
import { approximateNote, virtualList, errorMessage, externalLink, keyValueList, sectionHeading } from 'yourcompany/ui-widgets';
import type { LozengeType } from 'yourcompany/ui';
import type { VirtualList } from 'yourcompany/ui-widgets';
import { ANNOTATION_TYPES, annotationTypeName, SEVERITIES, severityName } from 'yourcompany/insights-model';
import type { AnnotationCounts, ReportOutcome } from 'yourcompany/insights-model';
import type { AnnotationSeverity, AnnotationType } from 'yourcompany/rest';
import type { BaselineView, FindingFilter, FindingRow, InsightsView, RemovedReportView, ReportView } from './model';

export const ROW_HEIGHT = 32;
/** Rows visible before the grid scrolls. */
export const VISIBLE_ROWS = 10;

/** What a view owns that must be torn down with it (virtual lists hold rAF callbacks). */
export interface Disposables {
  lists: VirtualList<FindingRow>[];
}

const OUTCOME_LOZENGE: Record<ReportOutcome, LozengeType> = { PASS: 'success', FAIL: 'error', PENDING: 'current' };
const SEVERITY_LOZENGE: Record<string, LozengeType> = { HIGH: 'error', MEDIUM: 'moved', LOW: 'default' };

export function outcomeText(outcome: ReportOutcome): string {
  switch (outcome) {
    case 'PASS':
      return I18n.getText('yourcompany.insights.result.pass');
    case 'FAIL':
      return I18n.getText('yourcompany.insights.result.fail');
    default:
      return I18n.getText('yourcompany.insights.result.pending');
  }
}

export function severityText(severity: AnnotationSeverity | string | undefined): string {
  return severityName(severity) ?? I18n.getText('yourcompany.insights.severity.unknown');
}

export function typeText(type: AnnotationType | string | undefined): string {
  return annotationTypeName(type) ?? '';
}

/** "High: 1 · Medium: 0 · Low: 2" (every severity, zeros included). */
export function severityCounts(counts: AnnotationCounts): string {
  return SEVERITIES.map((s) => I18n.getText('yourcompany.insights.count', severityText(s), counts.bySeverity[s])).join(' \u00b7 ');
}

export function findingCells(row: FindingRow): Node[] {
  const a = row.annotation;
  const message = typeof a.message === 'string' ? a.message : String(a.message ?? '');
  return [
    h('div', { role: 'gridcell', class: 'yc-insights-cell-severity' }, lozenge(SEVERITY_LOZENGE[a.severity] ?? 'default', severityText(a.severity), true)),
    h('div', { role: 'gridcell', class: 'yc-insights-cell-type' }, typeText(a.type)),
    h('div', { role: 'gridcell', class: 'yc-insights-cell-message', title: message.length > 80 ? message.slice(0, 2000) : undefined }, message),
    h(
      'div',
      { role: 'gridcell', class: 'yc-insights-cell-location' },
      h('a', { class: 'yc-insights-finding-location', href: row.href, title: row.location }, row.location),
      row.externalHref ? ' ' : null,
      externalLink(I18n.getText('yourcompany.insights.finding.details'), row.externalHref, { className: 'yc-insights-finding-external', label: I18n.getText('yourcompany.insights.finding.details.label', message.slice(0, 200)) }),
    ),
  ];
}

function findingHeader(): Node[] {
  return [
    h('div', { role: 'columnheader', class: 'yc-insights-cell-severity' }, I18n.getText('yourcompany.insights.column.severity')),
    h('div', { role: 'columnheader', class: 'yc-insights-cell-type' }, I18n.getText('yourcompany.insights.column.type')),
    h('div', { role: 'columnheader', class: 'yc-insights-cell-message' }, I18n.getText('yourcompany.insights.column.message')),
    h('div', { role: 'columnheader', class: 'yc-insights-cell-location' }, I18n.getText('yourcompany.insights.column.location')),
  ];
}

/** A windowed grid of findings; Enter on the active row opens its location like a click on its link. */
export function findingsGrid(rows: FindingRow[], label: string, disposables: Disposables): VirtualList<FindingRow> {
  const list: VirtualList<FindingRow> = virtualList<FindingRow>({
    items: rows,
    rowHeight: ROW_HEIGHT,
    label,
    header: findingHeader(),
    renderRow: (row) => findingCells(row),
    fallbackViewportHeight: ROW_HEIGHT * (VISIBLE_ROWS + 1),
    rowClass: () => 'yc-insights-finding',
    onActivate: (_row, index) => {
      const link = list.element.querySelector(`[data-index="${index}"] a.yc-insights-finding-location`) as HTMLAnchorElement | null;
      link?.click();
    },
  });
  sizeGrid(list, rows.length);
  disposables.lists.push(list);
  return list;
}

function sizeGrid(list: VirtualList<FindingRow>, rows: number): void {
  list.element.style.height = `${(Math.min(Math.max(rows, 1), VISIBLE_ROWS) + 1) * ROW_HEIGHT + 2}px`;
}

function filterLabel(filter: FindingFilter, count: number): string {
  switch (filter) {
    case 'introduced':
      return I18n.getText('yourcompany.insights.filter.introduced', count);
    case 'fixed':
      return I18n.getText('yourcompany.insights.filter.fixed', count);
    case 'unchanged':
      return I18n.getText('yourcompany.insights.filter.unchanged', count);
    default:
      return I18n.getText('yourcompany.insights.filter.all', count);
  }
}

function emptyText(filter: FindingFilter): string {
  switch (filter) {
    case 'introduced':
      return I18n.getText('yourcompany.insights.empty.introduced');
    case 'fixed':
      return I18n.getText('yourcompany.insights.empty.fixed');
    case 'unchanged':
      return I18n.getText('yourcompany.insights.empty.unchanged');
    default:
      return I18n.getText('yourcompany.insights.empty.all');
  }
}

/** Filter buttons (aria-pressed) over one windowed grid. */
function findingsSection(report: ReportView, disposables: Disposables): HTMLElement {
  const filters: FindingFilter[] = report.status === 'compared' ? ['introduced', 'fixed', 'unchanged'] : ['all'];
  let current = report.initialFilter;
  const gridLabel = (filter: FindingFilter) => `${report.title}: ${filterLabel(filter, report.findings[filter].length)}`;
  const list = findingsGrid(report.findings[current], gridLabel(current), disposables);
  const empty = h('p', { class: 'yc-empty yc-insights-empty' });
  const status = h('p', { class: 'assistive', role: 'status', 'aria-live': 'polite' });
  const buttons = filters.map((filter) =>
    h(
      'button',
      {
        type: 'button',
        class: 'aui-button aui-button-subtle yc-insights-filter',
        'data-filter': filter,
        'aria-pressed': filter === current ? 'true' : 'false',
        onclick: () => select(filter),
      },
      filterLabel(filter, report.findings[filter].length),
    ),
  );
  const select = (filter: FindingFilter): void => {
    current = filter;
    for (const b of buttons) b.setAttribute('aria-pressed', b.getAttribute('data-filter') === filter ? 'true' : 'false');
    const rows = report.findings[filter];
    list.setItems(rows);
    list.element.setAttribute('aria-label', gridLabel(filter));
    sizeGrid(list, rows.length);
    showRows(rows.length);
    status.textContent = filterLabel(filter, rows.length);
  };
  const showRows = (count: number): void => {
    list.element.hidden = count === 0;
    empty.hidden = count > 0;
    empty.textContent = count === 0 ? emptyText(current) : '';
  };
  showRows(report.findings[current].length);
  return h(
    'div',
    { class: 'yc-insights-findings' },
    filters.length > 1 ? h('div', { class: 'aui-buttons yc-insights-filters', role: 'group', 'aria-label': I18n.getText('yourcompany.insights.filter.label', report.title) }, buttons) : null,
    list.element,
    empty,
    status,
  );
}

function countsLine(counts: AnnotationCounts): HTMLElement {
  const types = ANNOTATION_TYPES.filter((t) => counts.byType[t] > 0).map((t) => I18n.getText('yourcompany.insights.count', typeText(t), counts.byType[t]));
  return h(
    'p',
    { class: 'yc-insights-counts' },
    I18n.getText('yourcompany.insights.counts.total', counts.total),
    counts.total > 0 ? ` (${severityCounts(counts)}${types.length ? `; ${types.join(' \u00b7 ')}` : ''})` : null,
  );
}

function fieldsList(report: ReportView): HTMLElement | null {
  if (report.fields.length === 0) return null;
  return keyValueList(
    report.fields.map((field) => [
      field.title,
      field.value.kind === 'link' ? externalLink(field.value.text, field.value.href, { className: 'yc-insights-field-link' }) ?? field.value.text : field.value.text,
    ]),
    'yc-insights-fields',
  );
}

function deltaLine(report: ReportView): HTMLElement {
  if (report.status === 'no-baseline') {
    return auiMessage('info', I18n.getText('yourcompany.insights.nobaseline.title'), I18n.getText('yourcompany.insights.nobaseline.body'));
  }
  return h(
    'p',
    { class: 'yc-insights-delta' },
    I18n.getText('yourcompany.insights.delta', report.findings.introduced.length, report.findings.fixed.length, report.findings.unchanged.length),
  );
}

let cardSequence = 0;

export function reportCard(report: ReportView, disposables: Disposables): HTMLElement {
  const titleId = `yc-insights-report-${++cardSequence}`;
  return h(
    'li',
    { class: `yc-card yc-insights-report yc-insights-report-${report.outcome.toLowerCase()}`, 'data-report-key': report.key, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'yc-insights-report-header' },
      report.logoUrl
        ? h('img', {
            class: 'yc-insights-logo',
            src: report.logoUrl,
            alt: report.reporter ?? report.title,
            width: 24,
            height: 24,
            // Logos live on the tool's host: don't leak the PR URL to it, and drop a logo that fails to load.
            referrerpolicy: 'no-referrer',
            onerror: (event: Event) => (event.target as HTMLElement).remove(),
          })
        : null,
      sectionHeading(report.title, { id: titleId, className: 'yc-insights-report-title' }),
      lozenge(OUTCOME_LOZENGE[report.outcome], outcomeText(report.outcome)),
      report.resultChange ? h('span', { class: 'yc-insights-result-change' }, report.resultChange) : null,
    ),
    h(
      'p',
      { class: 'yc-insights-report-meta' },
      report.reporter ? h('span', { class: 'yc-insights-reporter' }, I18n.getText('yourcompany.insights.reporter', report.reporter)) : null,
      report.reporter && report.link ? ' ' : null,
      externalLink(I18n.getText('yourcompany.insights.link.report'), report.link, { className: 'yc-insights-report-link', label: I18n.getText('yourcompany.insights.link.report.label', report.title) }),
    ),
    report.details ? h('p', { class: 'yc-insights-details' }, report.details) : null,
    fieldsList(report),
    countsLine(report.counts),
    deltaLine(report),
    findingsSection(report, disposables),
  );
}

function baselineNotice(baseline: BaselineView): HTMLElement | null {
  if (baseline.status === 'no-merge-base') {
    return auiMessage('info', I18n.getText('yourcompany.insights.nomergebase.title'), I18n.getText('yourcompany.insights.nomergebase.body'));
  }
  if (baseline.status === 'error') {
    const message = errorMessage(baseline.error);
    return message ? h('div', { class: 'yc-insights-baseline-error' }, h('p', null, I18n.getText('yourcompany.insights.baseline.error')), message) : null;
  }
  return null;
}

function removedSection(removed: RemovedReportView[]): HTMLElement | null {
  if (removed.length === 0) return null;
  return h(
    'div',
    { class: 'yc-insights-removed' },
    sectionHeading(I18n.getText('yourcompany.insights.removed.title', removed.length)),
    h(
      'ul',
      null,
      removed.map((r) => h('li', { 'data-report-key': r.key }, r.title, ' ', lozenge(OUTCOME_LOZENGE[r.outcome], outcomeText(r.outcome), true))),
    ),
  );
}

export function insightsContent(view: InsightsView, viewerHref: string, disposables: Disposables): HTMLElement[] {
  return [
    h(
      'p',
      { class: 'yc-insights-toolbar' },
      h('a', { class: 'yc-insights-viewer-link', href: viewerHref }, I18n.getText('yourcompany.insights.link.viewer')),
    ),
    baselineNotice(view.baseline),
    approximateNote(view.matching),
    view.reports.length === 0
      ? h('p', { class: 'yc-empty yc-insights-empty' }, I18n.getText('yourcompany.insights.empty.reports'))
      : h('ul', { class: 'yc-insights-reports', 'aria-label': I18n.getText('yourcompany.insights.reports.label') }, view.reports.map((r) => reportCard(r, disposables))),
    removedSection(view.removed),
  ].filter((node): node is HTMLElement => node !== null);
}
