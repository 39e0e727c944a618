/**
 * `/rest/default-reviewers`: default-reviewer conditions per project and per repository, and the reviewers
 * a new pull request gets. Matching and the merge check live in emulator/store/reviewers.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ANY_REF_MATCHER_ID, MATCHER_TYPE_NAMES, MODEL_BRANCHES, MODEL_CATEGORIES, conditionsOf, defaultReviewerSlugs } from '../store/reviewers';
import type { Store } from '../store/store';
import type { DefaultReviewerConditionRecord, ProjectRecord, RefMatcherRecord, RefMatcherType, RepositoryRecord } from '../store/types';
import { EXCEPTIONS, baseUrl, body, fail, noContent, repoAccess, route, sendJson, unauthorized, Validation } from './http';
import { restUser, type Json } from './serialize';

type RepoParams = { projectKey: string; repositorySlug: string };
const MODULE = 'default-reviewers';

function restMatcher(repo: RepositoryRecord | undefined, matcher: RefMatcherRecord): Json {
  let displayId = matcher.id;
  if (matcher.type === 'BRANCH') displayId = matcher.id.replace(/^refs\/heads\//, '');
  if (matcher.type === 'MODEL_BRANCH') displayId = matcher.id.charAt(0).toUpperCase() + matcher.id.slice(1);
  if (matcher.type === 'MODEL_CATEGORY') displayId = repo?.branchModel?.types.find((t) => t.id === matcher.id)?.displayName ?? matcher.id.charAt(0) + matcher.id.slice(1).toLowerCase();
  return { active: true, id: matcher.id, displayId, type: { id: matcher.type, name: MATCHER_TYPE_NAMES[matcher.type] } };
}

export function restCondition(store: Store, condition: DefaultReviewerConditionRecord, base: string): Json {
  const repo = condition.scope.type === 'REPOSITORY' ? store.repositoryById(condition.scope.repositoryId) : undefined;
  const resourceId = condition.scope.type === 'REPOSITORY' ? condition.scope.repositoryId : store.project(condition.scope.projectKey)?.id;
  return {
    id: condition.id,
    scope: { type: condition.scope.type, resourceId },
    sourceRefMatcher: restMatcher(repo, condition.sourceMatcher),
    targetRefMatcher: restMatcher(repo, condition.targetMatcher),
    reviewers: condition.reviewerSlugs.map((slug) => store.user(slug)).filter((u) => u !== undefined).map((u) => restUser(u, base)),
    requiredApprovals: condition.requiredApprovals,
  };
}

/** Reads `sourceMatcher`/`targetMatcher` (`…RefMatcher` accepted too, as GET answers them), `reviewers`, `requiredApprovals`. */
function parseCondition(store: Store, b: Record<string, unknown>, existing?: DefaultReviewerConditionRecord): Omit<DefaultReviewerConditionRecord, 'id' | 'scope'> {
  const check = new Validation();
  const matcher = (raw: unknown, context: string, current?: RefMatcherRecord): RefMatcherRecord | undefined => {
    if (raw === undefined && current) return current;
    const m = raw as { id?: unknown; type?: { id?: unknown } | unknown } | undefined;
    const type = (typeof m?.type === 'object' && m?.type !== null ? (m.type as { id?: unknown }).id : m?.type) as RefMatcherType | undefined;
    if (!m || typeof m !== 'object' || !type || !(type in MATCHER_TYPE_NAMES)) {
      check.add(context, `A ${context} with a type (${Object.keys(MATCHER_TYPE_NAMES).join(', ')}) is required.`);
      return undefined;
    }
    let id = typeof m.id === 'string' ? m.id.trim() : '';
    if (type === 'ANY_REF') id = ANY_REF_MATCHER_ID;
    else if (!id) check.add(context, `The ${context} needs an id.`);
    else if (type === 'BRANCH' && !id.startsWith('refs/')) id = `refs/heads/${id}`;
    else if (type === 'MODEL_CATEGORY' && !MODEL_CATEGORIES.includes(id as never)) check.add(context, `${id} is not a branching model category (${MODEL_CATEGORIES.join(', ')}).`);
    else if (type === 'MODEL_BRANCH' && !MODEL_BRANCHES.includes(id as never)) check.add(context, `${id} is not a branching model branch (${MODEL_BRANCHES.join(', ')}).`);
    return { type, id };
  };
  const sourceMatcher = matcher(b.sourceMatcher ?? b.sourceRefMatcher, 'sourceMatcher', existing?.sourceMatcher);
  const targetMatcher = matcher(b.targetMatcher ?? b.targetRefMatcher, 'targetMatcher', existing?.targetMatcher);
  let reviewerSlugs = existing?.reviewerSlugs ?? [];
  if (b.reviewers !== undefined || !existing) {
    reviewerSlugs = [];
    // Users are found by their numeric id only; a name, slug or e-mail alone does not work (BSERV-12774).
    for (const raw of Array.isArray(b.reviewers) ? b.reviewers : []) {
      const r = raw as { id?: unknown; name?: unknown };
      const id = Number(r?.id);
      const user = Number.isInteger(id) ? store.data.users.find((u) => u.id === id) : undefined;
      if (!user || !user.active) check.add('reviewers', r?.id === undefined ? `The reviewer ${String(r?.name ?? '')} has no id.` : `No user with id ${String(r.id)} exists.`);
      else if (!reviewerSlugs.includes(user.slug)) reviewerSlugs.push(user.slug);
    }
    if (reviewerSlugs.length === 0 && check.errors.every((e) => e.context !== 'reviewers')) check.add('reviewers', 'At least one reviewer is required.');
  }
  let requiredApprovals = existing?.requiredApprovals ?? 0;
  if (b.requiredApprovals !== undefined) {
    requiredApprovals = Number(b.requiredApprovals);
    if (!Number.isInteger(requiredApprovals) || requiredApprovals < 0) check.add('requiredApprovals', 'The number of required approvals must be a non-negative whole number.');
  }
  if (requiredApprovals > reviewerSlugs.length && reviewerSlugs.length > 0)
    check.add('requiredApprovals', `The number of required approvals (${requiredApprovals}) cannot exceed the number of reviewers (${reviewerSlugs.length}).`);
  check.throwIfAny();
  return { sourceMatcher: sourceMatcher!, targetMatcher: targetMatcher!, reviewerSlugs, requiredApprovals };
}

