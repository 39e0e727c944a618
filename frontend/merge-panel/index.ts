/**
 * `yourcompany/merge-panel`: one "why can't I merge?" summary of a pull request from the core API
 * (merge status and vetoes, conflicts, reviewers, open tasks, builds of the head commit).
 */
import { bitbucketClient, isRestError } from 'yourcompany/rest';
import type { BitbucketClient, BuildStatus, Comment, Page } from 'yourcompany/rest';
import { I18n } from 'yourcompany/host';
import { auiMessage, errorMessage, mountRegistry, render } from 'yourcompany/ui';
import { pullRequestLinks, readContext, repoRefOf } from './context';
import type { PullRequestContext } from './context';
import { buildReadiness, summarizeMergeStatus } from './model';
import type { MergeStatusAnswer, MergeSummary, Outcome, ReadinessInput } from './model';
import { readinessRoot, renderReadiness } from './view';

export type { PullRequestContext } from './context';
export type { MergeSummary, SummaryState, ReadinessView, Check, CheckEntry, CheckStatus } from './model';
export { buildReadiness, summarizeMergeStatus, summaryLabel } from './model';

export interface PanelDeps {
  client?: BitbucketClient;
}

/** Open tasks read for the list; the rest is counted from `properties.openTaskCount`. */
export const TASK_PAGE_SIZE = 50;

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (isRestError(error) && error.kind === 'aborted');
}

/** `GET …/merge`, with the 409 a closed pull request answers turned into `'not-open'`. */
async function fetchMergeStatus(client: BitbucketClient, context: PullRequestContext, signal?: AbortSignal): Promise<MergeStatusAnswer> {
  try {
    return await client.core.getMergeStatus(repoRefOf(context), context.pullRequest.id, { signal });
  } catch (error) {
    if (isRestError(error) && error.kind === 'conflict') return 'not-open';
    throw error;
  }
}

/** The summary label's data: one request (merge status), none at all for a merged or declined PR. */
export async function summarize(hostContext: PullRequestContext, deps: PanelDeps = {}, signal?: AbortSignal): Promise<MergeSummary> {
  const context = readContext(hostContext);
  if (!context) throw new Error('yourcompany/merge-panel: the extension context has no usable pull request');
  if (context.pullRequest.state !== 'OPEN') return summarizeMergeStatus(context.pullRequest, 'not-open');
  const client = deps.client ?? bitbucketClient();
  return summarizeMergeStatus(context.pullRequest, await fetchMergeStatus(client, context, signal));
}

const claim = mountRegistry();

export function mount(container: HTMLElement, hostContext: PullRequestContext, deps: PanelDeps = {}): () => void {
  const { signal, unmount } = claim(container);
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
    const update = (): void => {
      if (!signal.aborted) renderReadiness(root, buildReadiness(state));
    };
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
      track(fetchMergeStatus(client, context, signal), (o) => (state.mergeStatus = o));
      track<Page<Comment>>(client.core.listBlockerComments(repo, pullRequest.id, { state: 'OPEN' }).page({ limit: TASK_PAGE_SIZE, signal }), (o) => (state.openTasks = o));
      track<BuildStatus[]>(client.builds.getBuildStatuses(repo, pullRequest.fromRef.latestCommit, { signal }), (o) => (state.builds = o));
    }
  } catch (error) {
    // A broken client or context must never break the host page.
    render(container, errorMessage(error));
  }
  return unmount;
}
