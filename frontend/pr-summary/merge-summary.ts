/**
 * The merge summary label: "can I merge?" from the merge status alone (the cheapest request that
 * answers it). The readiness panel builds its full list on top of the same answer.
 */
import { I18n } from 'yourcompany/host';
import { bitbucketClient, isRestError } from 'yourcompany/rest';
import type { BitbucketClient, MergeStatus, PullRequest } from 'yourcompany/rest';
import { readContext, repoRefOf } from './insights-context';
import { replaceShared, sharedLoad } from './insights-data';
import { planStep, pullRequestKey, startSummaryPlan } from './plan';
import type { PullRequestContext } from './insights-context';

/** `GET …/merge` answers 409 for a pull request that is no longer open: expected, not an error. */
export type MergeStatusAnswer = MergeStatus | 'not-open';

export type SummaryState = 'ready' | 'blocked' | 'checking' | 'merged' | 'declined' | 'closed';

export interface MergeSummary {
  state: SummaryState;
  /** Reasons Bitbucket gives for refusing the merge (vetoes, conflicts); 0 unless `blocked`. */
  blockers: number;
}

/** The label's state, from the merge status alone (the cheapest request that answers "can I merge?"). */
export function summarizeMergeStatus(pullRequest: Pick<PullRequest, 'state'>, answer: MergeStatusAnswer): MergeSummary {
  if (pullRequest.state === 'MERGED') return { state: 'merged', blockers: 0 };
  if (pullRequest.state === 'DECLINED') return { state: 'declined', blockers: 0 };
  if (answer === 'not-open') return { state: 'closed', blockers: 0 };
  if (answer.canMerge) return { state: 'ready', blockers: 0 };
  const vetoes = Array.isArray(answer.vetoes) ? answer.vetoes.length : 0;
  const conflicted = isConflicted(answer) ? 1 : 0;
  if (vetoes + conflicted === 0 && answer.outcome === 'UNKNOWN') return { state: 'checking', blockers: 0 };
  return { state: 'blocked', blockers: Math.max(1, vetoes + conflicted) };
}

export function mergeLabel(summary: MergeSummary): string {
  switch (summary.state) {
    case 'ready':
      return I18n.getText('yourcompany.merge.label.ready');
    case 'blocked':
      return I18n.getText('yourcompany.merge.label.blocked', summary.blockers);
    case 'checking':
      return I18n.getText('yourcompany.merge.label.checking');
    case 'merged':
      return I18n.getText('yourcompany.merge.label.merged');
    case 'declined':
      return I18n.getText('yourcompany.merge.label.declined');
    case 'closed':
      return I18n.getText('yourcompany.merge.label.closed');
  }
}

export function isConflicted(status: MergeStatus): boolean {
  return status.conflicted === true || status.outcome === 'CONFLICTED';
}

/** `GET …/merge`, with the 409 a closed pull request answers turned into `'not-open'`. */
export async function fetchMergeStatus(client: BitbucketClient, context: PullRequestContext, signal?: AbortSignal, fresh?: boolean): Promise<MergeStatusAnswer> {
  try {
    return await client.core.getMergeStatus(repoRefOf(context), context.pullRequest.id, { signal, fresh });
  } catch (error) {
    if (isRestError(error) && error.kind === 'conflict') return 'not-open';
    throw error;
  }
}

/** The summary label's data: one request (merge status), none at all for a merged or declined PR. */
/** The merge status behind the label, shared with the modal (`fresh`: a new answer replaces it). */
export async function loadMergeStatus(client: BitbucketClient, context: PullRequestContext, signal?: AbortSignal, fresh?: boolean): Promise<MergeStatusAnswer> {
  const key = `merge:${pullRequestKey(context) ?? context.pullRequest.id}`;
  if (!fresh) return sharedLoad(client, key, (inner) => fetchMergeStatus(client, context, inner), signal);
  const answer = await fetchMergeStatus(client, context, signal, true);
  replaceShared(client, key, answer);
  return answer;
}

export async function mergeSummary(hostContext: PullRequestContext, deps: { client?: BitbucketClient; fresh?: boolean } = {}, signal?: AbortSignal): Promise<MergeSummary> {
  const context = readContext(hostContext);
  if (!context) throw new Error('yourcompany/merge-panel: the extension context has no usable pull request');
  if (context.pullRequest.state !== 'OPEN') return summarizeMergeStatus(context.pullRequest, 'not-open');
  const client = deps.client ?? bitbucketClient();
  startSummaryPlan(context, client, signal);
  return summarizeMergeStatus(context.pullRequest, await loadMergeStatus(client, context, signal, deps.fresh));
}

/** Bitbucket is still working the answer out (outcome UNKNOWN, e.g. builds or checks in progress). */
export function mergeLive(summary: MergeSummary): boolean {
  return summary.state === 'checking';
}

planStep(1, (hostContext, client, signal) => {
  const context = readContext(hostContext);
  return context?.pullRequest.state === 'OPEN' ? loadMergeStatus(client, context, signal) : undefined;
});
