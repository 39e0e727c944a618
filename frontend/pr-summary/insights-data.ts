/**
 * The requests behind the insights surfaces. The summary label and the modal call the same
 * functions with the same arguments on the page-wide client, so the modal reuses the label's
 * responses instead of fetching again.
 */
import { RestError, isRestError } from 'yourcompany/rest';
import type { BitbucketClient, Commit, Diff, InsightAnnotation, InsightReport, RepoRef } from 'yourcompany/rest';

/** Reports per commit are few (one per tool); the cap only guards against a runaway server. */
export const MAX_REPORTS = 1000;

export interface CommitInsights {
  commitId: string;
  reports: InsightReport[];
  annotations: InsightAnnotation[];
}

/** The merge-base side: absent history (204), loaded, or failed without hiding the head side. */
export type BaselineOutcome =
  | { status: 'no-merge-base' }
  | { status: 'ok'; commit: Commit; insights: CommitInsights }
  | { status: 'error'; error: unknown };

/** The pull request's diff, or why it could not be read: then findings are matched approximately. */
export type DiffOutcome = { status: 'ok'; diff: Diff } | { status: 'error'; error: unknown };

export interface PullRequestInsights {
  head: CommitInsights;
  baseline: BaselineOutcome;
  diff: DiffOutcome;
}

/** `fresh`: past the client's short cache (a live refresh). */
export function loadCommitInsights(client: BitbucketClient, repo: RepoRef, commitId: string, signal?: AbortSignal, fresh?: boolean): Promise<CommitInsights> {
  return Promise.all([
    client.insights.listReports(repo, commitId).getAll({ max: MAX_REPORTS, signal, fresh }),
    client.insights.getCommitAnnotations(repo, commitId, undefined, { signal, fresh }),
  ]).then(([reports, list]) => ({
    commitId,
    reports: Array.isArray(reports) ? reports : [],
    annotations: Array.isArray(list?.annotations) ? list.annotations : [],
  }));
}

async function loadBaseline(client: BitbucketClient, repo: RepoRef, pullRequestId: number, signal?: AbortSignal): Promise<BaselineOutcome> {
  try {
    const commit = await client.core.getMergeBase(repo, pullRequestId, { signal });
    if (!commit) return { status: 'no-merge-base' };
    return { status: 'ok', commit, insights: await loadCommitInsights(client, repo, commit.id, signal) };
  } catch (error) {
    if (signal?.aborted || (isRestError(error) && error.kind === 'aborted')) throw error;
    return { status: 'error', error };
  }
}

/** A diff that fails (refused, unavailable, malformed) is reported, never thrown: the insights show without it. */
async function loadDiff(client: BitbucketClient, repo: RepoRef, pullRequestId: number, signal?: AbortSignal): Promise<DiffOutcome> {
  try {
    return { status: 'ok', diff: await client.core.getPullRequestDiff(repo, pullRequestId, { signal }) };
  } catch (error) {
    if (signal?.aborted || (isRestError(error) && error.kind === 'aborted')) throw error;
    return { status: 'error', error };
  }
}

/**
 * Head reports and annotations and the pull request's diff in parallel with the merge base; the base's
 * reports and annotations follow as soon as the merge base is known. The PR diff already starts at the merge
 * base (the server finds it), so it does not wait for it. A failing head rejects; a failing base or diff is reported.
 */
export async function loadPullRequestInsights(
  client: BitbucketClient,
  repo: RepoRef,
  pullRequest: { id: number; fromRef: { latestCommit: string } },
  signal?: AbortSignal,
): Promise<PullRequestInsights> {
  // The merge base goes out first: it heads the page's only two-round-trip chain.
  const [baseline, head, diff] = await Promise.all([
    loadBaseline(client, repo, pullRequest.id, signal),
    loadCommitInsights(client, repo, pullRequest.fromRef.latestCommit, signal),
    loadDiff(client, repo, pullRequest.id, signal),
  ]);
  return { head, baseline, diff };
}

interface SharedEntry<T> {
  promise: Promise<T>;
  controller: AbortController;
  users: number;
  settled: boolean;
  expires: number;
}

/** How long the label's answers serve the modal (the REST client's own cache is only seconds). */
export const SHARED_TTL_MS = 60_000;

const sharedByOwner = new WeakMap<object, Map<string, SharedEntry<unknown>>>();

/**
 * One load per owner (the client) and key for every surface on the page. Each caller may abort its own wait; the request
 * underneath is aborted only when no caller is left waiting for it. Failures are not kept.
 */
export function sharedLoad<T>(owner: object, key: string, load: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal, now: () => number = Date.now): Promise<T> {
  if (signal?.aborted) return Promise.reject(abortError(key));
  let shared = sharedByOwner.get(owner);
  if (!shared) {
    shared = new Map();
    sharedByOwner.set(owner, shared);
  }
  const loads = shared;
  // Answers of other pull requests expire too (client-side navigation must not accumulate them).
  for (const [other, stale] of loads) if (other !== key && stale.settled && stale.expires <= now()) loads.delete(other);
  let entry = shared.get(key) as SharedEntry<T> | undefined;
  if (entry && entry.settled && entry.expires <= now()) {
    loads.delete(key);
    entry = undefined;
  }
  if (!entry) {
    const controller = new AbortController();
    const created: SharedEntry<T> = { promise: Promise.resolve() as Promise<never>, controller, users: 0, settled: false, expires: Infinity };
    created.promise = load(controller.signal).then(
      (value) => {
        created.settled = true;
        created.expires = now() + SHARED_TTL_MS;
        return value;
      },
      (error: unknown) => {
        created.settled = true;
        if (loads.get(key) === created) loads.delete(key);
        throw error;
      },
    );
    created.promise.catch(() => undefined);
    loads.set(key, created);
    entry = created;
  }
  const current = entry;
  current.users += 1;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      release();
      reject(abortError(key));
    };
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      signal?.removeEventListener('abort', onAbort);
      current.users -= 1;
      if (current.users <= 0 && !current.settled) {
        current.controller.abort();
        if (loads.get(key) === current) loads.delete(key);
      }
    };
    signal?.addEventListener('abort', onAbort);
    current.promise.then(
      (value) => {
        release();
        resolve(value);
      },
      (error: unknown) => {
        release();
        reject(error);
      },
    );
  });
}

/** Replaces what `key` shares through `owner` with a newer answer (a live refresh), for the usual time. */
export function replaceShared<T>(owner: object, key: string, value: T, now: () => number = Date.now): void {
  let shared = sharedByOwner.get(owner);
  if (!shared) {
    shared = new Map();
    sharedByOwner.set(owner, shared);
  }
  shared.set(key, { promise: Promise.resolve(value), controller: new AbortController(), users: 0, settled: true, expires: now() + SHARED_TTL_MS });
}

/** Forgets the answers shared through `owner` (an explicit refresh). */
export function forgetSharedLoads(owner: object): void {
  sharedByOwner.delete(owner);
}

function abortError(key: string): RestError {
  return new RestError('aborted', 0, 'GET', key);
}
