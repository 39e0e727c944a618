/**
 * The PR page's "More actions" menu (`more-actions--trigger` / `more-actions--content`, the test ids
 * Atlassian's own integration tests use): an AUI-styled dropdown with menu keyboard behaviour. Not
 * AUI's dropdown2 classes: AUI binds those globally and expects its own component behind them.
 * Document listeners exist only while it is open.
 */
import { el } from '../dom';

let sequence = 0;

export class MoreActionsMenu {
  readonly content: HTMLElement;
  readonly element: HTMLElement;
  private readonly trigger: HTMLButtonElement;
  private open = false;

  constructor() {
    const id = `more-actions-menu-${++sequence}`;
    this.trigger = el(
      'button',
      { type: 'button', class: 'aui-button emulator-menu-trigger', 'aria-haspopup': 'true', 'aria-expanded': 'false', 'aria-controls': id, 'aria-label': 'More actions', 'data-testid': 'more-actions--trigger' },
      el('span', { class: 'aui-icon aui-icon-small aui-iconfont-more', 'aria-hidden': 'true' }),
    ) as HTMLButtonElement;
    this.content = el('div', { id, class: 'emulator-menu aui-dropdown2-section', role: 'menu', 'aria-label': 'More actions', 'data-testid': 'more-actions--content', 'data-extension-point': 'bitbucket.ui.pullrequest.action', 'aria-busy': 'true', hidden: true });
    this.element = el('div', { class: 'emulator-menu-container' }, this.trigger, this.content);
    this.trigger.addEventListener('click', this.onTriggerClick);
    this.content.addEventListener('keydown', this.onMenuKeydown);
    this.content.addEventListener('click', this.onMenuClick);
  }

  setCount(count: number): void {
    this.trigger.setAttribute('data-item-count', String(count));
  }

  private items(): HTMLElement[] {
    return [...this.content.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  private readonly onTriggerClick = () => (this.open ? this.close(true) : this.show());

  private show(): void {
    this.open = true;
    this.content.hidden = false;
    this.trigger.setAttribute('aria-expanded', 'true');
    document.addEventListener('mousedown', this.onOutside, true);
    document.addEventListener('keydown', this.onDocumentKeydown, true);
    this.items()[0]?.focus();
  }

  close(restoreFocus: boolean): void {
    if (!this.open) return;
    this.open = false;
    this.content.hidden = true;
    this.trigger.setAttribute('aria-expanded', 'false');
    document.removeEventListener('mousedown', this.onOutside, true);
    document.removeEventListener('keydown', this.onDocumentKeydown, true);
    if (restoreFocus && this.trigger.isConnected) this.trigger.focus();
  }

  private readonly onOutside = (event: Event) => {
    if (!this.element.contains(event.target as Node)) this.close(false);
  };

  private readonly onDocumentKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.close(true);
    }
  };

  private readonly onMenuClick = (event: Event) => {
    if ((event.target as Element).closest('[role="menuitem"]')) this.close(false);
  };

  private readonly onMenuKeydown = (event: KeyboardEvent) => {
    const items = this.items();
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      items[event.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (event.key === 'Tab') {
      this.close(false);
    }
  };

  dispose(): void {
    this.close(false);
    this.trigger.removeEventListener('click', this.onTriggerClick);
    this.content.removeEventListener('keydown', this.onMenuKeydown);
    this.content.removeEventListener('click', this.onMenuClick);
  }
}
