/**
 * What a PR-page extension point hands us (host-anatomy.md §1.6): the REST JSON of the pull
 * request, its repository and project. Only the fields we read are required.
 */
import { contextPath } from 'yourcompany/host';
import { readContext, repoRefOf } from 'yourcompany/pr-summary';
import type { PullRequestContext } from 'yourcompany/pr-summary';

// One reading of the host's context for every PR surface (yourcompany/pr-summary, over yourcompany/rest's).
export { readContext, repoRefOf };
export type { PullRequestContext };

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
