/**
 * Pure mapping from Bitbucket's wire JSON to what the branch panel shows. No DOM, no requests.
 */
import { readPullRequestContext } from 'yourcompany/rest';
import type { Branch, BranchCategory, BranchModel, PullRequest, RepoRef } from 'yourcompany/rest';

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

export interface BranchCategoryView {
  id: BranchCategory | 'DEVELOPMENT' | 'PRODUCTION';
  /** Server-provided display name for types ("Feature"); null for the model branches (the view names those). */
  displayName: string | null;
}

/** The branch-model category of a branch: model branches first, then the longest matching type prefix. */
export function categorize(name: string, model: BranchModel | null): BranchCategoryView | null {
  if (!model) return null;
  if (model.development && branchNameOf(model.development.id, model.development.displayId) === name) return { id: 'DEVELOPMENT', displayName: null };
  if (model.production && branchNameOf(model.production.id, model.production.displayId) === name) return { id: 'PRODUCTION', displayName: null };
  let best: BranchModel['types'][number] | undefined;
  for (const type of Array.isArray(model.types) ? model.types : []) {
    if (typeof type?.prefix !== 'string' || !type.prefix || !name.startsWith(type.prefix)) continue;
    if (!best || type.prefix.length > best.prefix.length) best = type;
  }
  return best ? { id: best.id, displayName: typeof best.displayName === 'string' ? best.displayName : best.id } : null;
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

export function shortSha(commit: string): string {
  return commit.slice(0, 11);
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

/** Why a branch name is not acceptable, per `git check-ref-format` plus Bitbucket's 255-character limit. */
export type RefNameProblem =
  | { kind: 'empty' }
  | { kind: 'too-long' }
  | { kind: 'dot-dot' }
  | { kind: 'bad-char'; char: string }
  | { kind: 'slash' }
  | { kind: 'lock' }
  | { kind: 'dot' }
  | { kind: 'at-brace' }
  | { kind: 'dash' }
  | { kind: 'exists' };

const MAX_REF_NAME = 255;

export function refNameProblem(name: string): RefNameProblem | null {
  if (name === '') return { kind: 'empty' };
  if (Array.from(name).length > MAX_REF_NAME) return { kind: 'too-long' };
  const bad = /[\u0000-\u0020\u007f~^:?*[\\]/.exec(name);
  if (bad) return { kind: 'bad-char', char: bad[0] };
  if (name.includes('..')) return { kind: 'dot-dot' };
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return { kind: 'slash' };
  if (name.split('/').some((component) => component.endsWith('.lock'))) return { kind: 'lock' };
  if (name.endsWith('.') || name.split('/').some((component) => component.startsWith('.'))) return { kind: 'dot' };
  if (name.includes('@{') || name === '@') return { kind: 'at-brace' };
  if (name.startsWith('-')) return { kind: 'dash' };
  return null;
}

export interface BranchTypeOption {
  id: BranchCategory | 'NONE';
  displayName: string | null;
  prefix: string;
}

const DEFAULT_PREFIX = 'feature/';

/** Enabled branch types for the create form; FEATURE preselected when enabled (else the first), "no prefix" last. */
export function branchTypeOptions(model: BranchModel | null): { options: BranchTypeOption[]; selected: BranchTypeOption } {
  const types = (model && Array.isArray(model.types) ? model.types : []).filter((t) => typeof t?.prefix === 'string' && refNameProblem(t.prefix.replace(/\/$/, '') || 'x') === null);
  const options: BranchTypeOption[] = types.map((t) => ({ id: t.id, displayName: typeof t.displayName === 'string' ? t.displayName : t.id, prefix: t.prefix }));
  if (!options.length) {
    // No model (or no enabled types): still suggest the conventional prefix, but let the user drop it.
    const feature: BranchTypeOption = { id: 'FEATURE', displayName: null, prefix: DEFAULT_PREFIX };
    return { options: [feature, { id: 'NONE', displayName: null, prefix: '' }], selected: feature };
  }
  options.push({ id: 'NONE', displayName: null, prefix: '' });
  return { options, selected: options.find((o) => o.id === 'FEATURE') ?? options[0] };
}

/** Swaps the prefix of a typed name when the user picks another type, keeping what they typed after it. */
export function swapPrefix(name: string, from: string, to: string): string {
  return from && name.startsWith(from) ? to + name.slice(from.length) : to + name;
}
