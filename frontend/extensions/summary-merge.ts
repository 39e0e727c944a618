/**
 * @clientside-extension
 * @extension-point bitbucket.ui.pullrequest.overview.summary
 */
import { ModalExtension, summaryModal } from 'yourcompany/cse';
import { I18n } from 'yourcompany/host';
import { lazyModule } from 'yourcompany/ui';
import { mergeLabel, mergeLive, mergeSummary } from 'yourcompany/pr-summary';
import type { PullRequestContext } from 'yourcompany/pr-summary';
import type * as MergePanel from 'yourcompany/merge-panel';

export default ModalExtension.factory<PullRequestContext>((extensionApi, context) =>
  summaryModal(extensionApi, {
    loadingLabel: I18n.getText('yourcompany.merge.label.loading'),
    unavailableLabel: I18n.getText('yourcompany.merge.label.unavailable'),
    summarize: (signal, fresh) => mergeSummary(context, { fresh }, signal),
    label: mergeLabel,
    live: mergeLive,
    modal: { title: I18n.getText('yourcompany.merge.title'), mount: lazyModule<typeof MergePanel>('merge-panel', (panel, element) => panel.mount(element, context)) },
  }),
);
