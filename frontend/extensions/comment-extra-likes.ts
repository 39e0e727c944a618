/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.comment.extra
 */
import { mountWhileOpen, PanelExtension } from 'yourcompany/cse';
import { mountReactionLine } from 'yourcompany/pr-summary';

/** Names of who reacted, under each comment, read from the comment in the context (no request per comment). */
export default PanelExtension.factory((_extensionApi, context) => ({
  onAction(panelApi) {
    mountWhileOpen(panelApi, (element) => mountReactionLine(element, context));
  },
}));
