/**
 * Fixtures and the fake `BitbucketClient` of the branch-panel tests. JSON shaped like real servers send it
 * (rest-contracts.md §2.2 PR/branch, §3 branch utils): `isDefault`, metadata keyed by provider, links as arrays.
 */
import { RestError } from '../../frontend/rest/errors';
import type { RestErrorKind } from '../../frontend/rest/errors';
import type { BitbucketClient, CollectOptions, PageRequest, Paged } from '../../frontend/rest/api';
import type { Branch, BranchModel, Page, PullRequest, RepoPermissions, RepoRef, Repository, User } from '../../frontend/rest/types';
import type { PullRequestContext } from '../../frontend/branch-panel/model';

export const HEAD = 'a1b2c3d4e5'.repeat(4);
export const TARGET_HEAD = 'b'.repeat(40);
export const NEWER = 'c'.repeat(40);
export const AHEAD_BEHIND = 'com.atlassian.bitbucket.server.bitbucket-branch:ahead-behind-metadata-provider';

export function user(slug: string, displayName = slug): User {
  return { id: slug.length, name: slug, slug, displayName, emailAddress: `${slug}@example.com`, active: true, type: 'NORMAL' };
}

export function repository(slug = 'vegeta', key = 'SOUR'): Repository {
  return {
    slug,
    id: 11,
    name: slug,
    hierarchyId: 'e3c939f9ef4a7fae272e',
    scmId: 'git',
    state: 'AVAILABLE',
    statusMessage: 'Available',
    forkable: true,
    public: false,
    project: { key, id: 1, name: key, public: false, type: 'NORMAL', links: { self: [{ href: `http://localhost:7990/bitbucket/projects/${key}` }] } },
    links: { self: [{ href: `http://localhost:7990/bitbucket/projects/${key}/repos/${slug}/browse` }] },
  };
}

export function pullRequest(patch: Partial<PullRequest> = {}, source = 'feature/login', target = 'master'): PullRequest {
  const repo = repository();
  const merged = patch.state === 'MERGED';
  return {
    id: 7,
    version: 3,
    title: 'Add login',
    state: 'OPEN',
    open: !merged,
    closed: merged,
    createdDate: 1_700_000_000_000,
    updatedDate: 1_700_000_100_000,
    fromRef: { id: `refs/heads/${source}`, displayId: source, latestCommit: HEAD, type: 'BRANCH', repository: repo },
    toRef: { id: `refs/heads/${target}`, displayId: target, latestCommit: TARGET_HEAD, type: 'BRANCH', repository: repo },
    locked: false,
    author: { user: user('alice', 'Alice'), role: 'AUTHOR', approved: false, status: 'UNAPPROVED' },
    reviewers: [],
    participants: [],
    links: { self: [{ href: 'http://localhost:7990/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7' }] },
    ...patch,
  };
}

export function context(patch: Partial<PullRequest> = {}, source?: string, target?: string): PullRequestContext {
  const pr = pullRequest(patch, source, target);
  return { pullRequest: pr, repository: pr.toRef.repository, project: pr.toRef.repository.project };
}

