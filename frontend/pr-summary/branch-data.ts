/**
 * The branch label's request and the write probe. Summary label, panel and action modals call these with identical
 * arguments, so the page-wide client de-duplicates them into one request each.
 */
import type { BitbucketClient } from 'yourcompany/rest';
import type { Branch, RepoRef } from 'yourcompany/rest';
import { BRANCH_REF_PREFIX, PullRequestFacts, branchNameOf } from './branch-model';
import { replaceShared, sharedLoad } from './insights-data';

/** `filterText` is a substring match; exact hits are usually first, but never read more than this. */
const BRANCH_SCAN_CAP = 1000;

/** What the branch surfaces need to know about the user: only whether they may write (create, delete). */
export interface BranchPermissions {
  write: boolean;
}

export const NO_PERMISSIONS: BranchPermissions = { write: false };

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
export function findSourceBranch(client: BitbucketClient, facts: PullRequestFacts, signal?: AbortSignal, fresh?: boolean): Promise<Branch | null> {
  return findBranch(client, facts.sourceRepo, facts.sourceName, { details: true, compareTo: facts.sameRepo ? facts.targetRefId : undefined, signal, fresh });
}

/** The source branch behind the label, shared with the modals (`fresh`: a new answer replaces it). */
export async function loadSourceBranch(client: BitbucketClient, facts: PullRequestFacts, signal?: AbortSignal, fresh?: boolean): Promise<Branch | null> {
  const key = `branch:${facts.sourceRepo.projectKey}/${facts.sourceRepo.repositorySlug}:${facts.sourceRefId}:${facts.sameRepo ? facts.targetRefId : ''}`;
  if (!fresh) return sharedLoad(client, key, (inner) => findSourceBranch(client, facts, inner), signal);
  const branch = await findSourceBranch(client, facts, signal, true);
  replaceShared(client, key, branch);
  return branch;
}

/** One probe, write access only (not read/write/admin), asked when a write could be offered: branch modal and action modals share it. */
export async function loadPermissions(client: BitbucketClient, repo: RepoRef, userSlug: string | undefined, signal?: AbortSignal): Promise<BranchPermissions> {
  if (!userSlug) return NO_PERMISSIONS; // anonymous: no write actions, no request
  const key = `write:${repo.projectKey}/${repo.repositorySlug}:${userSlug}`;
  return sharedLoad(client, key, async (inner) => ({ write: await client.core.hasRepoPermission(repo, userSlug, 'REPO_WRITE', { signal: inner }) }), signal);
}
