/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.overview.summary
 */
import { ModalExtension } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { mount, readPullRequestFacts, summarize, summaryLabel } from 'yourcompany/branch-panel';
import type { PullRequestContext } from 'yourcompany/branch-panel';

export default ModalExtension.factory<PullRequestContext>((extensionApi, context) => {
  const controller = new AbortController();
  extensionApi.onCleanup(() => controller.abort());
  const facts = readPullRequestFacts(context);
  summarize(context, {}, controller.signal).then(
    (summary) => extensionApi.updateAttributes({ label: summaryLabel(summary) }),
    () => {
      if (!controller.signal.aborted) extensionApi.updateAttributes({ label: I18n.getText('yourcompany.branch.label.unavailable') });
    },
  );
  return {
    label: I18n.getText('yourcompany.branch.label.loading'),
    // The label shortens long names; the full source branch name is the tooltip.
    tooltip: facts ? facts.sourceName : undefined,
    onAction(modalApi) {
      let unmount: () => void = () => undefined;
      modalApi.setTitle(facts ? I18n.getText('yourcompany.branch.title.named', facts.sourceName) : I18n.getText('yourcompany.branch.title'));
      modalApi.setWidth(ModalExtension.Width.large);
      modalApi.onMount((element) => {
        unmount = mount(element, context);
      });
      modalApi.onUnmount(() => unmount());
    },
  };
});
