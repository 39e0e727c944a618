/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.action
 */
import { ModalExtension, modalSurface, revealWhen } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { lazyModule } from 'yourcompany/ui';
import { actionAvailability } from 'yourcompany/pr-summary';
import type * as BranchPanel from 'yourcompany/branch-panel';

/** Shown to signed-in users; the modal asks for write permission and explains when it is missing. */
export default ModalExtension.factory((extensionApi, context) => {
  revealWhen(extensionApi, (signal) => actionAvailability(context, {}, signal).then(({ canCreate }) => canCreate));
  return {
    label: I18n.getText('yourcompany.branch.create.menu'),
    hidden: true,
    onAction: modalSurface({
      title: I18n.getText('yourcompany.branch.create.title'),
      width: ModalExtension.Width.medium,
      mount: (element, modalApi) =>
        lazyModule<typeof BranchPanel>('branch-panel', (panel, target) => panel.mountCreateBranch(target, context, {}, { onCancel: () => modalApi.closeModal() }))(element),
    }),
  };
});
