/** View pieces every surface builds the same way (panels, modals and the viewer). */
import { h, safeHref } from 'yourcompany/ui';
import type { Child } from 'yourcompany/ui';

/**
 * A link; absolute http(s) targets open in a new tab without giving it the opener or the referrer.
 * Null when the URL is not one `safeHref` allows (the caller decides whether to show plain text).
 */
export function externalLink(text: string, href: string | undefined, options: { className?: string; label?: string } = {}): HTMLElement | null {
  const safe = safeHref(href);
  if (!safe) return null;
  const external = /^https?:\/\//i.test(safe);
  return h('a', { class: options.className, href: safe, target: external ? '_blank' : undefined, rel: external ? 'noopener noreferrer' : undefined, 'aria-label': options.label }, text);
}

/**
 * A section heading inside a panel. Panels render into the host's modal, whose title is the h2, so
 * their sections are h3 (axe `heading-order`: levels must not be skipped).
 */
export function sectionHeading(text: string, options: { id?: string; className?: string } = {}): HTMLElement {
  return h('h3', { id: options.id, class: options.className ? `yc-section-heading ${options.className}` : 'yc-section-heading' }, text);
}

/** A `<dl>` of term/value rows (report data fields, facts); `className` adds the surface's own styling. */
export function keyValueList(rows: readonly [Child, Child][], className?: string): HTMLElement {
  return h('dl', { class: className ? `yc-kv ${className}` : 'yc-kv' }, rows.map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}
