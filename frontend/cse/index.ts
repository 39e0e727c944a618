/**
 * `yourcompany/cse`: one shared copy of Atlassian's Client-side Extensions factories for all our
 * extension entries, plus the modal-surface helpers. The registry itself is the product's
 * (`@atlassian/clientside-extensions-registry` from its CSE runtime web-resource), not a copy of ours.
 * The deep import keeps webpack from treating the factories as the provided dependency they stand for
 * everywhere else.
 */
import registry from '@atlassian/clientside-extensions-registry';

import { factory as buttonFactory } from '@atlassian/clientside-extensions/dist/esm/ButtonExtension.js';
import { Appearance, Width, factory as modalFactory } from '@atlassian/clientside-extensions/dist/esm/ModalExtension.js';
import { factory as panelFactory } from '@atlassian/clientside-extensions/dist/esm/PanelExtension.js';
export { cleanupSignal, mountWhileOpen, modalSurface, revealWhen, summaryModal, LIVE_REFRESH } from './modal-surface';
export type { ExtensionHandle, MountSurface, ModalSurfaceOptions, SummaryModalOptions } from './modal-surface';
export default registry;

/**
 * The factories and enums our extensions use, named as in the package. Only these: the package's extension API
 * classes are the product's to create, and with them out the bundle also drops the CSE debug logger.
 */
export const ModalExtension = { factory: modalFactory, Width, Appearance };
export const ButtonExtension = { factory: buttonFactory };
export const PanelExtension = { factory: panelFactory };

/**
 * What every generated extension entry calls (plugin-descriptor/relative-extension-import-loader.js rewrites
 * them): resolving the registry's default export here, once, keeps webpack's interop runtime out of each entry.
 */
export function registerExtension(...args: Parameters<typeof registry.registerExtension>): void {
  registry.registerExtension(...args);
}
