/**
 * The CSE modal API on an AUI dialog2 (host-anatomy.md §1.5): setTitle, setWidth, setAppearance,
 * onMount/onUnmount, closeModal, setActions, onClose (returning false vetoes a user close).
 * Focus moves into the dialog, Tab is trapped, Escape asks to close, focus returns on close.
 */
import { ModalExtension } from '@atlassian/clientside-extensions';
import { el, replaceChildren, spinner } from '../dom';
import { reportExtensionError } from './extension-point';

type ModalAction = { text: string; onClick: () => void; isDisabled?: boolean; isLoading?: boolean; testId?: string };
type ModalApi = InstanceType<typeof ModalExtension.Api>;

const WIDTH_CLASS: Record<string, string> = { small: 'aui-dialog2-small', medium: 'aui-dialog2-medium', large: 'aui-dialog2-large', 'x-large': 'aui-dialog2-xlarge' };
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

let openModal: ModalHandle | null = null;
let sequence = 0;

export interface ModalHandle {
  /** Closes without asking the extension (host navigation). */
  close(): void;
}

/** The modal currently open, if any (the host closes it when it leaves the page). */
export function currentModal(): ModalHandle | null {
  return openModal;
}

export function openExtensionModal(key: string, onAction: unknown, label: string): ModalHandle | null {
  openModal?.close();
  const restoreFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = `cse-modal-title-${++sequence}`;
  let closed = false;
  let mounted = false;
  let actions: ModalAction[] = [];

  const title = el('h2', { class: 'aui-dialog2-header-main', id: titleId });
  const closeButton = el('button', { type: 'button', class: 'aui-close-button', 'aria-label': 'Close', 'data-testid': 'modal-close' });
  const content = el('div', { class: 'aui-dialog2-content', 'data-testid': 'modal-content' });
  const footerActions = el('div', { class: 'aui-dialog2-footer-actions' });
  const dialog = el(
    'section',
    { class: 'aui-dialog2 aui-layer emulator-modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, 'data-extension-key': key, tabindex: '-1' },
    // div, not header/footer: inside role=dialog those would count as page banner/contentinfo landmarks.
    el('div', { class: 'aui-dialog2-header' }, title, closeButton),
    content,
    el('div', { class: 'aui-dialog2-footer' }, footerActions),
  );
  const blanket = el('div', { class: 'aui-blanket emulator-blanket', tabindex: '-1', 'aria-hidden': 'true' });

  const renderActions = () => {
    replaceChildren(
      footerActions,
      actions.map((action, index) =>
        el(
          'button',
          {
            type: 'button',
            class: `aui-button${index === 0 ? ' aui-button-primary' : ''}`,
            'data-testid': action.testId,
            disabled: Boolean(action.isDisabled) || Boolean(action.isLoading),
            'aria-busy': action.isLoading ? 'true' : undefined,
            onclick: () => {
              try {
                action.onClick?.();
              } catch (error) {
                reportExtensionError(key, 'modal action', error);
              }
            },
          },
          action.isLoading ? spinner() : null,
          String(action.text ?? ''),
        ),
      ),
    );
  };

  const close = () => {
    if (closed) return;
    closed = true;
    document.removeEventListener('keydown', onKeydown, true);
    if (mounted) {
      try {
        api.getCleanupCallback()(content);
      } catch (error) {
        reportExtensionError(key, 'modal onUnmount', error);
      }
    }
    dialog.remove();
    blanket.remove();
    if (openModal === handle) openModal = null;
    if (restoreFocus?.isConnected) restoreFocus.focus();
  };

  /** A user-initiated close (Escape, ×): the extension's onClose may veto it. */
  const requestClose = (event: Event) => {
    let allowed: unknown = true;
    try {
      allowed = api.getOnCloseCallback()(event as never);
    } catch (error) {
      reportExtensionError(key, 'modal onClose', error);
    }
    if (allowed !== false) close();
  };

  function onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      requestClose(event);
    } else if (event.key === 'Tab') {
      const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((node) => node.offsetParent !== null || node === document.activeElement);
      if (focusable.length === 0) {
        event.preventDefault();
        dialog.focus();
        return;
      }
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!dialog.contains(document.activeElement)) {
        event.preventDefault();
        first.focus();
      } else if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  const api: ModalApi = new ModalExtension.Api(close, ((next: ModalAction[]) => {
    actions = Array.isArray(next) ? next : [];
    renderActions();
  }) as never);

  const handle: ModalHandle = { close };
  try {
    (onAction as (modalApi: ModalApi) => void)(api);
  } catch (error) {
    reportExtensionError(key, 'modal onAction', error);
    return null;
  }

  title.textContent = api.getTitle() || label;
  dialog.classList.add(WIDTH_CLASS[api.getWidth() ?? 'medium'] ?? WIDTH_CLASS.medium);
  const appearance = api.getAppearance();
  if (appearance === 'danger' || appearance === 'warning') dialog.classList.add('aui-dialog2-warning', `emulator-modal-${appearance}`);
  closeButton.addEventListener('click', (event) => requestClose(event));
  renderActions();
  document.body.append(blanket, dialog);
  dialog.hidden = false;
  dialog.setAttribute('open', '');
  document.addEventListener('keydown', onKeydown, true);
  openModal = handle;
  mounted = true;
  try {
    api.getRenderCallback()(content);
  } catch (error) {
    reportExtensionError(key, 'modal onMount', error);
  }
  // setTitle may be called from onMount.
  if (!closed) title.textContent = api.getTitle() || label;
  if (!closed) (dialog.querySelector<HTMLElement>(FOCUSABLE) ?? dialog).focus();
  return handle;
}