function conditionOr404(store: Store, id: string, scope: DefaultReviewerConditionRecord['scope']): DefaultReviewerConditionRecord {
  const condition = /^\d+$/.test(id)
    ? store.data.defaultReviewers.find(
        (c) =>
          c.id === Number(id) &&
          c.scope.type === scope.type &&
          (c.scope.type === 'PROJECT' ? c.scope.projectKey === (scope as { projectKey: string }).projectKey : c.scope.repositoryId === (scope as { repositoryId: number }).repositoryId),
      )
    : undefined;
  if (!condition) fail(404, `No default reviewer condition with id ${id} exists.`, EXCEPTIONS.noSuchEntity);
  return condition;
}

/** Project access as the other project resources check it: 401 anonymous/too little, 404 missing. */
function projectAccess(store: Store, request: FastifyRequest, projectKey: string, needed: 1 | 3): ProjectRecord {
  const level = store.projectAccessLevel(request.user, projectKey);
  if (!request.user && level < needed) unauthorized();
  const project = store.project(projectKey);
  if (!project) fail(404, `Project ${projectKey} does not exist.`, EXCEPTIONS.noSuchProject);
  if (level < needed) unauthorized();
  return project;
}

export function registerDefaultReviewers(app: FastifyInstance, store: Store): void {
  const P = '/projects/:projectKey';
  const R = `${P}/repos/:repositorySlug`;

  const scopes = {
    project: (request: FastifyRequest, needed: 1 | 3) => {
      const project = projectAccess(store, request, (request.params as RepoParams).projectKey, needed);
      return { scope: { type: 'PROJECT' as const, projectKey: project.key }, list: () => store.data.defaultReviewers.filter((c) => c.scope.type === 'PROJECT' && c.scope.projectKey === project.key) };
    },
    repository: (request: FastifyRequest, needed: 1 | 3) => {
      const { repo } = repoAccess(store, request, request.params as RepoParams, needed);
      // A repository's list includes the conditions it inherits from its project (scope PROJECT).
      return { scope: { type: 'REPOSITORY' as const, repositoryId: repo.id }, list: () => conditionsOf(store, repo) };
    },
  };

  for (const [prefix, resolve] of [
    [P, scopes.project],
    [R, scopes.repository],
  ] as const) {
    // Listing needs read access here; whether real servers ask for admin to list is not documented.
    route(app, 'GET', MODULE, `${prefix}/conditions`, async (request, reply) => {
      const { list } = resolve(request, 1);
      return sendJson(reply, 200, list().map((c) => restCondition(store, c, baseUrl(request))));
    });
    route(app, 'POST', MODULE, `${prefix}/condition`, async (request, reply) => {
      const { scope } = resolve(request, 3);
      const fields = parseCondition(store, body(request));
      const condition: DefaultReviewerConditionRecord = { id: ++store.data.counters.reviewerCondition, scope, ...fields };
      store.data.defaultReviewers.push(condition);
      store.touch();
      return sendJson(reply, 200, restCondition(store, condition, baseUrl(request)));
    });
    route(app, 'PUT', MODULE, `${prefix}/condition/:id`, async (request, reply) => {
      const { scope } = resolve(request, 3);
      const condition = conditionOr404(store, (request.params as { id: string }).id, scope);
      Object.assign(condition, parseCondition(store, body(request), condition));
      store.touch();
      return sendJson(reply, 200, restCondition(store, condition, baseUrl(request)));
    });
    route(app, 'DELETE', MODULE, `${prefix}/condition/:id`, async (request, reply) => {
      const { scope } = resolve(request, 3);
      const condition = conditionOr404(store, (request.params as { id: string }).id, scope);
      store.data.defaultReviewers = store.data.defaultReviewers.filter((c) => c !== condition);
      store.touch();
      return noContent(reply);
    });
  }

  // The reviewers a pull request from sourceRefId to targetRefId would get: users, as real servers answer
  // (the 9.2 document names RestPullRequestCondition items; a user is valid against that schema too).
  route(app, 'GET', MODULE, `${R}/reviewers`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const query = request.query as Record<string, string>;
    const check = new Validation();
    for (const name of ['sourceRepoId', 'targetRepoId', 'sourceRefId', 'targetRefId']) if (!query[name]) check.add(name, `${name} is required.`);
    check.throwIfAny();
    for (const name of ['sourceRepoId', 'targetRepoId'] as const)
      if (query[name] !== String(repo.id)) fail(400, `${name} ${query[name]} is not the id of ${repo.projectKey}/${repo.slug} (${repo.id}); this server has no forks.`, null, {}, name);
    const branch = (refId: string) => refId.replace(/^refs\/heads\//, '');
    const slugs = defaultReviewerSlugs(store, repo, branch(query.sourceRefId), branch(query.targetRefId));
    return sendJson(reply, 200, slugs.map((slug) => restUser(store.user(slug)!, baseUrl(request))));
  });
}
