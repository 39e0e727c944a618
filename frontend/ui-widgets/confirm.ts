import { h } from 'yourcompany/ui';
import type { Child } from 'yourcompany/ui';
import { I18n } from 'yourcompany/host';

export interface ConfirmOptions {
  title: string;
  body?: Child;
  confirmText: string;
  cancelText?: string;
  /** Styles the confirm button as destructive. */
  danger?: boolean;
  signal?: AbortSignal;
  testId?: string;
}

let sequence = 0;

/**
 * An inline confirmation (`role="alertdialog"`) appended to `host`. Cancel has focus (the safe default),
 * Tab cycles between the two buttons, Escape cancels, and focus goes back to where it was. Resolves
 * true only on an explicit confirm; abort, Escape and Cancel all resolve false. Inline rather than a
 * dialog2 because it often opens inside a CSE modal, where a second modal layer fights the host's focus trap.
 */
export function confirmInline(host: HTMLElement, options: ConfirmOptions): Promise<boolean> {
  const id = `yc-confirm-${++sequence}`;
  const previousFocus = host.ownerDocument.activeElement as HTMLElement | null;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: boolean): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      dialog.remove();
      if (previousFocus && previousFocus.isConnected && typeof previousFocus.focus === 'function') previousFocus.focus();
      resolve(answer);
    };
    const onAbort = (): void => finish(false);
    const cancel = h('button', { type: 'button', class: 'aui-button', 'data-testid': options.testId ? `${options.testId}-cancel` : undefined, onclick: () => finish(false) }, options.cancelText ?? I18n.getText('yourcompany.common.cancel'));
    const confirm = h(
      'button',
      {
        type: 'button',
        class: `aui-button ${options.danger ? 'aui-button-danger' : 'aui-button-primary'}`,
        'data-testid': options.testId ? `${options.testId}-confirm` : undefined,
        onclick: () => finish(true),
      },
      options.confirmText,
    );
    const dialog = h(
      'div',
      {
        class: 'yc-confirm',
        role: 'alertdialog',
        'aria-modal': 'false',
        'aria-labelledby': `${id}-title`,
        'aria-describedby': options.body === undefined ? undefined : `${id}-body`,
        'data-testid': options.testId,
        onkeydown: (event: Event) => {
          const key = event as KeyboardEvent;
          if (key.key === 'Escape') {
            key.preventDefault();
            key.stopPropagation(); // keep the host modal open: Escape here only cancels the confirmation
            finish(false);
          } else if (key.key === 'Tab') {
            key.preventDefault();
            (key.target === cancel ? confirm : cancel).focus();
          }
        },
      },
      h('p', { id: `${id}-title`, class: 'yc-confirm-title' }, h('strong', null, options.title)),
      options.body === undefined ? null : h('div', { id: `${id}-body`, class: 'yc-confirm-body' }, options.body),
      h('div', { class: 'yc-confirm-buttons' }, cancel, confirm),
    );
    if (options.signal?.aborted) {
      resolve(false);
      return;
    }
    options.signal?.addEventListener('abort', onAbort);
    host.appendChild(dialog);
    cancel.focus();
  });
}
