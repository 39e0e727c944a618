/**
 * `yourcompany/cse`: one shared copy of Atlassian's Client-side Extensions runtime for all our
 * extension entries. The registry is a `window.____c_p_r` singleton, so when the product already
 * created it this copy registers into the product's instance. Deep imports keep webpack from
 * treating these as the provided dependencies they stand for everywhere else.
 */
import registry from '@atlassian/clientside-extensions-registry/dist/esm/index.js';

export {
  ButtonExtension,
  LinkExtension,
  ModalExtension,
  PanelExtension,
} from '@atlassian/clientside-extensions/dist/esm/index.js';
export { cleanupSignal, mountWhileOpen, modalSurface, revealWhen, summaryModal } from './modal-surface';
export type { ExtensionHandle, MountSurface, ModalSurfaceOptions, SummaryModalOptions } from './modal-surface';
export default registry;
