/** DOM of the merge-readiness panel, built only with h(); updates replace just the checks that changed. */
import { I18n } from 'yourcompany/host';
import { button, h, lozenge, spinner } from 'yourcompany/ui';
import { errorMessage, externalLink, sectionHeading } from 'yourcompany/ui-widgets';
import type { LozengeType } from 'yourcompany/ui';
import type { Check, CheckEntry, CheckLink, CheckStatus, ReadinessView } from './model';

const LOZENGE_BY_STATUS: Record<CheckStatus, LozengeType> = {
  ok: 'success',
  blocker: 'error',
  warning: 'moved',
  pending: 'current',
  info: 'default',
};

/** Entries rendered at first; "show more" adds this many again, so a 5 000-task PR stays responsive. */
export const ENTRY_PAGE = 20;

function checkStatusText(status: CheckStatus): string {
  switch (status) {
    case 'ok':
      return I18n.getText('yourcompany.merge.status.ok');
    case 'blocker':
      return I18n.getText('yourcompany.merge.status.blocker');
    case 'warning':
      return I18n.getText('yourcompany.merge.status.warning');
    case 'pending':
      return I18n.getText('yourcompany.merge.status.pending');
    case 'info':
      return I18n.getText('yourcompany.merge.status.info');
  }
}

/** A link, or the plain text when the URL is not safe to follow. */
function link(text: string, href: string | undefined, className: string): HTMLElement {
  return externalLink(text, href, { className }) ?? h('span', { class: className }, text);
}

function entryItem(entry: CheckEntry): HTMLElement {
  return h(
    'li',
    { class: 'yc-merge-entry', tabindex: '-1' },
    lozenge(LOZENGE_BY_STATUS[entry.status], entry.statusText, true),
    ' ',
    link(entry.text, entry.href, 'yc-merge-entry-text'),
    entry.detail ? h('span', { class: 'yc-merge-entry-detail' }, entry.detail) : null,
  );
}

/** A list that renders `ENTRY_PAGE` rows and reveals more on demand (keyboard: focus moves to the first new row). */
export function cappedList(entries: CheckEntry[], label: string): HTMLElement {
  const list = h('ul', { class: 'yc-merge-entries', 'aria-label': label });
  const wrapper = h('div', { class: 'yc-merge-entries-wrapper' }, list);
  let shown = 0;
  let more: HTMLButtonElement | null = null;
  const reveal = (focusFirst: boolean): void => {
    const next = entries.slice(shown, shown + ENTRY_PAGE).map(entryItem);
    shown += next.length;
    for (const item of next) list.appendChild(item);
    const remaining = entries.length - shown;
    if (more) more.remove();
    more = remaining > 0 ? button(I18n.getText('yourcompany.merge.showmore', Math.min(remaining, ENTRY_PAGE), remaining), () => reveal(true), { subtle: true }) : null;
    if (more) wrapper.appendChild(more);
    if (focusFirst && next[0]) next[0].focus();
  };
  reveal(false);
  return wrapper;
}

function linksOf(links: CheckLink[]): HTMLElement | null {
  if (links.length === 0) return null;
  return h('p', { class: 'yc-merge-links' }, links.map((l) => link(l.text, l.href, 'yc-merge-link')));
}

function checkItem(check: Check): HTMLElement {
  const titleId = `yc-merge-check-${check.id}`;
  return h(
    'li',
    { class: `yc-card yc-merge-check yc-merge-check-${check.status}`, 'data-check': check.id, 'data-status': check.status, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'yc-merge-check-header' },
      lozenge(LOZENGE_BY_STATUS[check.status], checkStatusText(check.status)),
      ' ',
      sectionHeading(check.title, { id: titleId, className: 'yc-merge-check-title' }),
    ),
    check.loading ? spinner() : null,
    check.error !== undefined ? errorMessage(check.error) : null,
    check.fix ? h('p', { class: 'yc-merge-fix' }, check.fix) : null,
    linksOf(check.links),
    check.entries.length > 0 ? cappedList(check.entries, check.title) : null,
    check.moreOnServer ? h('p', { class: 'yc-merge-more-on-server' }, I18n.getText('yourcompany.merge.moreonserver', check.moreOnServer)) : null,
  );
}

function signature(check: Check): string {
  const error = check.error as { kind?: string; status?: number } | undefined;
  return JSON.stringify([check.status, check.title, check.fix, check.links, check.entries, check.moreOnServer, check.loading, error?.kind, error?.status, check.error !== undefined]);
}

const signatures = new WeakMap<Element, string>();

/** The panel's root element: a live headline and the list of checks. */
export function readinessRoot(): HTMLElement {
  return h(
    'div',
    { class: 'yc-merge' },
    h('p', { class: 'yc-merge-headline', role: 'status', 'aria-live': 'polite' }),
    h('ul', { class: 'yc-merge-checks', 'aria-label': I18n.getText('yourcompany.merge.checks.label') }),
  );
}

/** Brings `root` up to date with `view`, replacing only changed checks so focus inside unchanged ones survives. */
export function renderReadiness(root: HTMLElement, view: ReadinessView): void {
  const headline = root.querySelector('.yc-merge-headline') as HTMLElement;
  if (headline.textContent !== view.headline) headline.textContent = view.headline;
  root.setAttribute('data-state', view.summary.state);
  const list = root.querySelector('.yc-merge-checks') as HTMLElement;
  const existing = new Map<string, Element>();
  for (const child of Array.from(list.children)) existing.set(child.getAttribute('data-check') ?? '', child);
  view.checks.forEach((check, index) => {
    const sig = signature(check);
    let item = existing.get(check.id);
    if (!item || signatures.get(item) !== sig) {
      const fresh = checkItem(check);
      signatures.set(fresh, sig);
      if (item) item.replaceWith(fresh);
      item = fresh;
    }
    existing.delete(check.id);
    if (list.children[index] !== item) list.insertBefore(item, list.children[index] ?? null);
  });
  for (const stale of existing.values()) stale.remove();
}
