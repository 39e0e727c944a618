/** The frame both insights surfaces (PR panel, file modal) render into: a live headline over a busy body. */
import { isRestError } from 'yourcompany/rest';
import { h, mountRegistry, render, spinner } from 'yourcompany/ui';
import { errorMessage } from 'yourcompany/ui-widgets';
import type { Child, MountClaim } from 'yourcompany/ui';
import type { Disposables } from './view';

export interface InsightsFrame {
  headline: HTMLElement;
  disposables: Disposables;
  signal: AbortSignal;
  unmount(): void;
  /** Replaces the spinner with the content and ends `aria-busy`. */
  show(...content: Child[]): void;
  /** Wraps a render callback in the render-error boundary of this container. */
  guard: MountClaim['guard'];
  /** Shows the failure as an AUI message; requests aborted by unmounting show nothing. */
  fail(error: unknown): void;
}

const claim = mountRegistry();

export function insightsFrame(container: HTMLElement, className: string): InsightsFrame {
  const disposables: Disposables = { lists: [] };
  const { signal, unmount, guard } = claim(container, () => {
    for (const list of disposables.lists) list.destroy();
    disposables.lists = [];
  });
  const headline = h('p', { class: 'yc-insights-headline', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'yc-insights-body', 'aria-busy': 'true' }, spinner());
  render(container, h('div', { class: className }, headline, body));
  const show = (...content: Child[]): void => {
    body.removeAttribute('aria-busy');
    render(body, ...content);
  };
  const fail = (error: unknown): void => {
    if (signal.aborted || (isRestError(error) && error.kind === 'aborted')) return;
    show(errorMessage(error));
  };
  return { headline, disposables, signal, unmount, guard, show, fail };
}
