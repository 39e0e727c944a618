/** `/rest/branch-utils`: create/delete branches (dryRun, endPoint), branches containing a commit, the branch model. */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store';
import type { BranchCategory, BranchModelConfig, RepositoryRecord } from '../store/types';
import { commitOr404, createBranch } from './core';
import { EXCEPTIONS, baseUrl, body, fail, noContent, paged, repoAccess, route, sendJson, Validation } from './http';
import { restBranch } from './serialize';
import { enforceRefRestriction } from './restrictions';

type RepoParams = { projectKey: string; repositorySlug: string };
const CATEGORIES: BranchCategory[] = ['BUGFIX', 'FEATURE', 'HOTFIX', 'RELEASE'];

function modelOr404(repo: RepositoryRecord): BranchModelConfig {
  if (!repo.branchModel)
    fail(404, `There is no branch model configuration defined for repository ${repo.projectKey}/${repo.slug}[${repo.id}]. You must enable the branch model first`, EXCEPTIONS.noSuchEntity);
  return repo.branchModel;
}

export function registerBranchUtils(app: FastifyInstance, store: Store): void {
  const R = '/projects/:projectKey/repos/:repositorySlug';

  route(app, 'POST', 'branch-utils', `${R}/branches`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams, 2);
    const name = createBranch(store, repo, body(request), request.user!);
    return sendJson(reply, 201, restBranch(store, repo, name, baseUrl(request)));
  });

  route(app, 'DELETE', 'branch-utils', `${R}/branches`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams, 2);
    const b = body(request);
    const rawName = String(b.name ?? '').trim();
    if (!rawName) fail(400, 'A branch name is required.', null, {}, 'name');
    const name = rawName.replace(/^refs\/heads\//, '');
    if (name === repo.defaultBranch) fail(400, `Branch '${name}' is the default branch of ${repo.projectKey}/${repo.slug} and cannot be deleted.`, 'com.atlassian.bitbucket.repository.DefaultBranchDeletionException', {}, 'name');
    const tip = repo.branches[name];
    const endPoint = typeof b.endPoint === 'string' ? b.endPoint.trim() : '';
    if (tip && endPoint && endPoint !== tip)
      fail(400, `Branch '${name}' cannot be deleted: it points to ${tip} and not to the expected end point ${endPoint}.`, 'com.atlassian.bitbucket.repository.RefEndPointMismatchException', {}, 'endPoint');
    if (tip) enforceRefRestriction(store, repo, name, request.user!, 'delete');
    // Deleting a missing branch is a no-op (204), as the resource documents.
    if (tip && b.dryRun !== true) store.deleteBranch(repo, name, request.user!);
    return noContent(reply);
  });

  route(app, 'GET', 'branch-utils', `${R}/branches/info/:commitId`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const commit = commitOr404(store, repo, (request.params as { commitId: string }).commitId);
    const names = Object.keys(repo.branches)
      .filter((n) => store.isAncestor(repo, commit.id, repo.branches[n]))
      .sort();
    return sendJson(reply, 200, paged(names, request.query as Record<string, unknown>, (n) => restBranch(store, repo, n, baseUrl(request))));
  });

  route(app, 'GET', 'branch-utils', `${R}/branchmodel`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const model = modelOr404(repo);
    const refOf = (setting: { refId: string | null; useDefault: boolean } | null) => {
      if (!setting) return undefined;
      const name = setting.useDefault || !setting.refId ? repo.defaultBranch : setting.refId.replace(/^refs\/heads\//, '');
      return repo.branches[name] ? restBranch(store, repo, name, baseUrl(request)) : undefined;
    };
    const out: Record<string, unknown> = {};
    const development = refOf(model.development);
    if (development) out.development = development;
    const production = refOf(model.production);
    if (production) out.production = production;
    out.types = model.types.filter((t) => t.enabled).map((t) => ({ id: t.id, displayName: t.displayName, prefix: t.prefix }));
    return sendJson(reply, 200, out);
  });

  route(app, 'GET', 'branch-utils', `${R}/branchmodel/configuration`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    return sendJson(reply, 200, modelOr404(repo));
  });

  route(app, 'PUT', 'branch-utils', `${R}/branchmodel/configuration`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams, 3);
    repo.branchModel = parseModel(repo, body(request));
    store.touch();
    return sendJson(reply, 200, repo.branchModel);
  });

  route(app, 'DELETE', 'branch-utils', `${R}/branchmodel/configuration`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams, 3);
    repo.branchModel = null;
    store.touch();
    return noContent(reply);
  });

}

function parseModel(repo: RepositoryRecord, b: Record<string, unknown>): BranchModelConfig {
  const check = new Validation();
  const setting = (value: unknown, context: string) => {
    if (value === null || value === undefined) return null;
    const v = value as { refId?: unknown; useDefault?: unknown };
    const useDefault = v.useDefault === true;
    const refId = typeof v.refId === 'string' && v.refId ? v.refId : null;
    if (!useDefault && !refId) check.add(context, `${context} must either use the default branch or name a ref.`);
    if (refId && !repo.branches[refId.replace(/^refs\/heads\//, '')]) check.add(context, `The ref ${refId} does not exist.`);
    return { refId: useDefault ? null : refId, useDefault };
  };
  const development = setting(b.development, 'development') ?? { refId: null, useDefault: true };
  const production = setting(b.production, 'production');
  const types: BranchModelConfig['types'] = [];
  for (const raw of Array.isArray(b.types) ? b.types : []) {
    const t = raw as { id?: unknown; displayName?: unknown; enabled?: unknown; prefix?: unknown };
    if (!CATEGORIES.includes(t.id as BranchCategory)) {
      check.add('types', `Unknown branch type ${String(t.id)}.`);
      continue;
    }
    const prefix = typeof t.prefix === 'string' ? t.prefix : '';
    if (t.enabled !== false && !prefix) check.add('types', `The prefix of ${String(t.id)} is required.`);
    const id = t.id as BranchCategory;
    types.push({ id, displayName: typeof t.displayName === 'string' ? t.displayName : id.charAt(0) + id.slice(1).toLowerCase(), enabled: t.enabled !== false, prefix });
  }
  check.throwIfAny();
  return { development, production, types };
}
