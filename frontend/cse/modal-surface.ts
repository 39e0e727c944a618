/**
 * The wiring every PR-page extension repeats, once: a request signal that the host's cleanup aborts,
 * a summary label that loads after render, and a surface (modal or panel) mounted on open and unmounted
 * on close. Extension files stay declarative: their own I18n keys, context reading and mount function.
 */
import { ModalExtension } from '@atlassian/clientside-extensions/dist/esm/index.js';
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
    modalApi.setWidth(options.width ?? ModalExtension.Width.large);
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

export interface SummaryModalOptions<Summary> {
  /** Shown until the summary arrives. */
  loadingLabel: string;
  /** Shown when the summary fails (not when the host cleaned up first). */
  unavailableLabel: string;
  summarize(signal: AbortSignal): Promise<Summary>;
  label(summary: Summary): string;
  tooltip?: string;
  modal: ModalSurfaceOptions;
}

/**
 * A PR summary item: a label that starts as "loading", becomes `label(summary)` (or "unavailable"), and
 * opens `modal`. The summary's requests are aborted when the host cleans the extension up.
 */
export function summaryModal<Summary>(extensionApi: ExtensionHandle, options: SummaryModalOptions<Summary>): ModalTypes.ModalAttributes {
  const signal = cleanupSignal(extensionApi);
  // `label()` runs inside the chain: a summary it cannot render ends as "unavailable", never as "loading…".
  options.summarize(signal).then(options.label).then(
    (label) => {
      if (!signal.aborted) extensionApi.updateAttributes({ label });
    },
    () => {
      if (!signal.aborted) extensionApi.updateAttributes({ label: options.unavailableLabel });
    },
  );
  return {
    label: options.loadingLabel,
    ...(options.tooltip === undefined ? {} : { tooltip: options.tooltip }),
    onAction: modalSurface(options.modal),
  };
}
