/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.action
 */
import { ButtonExtension } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { readPullRequestFacts } from 'yourcompany/pr-summary';
import { viewerHash } from 'yourcompany/insights-model';

/** "Open in Insights viewer": sets the viewer's deep link; the launcher on every page opens it. */
export default ButtonExtension.factory((_extensionApi, context) => {
  const facts = readPullRequestFacts(context);
  return {
    label: I18n.getText('yourcompany.viewer.open.menu'),
    hidden: !facts,
    onAction() {
      if (!facts) return;
      location.hash = viewerHash({ repo: facts.targetRepo, pr: facts.id });
    },
  };
});
