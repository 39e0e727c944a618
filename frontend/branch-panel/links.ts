import { contextPath } from 'yourcompany/host';
import type { RepoRef } from 'yourcompany/rest';

const segment = encodeURIComponent;

export function repoPath(repo: RepoRef): string {
  return `${contextPath()}/projects/${segment(repo.projectKey)}/repos/${segment(repo.repositorySlug)}`;
}

/** Bitbucket's source browser at a ref (what the branch list links to). */
export function branchHref(repo: RepoRef, refId: string): string {
  return `${repoPath(repo)}/browse?at=${segment(refId)}`;
}

export function pullRequestHref(repo: RepoRef, id: number): string {
  return `${repoPath(repo)}/pull-requests/${segment(String(id))}/overview`;
}
