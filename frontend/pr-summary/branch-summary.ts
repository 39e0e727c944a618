/** The branch summary label and the permission/existence answers the PR action menu items need. */
import { I18n, currentUser } from 'yourcompany/host';
import { bitbucketClient } from 'yourcompany/rest';
import type { Branch, BitbucketClient } from 'yourcompany/rest';
import { loadSourceBranch } from './branch-data';
import { planStep, startSummaryPlan } from './plan';
import { readPullRequestFacts, summarizeBranch, truncateMiddle } from './branch-model';
import type { BranchSummary, PullRequestFacts } from './branch-model';

const clientOf = (deps?: { client?: BitbucketClient }): BitbucketClient => deps?.client ?? bitbucketClient();

/** Everything the label needs; the same request the panel makes first, so the shared client serves both. */
export async function branchSummary(context: unknown, deps?: { client?: BitbucketClient; fresh?: boolean }, signal?: AbortSignal): Promise<BranchSummary> {
  const facts = readPullRequestFacts(context);
  if (!facts) throw new Error('yourcompany/branch-panel: the extension context has no pull request');
  const client = clientOf(deps);
  startSummaryPlan(context, client, signal);
  return summarizeBranch(facts, await loadSourceBranch(client, facts, signal, deps?.fresh));
}

/** "Branch: feature/… · behind 4": the name shortened in the middle, the status in one word or two. */
export function branchLabel(summary: BranchSummary): string {
  const name = truncateMiddle(summary.sourceName, 28);
  switch (summary.status) {
    case 'deleted':
      return I18n.getText('yourcompany.branch.label.deleted', name);
    case 'moved':
      return I18n.getText('yourcompany.branch.label.moved', name);
    case 'behind':
      return I18n.getText('yourcompany.branch.label.behind', name, summary.behind);
    case 'up-to-date':
      return I18n.getText('yourcompany.branch.label.uptodate', name);
    default:
      return I18n.getText('yourcompany.branch.label.plain', name);
  }
}

/** Whether the delete action applies at all (permission aside): merged PR, branch still there, not deleted here. */
export function canOfferDeleteOf(facts: PullRequestFacts, source: { ok: true; value: Branch | null } | { ok: false; error: unknown }, deletedHere = false): boolean {
  return facts.state === 'MERGED' && !deletedHere && source.ok && source.value !== null;
}

/**
 * For the action-menu items: whether each applies to this page — a signed-in user may create a branch from
 * any PR; deleting needs the merged PR's source branch to still exist (the label's own request answers that).
 * Write permission is asked when an action is opened (the flows refuse with an explanation), not on every PR
 * page: no probe before the user wants to write. Never rejects (a failure hides the delete item).
 */
export async function actionAvailability(context: unknown, deps?: { client?: BitbucketClient }, signal?: AbortSignal): Promise<{ canCreate: boolean; canDelete: boolean }> {
  const facts = readPullRequestFacts(context);
  if (!facts || !currentUser()) return { canCreate: false, canDelete: false };
  if (facts.state !== 'MERGED') return { canCreate: true, canDelete: false };
  const client = clientOf(deps);
  startSummaryPlan(context, client, signal);
  const source = await loadSourceBranch(client, facts, signal).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return { canCreate: true, canDelete: canOfferDeleteOf(facts, source) };
}

planStep(2, (context, client, signal) => {
  const facts = readPullRequestFacts(context);
  return facts ? loadSourceBranch(client, facts, signal) : undefined;
});
