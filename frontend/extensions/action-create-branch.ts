/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.action
 */
import { ModalExtension } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { actionAvailability, mountCreateBranch } from 'yourcompany/branch-panel';

/** Hidden until the permission check says the user may write to the source repository. */
export default ModalExtension.factory((extensionApi, context) => {
  const controller = new AbortController();
  extensionApi.onCleanup(() => controller.abort());
  void actionAvailability(context, {}, controller.signal).then(({ canCreate }) => {
    if (canCreate && !controller.signal.aborted) extensionApi.updateAttributes({ hidden: false });
  });
  return {
    label: I18n.getText('yourcompany.branch.create.menu'),
    hidden: true,
    onAction(modalApi) {
      let unmount: () => void = () => undefined;
      modalApi.setTitle(I18n.getText('yourcompany.branch.create.title'));
      modalApi.setWidth(ModalExtension.Width.medium);
      modalApi.onMount((element) => {
        unmount = mountCreateBranch(element, context, {}, { onCancel: () => modalApi.closeModal() });
      });
      modalApi.onUnmount(() => unmount());
    },
  };
});
