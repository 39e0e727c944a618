import { render } from './dom';

export interface MountClaim {
  /** Aborts when the surface is unmounted (explicitly, or by a later mount into the same container). */
  signal: AbortSignal;
  /** Once-only: aborts `signal`, runs the teardown and empties the container. */
  unmount(): void;
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
    mounted.set(container, unmount);
    return { signal: controller.signal, unmount };
  };
}
