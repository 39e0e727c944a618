/**
 * The full-window modal layer the viewer lives in: role="dialog" + aria-modal, focus kept inside
 * (Tab wraps, focus that escapes is pulled back), body scroll locked, and on close the page's scroll
 * lock and previously focused element are restored.
 */
import { h } from 'yourcompany/ui';
import { I18n } from 'yourcompany/host';

export interface Overlay {
  element: HTMLElement;
  /** Where the viewer mounts. */
  body: HTMLElement;
  destroy(): void;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function focusableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hidden && !el.closest('[hidden]') && el.getAttribute('aria-hidden') !== 'true');
}

export function createOverlay(doc: Document, onCloseRequest: () => void): Overlay {
  const previousFocus = doc.activeElement as HTMLElement | null;
  const root = doc.documentElement;
  const previousOverflow = root.style.overflow;
  const previousBodyOverflow = doc.body.style.overflow;
  const titleId = 'yc-viewer-title';

  const body = h('div', { class: 'yc-viewer-overlay-body' });
  const closeButton = h(
    'button',
    {
      type: 'button',
      class: 'aui-button aui-button-subtle yc-viewer-close',
      'aria-label': I18n.getText('yourcompany.viewer.close'),
      'data-testid': 'viewer-close',
      onclick: () => onCloseRequest(),
    },
    h('span', { class: 'aui-icon aui-icon-small aui-iconfont-cross', 'aria-hidden': 'true' }),
    h('span', { class: 'yc-viewer-close-text' }, I18n.getText('yourcompany.viewer.close')),
  );
  const element = h(
    'div',
    {
      class: 'yc-viewer-overlay',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': titleId,
      'data-testid': 'insights-viewer',
    },
    // A div, not <header>: inside the dialog a <header> would be a second page banner landmark.
    h(
      'div',
      { class: 'yc-viewer-overlay-header' },
      h('h1', { id: titleId, class: 'yc-viewer-title' }, I18n.getText('yourcompany.viewer.title')),
      closeButton,
    ),
    body,
  );

  function trapTab(event: KeyboardEvent): void {
    const items = focusableIn(element);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    const active = doc.activeElement;
    if (event.shiftKey && (active === first || !element.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !element.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  // On the document, not the dialog: after a re-render removes the focused element, focus is on <body>.
  // defaultPrevented is not checked: AUI's layer manager prevents Escape on the document first. Our inline
  // confirmations stop its propagation, so they still take Escape for themselves.
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCloseRequest();
    } else if (event.key === 'Tab') trapTab(event);
  };

  const onFocusIn = (event: FocusEvent): void => {
    const target = event.target as Node | null;
    // AUI flags live outside; let them take focus (their close buttons).
    if (target && !element.contains(target) && !(target as Element).closest?.('#aui-flag-container')) closeButton.focus();
  };

  root.style.overflow = 'hidden';
  doc.body.style.overflow = 'hidden';
  doc.body.appendChild(element);
  doc.addEventListener('focusin', onFocusIn);
  doc.addEventListener('keydown', onKeyDown);
  closeButton.focus();

  return {
    element,
    body,
    destroy() {
      doc.removeEventListener('focusin', onFocusIn);
      doc.removeEventListener('keydown', onKeyDown);
      element.remove();
      root.style.overflow = previousOverflow;
      doc.body.style.overflow = previousBodyOverflow;
      if (previousFocus && previousFocus.isConnected && typeof previousFocus.focus === 'function') previousFocus.focus();
    },
  };
}
