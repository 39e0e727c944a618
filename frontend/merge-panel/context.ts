/**
 * What a PR-page extension point hands us (host-anatomy.md §1.6): the REST JSON of the pull
 * request, its repository and project. Only the fields we read are required.
 */
import { contextPath } from 'yourcompany/host';
import { readPullRequestContext } from 'yourcompany/rest';
import type { PullRequest, RepoRef } from 'yourcompany/rest';

export interface PullRequestContext {
  pullRequest: PullRequest;
  repository?: { slug: string; project?: { key: string } };
  project?: { key: string };
}

/**
 * The host's context (not contractual) with its pull request in the clean shape of yourcompany/rest, or
 * null when it names no usable pull request: every entry point reads its context through this first.
 */
export function readContext(context: unknown): PullRequestContext | null {
  const read = readPullRequestContext(context);
  if (!read) return null;
  const project = { key: read.repo.projectKey };
  return { pullRequest: read.pullRequest, repository: { slug: read.repo.repositorySlug, project }, project };
}

/** The repository the pull request lives in (the target); falls back to `toRef` when the host omits `repository`. */
export function repoRefOf(context: PullRequestContext): RepoRef {
  const repository = context.repository ?? context.pullRequest.toRef.repository;
  return {
    projectKey: repository?.project?.key ?? context.project?.key ?? '',
    repositorySlug: repository?.slug ?? '',
  };
}

export interface PullRequestLinks {
  overview: string;
  diff: string;
  commits: string;
  task(commentId: number): string;
}

/** Page URLs of the pull request, under the context path. */
export function pullRequestLinks(context: PullRequestContext): PullRequestLinks {
  const repo = repoRefOf(context);
  const base = `${contextPath()}/projects/${encodeURIComponent(repo.projectKey)}/repos/${encodeURIComponent(repo.repositorySlug)}/pull-requests/${encodeURIComponent(String(context.pullRequest.id))}`;
  return {
    overview: `${base}/overview`,
    diff: `${base}/diff`,
    commits: `${base}/commits`,
    // Bitbucket scrolls to and highlights the comment named by `commentId`.
    task: (commentId) => `${base}/overview?commentId=${encodeURIComponent(String(commentId))}`,
  };
}
