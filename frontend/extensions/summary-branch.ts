/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.overview.summary
 */
import { ModalExtension, summaryModal } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { mount, readPullRequestFacts, summarize, summaryLabel } from 'yourcompany/branch-panel';
import type { PullRequestContext } from 'yourcompany/branch-panel';

export default ModalExtension.factory<PullRequestContext>((extensionApi, context) => {
  const facts = readPullRequestFacts(context);
  return summaryModal(extensionApi, {
    loadingLabel: I18n.getText('yourcompany.branch.label.loading'),
    unavailableLabel: I18n.getText('yourcompany.branch.label.unavailable'),
    summarize: (signal) => summarize(context, {}, signal),
    label: summaryLabel,
    // The label shortens long names; the full source branch name is the tooltip.
    tooltip: facts ? facts.sourceName : undefined,
    modal: {
      title: facts ? I18n.getText('yourcompany.branch.title.named', facts.sourceName) : I18n.getText('yourcompany.branch.title'),
      mount: (element) => mount(element, context),
    },
  });
});
