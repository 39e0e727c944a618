/**
 * `yourcompany/merge-panel`: one "why can't I merge?" summary of a pull request from the core API
 * (merge status and vetoes, conflicts, reviewers, open tasks, builds of the head commit).
 */
import { bitbucketClient, isRestError } from 'yourcompany/rest';
import type { BitbucketClient, BuildStatus, Comment, Page } from 'yourcompany/rest';
import { I18n } from 'yourcompany/host';
import { auiMessage, mountRegistry, render } from 'yourcompany/ui';
import { errorMessage } from 'yourcompany/ui-widgets';
import { loadMergeStatus, readContext, repoRefOf } from 'yourcompany/pr-summary';
import type { PullRequestContext } from 'yourcompany/pr-summary';
import { pullRequestLinks } from './context';
import { buildReadiness } from './model';
import type { Outcome, ReadinessInput } from './model';
import { readinessRoot, renderReadiness } from './view';

export type { PullRequestContext, MergeSummary, SummaryState } from 'yourcompany/pr-summary';
export type { ReadinessView, Check, CheckEntry, CheckStatus } from './model';
export { buildReadiness } from './model';
// The label's pieces live in the small summary module the PR page loads first; re-exported for the API.
export { summarizeMergeStatus, mergeSummary as summarize, mergeLabel as summaryLabel } from 'yourcompany/pr-summary';

export interface PanelDeps {
  client?: BitbucketClient;
}

/** Open tasks read for the list; the rest is counted from `properties.openTaskCount`. */
export const TASK_PAGE_SIZE = 50;

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (isRestError(error) && error.kind === 'aborted');
}

const claim = mountRegistry();

export function mount(container: HTMLElement, hostContext: PullRequestContext, deps: PanelDeps = {}): () => void {
  const { signal, unmount, guard } = claim(container);
  const context = readContext(hostContext);
  if (!context) {
    render(container, auiMessage('warning', I18n.getText('yourcompany.common.context.title'), I18n.getText('yourcompany.common.context.body')));
    return unmount;
  }

  try {
    const client = deps.client ?? bitbucketClient();
    const { pullRequest } = context;
    const open = pullRequest.state === 'OPEN';
    const repo = repoRefOf(context);
    const state: ReadinessInput = {
      pullRequest,
      links: pullRequestLinks(context),
      mergeStatus: open ? { status: 'pending' } : { status: 'ok', value: 'not-open' },
      openTasks: { status: 'pending' },
      builds: { status: 'pending' },
    };
    const root = readinessRoot();
    render(container, root);
    const update = guard((): void => {
      if (!signal.aborted) renderReadiness(root, buildReadiness(state));
    });
    const track = <T>(request: Promise<T>, assign: (outcome: Outcome<T>) => void): void => {
      request.then(
        (value) => assign({ status: 'ok', value }),
        (error: unknown) => {
          if (!isAbort(error, signal)) assign({ status: 'error', error });
        },
      ).then(update, update);
    };
    update();
    if (open) {
      // Independent requests go out together; each check renders as its answer arrives.
      track(loadMergeStatus(client, context, signal), (o) => (state.mergeStatus = o)); // the label's answer
      track<Page<Comment>>(client.core.listBlockerComments(repo, pullRequest.id, { state: 'OPEN' }).page({ limit: TASK_PAGE_SIZE, signal }), (o) => (state.openTasks = o));
      track<BuildStatus[]>(client.builds.getBuildStatuses(repo, pullRequest.fromRef.latestCommit, { signal }), (o) => (state.builds = o));
    }
  } catch (error) {
    // A broken client or context must never break the host page.
    render(container, errorMessage(error));
  }
  return unmount;
}
