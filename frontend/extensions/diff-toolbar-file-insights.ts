/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.diff.toolbar
 */
import { ModalExtension, modalSurface } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { hasFilePath, mountFileInsights } from 'yourcompany/insights-panel';
import type { DiffToolbarContext } from 'yourcompany/insights-panel';

/** No request until the modal opens: the diff toolbar renders for every file. */
export default ModalExtension.factory<DiffToolbarContext>((_extensionApi, context) => ({
  label: I18n.getText('yourcompany.insights.file.label'),
  hidden: !hasFilePath(context),
  onAction: modalSurface({ title: I18n.getText('yourcompany.insights.file.title'), mount: (element) => mountFileInsights(element, context) }),
}));
