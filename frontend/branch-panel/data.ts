/** The branch panel's own requests (the label's are in `yourcompany/pr-summary`, shared through the client). */
import type { BitbucketClient } from 'yourcompany/rest';
import type { BranchModel, PullRequest, RepoRef } from 'yourcompany/rest';
import { branchNameOf } from 'yourcompany/pr-summary';
import type { PullRequestFacts } from 'yourcompany/pr-summary';

/** Other branches containing the head: enough to be useful, bounded because `/branches/info` can be slow. */
export const CONTAINING_CAP = 100;
/** New commits on a moved branch: we show "100+" beyond this. */
export const NEW_COMMITS_CAP = 100;

export interface BranchModels {
  source: BranchModel | null;
  target: BranchModel | null;
}

export async function loadModels(client: BitbucketClient, facts: PullRequestFacts, signal?: AbortSignal): Promise<BranchModels> {
  const [source, target] = await Promise.all([
    client.branches.getBranchModel(facts.sourceRepo, { signal }),
    facts.sameRepo ? null : client.branches.getBranchModel(facts.targetRepo, { signal }),
  ]);
  return { source, target: facts.sameRepo ? source : target };
}

export interface ContainingBranches {
  names: { name: string; refId: string }[];
  /** True when more branches exist than we read. */
  more: boolean;
}

export async function loadContaining(client: BitbucketClient, facts: PullRequestFacts, signal?: AbortSignal): Promise<ContainingBranches> {
  const all = await client.branches.branchesContaining(facts.sourceRepo, facts.headCommit).getAll({ max: CONTAINING_CAP + 1, signal });
  const others = all
    .slice(0, CONTAINING_CAP)
    .filter((b) => b.id !== facts.sourceRefId)
    .map((b) => ({ name: branchNameOf(b.id, b.displayId), refId: b.id }));
  return { names: others, more: all.length > CONTAINING_CAP };
}

/** Commits on the branch tip that are not reachable from the PR head. */
export async function countNewCommits(client: BitbucketClient, repo: RepoRef, tip: string, headCommit: string, signal?: AbortSignal): Promise<{ count: number; capped: boolean }> {
  const page = await client.core.listCommits(repo, { until: tip, since: headCommit }).page({ limit: NEW_COMMITS_CAP, signal });
  const count = Array.isArray(page.values) ? page.values.length : 0;
  return { count, capped: !page.isLastPage };
}

/** Open PRs whose source is this branch (they would lose their source if it were deleted). */
export async function openPullRequestsFrom(client: BitbucketClient, repo: RepoRef, refId: string, signal?: AbortSignal): Promise<{ pullRequests: PullRequest[]; more: boolean }> {
  const page = await client.core.listPullRequests(repo, { state: 'OPEN', at: refId, direction: 'OUTGOING' }).page({ limit: 25, signal });
  const values = Array.isArray(page.values) ? page.values : [];
  // `at` + OUTGOING already filters by source; re-check so a lenient server cannot make us refuse (or allow) wrongly.
  const fromThisBranch = values.filter((pr) => pr?.fromRef?.id === refId && pr.state === 'OPEN');
  return { pullRequests: fromThisBranch, more: !page.isLastPage };
}
