import { h, Child } from './dom';
import { I18n } from 'yourcompany/host';

export type MessageType = 'info' | 'error' | 'warning' | 'success';

/** AUI message (`.aui-message`). Errors and warnings are announced to screen readers. */
export function auiMessage(type: MessageType, title: string, ...body: Child[]): HTMLElement {
  return h(
    'div',
    { class: `aui-message aui-message-${type}`, role: type === 'error' || type === 'warning' ? 'alert' : 'status' },
    h('p', { class: 'title' }, h('strong', null, title)),
    ...body.map((part) => (typeof part === 'string' ? h('p', null, part) : part)),
  );
}

/** AUI spinner with an accessible label. */
export function spinner(label: string = I18n.getText('yourcompany.common.loading')): HTMLElement {
  return h('div', { class: 'yc-loading', role: 'status', 'aria-live': 'polite' }, h('aui-spinner', { size: 'small' }), h('span', { class: 'assistive' }, label));
}

export type LozengeType = 'default' | 'success' | 'error' | 'current' | 'complete' | 'moved';

export function lozenge(type: LozengeType, text: string, subtle = false): HTMLElement {
  const modifier = type === 'default' ? '' : ` aui-lozenge-${type}`;
  return h('span', { class: `aui-lozenge${modifier}${subtle ? ' aui-lozenge-subtle' : ''}` }, text);
}

export function button(
  text: string,
  onClick: (event: Event) => void,
  options: { primary?: boolean; danger?: boolean; subtle?: boolean; disabled?: boolean; testId?: string; label?: string } = {},
): HTMLButtonElement {
  const classes = ['aui-button'];
  if (options.primary) classes.push('aui-button-primary');
  if (options.danger) classes.push('aui-button-danger');
  if (options.subtle) classes.push('aui-button-subtle');
  return h(
    'button',
    {
      type: 'button',
      class: classes.join(' '),
      disabled: options.disabled,
      'aria-disabled': options.disabled ? 'true' : undefined,
      'data-testid': options.testId,
      'aria-label': options.label,
      onclick: onClick,
    },
    text,
  ) as HTMLButtonElement;
}
