/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.action
 */
import { ButtonExtension } from 'yourcompany/cse';
import { I18n, flag, loadPluginModule } from 'yourcompany/host';
import { readPullRequestFacts } from 'yourcompany/pr-summary';
import type * as InsightsModel from 'yourcompany/insights-model';

/**
 * "Open in Insights viewer": sets the viewer's deep link; the launcher on every page opens it. The link
 * builder (`viewerHash` in insights-model) loads on click, so the PR page loads no viewer-route code up front.
 */
export default ButtonExtension.factory((_extensionApi, context) => {
  const facts = readPullRequestFacts(context);
  return {
    label: I18n.getText('yourcompany.viewer.open.menu'),
    hidden: !facts,
    onAction() {
      if (!facts) return;
      loadPluginModule<typeof InsightsModel>('insights-model').then(
        ({ viewerHash }) => {
          location.hash = viewerHash({ repo: facts.targetRepo, pr: facts.id });
        },
        // The bundle could not be fetched (network, server restart): say so rather than do nothing.
        () => flag({ type: 'error', title: I18n.getText('yourcompany.error.network.title'), body: I18n.getText('yourcompany.error.network.body') }),
      );
    },
  };
});
