/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.overview.summary
 */
import { ModalExtension, summaryModal } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { mount, summarize, summaryLabel } from 'yourcompany/merge-panel';
import type { PullRequestContext } from 'yourcompany/merge-panel';

export default ModalExtension.factory<PullRequestContext>((extensionApi, context) =>
  summaryModal(extensionApi, {
    loadingLabel: I18n.getText('yourcompany.merge.label.loading'),
    unavailableLabel: I18n.getText('yourcompany.merge.label.unavailable'),
    summarize: (signal) => summarize(context, {}, signal),
    label: summaryLabel,
    modal: { title: I18n.getText('yourcompany.merge.title'), mount: (element) => mount(element, context) },
  }),
);
