/**
 * The reports tab: each report of the commit with result, reporter, date, typed data fields, details,
 * link and logo; repository admins get delete actions (confirmed, naming report and commit). With no
 * reports it shows how CI publishes one, as a copyable curl command for this repository and commit.
 */
import { I18n, flag } from 'yourcompany/host';
import { auiMessage, button, h, render, safeHref, spinner } from 'yourcompany/ui';
import { confirmInline, explainError, keyValueList } from 'yourcompany/ui-widgets';
import { formatDataField } from 'yourcompany/insights-model';
import type { InsightReport, RepoRef } from 'yourcompany/rest';
import { failure, formatTimestamp, isAborted, resultLozenge, shortId } from './common';
import type { Tab, TabContext } from './common';

export const EXAMPLE_REPORT_KEY = 'com.example.my-report';

/** The curl command CI would run to publish a report on this commit (rest-contracts.md §5.1, PUT report). */
export function curlExample(baseUrl: string, repo: RepoRef, commitId: string): string {
  const url = `${baseUrl}/rest/insights/latest/projects/${encodeURIComponent(repo.projectKey)}/repos/${encodeURIComponent(repo.repositorySlug)}/commits/${encodeURIComponent(commitId)}/reports/${EXAMPLE_REPORT_KEY}`;
  const body = JSON.stringify({ title: 'My report', reporter: 'CI', result: 'PASS', data: [{ title: 'Coverage', type: 'PERCENTAGE', value: 85.5 }] });
  // Single-quoted for the shell; `'` cannot occur in the URL or body, but never trust that.
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return `curl -u USER:TOKEN -H 'Content-Type: application/json' -X PUT ${quote(url)} -d ${quote(body)}`;
}

export function emptyState(ctx: Pick<TabContext, 'baseUrl' | 'repo' | 'commitId' | 'doc'>): HTMLElement {
  const command = curlExample(ctx.baseUrl, ctx.repo, ctx.commitId);
  const code = h('pre', { class: 'yc-code', 'data-testid': 'curl-example', tabindex: 0, 'aria-label': I18n.getText('yourcompany.viewer.empty.curl.label') }, h('code', null, command));
  const status = h('span', { class: 'yc-copy-status', role: 'status', 'aria-live': 'polite' });
  const copy = button(
    I18n.getText('yourcompany.viewer.empty.copy'),
    () => {
      const done = () => (status.textContent = I18n.getText('yourcompany.viewer.empty.copied'));
      const fallback = () => {
        // No clipboard permission: select the text so Ctrl+C works.
        const selection = ctx.doc.getSelection();
        const range = ctx.doc.createRange();
        range.selectNodeContents(code);
        selection?.removeAllRanges();
        selection?.addRange(range);
        status.textContent = I18n.getText('yourcompany.viewer.empty.copyfallback');
      };
      const clipboard = ctx.doc.defaultView?.navigator.clipboard;
      if (clipboard?.writeText) clipboard.writeText(command).then(done, fallback);
      else fallback();
    },
    { testId: 'copy-curl' },
  );
  return h(
    'div',
    { class: 'yc-viewer-empty', 'data-testid': 'viewer-empty' },
    auiMessage('info', I18n.getText('yourcompany.viewer.empty.title', shortId(ctx.commitId)), I18n.getText('yourcompany.viewer.empty.body')),
    code,
    h('p', null, copy, ' ', status),
    h('p', { class: 'yc-muted' }, I18n.getText('yourcompany.viewer.empty.hint')),
  );
}

export function reportsTab(ctx: TabContext): Tab {
  const element = h('div', { class: 'yc-reports', 'data-testid': 'viewer-reports' }, spinner());
  Promise.all([ctx.data.reports(ctx.repo, ctx.commitId), ctx.isAdmin().catch(() => false)]).then(
    ([reports, admin]) => {
      if (ctx.signal.aborted) return;
      if (!reports.length) {
        render(element, emptyState(ctx));
        return;
      }
      render(
        element,
        admin ? auiMessage('info', I18n.getText('yourcompany.viewer.admin.title'), I18n.getText('yourcompany.viewer.admin.body')) : null,
        h('ul', { class: 'yc-report-list', 'aria-label': I18n.getText('yourcompany.viewer.reports.label') }, reports.map((report) => reportCard(ctx, report, admin))),
      );
    },
    (error) => {
      if (!isAborted(error, ctx.signal)) render(element, failure(error, ctx.reload));
    },
  );
  return { element };
}

let cardSequence = 0;

