/** Small view pieces shared by the viewer's tabs. */
import { I18n } from 'yourcompany/host';
import { auiMessage, h, lozenge, button } from 'yourcompany/ui';
import { errorMessage } from 'yourcompany/ui-widgets';
import type { LozengeType } from 'yourcompany/ui';
import type { InsightReport, RepoRef } from 'yourcompany/rest';
import type { ViewerData } from './data';
import { annotationTypeName, severityName } from 'yourcompany/insights-model';
import type { ViewerState } from 'yourcompany/insights-model';

/** What every tab gets from the app. */
export interface TabContext {
  doc: Document;
  data: ViewerData;
  repo: RepoRef;
  commitId: string;
  state: ViewerState;
  /** Absolute origin + context path, e.g. `https://bb.example.com/bitbucket`. */
  baseUrl: string;
  contextPath: string;
  /** Whether the current user may run admin actions (delete reports/annotations); asks on first call. */
  isAdmin(): Promise<boolean>;
  /**
   * Applies a state change; `navigation` changes get a history entry, filters replace it. `typing`: shown
   * at once, reported (URL) when the typist pauses.
   */
  update(patch: Partial<ViewerState>, how?: { typing?: boolean }): void;
  /** Re-renders the current tab (after a delete). */
  reload(): void;
  signal: AbortSignal;
}

export interface Tab {
  element: HTMLElement;
  /** A filter/sort/group change that does not need new data. */
  applyState?(state: ViewerState): void;
  destroy?(): void;
}

export function isAborted(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (typeof error === 'object' && error !== null && (error as { kind?: string }).kind === 'aborted');
}

/**
 * A failure as an AUI message. A 404 without Bitbucket's error envelope means the insights REST
 * module itself is missing or disabled, which deserves its own explanation.
 */
export function failure(error: unknown, retry?: () => void): HTMLElement {
  const kind = typeof error === 'object' && error !== null ? (error as { kind?: string }).kind : undefined;
  const message =
    kind === 'unavailable'
      ? auiMessage('warning', I18n.getText('yourcompany.viewer.unavailable.title'), I18n.getText('yourcompany.viewer.unavailable.body'))
      : errorMessage(error) ?? h('span');
  if (kind === 'unavailable') message.setAttribute('data-error-kind', 'unavailable');
  if (retry && kind !== 'aborted') message.appendChild(h('p', null, button(I18n.getText('yourcompany.viewer.retry'), () => retry(), { testId: 'viewer-retry' })));
  return message;
}

export function resultLozenge(result: InsightReport['result'] | undefined): HTMLElement {
  const [type, text]: [LozengeType, string] =
    result === 'PASS'
      ? ['success', I18n.getText('yourcompany.viewer.result.pass')]
      : result === 'FAIL'
        ? ['error', I18n.getText('yourcompany.viewer.result.fail')]
        : ['default', I18n.getText('yourcompany.viewer.result.pending')];
  return lozenge(type, text);
}

export function severityLabel(severity: string): string {
  return severityName(severity) ?? severity;
}

export function typeLabel(type: string | undefined): string {
  return annotationTypeName(type) ?? I18n.getText('yourcompany.viewer.type.none');
}

/** Severity as text and shape, never colour alone. */
export function severityBadge(severity: string): HTMLElement {
  const kind = severity === 'HIGH' ? 'high' : severity === 'MEDIUM' ? 'medium' : 'low';
  return h('span', { class: `yc-severity yc-severity-${kind}` }, h('span', { class: 'yc-severity-icon', 'aria-hidden': 'true' }), severityLabel(severity));
}

export function shortId(commitId: string): string {
  return commitId.slice(0, 11);
}

export function formatTimestamp(ms: unknown): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  try {
    return new Date(ms).toLocaleString();
  } catch {
    return '';
  }
}

export function firstLine(text: unknown): string {
  return typeof text === 'string' ? text.split(/\r?\n/, 1)[0] : '';
}
