import { loadPluginModule } from 'yourcompany/host';
import { I18n } from 'yourcompany/host';
import { auiMessage, spinner } from './aui';
import { h, render } from './dom';

/** Renders a surface into the element it is given; returns what tears it down. */
export type MountSurface = (element: HTMLElement) => () => void;

export interface MountClaim {
  /** Aborts when the surface is unmounted (explicitly, or by a later mount into the same container). */
  signal: AbortSignal;
  /** Once-only: aborts `signal`, runs the teardown and empties the container. */
  unmount(): void;
  /**
   * Wraps a render callback (an answer arriving, a click): if it throws while the surface is still
   * mounted, the container shows the render failure instead of a spinner that never ends.
   */
  guard<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void;
}

/** Longest error detail shown to the user (enough to report, never a wall of text). */
const DETAIL_MAX = 160;

/** "TypeError: x is undefined", cut to a line: what the user can quote when reporting the failure. */
export function failureDetail(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown } | null;
  const text = error instanceof Error || (e && typeof e.message === 'string') ? `${typeof e?.name === 'string' ? e.name : 'Error'}: ${String(e?.message ?? '')}` : String(error);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > DETAIL_MAX ? `${flat.slice(0, DETAIL_MAX - 1)}\u2026` : flat;
}

/**
 * The one render-error boundary of every surface (panels, modals, viewer tabs): the container shows
 * a message with a short detail to report, and only this container is affected.
 */
export function renderFailure(container: HTMLElement, error: unknown): void {
  console.error('[yourcompany] a surface failed to render', error);
  render(
    container,
    h(
      'div',
      { 'data-testid': 'yc-render-error' },
      auiMessage(
        'error',
        I18n.getText('yourcompany.error.render.title'),
        I18n.getText('yourcompany.error.render.body'),
        h('p', null, I18n.getText('yourcompany.error.render.detail'), ' ', h('code', { class: 'yc-error-detail' }, failureDetail(error))),
      ),
    ),
  );
  container.removeAttribute('aria-busy');
}

/** Runs `mount` inside the boundary: a throw renders the failure and the returned teardown still works. */
export function guardedMount(container: HTMLElement, mount: MountSurface): () => void {
  try {
    return mount(container);
  } catch (error) {
    renderFailure(container, error);
    return () => render(container);
  }
}

/**
 * A surface whose code loads on demand (through WRM): a loading state while it loads, then the
 * surface mounted inside the boundary; a failed load or a throwing mount shows the failure.
 * Closing before the code arrived mounts nothing.
 */
export function lazySurface(load: () => Promise<MountSurface>): MountSurface {
  return (container) => {
    let closed = false;
    let teardown: () => void = () => undefined;
    container.setAttribute('aria-busy', 'true');
    render(container, spinner());
    load().then(
      (mount) => {
        if (closed) return;
        container.removeAttribute('aria-busy');
        teardown = guardedMount(container, mount);
      },
      (error: unknown) => {
        if (!closed) renderFailure(container, error);
      },
    );
    return () => {
      closed = true;
      teardown();
      container.removeAttribute('aria-busy');
      render(container);
    };
  };
}

/** `lazySurface` for one of our named modules `yourcompany/<name>`, loaded through WRM on first use. */
export function lazyModule<M>(name: string, mount: (module: M, element: HTMLElement) => () => void): MountSurface {
  return lazySurface(() => loadPluginModule<M>(name).then((module) => (element: HTMLElement) => mount(module, element)));
}

/**
 * What makes every surface's `mount(container, …)` idempotent: claiming a container first unmounts what
 * this registry mounted there before, so listeners, timers and requests never pile up on re-mount.
 * One registry per surface module.
 */
export function mountRegistry(): (container: HTMLElement, teardown?: () => void) => MountClaim {
  const mounted = new WeakMap<HTMLElement, () => void>();
  return (container, teardown) => {
    mounted.get(container)?.();
    const controller = new AbortController();
    const unmount = (): void => {
      if (controller.signal.aborted) return;
      controller.abort();
      if (mounted.get(container) === unmount) mounted.delete(container);
      teardown?.();
      render(container);
    };
    const guard = <A extends unknown[]>(callback: (...args: A) => void) =>
      (...args: A): void => {
        try {
          callback(...args);
        } catch (error) {
          if (!controller.signal.aborted) renderFailure(container, error);
        }
      };
    mounted.set(container, unmount);
    return { signal: controller.signal, unmount, guard };
  };
}
