/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.overview.summary
 */
import { ModalExtension, summaryModal } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { mount, summarize, summaryLabel } from 'yourcompany/insights-panel';
import type { PullRequestContext } from 'yourcompany/insights-panel';

export default ModalExtension.factory<PullRequestContext>((extensionApi, context) =>
  summaryModal(extensionApi, {
    loadingLabel: I18n.getText('yourcompany.insights.label.loading'),
    unavailableLabel: I18n.getText('yourcompany.insights.label.unavailable'),
    summarize: (signal) => summarize(context, {}, signal),
    label: summaryLabel,
    modal: { title: I18n.getText('yourcompany.insights.title'), mount: (element) => mount(element, context) },
  }),
);