export function branch(name: string, latestCommit = HEAD, extra: Partial<Branch> = {}): Branch {
  return { id: `refs/heads/${name}`, displayId: name, type: 'BRANCH', latestCommit, latestChangeset: latestCommit, isDefault: false, ...extra };
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

export function restError(kind: RestErrorKind, status = 0, message?: string): RestError {
  return new RestError(kind, status, 'GET', '/rest/test', message ? [{ message, context: null, exceptionName: null }] : []);
}

type Outcome<T> = T | RestError;

/** What the fake server holds; tests mutate it between steps. */
export interface FakeBranchServer {
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
  /** While set, every request stays pending until `release()` (or its signal aborts). */
  hold: boolean;
  calls: { method: string; args: unknown[] }[];
  release(): void;
  pending(): number;
}

export interface FakeClient {
  client: BitbucketClient;
  server: FakeBranchServer;
  callsTo(method: string): unknown[][];
}

const aborted = (): RestError => new RestError('aborted', 0, 'GET', '/rest/test');

export function fakeBranchClient(patch: Partial<FakeBranchServer> = {}): FakeClient {
  let waiting: { go: () => void; signal?: AbortSignal }[] = [];
  const server: FakeBranchServer = {
    branches: [withAheadBehind(branch('feature/login'), 2, 4), branch('master', TARGET_HEAD, { isDefault: true })],
    model: MODEL,
    containing: [branch('feature/login'), branch('release/1.0')],
    permissions: { read: true, write: true, admin: false },
    openPullRequests: [],
    newCommits: 0,
    dryRun: undefined,
    deleteResult: undefined,
    hold: false,
    calls: [],
    release() {
      const now = waiting;
      waiting = [];
      now.forEach((w) => w.go());
    },
    pending: () => waiting.length,
    ...patch,
  };

  function respond<T>(signal: AbortSignal | undefined, produce: () => Outcome<T>): Promise<T> {
    const settle = (): T => {
      if (signal?.aborted) throw aborted();
      const result = produce();
      if (result instanceof RestError) throw result;
      return result;
    };
    if (signal?.aborted) return Promise.reject(aborted());
    if (!server.hold) return Promise.resolve().then(settle);
    return new Promise<T>((resolve, reject) => {
      const entry = { go: () => { try { resolve(settle()); } catch (e) { reject(e); } }, signal };
      waiting.push(entry);
      signal?.addEventListener('abort', () => {
        waiting = waiting.filter((w) => w !== entry);
        reject(aborted());
      });
    });
  }

  function paged<T>(method: string, args: unknown[], values: () => Outcome<T[]>): Paged<T> {
    const page = (request: PageRequest = {}): Promise<Page<T>> => {
      server.calls.push({ method: `${method}.page`, args: [...args, { start: request.start, limit: request.limit }] });
      return respond(request.signal, () => {
        const all = values();
        if (all instanceof RestError) return all;
        const start = request.start ?? 0;
        const limit = request.limit ?? 25;
        const slice = all.slice(start, start + limit);
        const isLastPage = start + slice.length >= all.length;
        return isLastPage
          ? { values: slice, size: slice.length, limit, start, isLastPage }
          : { values: slice, size: slice.length, limit, start, isLastPage, nextPageStart: start + slice.length };
      });
    };
    async function* items(options: CollectOptions = {}): AsyncGenerator<T> {
      let start = 0;
      let count = 0;
      for (;;) {
        const p = await page({ start, limit: options.pageSize ?? 25, signal: options.signal });
        for (const value of p.values) {
          if (options.max !== undefined && count >= options.max) return;
          count++;
          yield value;
        }
        if (p.isLastPage || p.nextPageStart === undefined) return;
        start = p.nextPageStart;
      }
    }
    return {
      page,
      items: (options) => items(options),
      async getAll(options) {
        const out: T[] = [];
        for await (const value of items(options)) out.push(value);
        return out;
      },
    };
  }

  const record = (method: string, args: unknown[]): void => {
    server.calls.push({ method, args });
  };
  const unsupported = (name: string) => () => {
    throw new Error(`fake client: ${name} is not used by the branch panel`);
  };
  const filterBranches = (filterText?: string): Outcome<Branch[]> => {
    if (server.listBranchesError) return server.listBranchesError;
    return server.branches.filter((b) => !filterText || b.displayId.toLowerCase().includes(filterText.toLowerCase()));
  };

  const client = {
    core: {
      listBranches: (repo: RepoRef, filter: Record<string, unknown> = {}) => paged('listBranches', [repo, filter], () => filterBranches(filter.filterText as string | undefined)),
      getRepoPermissions: (repo: RepoRef, slug: string, options?: { signal?: AbortSignal }) => {
        record('getRepoPermissions', [repo, slug]);
        return respond(options?.signal, () => server.permissions);
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
    likes: new Proxy({}, { get: (_t, name) => unsupported(String(name)) }),
    insights: new Proxy({}, { get: (_t, name) => unsupported(String(name)) }),
    builds: new Proxy({}, { get: (_t, name) => unsupported(String(name)) }),
  } as unknown as BitbucketClient;

  return {
    client,
    server,
    callsTo: (method) => server.calls.filter((c) => c.method === method).map((c) => c.args),
  };
}

/** Lets every queued promise callback run (the fake resolves on microtasks). */
export async function flush(times = 10): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
  for (let i = 0; i < times; i++) await Promise.resolve();
}

export const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '\u202Eevil\u202C\u200B\u200D',
  '\u{1F600}\u{1F469}\u200D\u{1F4BB}',
  'x'.repeat(10_000),
];
