/**
 * Jira issue keys of a pull request, derived the way Bitbucket's Jira integration does: keys in the PR's
 * title, its source branch name and the messages of its commits (at most the newest 100, the limit the
 * 9.2 document names for `…/pull-requests/{id}/issues`). Only keys of Jira projects the Bitbucket
 * project is linked to count (an unlinked repository has no Jira issues), so `ABC-1` in a message of a
 * repository linked to `WEB` is ordinary text.
 */
import type { Store } from './store';
import type { CommitRecord, JiraLinkRecord, PullRequestRecord, RepositoryRecord } from './types';

export const MAX_COMMITS_SCANNED = 100;

/** Jira's default issue-key shape: an upper-case project key, a dash, a number; not inside a word. */
const ISSUE_KEY = /(?<![A-Za-z0-9_])([A-Z][A-Z0-9_]+)-([1-9][0-9]*)(?![A-Za-z0-9_])/g;

export interface JiraIssueRef {
  key: string;
  url: string;
}

export function jiraLinkOf(store: Store, projectKey: string): JiraLinkRecord | undefined {
  return store.data.jiraLinks.find((link) => link.projectKey === projectKey.toUpperCase());
}

/** Issue keys of `projects` in `text`, in order of appearance, without duplicates. */
export function issueKeysIn(text: string, projects: readonly string[]): string[] {
  const keys: string[] = [];
  for (const match of text.matchAll(ISSUE_KEY)) {
    const key = `${match[1]}-${match[2]}`;
    if (projects.includes(match[1]) && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

export function pullRequestJiraIssues(store: Store, repo: RepositoryRecord, pr: PullRequestRecord): JiraIssueRef[] {
  const link = jiraLinkOf(store, repo.projectKey);
  if (!link) return [];
  const commits = store.log(repo, pr.fromCommit, pr.toCommit).slice(0, MAX_COMMITS_SCANNED);
  const texts = [pr.title, pr.fromBranch, ...commits.map((c) => c.message)];
  const keys = issueKeysIn(texts.join('\n'), link.jiraProjects.map((p) => p.key));
  const base = link.jiraBaseUrl.replace(/\/+$/, '');
  return keys.map((key) => ({ key, url: `${base}/browse/${key}` }));
}

/**
 * Commits naming `issueKey` in their message, in every repository of the projects linked to the key's Jira
 * project, reachable from any branch, newest first (what `…/jira/latest/issues/{issueKey}/commits` pages).
 */
export function commitsForIssue(store: Store, issueKey: string, repos: RepositoryRecord[]): { repo: RepositoryRecord; commit: CommitRecord }[] {
  const match = /^([A-Z][A-Z0-9_]+)-[1-9][0-9]*$/.exec(issueKey);
  if (!match) return [];
  const out: { repo: RepositoryRecord; commit: CommitRecord }[] = [];
  for (const repo of repos) {
    const link = jiraLinkOf(store, repo.projectKey);
    if (!link?.jiraProjects.some((p) => p.key === match[1])) continue;
    const reachable = new Set<string>();
    for (const tip of Object.values(repo.branches)) for (const id of store.ancestors(repo, tip)) reachable.add(id);
    for (const id of reachable) if (issueKeysIn(repo.commits[id].message, [match[1]]).includes(issueKey)) out.push({ repo, commit: repo.commits[id] });
  }
  return out.sort((a, b) => b.commit.committerTimestamp - a.commit.committerTimestamp || (a.commit.id < b.commit.id ? -1 : 1));
}
