/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.diff.toolbar
 */
import { ModalExtension, modalSurface } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { lazyModule } from 'yourcompany/ui';
import { changePathOf } from 'yourcompany/pr-summary';
import type { DiffToolbarContext } from 'yourcompany/pr-summary';
import type * as InsightsPanel from 'yourcompany/insights-panel';

/** No request until the modal opens: the diff toolbar renders for every file. */
export default ModalExtension.factory<DiffToolbarContext>((_extensionApi, context) => ({
  label: I18n.getText('yourcompany.insights.file.label'),
  hidden: changePathOf(context) === null,
  onAction: modalSurface({
    title: I18n.getText('yourcompany.insights.file.title'),
    mount: lazyModule<typeof InsightsPanel>('insights-panel', (panel, element) => panel.mountFileInsights(element, context)),
  }),
}));
