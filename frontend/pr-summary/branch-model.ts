/**
 * Pure mapping from Bitbucket's wire JSON to what the branch panel shows. No DOM, no requests.
 */
import { readPullRequestContext } from 'yourcompany/rest';
import type { Branch, PullRequest, RepoRef } from 'yourcompany/rest';

/** What CSE hands PR-page extensions (host-anatomy.md §1.6): REST PR JSON plus repository and project. */
export interface PullRequestContext {
  pullRequest: PullRequest;
  repository?: { slug: string; id?: number; project?: { key: string } };
  project?: { key: string };
}

/** The facts every branch surface needs, read once from the (untrusted, possibly partial) context. */
export interface PullRequestFacts {
  id: number;
  state: PullRequest['state'];
  /** Where the source branch lives (a fork for cross-repository PRs). */
  sourceRepo: RepoRef;
  /** The PR's own repository. */
  targetRepo: RepoRef;
  sameRepo: boolean;
  sourceRefId: string;
  sourceName: string;
  targetRefId: string;
  targetName: string;
  /** PR head: the source commit the PR shows (for MERGED PRs, the commit that was merged). */
  headCommit: string;
}

export const BRANCH_REF_PREFIX = 'refs/heads/';

export function branchNameOf(refId: string, displayId?: string): string {
  if (refId.startsWith(BRANCH_REF_PREFIX)) return refId.slice(BRANCH_REF_PREFIX.length);
  return displayId ?? refId;
}

/** Null when the context lacks what we need (the host's context shape is not contractual; yourcompany/rest reads it). */
export function readPullRequestFacts(context: unknown): PullRequestFacts | null {
  const read = readPullRequestContext(context);
  if (!read) return null;
  const { pullRequest: pr, repo: targetRepo } = read;
  const source = pr.fromRef.repository;
  const sourceRepo: RepoRef = source ? { projectKey: source.project.key, repositorySlug: source.slug } : targetRepo;
  return {
    id: pr.id,
    state: pr.state,
    sourceRepo,
    targetRepo,
    sameRepo: sourceRepo.projectKey === targetRepo.projectKey && sourceRepo.repositorySlug === targetRepo.repositorySlug,
    sourceRefId: pr.fromRef.id,
    sourceName: branchNameOf(pr.fromRef.id, pr.fromRef.displayId),
    targetRefId: pr.toRef.id,
    targetName: branchNameOf(pr.toRef.id, pr.toRef.displayId),
    headCommit: pr.fromRef.latestCommit,
  };
}

export const AHEAD_BEHIND_KEY = 'com.atlassian.bitbucket.server.bitbucket-branch:ahead-behind-metadata-provider';

export interface AheadBehind {
  ahead: number;
  behind: number;
}

/** Ahead/behind from `details=true` metadata; null when the provider is missing or sent junk. */
export function aheadBehindOf(branch: Branch | null): AheadBehind | null {
  const raw = branch?.metadata?.[AHEAD_BEHIND_KEY] as { ahead?: unknown; behind?: unknown } | undefined;
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  return raw && valid(raw.ahead) && valid(raw.behind) ? { ahead: raw.ahead, behind: raw.behind } : null;
}

/** Where the source branch points relative to the PR head. */
export type SourcePosition =
  | { kind: 'deleted' }
  | { kind: 'same' }
  /** `newCommits` counts commits on the branch that the PR does not have; null while unknown. */
  | { kind: 'moved'; tip: string; newCommits: number | null; capped: boolean };

/** Null when the branch exists but the server named no tip (neither `latestCommit` nor `latestChangeset`). */
export function sourcePosition(branch: Branch | null, headCommit: string): SourcePosition | null {
  if (!branch) return { kind: 'deleted' };
  if (branch.latestCommit === null) return null;
  if (branch.latestCommit === headCommit) return { kind: 'same' };
  return { kind: 'moved', tip: branch.latestCommit, newCommits: null, capped: false };
}

/** Keeps the start and end of a long name (the prefix and the distinguishing tail), counting code points. */
export function truncateMiddle(text: string, max = 28): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}\u2026${chars.slice(chars.length - tail).join('')}`;
}

/** What the summary label needs; computed from the same requests the panel makes (shared via the client). */
export interface BranchSummary {
  sourceName: string;
  status: 'deleted' | 'moved' | 'behind' | 'up-to-date' | 'unknown';
  behind: number;
}

export function summarizeBranch(facts: PullRequestFacts, branch: Branch | null): BranchSummary {
  const position = sourcePosition(branch, facts.headCommit);
  const counts = aheadBehindOf(branch);
  const base = { sourceName: facts.sourceName, behind: counts?.behind ?? 0 };
  if (position?.kind === 'deleted') return { ...base, status: 'deleted' };
  if (position?.kind === 'moved') return { ...base, status: 'moved' };
  if (!counts) return { ...base, status: 'unknown' };
  return { ...base, status: counts.behind > 0 ? 'behind' : 'up-to-date' };
}
