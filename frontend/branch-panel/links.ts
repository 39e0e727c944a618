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

/**
 * The viewer's deep link for a PR, in the format `frontend/viewer/route.ts` parses
 * (`#yourcompany-insights?repo=KEY/slug&pr=N`). Built here rather than with `viewerHash` because importing
 * `yourcompany/viewer` would load the lazy viewer bundle on every PR page; a unit test parses this link
 * with the viewer's own `parseViewerHash`, so the two cannot drift apart unnoticed.
 */
export function viewerPullRequestHash(repo: RepoRef, pullRequestId: number): string {
  return `#yourcompany-insights?repo=${segment(repo.projectKey)}/${segment(repo.repositorySlug)}&pr=${segment(String(pullRequestId))}`;
}
