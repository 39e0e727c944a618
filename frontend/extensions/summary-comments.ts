/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.overview.summary
 */
import { ModalExtension, summaryModal } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { mount, summarize, summaryLabel } from 'yourcompany/comments-panel';

export default ModalExtension.factory((extensionApi, context) =>
  summaryModal(extensionApi, {
    loadingLabel: I18n.getText('yourcompany.comments.label.loading'),
    unavailableLabel: I18n.getText('yourcompany.comments.label.unavailable'),
    summarize: (signal) => summarize(context, {}, signal),
    label: summaryLabel,
    modal: { title: I18n.getText('yourcompany.comments.title'), mount: (element) => mount(element, context) },
  }),
);
