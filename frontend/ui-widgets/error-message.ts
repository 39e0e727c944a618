import { I18n } from 'yourcompany/host';
import { auiMessage } from 'yourcompany/ui';

/** Structural view of `RestError` (see frontend/rest/errors.ts), so ui needs no dependency on rest. */
export interface ErrorLike {
  kind?: string;
  status?: number;
  errors?: { message: string }[];
  retryAfter?: number;
  message?: string;
}

export interface ExplainedError {
  title: string;
  body: string;
  type: 'error' | 'warning' | 'info';
}

/** The one place that turns any failure into words for the user. */
export function explainError(error: unknown): ExplainedError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const detail = e.errors?.map((m) => m.message).filter(Boolean).join(' ') ?? '';
  switch (e.kind) {
    case 'unauthorized':
      return { type: 'warning', title: I18n.getText('yourcompany.error.unauthorized.title'), body: I18n.getText('yourcompany.error.unauthorized.body') };
    case 'forbidden':
      return { type: 'warning', title: I18n.getText('yourcompany.error.forbidden.title'), body: detail || I18n.getText('yourcompany.error.forbidden.body') };
    case 'not-found':
      return { type: 'warning', title: I18n.getText('yourcompany.error.notfound.title'), body: detail || I18n.getText('yourcompany.error.notfound.body') };
    case 'unavailable':
      return { type: 'info', title: I18n.getText('yourcompany.error.unavailable.title'), body: I18n.getText('yourcompany.error.unavailable.body') };
    case 'conflict':
      return { type: 'warning', title: I18n.getText('yourcompany.error.conflict.title'), body: detail || I18n.getText('yourcompany.error.conflict.body') };
    case 'rate-limited':
      return {
        type: 'warning',
        title: I18n.getText('yourcompany.error.ratelimited.title'),
        body: I18n.getText('yourcompany.error.ratelimited.body', e.retryAfter ?? 60),
      };
    case 'bad-request':
      return { type: 'error', title: I18n.getText('yourcompany.error.badrequest.title'), body: detail || I18n.getText('yourcompany.error.badrequest.body') };
    case 'timeout':
      return { type: 'error', title: I18n.getText('yourcompany.error.timeout.title'), body: I18n.getText('yourcompany.error.timeout.body') };
    case 'network':
      return { type: 'error', title: I18n.getText('yourcompany.error.network.title'), body: I18n.getText('yourcompany.error.network.body') };
    case 'malformed':
      return { type: 'error', title: I18n.getText('yourcompany.error.malformed.title'), body: I18n.getText('yourcompany.error.malformed.body') };
    case 'server':
      return { type: 'error', title: I18n.getText('yourcompany.error.server.title'), body: I18n.getText('yourcompany.error.server.body', e.status ?? 500) };
    default:
      return { type: 'error', title: I18n.getText('yourcompany.error.unknown.title'), body: I18n.getText('yourcompany.error.unknown.body') };
  }
}

/** An AUI message for a failure; `aborted` requests render nothing. */
export function errorMessage(error: unknown): HTMLElement | null {
  if ((error as ErrorLike | null)?.kind === 'aborted') return null;
  const { type, title, body } = explainError(error);
  const element = auiMessage(type, title, body);
  element.setAttribute('data-error-kind', String((error as ErrorLike | null)?.kind ?? 'unknown'));
  return element;
}
