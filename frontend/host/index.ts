/**
 * `yourcompany/host`: the only module that touches Bitbucket's globals and AMD modules.
 * Everything else imports this typed adapter, so a host change is a change in one folder.
 */
import contextPathOf from 'wrm/context-path';
import * as state from 'bitbucket/util/state';
import * as events from 'bitbucket/util/events';
import auiFlag from 'aui/flag';
import { escapeHtml } from './escape';

export { I18n, format, setFallbackBundle } from './i18n';
export { escapeHtml } from './escape';

export { PLUGIN_KEY, loadWebResource, requireModule, loadPluginModule } from './lazy';

/** Bitbucket's context path without a trailing slash (`""` at the root, `"/bitbucket"` under one). */
export function contextPath(): string {
  return contextPathOf().replace(/\/+$/, '');
}

export interface CurrentUser {
  id: number;
  name: string;
  slug: string;
  displayName: string;
}

/** The signed-in user, or null for anonymous access. */
export function currentUser(): CurrentUser | null {
  const user = state.getCurrentUser();
  if (!user) return null;
  return { id: user.id, name: user.name, slug: user.slug, displayName: user.displayName };
}

export type FlagType = 'success' | 'error' | 'warning' | 'info';

/** Shows an AUI flag. `body` is plain text: AUI renders flag bodies as HTML, so it is escaped here. */
export function flag(options: { type: FlagType; title: string; body?: string; persistent?: boolean }): { close(): void } {
  const element = auiFlag({
    type: options.type,
    title: options.title,
    body: options.body === undefined ? undefined : escapeHtml(options.body),
    close: options.persistent ? 'manual' : 'auto',
  });
  return { close: () => element.close() };
}

/** Publishes a `bitbucket/util/events` event (synchronously, to every subscriber on the page). */
export function triggerHostEvent(name: string, ...args: unknown[]): void {
  events.trigger(name, null, ...args);
}

/** Subscribes to a `bitbucket/util/events` event; returns the unsubscribe function. */
export function onHostEvent(name: string, handler: (...args: unknown[]) => void): () => void {
  events.on(name, handler);
  return () => events.off(name, handler);
}
