/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.overview.summary
 */
import { ModalExtension, summaryModal } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { lazyModule } from 'yourcompany/ui';
import { branchLabel, branchSummary, onSummaryChanged, readPullRequestFacts } from 'yourcompany/pr-summary';
import type { BranchPullRequestContext } from 'yourcompany/pr-summary';
import type * as BranchPanel from 'yourcompany/branch-panel';

export default ModalExtension.factory<BranchPullRequestContext>((extensionApi, context) => {
  const facts = readPullRequestFacts(context);
  return summaryModal(extensionApi, {
    loadingLabel: I18n.getText('yourcompany.branch.label.loading'),
    unavailableLabel: I18n.getText('yourcompany.branch.label.unavailable'),
    summarize: (signal, fresh) => branchSummary(context, { fresh }, signal),
    label: branchLabel,
    // Deleting the source branch (modal or action menu) changes the label.
    reloadOn: onSummaryChanged('branch'),
    // The label shortens long names; the full source branch name is the tooltip.
    tooltip: facts ? facts.sourceName : undefined,
    modal: {
      title: facts ? I18n.getText('yourcompany.branch.title.named', facts.sourceName) : I18n.getText('yourcompany.branch.title'),
      mount: lazyModule<typeof BranchPanel>('branch-panel', (panel, element) => panel.mount(element, context)),
    },
  });
});
