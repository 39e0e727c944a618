/**
 * `GET …/compare/diff{path}`: what `from` has that `to` has not (the effective diff from their merge base),
 * hunks from the same engine and wrapper as the pull-request and commit diffs (core.ts diffWrapper).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import { commitOr404, diffWrapper } from './core';
import { rawDiff } from './content';
import { EXCEPTIONS, fail, repoAccess, route, sendJson, wildcard } from './http';

type RepoParams = { projectKey: string; repositorySlug: string };

export function registerCompare(app: FastifyInstance, store: Store): void {
  const R = '/projects/:projectKey/repos/:repositorySlug';
  const compareDiff = async (request: FastifyRequest, reply: FastifyReply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const query = request.query as Record<string, string>;
    if (query.fromRepo) {
      // `fromRepo` is an id or KEY/slug; the emulator has no forks, so only this repository can hold `from`.
      const [key, slug] = query.fromRepo.split('/');
      const named = slug === undefined ? store.data.repositories.find((r) => String(r.id) === key) : store.repository(key, slug);
      if (!named || store.accessLevel(request.user, named, request.tokenPermissions ?? undefined) === 0) fail(404, `Repository ${query.fromRepo} does not exist.`, EXCEPTIONS.noSuchRepository);
    }
    // Missing `from`/`to` mean the default branch (the 9.2 document).
    const from = commitOr404(store, repo, query.from || repo.defaultBranch);
    const to = commitOr404(store, repo, query.to || repo.defaultBranch);
    const base = store.mergeBase(repo, from.id, to.id);
    const filePath = wildcard(request);
    if (String(request.headers.accept ?? '').startsWith('text/plain')) {
      const contextLines = query.contextLines !== undefined && Number(query.contextLines) >= 0 ? Number(query.contextLines) : 10;
      const text = rawDiff(store, repo, base, from.id, filePath, contextLines, query.srcPath);
      return reply.code(200).header('content-type', 'text/plain;charset=UTF-8').send(text);
    }
    const wrapper = diffWrapper(store, repo, base, from.id, filePath, query);
    // Like …/compare/changes: `fromHash` is the `to` side, `toHash` the `from` side.
    return sendJson(reply, 200, { ...wrapper, fromHash: to.id, toHash: from.id });
  };
  route(app, 'GET', 'api', `${R}/compare/diff`, compareDiff);
  route(app, 'GET', 'api', `${R}/compare/diff/*`, compareDiff);
}
