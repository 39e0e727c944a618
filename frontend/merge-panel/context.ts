/**
 * What a PR-page extension point hands us (host-anatomy.md §1.6): the REST JSON of the pull
 * request, its repository and project. Only the fields we read are required.
 */
import { contextPath } from 'yourcompany/host';
import type { PullRequest, RepoRef, Repository, Project } from 'yourcompany/rest';

export interface PullRequestContext {
  pullRequest: PullRequest;
  repository?: Repository;
  project?: Pick<Project, 'key'> & Partial<Project>;
}

/** The repository the pull request lives in (the target); falls back to `toRef` when the host omits `repository`. */
export function repoRefOf(context: PullRequestContext): RepoRef {
  const repository = context.repository ?? context.pullRequest.toRef.repository;
  return {
    projectKey: repository.project?.key ?? context.project?.key ?? '',
    repositorySlug: repository.slug,
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
