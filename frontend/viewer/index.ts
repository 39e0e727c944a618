/**
 * `yourcompany/viewer`: the Code Insights report viewer, a full-window overlay over any Bitbucket page
 * whose whole state lives in the URL hash (`#yourcompany-insights?…`, see insights-model's viewer-route.ts).
 *
 * - `openFromLocation()`: what the launcher calls when the hash is ours; opens or updates the overlay.
 * - `open(state)` / `close()`: programmatic; both keep the URL in step.
 * - `mount(container, state, deps)`: the viewer without overlay or URL handling (tests, other hosts).
 * - Benchmark hook: the annotations tab filters through `AnnotationIndex` (filter-index.ts, on the rules of
 *   `prepareAnnotations` + `filterAnnotations`) and records its last raw filter time in `data-filter-ms`
 *   (and the match count in `data-visible-count`) on `[data-testid="viewer-annotations"]`.
 */
import { bitbucketClient } from 'yourcompany/rest';
import type { BitbucketClient } from 'yourcompany/rest';
import { createViewerApp } from './app';
import type { ChangeMode, ViewerApp } from './app';
import { createOverlay } from './overlay';
import type { Overlay } from './overlay';
import { isViewerHash, normalizeViewerState, parseViewerHash, sameViewerState, viewerHash } from 'yourcompany/insights-model';
import type { ViewerLink, ViewerState } from 'yourcompany/insights-model';

export type { ViewerState, ViewerLink, ViewerTab, ViewerRepo, SortOrder, SortField } from 'yourcompany/insights-model';
export { filterAnnotations, prepareAnnotations, sortAnnotations, groupByFile, globToRegExp } from './filter';
export type { AnnotationRow, AnnotationQuery } from './filter';
export { toCsv, toSarif } from './export';

export interface ViewerDeps {
  client?: BitbucketClient;
  /** Told about every state change the user makes: `push` for navigation, `replace` for filters. */
  onChange?(state: ViewerState, mode: ChangeMode): void;
}

const mounted = new WeakMap<HTMLElement, ViewerApp>();

/** Renders the viewer into `container`; idempotent per container. Returns unmount. */
export function mount(container: HTMLElement, state: ViewerLink = {}, deps: ViewerDeps = {}): () => void {
  mounted.get(container)?.destroy();
  const app = createViewerApp(normalizeViewerState(state), {
    client: deps.client ?? bitbucketClient(),
    doc: container.ownerDocument,
    onChange: (next, mode) => deps.onChange?.(next, mode),
  });
  container.appendChild(app.element);
  mounted.set(container, app);
  return () => {
    if (mounted.get(container) === app) mounted.delete(container);
    app.destroy();
  };
}

interface Session {
  overlay: Overlay;
  app: ViewerApp;
  unmount(): void;
  detach(): void;
}

let session: Session | null = null;
let clientOverride: BitbucketClient | undefined;

/** Tests and the emulator's harness can give the overlay a client of their own. */
export function setClient(client: BitbucketClient | undefined): void {
  clientOverride = client;
}

function urlWithHash(hash: string): string {
  return `${location.pathname}${location.search}${hash}`;
}

function writeUrl(state: ViewerState, mode: ChangeMode): void {
  const hash = viewerHash(state);
  if (location.hash === hash) return;
  if (mode === 'push') history.pushState(history.state, '', urlWithHash(hash));
  else history.replaceState(history.state, '', urlWithHash(hash));
}

function isTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || (el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes((el as HTMLInputElement).type));
}

function createSession(state: ViewerState): Session {
  const overlay = createOverlay(document, () => close());
  const unmount = mount(overlay.body, state, { client: clientOverride, onChange: writeUrl });
  const app = mounted.get(overlay.body)!;
  const onKey = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey || isTextField(event.target)) return;
    if (event.key === '/') {
      if (app.focusFilter()) event.preventDefault();
    } else if (event.key === 'j' || event.key === 'k') {
      // j/k anywhere in the viewer move through the visible grid.
      const grid = overlay.element.querySelector<HTMLElement>('.yc-viewer-panel [role="grid"]');
      if (grid && event.target !== grid) {
        event.preventDefault();
        grid.focus();
        grid.dispatchEvent(new KeyboardEvent('keydown', { key: event.key, bubbles: true, cancelable: true }));
      }
    }
  };
  // Back/forward: follow the URL; leaving our route closes the overlay without touching history.
  const onPopState = (): void => {
    if (!session) return;
    if (isViewerHash(location.hash)) {
      const next = parseViewerHash(location.hash);
      if (!sameViewerState(next, session.app.state())) session.app.setState(next);
    } else teardown();
  };
  // Document-level: after a re-render the focus may be on <body>, outside the dialog.
  document.addEventListener('keydown', onKey);
  window.addEventListener('popstate', onPopState);
  window.addEventListener('hashchange', onPopState);
  return {
    overlay,
    app,
    unmount,
    detach() {
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('popstate', onPopState);
      window.removeEventListener('hashchange', onPopState);
    },
  };
}

function teardown(): void {
  const current = session;
  if (!current) return;
  session = null;
  current.detach();
  current.unmount();
  current.overlay.destroy();
}

/** Opens the overlay on `state` (or shows it there if already open) and puts it in the URL. */
export function open(state: ViewerLink = {}): void {
  const next = normalizeViewerState(state);
  if (session) {
    if (!sameViewerState(next, session.app.state())) session.app.setState(next);
  } else session = createSession(next);
  writeUrl(next, 'push');
}

/** Closes the overlay, removes our hash and gives the page back its scroll and focus. */
export function close(): void {
  if (!session) return;
  teardown();
  if (isViewerHash(location.hash)) history.replaceState(history.state, '', urlWithHash(''));
}

/** Opens (or updates) the viewer from `location.hash`; does nothing when the hash is not ours. */
export function openFromLocation(): void {
  if (!isViewerHash(location.hash)) return;
  const state = parseViewerHash(location.hash);
  if (session) {
    if (!sameViewerState(state, session.app.state())) session.app.setState(state);
    return;
  }
  session = createSession(state);
}

/** Whether the overlay is open (for tests and the launcher). */
export function isOpen(): boolean {
  return session !== null;
}
