/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.action
 */
import { ModalExtension, modalSurface, revealWhen } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { actionAvailability, mountCreateBranch } from 'yourcompany/branch-panel';

/** Hidden until the permission check says the user may write to the source repository. */
export default ModalExtension.factory((extensionApi, context) => {
  revealWhen(extensionApi, (signal) => actionAvailability(context, {}, signal).then(({ canCreate }) => canCreate));
  return {
    label: I18n.getText('yourcompany.branch.create.menu'),
    hidden: true,
    onAction: modalSurface({
      title: I18n.getText('yourcompany.branch.create.title'),
      width: ModalExtension.Width.medium,
      mount: (element, modalApi) => mountCreateBranch(element, context, {}, { onCancel: () => modalApi.closeModal() }),
    }),
  };
});
