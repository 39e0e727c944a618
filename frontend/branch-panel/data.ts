/**
 * The branch panel's requests. Summary label, panel and action menu items call these with identical
 * arguments, so the page-wide client de-duplicates them into one request each.
 */
import type { BitbucketClient } from 'yourcompany/rest';
import type { Branch, BranchModel, PullRequest, RepoPermissions, RepoRef } from 'yourcompany/rest';
import { BRANCH_REF_PREFIX, PullRequestFacts, branchNameOf } from './model';

/** `filterText` is a substring match; exact hits are usually first, but never read more than this. */
const BRANCH_SCAN_CAP = 1000;
/** Other branches containing the head: enough to be useful, bounded because `/branches/info` can be slow. */
export const CONTAINING_CAP = 100;
/** New commits on a moved branch: we show "100+" beyond this. */
export const NEW_COMMITS_CAP = 100;

export const NO_PERMISSIONS: RepoPermissions = { read: false, write: false, admin: false };

/**
 * The branch called exactly `name`, or null. With `compareTo` the server adds ahead/behind metadata
 * against that ref (only meaningful inside one repository).
 */
export async function findBranch(
  client: BitbucketClient,
  repo: RepoRef,
  name: string,
  options: { details?: boolean; compareTo?: string; signal?: AbortSignal; fresh?: boolean } = {},
): Promise<Branch | null> {
  const filter = options.details ? { filterText: name, details: true, ...(options.compareTo ? { base: options.compareTo } : {}) } : { filterText: name };
  for await (const branch of client.core.listBranches(repo, filter).items({ max: BRANCH_SCAN_CAP, signal: options.signal, fresh: options.fresh })) {
    if (branch.id === BRANCH_REF_PREFIX + name || (!branch.id.startsWith(BRANCH_REF_PREFIX) && branch.displayId === name)) return branch;
  }
  return null;
}

/** The source branch with ahead/behind against the target (same-repository PRs only). */
export function findSourceBranch(client: BitbucketClient, facts: PullRequestFacts, signal?: AbortSignal): Promise<Branch | null> {
  return findBranch(client, facts.sourceRepo, facts.sourceName, { details: true, compareTo: facts.sameRepo ? facts.targetRefId : undefined, signal });
}

export function loadPermissions(client: BitbucketClient, repo: RepoRef, userSlug: string | undefined, signal?: AbortSignal): Promise<RepoPermissions> {
  if (!userSlug) return Promise.resolve(NO_PERMISSIONS); // anonymous: no write actions, no request
  return client.core.getRepoPermissions(repo, userSlug, { signal });
}

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
