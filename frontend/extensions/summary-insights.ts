/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.overview.summary
 */
import { ModalExtension, summaryModal } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { lazyModule } from 'yourcompany/ui';
import { insightsLabel, insightsLive, insightsSummarySource } from 'yourcompany/pr-summary';
import type { PullRequestContext } from 'yourcompany/pr-summary';
import type * as InsightsPanel from 'yourcompany/insights-panel';

export default ModalExtension.factory<PullRequestContext>((extensionApi, context) =>
  summaryModal(extensionApi, {
    loadingLabel: I18n.getText('yourcompany.insights.label.loading'),
    unavailableLabel: I18n.getText('yourcompany.insights.label.unavailable'),
    summarize: insightsSummarySource(context),
    label: insightsLabel,
    // CI publishes reports minutes after the page opened: refresh while one is missing or unfinished.
    live: insightsLive,
    modal: { title: I18n.getText('yourcompany.insights.title'), mount: lazyModule<typeof InsightsPanel>('insights-panel', (panel, element) => panel.mount(element, context)) },
  }),
);