function reportCard(ctx: TabContext, report: InsightReport, admin: boolean): HTMLElement {
  const now = Date.now();
  const locale = ctx.doc.documentElement.lang || undefined;
  const fields = Array.isArray(report.data) ? report.data : [];
  const titleId = `yc-report-${++cardSequence}`;
  const actions = h('div', { class: 'yc-report-actions' });
  const card = h(
    'li',
    { class: 'yc-report', 'data-report-key': report.key, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'yc-report-head' },
      safeHref(report.logoUrl) ? h('img', { class: 'yc-report-logo', src: report.logoUrl, alt: '', width: 24, height: 24 }) : null,
      h('h2', { id: titleId, class: 'yc-report-title' }, report.title || report.key),
      resultLozenge(report.result),
    ),
    h(
      'p',
      { class: 'yc-report-meta yc-muted' },
      report.reporter ? I18n.getText('yourcompany.viewer.report.reporter', report.reporter) : null,
      report.reporter ? ' · ' : null,
      I18n.getText('yourcompany.viewer.report.created', formatTimestamp(report.createdDate)),
      ' · ',
      h('code', null, report.key),
    ),
    fields.length
      ? keyValueList(
          fields.map((field) => {
            const formatted = formatDataField(field, { now, locale });
            return [
              typeof field?.title === 'string' ? field.title : '',
              formatted.kind === 'link' && formatted.href ? h('a', { href: formatted.href, target: '_blank', rel: 'noopener noreferrer' }, formatted.text) : formatted.text,
            ];
          }),
          'yc-report-data',
        )
      : null,
    report.details ? h('p', { class: 'yc-report-details' }, report.details) : null,
    report.link ? h('p', null, h('a', { href: report.link, target: '_blank', rel: 'noopener noreferrer' }, I18n.getText('yourcompany.viewer.report.link'))) : null,
    admin ? actions : null,
  );
  if (admin) renderActions(ctx, report, actions);
  return card;
}

/** A 401 on a report write means "not the report's creator (nor an admin)": say so instead of a generic error. */
export function explainWriteError(error: unknown): { title: string; body: string } {
  const kind = typeof error === 'object' && error !== null ? (error as { kind?: string }).kind : undefined;
  if (kind === 'unauthorized') return { title: I18n.getText('yourcompany.viewer.admin.denied.title'), body: I18n.getText('yourcompany.viewer.admin.denied.body') };
  const { title, body } = explainError(error);
  return { title, body };
}

function renderActions(ctx: TabContext, report: InsightReport, host: HTMLElement): void {
  const run = async (kind: 'report' | 'annotations'): Promise<void> => {
    const name = report.title || report.key;
    const commit = shortId(ctx.commitId);
    const confirmed = await confirmInline(host, {
      title:
        kind === 'report'
          ? I18n.getText('yourcompany.viewer.admin.deletereport.confirm', name, commit)
          : I18n.getText('yourcompany.viewer.admin.deleteannotations.confirm', name, commit),
      body: kind === 'report' ? I18n.getText('yourcompany.viewer.admin.deletereport.body') : I18n.getText('yourcompany.viewer.admin.deleteannotations.body'),
      confirmText: kind === 'report' ? I18n.getText('yourcompany.viewer.admin.deletereport') : I18n.getText('yourcompany.viewer.admin.deleteannotations'),
      danger: true,
      signal: ctx.signal,
      testId: `confirm-delete-${kind}`,
    });
    if (!confirmed) return;
    for (const b of host.querySelectorAll('button')) b.setAttribute('disabled', '');
    try {
      if (kind === 'report') await ctx.data.deleteReport(ctx.repo, ctx.commitId, report.key);
      else await ctx.data.deleteAnnotations(ctx.repo, ctx.commitId, report.key);
      flag({
        type: 'success',
        title: kind === 'report' ? I18n.getText('yourcompany.viewer.admin.deletedreport', name) : I18n.getText('yourcompany.viewer.admin.deletedannotations', name),
      });
      ctx.data.forgetCommit(ctx.repo, ctx.commitId);
      ctx.reload();
    } catch (error) {
      if (isAborted(error, ctx.signal)) return;
      for (const b of host.querySelectorAll('button')) b.removeAttribute('disabled');
      const { title, body } = explainWriteError(error);
      host.querySelector('.yc-action-error')?.remove();
      const message = auiMessage('error', title, body);
      message.classList.add('yc-action-error');
      host.appendChild(message);
    }
  };
  render(
    host,
    h(
      'div',
      { class: 'aui-buttons' },
      button(I18n.getText('yourcompany.viewer.admin.deleteannotations'), () => void run('annotations'), { testId: 'delete-annotations', label: I18n.getText('yourcompany.viewer.admin.deleteannotations.label', report.title || report.key) }),
      button(I18n.getText('yourcompany.viewer.admin.deletereport'), () => void run('report'), { danger: true, testId: 'delete-report', label: I18n.getText('yourcompany.viewer.admin.deletereport.label', report.title || report.key) }),
    ),
  );
}
