/**
 * Fixtures and the fake `BitbucketClient` of the branch-panel tests. JSON shaped like real servers send it
 * (rest-contracts.md §2.2 PR/branch, §3 branch utils): `isDefault`, metadata keyed by provider, links as arrays.
 */
import { RestError } from '../../frontend/rest/errors';
import type { BitbucketClient } from '../../frontend/rest/api';
import type { Branch, BranchModel, PullRequest, RepoPermissions, RepoRef } from '../../frontend/rest/types';
import type { BranchPullRequestContext as PullRequestContext } from '../../frontend/pr-summary';
import { callsTo, fakeBitbucketClient, heldServer, pagedFrom } from '../support/fake-client';
import type { HeldServer } from '../support/fake-client';
import { prContext, pullRequest as wirePullRequest, slicePage } from '../support/wire';

export { flushPromises as flush } from '../support/dom';
export { HOSTILE_STRINGS as HOSTILE, repository, restError, user } from '../support/wire';

export const HEAD = 'a1b2c3d4e5'.repeat(4);
export const TARGET_HEAD = 'b'.repeat(40);
export const NEWER = 'c'.repeat(40);
export const AHEAD_BEHIND = 'com.atlassian.bitbucket.server.bitbucket-branch:ahead-behind-metadata-provider';

export function pullRequest(patch: Partial<PullRequest> = {}, source = 'feature/login', target = 'master'): PullRequest {
  return wirePullRequest({ source, target, head: HEAD, targetHead: TARGET_HEAD }, { title: 'Add login', ...patch });
}

export function context(patch: Partial<PullRequest> = {}, source?: string, target?: string): PullRequestContext {
  return prContext(pullRequest(patch, source, target));
}

export function branch(name: string, latestCommit = HEAD, extra: Partial<Branch> = {}): Branch {
  return { id: `refs/heads/${name}`, displayId: name, type: 'BRANCH', latestCommit, isDefault: false, ...extra };
}

export function withAheadBehind(b: Branch, ahead: number, behind: number): Branch {
  return { ...b, metadata: { [AHEAD_BEHIND]: { ahead, behind }, 'com.atlassian.bitbucket.server.bitbucket-branch:latest-commit-metadata': { id: b.latestCommit } } };
}

export const MODEL: BranchModel = {
  development: branch('master', TARGET_HEAD, { isDefault: true }),
  types: [
    { id: 'BUGFIX', displayName: 'Bugfix', prefix: 'bugfix/' },
    { id: 'FEATURE', displayName: 'Feature', prefix: 'feature/' },
    { id: 'HOTFIX', displayName: 'Hotfix', prefix: 'hotfix/' },
    { id: 'RELEASE', displayName: 'Release', prefix: 'release/' },
  ],
};

type Outcome<T> = T | RestError;

/** What the fake server holds; tests mutate it between steps. While `hold` is set, answers wait for `release()`. */
export interface FakeBranchServer extends HeldServer {
  branches: Branch[];
  model: Outcome<BranchModel | null>;
  containing: Outcome<Branch[]>;
  permissions: Outcome<RepoPermissions>;
  openPullRequests: Outcome<PullRequest[]>;
  newCommits: Outcome<number>;
  dryRun: Outcome<void>;
  deleteResult: Outcome<void>;
  createResult?: RestError;
  listBranchesError?: RestError;
}

export interface FakeClient {
  client: BitbucketClient;
  server: FakeBranchServer;
  callsTo(method: string): unknown[][];
}

export function fakeBranchClient(patch: Partial<FakeBranchServer> = {}): FakeClient {
  const { server, respond } = heldServer<FakeBranchServer>({
    branches: [withAheadBehind(branch('feature/login'), 2, 4), branch('master', TARGET_HEAD, { isDefault: true })],
    model: MODEL,
    containing: [branch('feature/login'), branch('release/1.0')],
    permissions: { read: true, write: true, admin: false },
    openPullRequests: [],
    newCommits: 0,
    dryRun: undefined,
    deleteResult: undefined,
    ...patch,
  });

  const paged = <T>(method: string, args: unknown[], values: () => Outcome<T[]>) =>
    pagedFrom<T>((request = {}) => {
      server.calls.push({ method: `${method}.page`, args: [...args, { start: request.start, limit: request.limit }] });
      return respond(request.signal, () => {
        const all = values();
        return all instanceof RestError ? all : slicePage(all, request.start, request.limit);
      });
    });

  const record = (method: string, args: unknown[]): void => {
    server.calls.push({ method, args });
  };
  const filterBranches = (filterText?: string): Outcome<Branch[]> => {
    if (server.listBranchesError) return server.listBranchesError;
    return server.branches.filter((b) => !filterText || b.displayId.toLowerCase().includes(filterText.toLowerCase()));
  };

  const client = fakeBitbucketClient({
    core: {
      listBranches: (repo: RepoRef, filter: Record<string, unknown> = {}) => paged('listBranches', [repo, filter], () => filterBranches(filter.filterText as string | undefined)),
      getRepoPermissions: (repo: RepoRef, slug: string, options?: { signal?: AbortSignal }) => {
        record('getRepoPermissions', [repo, slug]);
        return respond(options?.signal, () => server.permissions);
      },
      // The one probe the branch surfaces make: write access (the permissions fixture says whether).
      hasRepoPermission: (repo: RepoRef, slug: string, permission: string, options?: { signal?: AbortSignal }) => {
        record('hasRepoPermission', [repo, slug, permission]);
        return respond(options?.signal, () => (server.permissions instanceof RestError ? server.permissions : server.permissions.write));
      },
      listCommits: (repo: RepoRef, filter: Record<string, unknown>) =>
        paged('listCommits', [repo, filter], () => {
          const n = server.newCommits;
          if (n instanceof RestError) return n;
          return Array.from({ length: n }, (_, i) => ({ id: String(i).padStart(40, '0'), displayId: String(i), author: { name: 'x' }, authorTimestamp: 0, message: 'm', parents: [] }));
        }),
      listPullRequests: (repo: RepoRef, filter: Record<string, unknown>) => paged('listPullRequests', [repo, filter], () => server.openPullRequests),
    },
    branches: {
      getBranchModel: (repo: RepoRef, options?: { signal?: AbortSignal }) => {
        record('getBranchModel', [repo]);
        return respond(options?.signal, () => server.model);
      },
      branchesContaining: (repo: RepoRef, commit: string) => paged('branchesContaining', [repo, commit], () => server.containing),
      deleteBranch: (repo: RepoRef, request: { name: string; dryRun?: boolean; endPoint?: string }, options?: { signal?: AbortSignal }) => {
        record('deleteBranch', [repo, request]);
        return respond(options?.signal, () => {
          const result = request.dryRun ? server.dryRun : server.deleteResult;
          if (!request.dryRun && !(result instanceof RestError)) server.branches = server.branches.filter((b) => b.id !== request.name && b.displayId !== request.name);
          return result;
        });
      },
      createBranch: (repo: RepoRef, request: { name: string; startPoint: string }, options?: { signal?: AbortSignal }) => {
        record('createBranch', [repo, request]);
        return respond(options?.signal, () => {
          if (server.createResult) return server.createResult;
          const created = branch(request.name, request.startPoint);
          server.branches = [...server.branches, created];
          return created;
        });
      },
    },
  });

  return {
    client,
    server,
    callsTo: (method) => callsTo(server.calls, method),
  };
}
