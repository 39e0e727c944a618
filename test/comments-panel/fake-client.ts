/**
 * Fixtures and the fake `BitbucketClient` of the comments-panel tests. Activities and comments shaped like
 * real servers send them (rest-contracts.md §2.2 Activity/Comment, §4 reactions: `properties.reactions`,
 * count = users.length, `value` sometimes missing).
 */
import { RestError } from '../../frontend/rest/errors';
import type { RestErrorKind } from '../../frontend/rest/errors';
import type { BitbucketClient, PageRequest } from '../../frontend/rest/api';
import type { Activity, Comment, CommentReaction, Page, PullRequest, RepoRef, User, UserReaction } from '../../frontend/rest/types';

export const REPO: RepoRef = { projectKey: 'SOUR', repositorySlug: 'vegeta' };

export function user(slug: string, displayName = slug): User {
  return { id: slug.length * 7, name: slug, slug, displayName, emailAddress: `${slug}@example.com`, active: true, type: 'NORMAL' };
}

export const THUMBS = { shortcut: 'thumbsup', url: 'http://localhost:7990/bitbucket/s/emoji/1f44d.svg', value: '\u{1F44D}' };
/** As some real servers send it: no `value`, the emoji only in the twemoji file name. */
export const HEART_NO_VALUE = { shortcut: 'heart', url: 'http://localhost:7990/bitbucket/s/emoji/2764.svg' };

export function reaction(emoticon: CommentReaction['emoticon'], ...slugs: string[]): CommentReaction {
  return { emoticon, users: slugs.map((s) => user(s, s[0].toUpperCase() + s.slice(1))) };
}

export function comment(id: number, text: string, reactions: CommentReaction[] = [], replies: Comment[] = [], patch: Partial<Comment> = {}): Comment {
  return {
    id,
    version: 0,
    text,
    author: user('carol', 'Carol'),
    createdDate: 1_700_000_000_000 + id,
    updatedDate: 1_700_000_000_000 + id,
    comments: replies,
    severity: 'NORMAL',
    state: 'OPEN',
    properties: reactions.length ? { repositoryId: 11, reactions } : { repositoryId: 11 },
    permittedOperations: { editable: false, transitionable: true, deletable: false },
    ...patch,
  };
}

export function commented(id: number, c: Comment, commentAction: Activity['commentAction'] = 'ADDED'): Activity {
  return { id, createdDate: c.createdDate, user: c.author, action: 'COMMENTED', commentAction, comment: c };
}

export function otherActivity(id: number, action = 'APPROVED'): Activity {
  return { id, createdDate: 1_700_000_000_000, user: user('dave'), action };
}

export function context(id = 7): { pullRequest: Partial<PullRequest> & { id: number }; repository: unknown; project: unknown } {
  const repository = { slug: 'vegeta', id: 11, name: 'vegeta', project: { key: 'SOUR', id: 1, name: 'Source' } };
  return {
    pullRequest: { id, version: 1, title: 't', state: 'OPEN', fromRef: { id: 'refs/heads/f', displayId: 'f', latestCommit: 'a'.repeat(40), repository } as never, toRef: { id: 'refs/heads/master', displayId: 'master', latestCommit: 'b'.repeat(40), repository } as never },
    repository,
    project: repository.project,
  };
}

export function restError(kind: RestErrorKind, status = 0, message?: string): RestError {
  return new RestError(kind, status, 'GET', '/rest/test', message ? [{ message, context: null, exceptionName: null }] : []);
}

export interface FakeCommentsServer {
  activities: Activity[] | RestError;
  /** Page size the "server" applies whatever we ask (Bitbucket caps `limit`). */
  maxPageSize: number;
  reactResult?: RestError;
  unreactResult?: RestError;
  hold: boolean;
  calls: { method: string; args: unknown[] }[];
  release(): void;
  pending(): number;
}

const aborted = (): RestError => new RestError('aborted', 0, 'GET', '/rest/test');

export function fakeCommentsClient(patch: Partial<FakeCommentsServer> = {}) {
  let waiting: { go: () => void }[] = [];
  const server: FakeCommentsServer = {
    activities: [],
    maxPageSize: 1000,
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
  function respond<T>(signal: AbortSignal | undefined, produce: () => T | RestError): Promise<T> {
    const settle = (): T => {
      if (signal?.aborted) throw aborted();
      const result = produce();
      if (result instanceof RestError) throw result;
      return result;
    };
    if (signal?.aborted) return Promise.reject(aborted());
    if (!server.hold) return Promise.resolve().then(settle);
    return new Promise<T>((resolve, reject) => {
      const entry = { go: () => { try { resolve(settle()); } catch (e) { reject(e); } } };
      waiting.push(entry);
      signal?.addEventListener('abort', () => {
        waiting = waiting.filter((w) => w !== entry);
        reject(aborted());
      });
    });
  }
  const unsupported = (name: string) => () => {
    throw new Error(`fake client: ${name} is not used by the comments panel`);
  };
  const client = {
    core: new Proxy(
      {
        listActivities: (repo: RepoRef, id: number) => ({
          page: (request: PageRequest = {}): Promise<Page<Activity>> => {
            server.calls.push({ method: 'listActivities.page', args: [repo, id, { start: request.start, limit: request.limit }] });
            return respond(request.signal, () => {
              if (server.activities instanceof RestError) return server.activities;
              const start = request.start ?? 0;
              const limit = Math.min(request.limit ?? 25, server.maxPageSize);
              const values = server.activities.slice(start, start + limit);
              const isLastPage = start + values.length >= server.activities.length;
              return isLastPage ? { values, size: values.length, limit, start, isLastPage } : { values, size: values.length, limit, start, isLastPage, nextPageStart: start + values.length };
            });
          },
          items: unsupported('listActivities.items'),
          getAll: unsupported('listActivities.getAll'),
        }),
      },
      { get: (target, name) => (target as Record<string, unknown>)[String(name)] ?? unsupported(String(name)) },
    ),
    likes: {
      addPullRequestReaction: (repo: RepoRef, prId: number, commentId: number, emoticon: string, options?: { signal?: AbortSignal }) => {
        server.calls.push({ method: 'addPullRequestReaction', args: [repo, prId, commentId, emoticon] });
        return respond<UserReaction>(options?.signal, () => server.reactResult ?? { user: user('alice', 'Alice'), emoticon: THUMBS });
      },
      removePullRequestReaction: (repo: RepoRef, prId: number, commentId: number, emoticon: string, options?: { signal?: AbortSignal }) => {
        server.calls.push({ method: 'removePullRequestReaction', args: [repo, prId, commentId, emoticon] });
        return respond<void>(options?.signal, () => server.unreactResult ?? undefined);
      },
    },
    branches: new Proxy({}, { get: (_t, name) => unsupported(String(name)) }),
    insights: new Proxy({}, { get: (_t, name) => unsupported(String(name)) }),
    builds: new Proxy({}, { get: (_t, name) => unsupported(String(name)) }),
  } as unknown as BitbucketClient;
  return { client, server, callsTo: (method: string) => server.calls.filter((c) => c.method === method).map((c) => c.args) };
}

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
