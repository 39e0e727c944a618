/**
 * Shared fixtures and the fake client of the merge-panel tests. JSON shaped like real servers send
 * it (rest-contracts.md §1.3, §2.2, §6): absent optionals are left out, links are arrays.
 */
import type { RestError } from '../../frontend/rest/errors';
import type { RestErrorKind } from '../../frontend/rest/errors';
import type { BitbucketClient } from '../../frontend/rest/api';
import type { BuildStatus, Comment, MergeStatus, Page, PullRequest } from '../../frontend/rest/types';
import type { PullRequestContext } from '../../frontend/pr-summary';
import { answerer, fakeBitbucketClient, pagedStub } from '../support/fake-client';
import type { Answer, FakeCall } from '../support/fake-client';
import { page as wirePage, participant, prContext, pullRequest as wirePullRequest, restError as wireRestError, user } from '../support/wire';

export { participant, user } from '../support/wire';
export type { Answer, FakeCall } from '../support/fake-client';

export const HEAD = 'a'.repeat(40);
export const TARGET = 'b'.repeat(40);

export function pullRequest(patch: Partial<PullRequest> = {}): PullRequest {
  return wirePullRequest(
    { head: HEAD, targetHead: TARGET },
    {
      reviewers: [participant('bob', 'APPROVED', 'REVIEWER', 'Bob')],
      properties: { mergeResult: { outcome: 'CLEAN', current: true }, openTaskCount: 0, resolvedTaskCount: 0 },
      ...patch,
    },
  );
}

export function context(patch: Partial<PullRequest> = {}): PullRequestContext {
  return prContext(pullRequest(patch));
}

export function task(id: number, text: string): Comment {
  return {
    id,
    version: 0,
    text,
    author: user('carol', 'Carol'),
    createdDate: 1_700_000_000_000,
    updatedDate: 1_700_000_000_000,
    comments: [],
    severity: 'BLOCKER',
    state: 'OPEN',
    properties: { repositoryId: 11 },
    permittedOperations: { editable: true, transitionable: true, deletable: true },
  };
}

export function page<T>(values: T[], isLastPage = true, limit = 50): Page<T> {
  return wirePage(values, { isLastPage, limit });
}

export function build(key: string, state: BuildStatus['state'], patch: Partial<BuildStatus> = {}): BuildStatus {
  return { key, state, url: `https://ci.example.com/${key}`, name: key, createdDate: 1_700_000_000_000, updatedDate: 1_700_000_000_000, ...patch };
}

export const canMerge: MergeStatus = { canMerge: true, conflicted: false, outcome: 'CLEAN', vetoes: [] };

export function restError(kind: RestErrorKind, status: number, body?: unknown): RestError {
  return wireRestError(kind, status, `${kind} happened`, body, '/bitbucket/rest/api/latest/projects/SOUR/repos/vegeta/pull-requests/7/merge');
}

export interface FakeMergeClient {
  client: BitbucketClient;
  calls: FakeCall[];
  /** Resolvers of `'hang'` answers, to finish a request late in a test. */
  release(method: string, value: unknown): void;
}

export function fakeClient(answers: { mergeStatus?: Answer<MergeStatus>; tasks?: Answer<Page<Comment>>; builds?: Answer<BuildStatus[]> } = {}): FakeMergeClient {
  const { calls, answer, release } = answerer();
  const client = fakeBitbucketClient({
    core: {
      getMergeStatus: (repo, id, options) => answer('getMergeStatus', answers.mergeStatus, canMerge, options?.signal, [repo, id]),
      listBlockerComments: (repo, id, filter) =>
        pagedStub('core.listBlockerComments', {
          page: (request) => answer('listBlockerComments', answers.tasks, page<Comment>([]), request?.signal, [repo, id, filter, request?.limit]),
        }),
    },
    builds: {
      getBuildStatuses: (repo, commitId, options) => answer('getBuildStatuses', answers.builds, [] as BuildStatus[], options?.signal, [repo, commitId]),
    },
  });
  return { client, calls, release };
}
