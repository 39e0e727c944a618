/**
 * Fixtures and the fake `BitbucketClient` of the comments-panel tests. Activities and comments shaped like
 * real servers send them (rest-contracts.md §2.2 Activity/Comment, §4 reactions: `properties.reactions`,
 * count = users.length, `value` sometimes missing).
 */
import { RestError } from '../../frontend/rest/errors';
import type { PageRequest } from '../../frontend/rest/api';
import type { Activity, Comment, CommentReaction, Page, PullRequest, RepoRef, User, UserReaction } from '../../frontend/rest/types';
import { callsTo, fakeBitbucketClient, heldServer, pagedStub } from '../support/fake-client';
import type { HeldServer } from '../support/fake-client';
import { page, user as wireUser } from '../support/wire';

export { flushPromises as flush } from '../support/dom';
export { HOSTILE_STRINGS as HOSTILE, REPO, restError } from '../support/wire';

export function user(slug: string, displayName = slug): User {
  return wireUser(slug, displayName, { id: slug.length * 7 });
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

export interface FakeCommentsServer extends HeldServer {
  activities: Activity[] | RestError;
  /** Page size the "server" applies whatever we ask (Bitbucket caps `limit`). */
  maxPageSize: number;
  reactResult?: RestError;
  unreactResult?: RestError;
}

export function fakeCommentsClient(patch: Partial<FakeCommentsServer> = {}) {
  const { server, respond } = heldServer<FakeCommentsServer>({ activities: [], maxPageSize: 1000, ...patch });
  const client = fakeBitbucketClient({
    core: {
      listActivities: (repo: RepoRef, id: number) =>
        pagedStub('core.listActivities', {
          page: (request: PageRequest = {}): Promise<Page<Activity>> => {
            server.calls.push({ method: 'listActivities.page', args: [repo, id, { start: request.start, limit: request.limit }] });
            return respond(request.signal, () => {
              if (server.activities instanceof RestError) return server.activities;
              const start = request.start ?? 0;
              const limit = Math.min(request.limit ?? 25, server.maxPageSize);
              const values = server.activities.slice(start, start + limit);
              return page(values, { start, limit, isLastPage: start + values.length >= server.activities.length });
            });
          },
        }),
    },
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
  });
  return { client, server, callsTo: (method: string) => callsTo(server.calls, method) };
}
