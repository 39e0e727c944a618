/**
 * Shared fixtures and the fake client of the merge-panel tests. JSON shaped like real servers send
 * it (rest-contracts.md §1.3, §2.2, §6): absent optionals are left out, links are arrays.
 */
import { RestError } from '../../frontend/rest/errors';
import type { RestErrorKind } from '../../frontend/rest/errors';
import type { BitbucketClient } from '../../frontend/rest/api';
import type { BuildStatus, Comment, MergeStatus, Page, Participant, PullRequest, Repository, User } from '../../frontend/rest/types';
import type { PullRequestContext } from '../../frontend/merge-panel/context';

export const HEAD = 'a'.repeat(40);
export const TARGET = 'b'.repeat(40);

export function user(slug: string, displayName = slug): User {
  return { id: slug.length, name: slug, slug, displayName, emailAddress: `${slug}@example.com`, active: true, type: 'NORMAL', links: { self: [{ href: `http://localhost:7990/bitbucket/users/${slug}` }] } };
}

export function participant(slug: string, status: Participant['status'], role: Participant['role'] = 'REVIEWER', displayName = slug): Participant {
  return { user: user(slug, displayName), role, approved: status === 'APPROVED', status };
}

export const repository: Repository = {
  slug: 'vegeta',
  id: 11,
  name: 'Vegeta',
  hierarchyId: 'e3c939f9ef4a7fae272e',
  scmId: 'git',
  state: 'AVAILABLE',
  statusMessage: 'Available',
  forkable: true,
  public: false,
  project: { key: 'SOUR', id: 1, name: 'Source', public: false, type: 'NORMAL', links: { self: [{ href: 'http://localhost:7990/bitbucket/projects/SOUR' }] } },
  links: { self: [{ href: 'http://localhost:7990/bitbucket/projects/SOUR/repos/vegeta/browse' }] },
};

export function pullRequest(patch: Partial<PullRequest> = {}): PullRequest {
  return {
    id: 7,
    version: 3,
    title: 'Add insights',
    state: 'OPEN',
    open: true,
    closed: false,
    createdDate: 1_700_000_000_000,
    updatedDate: 1_700_000_100_000,
    fromRef: { id: 'refs/heads/feature/x', displayId: 'feature/x', latestCommit: HEAD, type: 'BRANCH', repository },
    toRef: { id: 'refs/heads/master', displayId: 'master', latestCommit: TARGET, type: 'BRANCH', repository },
    locked: false,
    author: participant('alice', 'UNAPPROVED', 'AUTHOR', 'Alice'),
    reviewers: [participant('bob', 'APPROVED', 'REVIEWER', 'Bob')],
    participants: [],
    properties: { mergeResult: { outcome: 'CLEAN', current: true }, openTaskCount: 0, resolvedTaskCount: 0 },
    links: { self: [{ href: 'http://localhost:7990/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7' }] },
    ...patch,
  };
}

export function context(patch: Partial<PullRequest> = {}): PullRequestContext {
  return { pullRequest: pullRequest(patch), repository, project: repository.project };
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
  return isLastPage ? { size: values.length, limit, isLastPage, start: 0, values } : { size: values.length, limit, isLastPage, start: 0, nextPageStart: values.length, values };
}

export function build(key: string, state: BuildStatus['state'], patch: Partial<BuildStatus> = {}): BuildStatus {
  return { key, state, url: `https://ci.example.com/${key}`, name: key, createdDate: 1_700_000_000_000, updatedDate: 1_700_000_000_000, ...patch };
}

export const canMerge: MergeStatus = { canMerge: true, conflicted: false, outcome: 'CLEAN', vetoes: [] };

export function restError(kind: RestErrorKind, status: number, body?: unknown): RestError {
  return new RestError(kind, status, 'GET', '/bitbucket/rest/api/latest/projects/SOUR/repos/vegeta/pull-requests/7/merge', [{ message: `${kind} happened` }], body);
}

/** What a fake endpoint answers: a value, a RestError to reject with, or `'hang'` (until aborted). */
export type Answer<T> = T | RestError | 'hang';

export interface FakeCall {
  method: string;
  args: unknown[];
  signal?: AbortSignal;
}

export interface FakeMergeClient {
  client: BitbucketClient;
  calls: FakeCall[];
  /** Resolvers of `'hang'` answers, to finish a request late in a test. */
  release(method: string, value: unknown): void;
}

export function fakeClient(answers: { mergeStatus?: Answer<MergeStatus>; tasks?: Answer<Page<Comment>>; builds?: Answer<BuildStatus[]> } = {}): FakeMergeClient {
  const calls: FakeCall[] = [];
  const hanging = new Map<string, (value: unknown) => void>();
  function answer<T>(method: string, value: Answer<T> | undefined, fallback: T, signal: AbortSignal | undefined, args: unknown[]): Promise<T> {
    calls.push({ method, args, signal });
    const chosen = value === undefined ? fallback : value;
    if (chosen === 'hang') {
      return new Promise<T>((resolve, reject) => {
        hanging.set(method, resolve as (v: unknown) => void);
        signal?.addEventListener('abort', () => reject(new RestError('aborted', 0, 'GET', method)));
      });
    }
    if (chosen instanceof RestError) return Promise.reject(chosen);
    // Clone so no test can be fooled by the panel mutating shared fixtures.
    return Promise.resolve(JSON.parse(JSON.stringify(chosen)) as T);
  }
  const unused = (name: string) => () => {
    throw new Error(`fake client: ${name} is not used by the merge panel`);
  };
  const client = {
    core: {
      getMergeStatus: (repo: unknown, id: unknown, options?: { signal?: AbortSignal }) => answer('getMergeStatus', answers.mergeStatus, canMerge, options?.signal, [repo, id]),
      listBlockerComments: (repo: unknown, id: unknown, filter?: unknown) => ({
        page: (request?: { limit?: number; signal?: AbortSignal }) => answer('listBlockerComments', answers.tasks, page<Comment>([]), request?.signal, [repo, id, filter, request?.limit]),
        items: unused('listBlockerComments.items'),
        getAll: unused('listBlockerComments.getAll'),
      }),
    },
    builds: {
      getBuildStatuses: (repo: unknown, commitId: unknown, options?: { signal?: AbortSignal }) => answer('getBuildStatuses', answers.builds, [] as BuildStatus[], options?.signal, [repo, commitId]),
    },
  };
  return {
    client: client as unknown as BitbucketClient,
    calls,
    release: (method, value) => hanging.get(method)?.(value),
  };
}
