/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.overview.summary
 */
import { ModalExtension, summaryModal } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { lazyModule } from 'yourcompany/ui';
import { commentsLabel, commentsSummary, onSummaryChanged } from 'yourcompany/pr-summary';
import type * as CommentsPanel from 'yourcompany/comments-panel';

export default ModalExtension.factory((extensionApi, context) =>
  summaryModal(extensionApi, {
    loadingLabel: I18n.getText('yourcompany.comments.label.loading'),
    unavailableLabel: I18n.getText('yourcompany.comments.label.unavailable'),
    summarize: (signal, fresh) => commentsSummary(context, { fresh }, signal),
    label: commentsLabel,
    // A like or unlike in the modal changes the top count.
    reloadOn: onSummaryChanged('comments'),
    modal: { title: I18n.getText('yourcompany.comments.title'), mount: lazyModule<typeof CommentsPanel>('comments-panel', (panel, element) => panel.mount(element, context)) },
  }),
);
