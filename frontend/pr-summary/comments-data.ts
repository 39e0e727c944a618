import type { BitbucketClient } from 'yourcompany/rest';
import type { Activity, Comment, RepoRef } from 'yourcompany/rest';
import { collectComments } from './comments-model';
import { replaceShared, sharedLoad } from './insights-data';

/**
 * We read at most this many activities (newest first, as Bitbucket returns them). A PR with more is
 * rare; reading further would cost the page seconds, so the panel says it ranked only what it read.
 */
export const ACTIVITY_CAP = 2000;
/** Bitbucket caps page sizes itself (`page.max.*`); we follow `nextPageStart` whatever it applies. */
const PAGE_SIZE = 250;

export interface LoadedComments {
  comments: Comment[];
  activitiesRead: number;
  capped: boolean;
}

/**
 * Pages through the PR's activities with identical requests every time, so the summary label and the
 * panel share them through the page-wide client.
 */
export async function loadComments(client: BitbucketClient, repo: RepoRef, pullRequestId: number, signal?: AbortSignal, fresh?: boolean): Promise<LoadedComments> {
  const paged = client.core.listActivities(repo, pullRequestId);
  const activities: Activity[] = [];
  let start = 0;
  let capped = false;
  for (;;) {
    const page = await paged.page({ start, limit: Math.min(PAGE_SIZE, ACTIVITY_CAP - activities.length), signal, fresh });
    const values = Array.isArray(page?.values) ? page.values : [];
    const room = ACTIVITY_CAP - activities.length;
    activities.push(...values.slice(0, room));
    if (values.length > room) {
      capped = true; // the server ignored our limit and sent more than we keep
      break;
    }
    const next = page?.nextPageStart;
    if (page?.isLastPage !== false || typeof next !== 'number' || next <= start) break; // last page, or no progress: stop
    if (activities.length >= ACTIVITY_CAP) {
      capped = true;
      break;
    }
    start = next;
  }
  return { comments: collectComments(activities), activitiesRead: activities.length, capped };
}

/** The activities behind the label, shared with the modal (`fresh`: a new answer replaces them). */
export async function loadSharedComments(client: BitbucketClient, repo: RepoRef, pullRequestId: number, signal?: AbortSignal, fresh?: boolean): Promise<LoadedComments> {
  const key = `comments:${repo.projectKey}/${repo.repositorySlug}#${pullRequestId}`;
  if (!fresh) return sharedLoad(client, key, (inner) => loadComments(client, repo, pullRequestId, inner), signal);
  const loaded = await loadComments(client, repo, pullRequestId, signal, true);
  replaceShared(client, key, loaded);
  return loaded;
}
