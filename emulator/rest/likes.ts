/** `/rest/comment-likes`: reactions on PR and commit comments (Bitbucket 8.0+; no list endpoint). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { CommentRecord } from '../store/types';
import { commitOr404 } from './core';
import { baseUrl, fail, noContent, repoAccess, route, sendJson, type RepoContext } from './http';
import { commentOr404, pullRequestOr404 } from './pulls';
import { restComment, restEmoticon, restUser } from './serialize';

type Params = { projectKey: string; repositorySlug: string; pullRequestId?: string; commitId?: string; commentId: string; emoticon: string };

export function registerLikes(app: FastifyInstance, store: Store): void {
  const R = '/projects/:projectKey/repos/:repositorySlug';

  const target = (request: FastifyRequest): { ctx: RepoContext; comment: CommentRecord; emoticon: string } => {
    const params = request.params as Params;
    const ctx = repoAccess(store, request, params);
    if (!request.user) fail(401, 'You are not permitted to access this resource', 'com.atlassian.bitbucket.AuthorisationException');
    const emoticon = params.emoticon;
    if (!/^[a-z0-9_+-]+$/.test(emoticon)) fail(400, `'${emoticon}' is not a valid emoticon.`, null, {}, 'emoticon');
    let comment: CommentRecord;
    if (params.pullRequestId !== undefined) {
      const pr = pullRequestOr404(store, ctx, params.pullRequestId);
      comment = commentOr404(store, params.commentId, (c) => c.repositoryId === pr.repositoryId && c.pullRequestId === pr.id);
    } else {
      const commit = commitOr404(store, ctx.repo, params.commitId ?? '');
      comment = commentOr404(store, params.commentId, (c) => c.repositoryId === ctx.repo.id && c.commitId === commit.id);
    }
    return { ctx, comment, emoticon };
  };

  const add = async (request: FastifyRequest, reply: FastifyReply) => {
    const { ctx, comment, emoticon } = target(request);
    const user = request.user!;
    const users = (comment.reactions[emoticon] ??= []);
    if (!users.includes(user.slug)) users.push(user.slug);
    if (comment.pullRequestId !== undefined) {
      const pr = store.pullRequest(ctx.repo, comment.pullRequestId);
      if (pr) store.ensureParticipant(pr, user.slug);
    }
    store.touch();
    const base = baseUrl(request);
    return sendJson(reply, 200, { user: restUser(user, base), emoticon: restEmoticon(emoticon, base), comment: restComment(store, comment, base, user, ctx.level >= 3) });
  };
  const remove = async (request: FastifyRequest, reply: FastifyReply) => {
    const { comment, emoticon } = target(request);
    const users = comment.reactions[emoticon];
    if (users) {
      comment.reactions[emoticon] = users.filter((slug) => slug !== request.user!.slug);
      if (comment.reactions[emoticon].length === 0) delete comment.reactions[emoticon];
      store.touch();
    }
    return noContent(reply);
  };

  for (const scope of [`${R}/pull-requests/:pullRequestId`, `${R}/commits/:commitId`]) {
    route(app, 'PUT', 'comment-likes', `${scope}/comments/:commentId/reactions/:emoticon`, add);
    route(app, 'DELETE', 'comment-likes', `${scope}/comments/:commentId/reactions/:emoticon`, remove);
  }
}
