/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.overview.summary
 */
import { ModalExtension } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { mount, summarize, summaryLabel } from 'yourcompany/merge-panel';
import type { PullRequestContext } from 'yourcompany/merge-panel';

export default ModalExtension.factory<PullRequestContext>((extensionApi, context) => {
  const controller = new AbortController();
  extensionApi.onCleanup(() => controller.abort());
  summarize(context, {}, controller.signal).then(
    (summary) => extensionApi.updateAttributes({ label: summaryLabel(summary) }),
    () => {
      if (!controller.signal.aborted) extensionApi.updateAttributes({ label: I18n.getText('yourcompany.merge.label.unavailable') });
    },
  );
  return {
    label: I18n.getText('yourcompany.merge.label.loading'),
    onAction(modalApi) {
      let unmount: () => void = () => undefined;
      modalApi.setTitle(I18n.getText('yourcompany.merge.title'));
      modalApi.setWidth(ModalExtension.Width.large);
      modalApi.onMount((element) => {
        unmount = mount(element, context);
      });
      modalApi.onUnmount(() => unmount());
    },
  };
});
