// Host AMD modules the product defines (host-anatomy.md §1.7, §3.2–3.6). Only frontend/host imports them.

declare module 'wrm/context-path' {
  const contextPath: () => string;
  export default contextPath;
}

declare module 'wrm/format' {
  /** Atlassian's MessageFormat: `{0}`, `{0,number}`, `{0,choice,0#…|1#…|1<…}`, `''` for a quote. */
  const format: (pattern: string, ...args: unknown[]) => string;
  export default format;
}

declare module 'wrm/require' {
  /** Loads `wr!<pluginKey>:<key>` or `wrc!<context>`; returns a jQuery-style thenable. */
  const wrmRequire: (resources: string | string[]) => PromiseLike<unknown>;
  export default wrmRequire;
}

declare module 'bitbucket/util/state' {
  export interface StateUser {
    id: number;
    name: string;
    slug: string;
    displayName: string;
    emailAddress?: string;
    active?: boolean;
    type?: string;
  }
  /** Bitbucket returns `false`, not null, when the page has no such value. */
  export function getCurrentUser(): StateUser | false;
  export function getProject(): { key: string; id?: number; name?: string } | false;
  export function getRepository(): { slug: string; id?: number; name?: string; project?: { key: string } } | false;
  export function getPullRequest(): Record<string, unknown> | false;
}

declare module 'bitbucket/util/events' {
  export function on(name: string, handler: (...args: unknown[]) => void): void;
  export function off(name: string, handler: (...args: unknown[]) => void): void;
  export function trigger(name: string, context?: unknown, ...args: unknown[]): void;
}

declare module 'aui/flag' {
  interface FlagOptions {
    type?: 'success' | 'error' | 'warning' | 'info';
    title?: string;
    /** HTML. The host adapter escapes text before it gets here. */
    body?: string;
    close?: 'manual' | 'auto' | 'never';
    duration?: number;
  }
  const flag: (options: FlagOptions) => HTMLElement & { close(): void };
  export default flag;
}
