/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.action
 */
import { ModalExtension, modalSurface, revealWhen } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { lazyModule } from 'yourcompany/ui';
import { actionAvailability, readPullRequestFacts } from 'yourcompany/pr-summary';
import type * as BranchPanel from 'yourcompany/branch-panel';

/**
 * Hidden unless the PR is merged and its source branch still exists. The modal checks write permission,
 * runs the dry run and the safety checks, then asks for confirmation inside the modal (Cancel focused).
 */
export default ModalExtension.factory((extensionApi, context) => {
  const facts = readPullRequestFacts(context);
  if (facts?.state === 'MERGED') revealWhen(extensionApi, (signal) => actionAvailability(context, {}, signal).then(({ canDelete }) => canDelete));
  return {
    label: I18n.getText('yourcompany.branch.delete.menu'),
    hidden: true,
    onAction: modalSurface({
      title: facts ? I18n.getText('yourcompany.branch.delete.modal.title', facts.sourceName) : I18n.getText('yourcompany.branch.delete.menu'),
      width: ModalExtension.Width.medium,
      appearance: ModalExtension.Appearance.danger,
      mount: lazyModule<typeof BranchPanel>('branch-panel', (panel, element) =>
        panel.mountDeleteSourceBranch(element, context, {}, {
          onDone: (outcome) => {
            // Once gone (or refused for good) the menu item has nothing left to offer on this page.
            if (outcome === 'deleted' || outcome === 'already-deleted') extensionApi.updateAttributes({ hidden: true });
          },
        }),
      ),
    }),
  };
});
