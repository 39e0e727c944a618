/**
 * The wiring every PR-page extension repeats, once: a request signal that the host's cleanup aborts,
 * a summary label that loads after render, and a surface (modal or panel) mounted on open and unmounted
 * on close. Extension files stay declarative: their own I18n keys, context reading and mount function.
 */
import { Width } from '@atlassian/clientside-extensions/dist/esm/ModalExtension.js';
import type { ModalExtension as ModalTypes, MountableExtension } from '@atlassian/clientside-extensions';

/** The part of the CSE extension API these helpers use (ExtensionAPI of any attribute type fits). */
export interface ExtensionHandle {
  updateAttributes(payload: { label?: string; hidden?: boolean }): void;
  onCleanup(callback: () => void): void;
}

/** Renders into the host's element; returns what tears it down. */
export type MountSurface = (element: HTMLElement) => () => void;

/** An AbortSignal that fires when the host cleans the extension up (navigation, re-render). */
export function cleanupSignal(extensionApi: ExtensionHandle): AbortSignal {
  const controller = new AbortController();
  extensionApi.onCleanup(() => controller.abort());
  return controller.signal;
}

/** Mounts on the host's mount callback and unmounts on its unmount callback (modal and panel APIs alike). */
export function mountWhileOpen(api: MountableExtension, mount: MountSurface): void {
  let unmount: () => void = () => undefined;
  api.onMount((element) => {
    unmount = mount(element);
  });
  api.onUnmount(() => unmount());
}

export interface ModalSurfaceOptions {
  title: string;
  /** Default: large. */
  width?: ModalTypes.Width;
  appearance?: ModalTypes.Appearance;
  /** Gets the modal API too, e.g. to close the modal from inside. */
  mount(element: HTMLElement, modalApi: ModalTypes.Api): () => void;
}

/** A modal extension's `onAction`: title, width (and appearance), mount on open, unmount on close. */
export function modalSurface(options: ModalSurfaceOptions): (modalApi: ModalTypes.Api) => void {
  return (modalApi) => {
    modalApi.setTitle(options.title);
    modalApi.setWidth(options.width ?? Width.large);
    if (options.appearance) modalApi.setAppearance(options.appearance);
    mountWhileOpen(modalApi, (element) => options.mount(element, modalApi));
  };
}

/** Reveals a hidden-by-default extension once `available` says yes (and the host has not cleaned it up). */
export function revealWhen(extensionApi: ExtensionHandle, available: (signal: AbortSignal) => Promise<boolean>): void {
  const signal = cleanupSignal(extensionApi);
  void available(signal).then((yes) => {
    if (yes && !signal.aborted) extensionApi.updateAttributes({ hidden: false });
  });
}

/** What a label can refresh by itself: back off from `firstMs` to `maxMs`, for at most `forMs` after its first live answer. */
export const LIVE_REFRESH = { firstMs: 15_000, maxMs: 120_000, forMs: 30 * 60_000 } as const;

export interface SummaryModalOptions<Summary> {
  /** Shown until the summary arrives. */
  loadingLabel: string;
  /** Shown when the summary fails (not when the host cleaned up first). */
  unavailableLabel: string;
  /** `fresh`: bypass the page's caches (a live refresh or a reload after our own write). */
  summarize(signal: AbortSignal, fresh: boolean): Promise<Summary>;
  label(summary: Summary): string;
  /** True while the summary can still change by itself (no report yet, a report without result…): the label refreshes. */
  live?(summary: Summary): boolean;
  /** Subscribes the label's fresh reload to changes our own surfaces made (e.g. a like); returns the unsubscribe. */
  reloadOn?(reload: () => void): () => void;
  tooltip?: string;
  modal: ModalSurfaceOptions;
}

/**
 * A PR summary item: a label that starts as "loading", becomes `label(summary)` (or "unavailable"), and
 * opens `modal`. While `live(summary)` says the data can still change, it refreshes itself — backing off
 * from 15 s to 2 min, only while the tab is visible, for at most 30 min — and sends nothing once final.
 * Requests, timers and listeners end when the host cleans the extension up.
 */
export function summaryModal<Summary>(extensionApi: ExtensionHandle, options: SummaryModalOptions<Summary>): ModalTypes.ModalAttributes {
  const signal = cleanupSignal(extensionApi);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitingForVisible: (() => void) | undefined;
  let liveSince: number | undefined;
  let delay: number = LIVE_REFRESH.firstMs;
  let generation = 0;

  const stopWaiting = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (waitingForVisible) document.removeEventListener('visibilitychange', waitingForVisible);
    waitingForVisible = undefined;
  };

  const schedule = (summary: Summary): void => {
    stopWaiting();
    if (signal.aborted || !options.live?.(summary)) return;
    liveSince = liveSince ?? Date.now();
    if (Date.now() - liveSince >= LIVE_REFRESH.forMs) return;
    const wait = delay;
    delay = Math.min(delay * 2, LIVE_REFRESH.maxMs);
    timer = setTimeout(() => {
      timer = undefined;
      if (typeof document === 'undefined' || document.visibilityState !== 'hidden') {
        load(true, false);
        return;
      }
      // A hidden tab asks for nothing; the refresh happens when the user comes back.
      waitingForVisible = () => {
        if (document.visibilityState === 'hidden') return;
        stopWaiting();
        load(true, false);
      };
      document.addEventListener('visibilitychange', waitingForVisible);
    }, wait);
  };

  // `label()` runs inside the chain: a summary it cannot render ends as "unavailable", never as "loading…".
  const load = (fresh: boolean, first: boolean): void => {
    const current = ++generation;
    options.summarize(signal, fresh).then((summary) => ({ summary, label: options.label(summary) })).then(
      ({ summary, label }) => {
        if (signal.aborted || current !== generation) return;
        extensionApi.updateAttributes({ label });
        schedule(summary);
      },
      () => {
        if (signal.aborted || current !== generation) return;
        // A failed first load says so; a failed refresh keeps the last answer (the next write or reload retries).
        if (first) extensionApi.updateAttributes({ label: options.unavailableLabel });
      },
    );
  };

  load(false, true);
  if (options.reloadOn) {
    const unsubscribe = options.reloadOn(() => {
      if (signal.aborted) return;
      stopWaiting();
      delay = LIVE_REFRESH.firstMs;
      liveSince = undefined;
      load(true, false);
    });
    extensionApi.onCleanup(unsubscribe);
  }
  extensionApi.onCleanup(stopWaiting);
  return {
    label: options.loadingLabel,
    ...(options.tooltip === undefined ? {} : { tooltip: options.tooltip }),
    onAction: modalSurface(options.modal),
  };
}
