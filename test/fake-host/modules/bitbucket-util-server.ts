/**
 * `bitbucket/util/server` (host-anatomy.md §3.2): `jQuery.ajax` plus Bitbucket's default error
 * handling — any failed request opens a blocking error dialog unless `statusCode[status]` or
 * `statusCode['*']` is `false` (no default handling), a promise (used as the result) or an error
 * object (shown instead). Our plugin never uses it; third-party extensions do, so the host has it.
 */
import { getCurrentUser } from './bitbucket-util-state';

/* Minimal structural jQuery types: the host page provides the real global jQuery. */
interface JqXhr {
  status: number;
  responseText?: string;
  responseJSON?: unknown;
  abort(): void;
  then(done: (...args: unknown[]) => void, fail: (...args: unknown[]) => void): unknown;
}
interface JqDeferred {
  resolve(...args: unknown[]): JqDeferred;
  reject(...args: unknown[]): JqDeferred;
  promise<T extends object>(target?: T): T & PromiseLike<unknown>;
}
interface JQueryLike {
  ajax(options: Record<string, unknown>): JqXhr;
  Deferred(): JqDeferred;
}

type StatusHandler = false | ((xhr: JqXhr, textStatus: string, errorThrown: string, data: unknown) => unknown);
export interface ServerAjaxOptions extends Record<string, unknown> {
  url: string;
  type?: string;
  data?: unknown;
  statusCode?: Record<string, StatusHandler>;
}

export const method = { DELETE: 'DELETE', GET: 'GET', PATCH: 'PATCH', POST: 'POST', PUT: 'PUT' } as const;

function jquery(): JQueryLike {
  const $ = (globalThis as unknown as { jQuery?: JQueryLike }).jQuery;
  if (!$) throw new Error('bitbucket/util/server needs the page global jQuery');
  return $;
}

interface ServerError {
  title?: string;
  message: string;
}

function errorOf(xhr: JqXhr, data: unknown): ServerError {
  const body = (data ?? xhr.responseJSON) as { errors?: { message?: string }[] } | undefined;
  const message = body?.errors?.map((e) => e.message).filter(Boolean).join('\n');
  if (message) return { message };
  if (xhr.status === 0) return { title: 'Connection problem', message: 'Bitbucket could not be reached.' };
  return { message: `The server responded with an error (${xhr.status}).` };
}

/** The product's blocking error dialog (an AUI dialog2), built from text only. */
function showErrorDialog(error: ServerError): void {
  const dialog = document.createElement('section');
  dialog.className = 'aui-dialog2 aui-dialog2-small aui-layer';
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-labelledby', 'bitbucket-server-error-title');
  dialog.setAttribute('data-testid', 'server-error-dialog');
  dialog.hidden = true;
  const header = document.createElement('div'); // not <header>: inside role=dialog it would be a banner landmark
  header.className = 'aui-dialog2-header';
  const title = document.createElement('h2');
  title.className = 'aui-dialog2-header-main';
  title.id = 'bitbucket-server-error-title';
  title.textContent = error.title ?? 'Error';
  header.append(title);
  const content = document.createElement('div');
  content.className = 'aui-dialog2-content';
  const text = document.createElement('p');
  text.textContent = error.message;
  content.append(text);
  const footer = document.createElement('div');
  footer.className = 'aui-dialog2-footer';
  const close = document.createElement('button');
  close.className = 'aui-button aui-button-primary';
  close.type = 'button';
  close.textContent = 'Close';
  footer.append(close);
  dialog.append(header, content, footer);
  document.body.append(dialog);
  const ajs = (globalThis as unknown as { AJS?: { dialog2?(el: HTMLElement): { show(): void; hide(): void; on(e: string, cb: () => void): void } } }).AJS;
  if (ajs?.dialog2) {
    const api = ajs.dialog2(dialog);
    close.addEventListener('click', () => api.hide());
    api.on('hide', () => dialog.remove());
    api.show();
  } else {
    dialog.hidden = false;
    close.addEventListener('click', () => dialog.remove());
  }
}

export function ajax(options: ServerAjaxOptions): PromiseLike<unknown> & { abort(): void } {
  const $ = jquery();
  const { statusCode = {}, ...rest } = options;
  const xhr = $.ajax({ timeout: 60000, ...rest });
  const deferred = $.Deferred();
  xhr.then(
    (...args) => deferred.resolve(...args),
    (failedXhr, textStatus, errorThrown) => {
      const jq = failedXhr as JqXhr;
      let data: unknown;
      try {
        data = jq.responseText ? JSON.parse(jq.responseText) : undefined;
      } catch {
        data = undefined;
      }
      const handler = Object.prototype.hasOwnProperty.call(statusCode, String(jq.status)) ? statusCode[String(jq.status)] : statusCode['*'];
      const result = typeof handler === 'function' ? handler(jq, String(textStatus), String(errorThrown), data) : handler;
      if (result === false) {
        deferred.reject(jq, textStatus, errorThrown, data);
        return;
      }
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
        (result as PromiseLike<unknown>).then(
          (value) => deferred.resolve(value),
          (reason) => deferred.reject(reason),
        );
        return;
      }
      const custom = result && typeof result === 'object' ? (result as ServerError) : null;
      if (String(textStatus) !== 'abort') showErrorDialog(custom?.message ? custom : errorOf(jq, data));
      deferred.reject(jq, textStatus, errorThrown, data);
    },
  );
  return deferred.promise({ abort: () => xhr.abort() });
}

/** `ajax` with Bitbucket's REST defaults: JSON both ways and the current user's headers. */
export function rest(options: ServerAjaxOptions): PromiseLike<unknown> & { abort(): void } {
  const type = (options.type ?? 'GET').toUpperCase();
  const user = getCurrentUser();
  const headers: Record<string, string> = { ...((options.headers as Record<string, string>) ?? {}) };
  if (user) {
    headers['X-AUSERNAME'] = user.name;
    headers['X-AUSERID'] = String(user.id);
  }
  const data = type !== 'GET' && options.data !== null && typeof options.data === 'object' ? JSON.stringify(options.data) : options.data;
  return ajax({ dataType: 'json', contentType: 'application/json', jsonp: false, ...options, type, headers, data });
}

/** An empty paged response, like the product's helper. */
export function createEmptyPage<T>(): { size: number; limit: number; isLastPage: boolean; start: number; values: T[] } {
  return { size: 0, limit: 25, isLastPage: true, start: 0, values: [] };
}
