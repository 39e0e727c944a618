/**
 * Branch restrictions (`/rest/branch-permissions`, Bitbucket's ref restrictions) per project and repository,
 * and required builds (`/rest/required-builds`), over the store. `refRestrictionVeto` is what branch writes consult.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { RefRestrictionRecord, RepositoryRecord, RequiredBuildRecord, ScopeRef, UserRecord } from '../store/types';
import { refMatches } from '../store/reviewers';
import { P, R, numericId, parseMatcher, projectAccess, projectScope, repoOf, repositoryScope, restMatcher, restScope, sameScope } from './admin-common';
import { EXCEPTIONS, BitbucketError, baseUrl, fail, noContent, paged, route, sendJson, Validation } from './http';
import { restUser, type Json } from './serialize';

const RESTRICTION_TYPES: RefRestrictionRecord['type'][] = ['read-only', 'no-deletes', 'fast-forward-only', 'pull-request-only', 'no-creates'];

/**
 * The restriction that forbids `user` to perform `action` on `branch`, if any (project restrictions apply to
 * every repository of the project). Global admins are not exempt, as in Bitbucket; listed users/groups are.
 */
export function refRestrictionVeto(store: Store, repo: RepositoryRecord, branch: string, user: UserRecord, action: 'delete' | 'create' | 'push'): RefRestrictionRecord | undefined {
  const blocking: Record<typeof action, RefRestrictionRecord['type'][]> = { delete: ['no-deletes', 'read-only'], create: ['no-creates', 'read-only'], push: ['read-only', 'pull-request-only'] };
  const groups = store.groupsOf(user);
  return store.admin.refRestrictions.find(
    (r) =>
      blocking[action].includes(r.type) &&
      (sameScope(r.scope, repositoryScope(repo)) || sameScope(r.scope, { type: 'PROJECT', projectKey: repo.projectKey })) &&
      refMatches(repo, r.matcher, branch) &&
      !r.users.includes(user.slug) &&
      !r.groups.some((g) => groups.includes(g)),
  );
}

export function registerRestrictions(app: FastifyInstance, store: Store): void {
  // Bulk restriction requests use Bitbucket's own JSON media type.
  app.addContentTypeParser('application/vnd.atl.bitbucket.bulk+json', { parseAs: 'string' }, (_request, raw, done) => {
    try {
      done(null, String(raw).trim() ? JSON.parse(String(raw)) : undefined);
    } catch (error) {
      done(new BitbucketError(400, [{ context: null, message: `The request body is not valid JSON: ${(error as Error).message}`, exceptionName: 'com.fasterxml.jackson.core.JsonParseException' }]), undefined);
    }
  });

  const restRestriction = (r: RefRestrictionRecord, request: FastifyRequest): Json => ({
    id: r.id,
    scope: restScope(store, r.scope),
    type: r.type,
    matcher: restMatcher(r.matcher),
    users: r.users.map((slug) => store.user(slug)).filter((u): u is UserRecord => !!u).map((u) => restUser(u, baseUrl(request))),
    groups: r.groups,
    accessKeys: [],
  });

  const scopeOf = (request: FastifyRequest, repoLevel: boolean): ScopeRef =>
    repoLevel ? repositoryScope(repoOf(store, request, 3).repo) : projectScope(projectAccess(store, request, 3));

  const parseRestriction = (input: unknown, scope: ScopeRef): RefRestrictionRecord => {
    const b = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
    const check = new Validation();
    if (!RESTRICTION_TYPES.includes(b.type as RefRestrictionRecord['type'])) check.add('type', `type must be one of ${RESTRICTION_TYPES.join(', ')}.`);
    const matcher = parseMatcher(b.matcher);
    if (!matcher) check.add('matcher', 'A matcher with an id and a type (ANY_REF, BRANCH, PATTERN, MODEL_CATEGORY, MODEL_BRANCH) is required.');
    const names = [...(Array.isArray(b.userSlugs) ? b.userSlugs : []), ...(Array.isArray(b.users) ? b.users.map((u) => (typeof u === 'string' ? u : (u as Record<string, unknown>)?.slug ?? (u as Record<string, unknown>)?.name)) : [])];
    const users = names.map((n) => store.userByName(String(n))?.slug ?? (check.add('users', `User ${String(n)} does not exist.`), ''));
    const groups = [...(Array.isArray(b.groupNames) ? b.groupNames : []), ...(Array.isArray(b.groups) ? b.groups : [])].map(String);
    for (const g of groups) if (!store.admin.groups.some((x) => x.name === g)) check.add('groups', `Group ${g} does not exist.`);
    check.throwIfAny();
    return { id: ++store.admin.counters.restriction, scope, type: b.type as RefRestrictionRecord['type'], matcher: matcher!, users: [...new Set(users)], groups: [...new Set(groups)] };
  };

  for (const [base, repoLevel] of [[R, true], [P, false]] as const) {
    const restrictionOr404 = (request: FastifyRequest, scope: ScopeRef) => {
      const id = numericId((request.params as { id: string }).id, 'Restriction');
      const found = store.admin.refRestrictions.find((r) => r.id === id && sameScope(r.scope, scope));
      if (!found) fail(404, `Restriction ${id} does not exist.`, EXCEPTIONS.noSuchEntity);
      return found;
    };
    route(app, 'GET', 'branch-permissions', `${base}/restrictions`, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      const query = request.query as Record<string, string>;
      const found = store.admin.refRestrictions.filter(
        (r) => sameScope(r.scope, scope) && (!query.type || r.type === query.type) && (!query.matcherType || r.matcher.type === query.matcherType) && (!query.matcherId || r.matcher.id === query.matcherId),
      );
      return sendJson(reply, 200, paged(found, query, (r) => restRestriction(r, request)));
    });
    route(app, 'GET', 'branch-permissions', `${base}/restrictions/:id`, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      return sendJson(reply, 200, restRestriction(restrictionOr404(request, scope), request));
    });
    route(app, 'POST', 'branch-permissions', `${base}/restrictions`, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      const input = request.body;
      const created = (Array.isArray(input) ? input : [input]).map((item) => parseRestriction(item, scope));
      store.admin.refRestrictions.push(...created);
      store.touch();
      const out = created.map((r) => restRestriction(r, request));
      return sendJson(reply, 200, Array.isArray(input) ? out : out[0]);
    });
    route(app, 'DELETE', 'branch-permissions', `${base}/restrictions/:id`, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      const found = restrictionOr404(request, scope);
      store.admin.refRestrictions = store.admin.refRestrictions.filter((r) => r !== found);
      store.touch();
      return noContent(reply);
    });
  }

  // ---------------------------------------------------------------- required builds

  const restCondition = (c: RequiredBuildRecord): Json => {
    const out: Json = { id: c.id, buildParentKeys: c.buildParentKeys, refMatcher: restMatcher(c.refMatcher) };
    if (c.exemptRefMatcher) out.exemptRefMatcher = restMatcher(c.exemptRefMatcher);
    return out;
  };
  const parseCondition = (b: Record<string, unknown>, partial: boolean) => {
    const check = new Validation();
    const keys = Array.isArray(b.buildParentKeys) ? b.buildParentKeys.map(String).filter(Boolean) : undefined;
    if ((!partial || b.buildParentKeys !== undefined) && (!keys || keys.length === 0)) check.add('buildParentKeys', 'At least one build key is required.');
    const refMatcher = b.refMatcher === undefined ? undefined : parseMatcher(b.refMatcher);
    if ((!partial || b.refMatcher !== undefined) && !refMatcher) check.add('refMatcher', 'A ref matcher is required.');
    const exempt = b.exemptRefMatcher === undefined || b.exemptRefMatcher === null ? undefined : parseMatcher(b.exemptRefMatcher);
    if (b.exemptRefMatcher && !exempt) check.add('exemptRefMatcher', 'The exempt ref matcher is invalid.');
    check.throwIfAny();
    return { keys, refMatcher: refMatcher ?? undefined, exempt };
  };
  const conditionOr404 = (repo: RepositoryRecord, request: FastifyRequest) => {
    const id = numericId((request.params as { id: string }).id, 'Required build condition');
    const found = store.admin.requiredBuilds.find((c) => c.id === id && c.repositoryId === repo.id);
    if (!found) fail(404, `Required build condition ${id} does not exist.`, EXCEPTIONS.noSuchEntity);
    return found;
  };
  route(app, 'GET', 'required-builds', `${R}/conditions`, async (request, reply) => {
    const { repo } = repoOf(store, request, 1);
    return sendJson(reply, 200, paged(store.admin.requiredBuilds.filter((c) => c.repositoryId === repo.id), request.query as Record<string, unknown>, restCondition));
  });
  route(app, 'POST', 'required-builds', `${R}/condition`, async (request, reply) => {
    const { repo } = repoOf(store, request, 3);
    const parsed = parseCondition((request.body ?? {}) as Record<string, unknown>, false);
    const condition: RequiredBuildRecord = { id: ++store.admin.counters.requiredBuild, repositoryId: repo.id, buildParentKeys: [...new Set(parsed.keys!)], refMatcher: parsed.refMatcher! };
    if (parsed.exempt) condition.exemptRefMatcher = parsed.exempt;
    store.admin.requiredBuilds.push(condition);
    store.touch();
    return sendJson(reply, 200, restCondition(condition));
  });
  route(app, 'PUT', 'required-builds', `${R}/condition/:id`, async (request, reply) => {
    const { repo } = repoOf(store, request, 3);
    const condition = conditionOr404(repo, request);
    const parsed = parseCondition((request.body ?? {}) as Record<string, unknown>, true);
    if (parsed.keys) condition.buildParentKeys = [...new Set(parsed.keys)];
    if (parsed.refMatcher) condition.refMatcher = parsed.refMatcher;
    if (parsed.exempt) condition.exemptRefMatcher = parsed.exempt;
    store.touch();
    return sendJson(reply, 200, restCondition(condition));
  });
  route(app, 'DELETE', 'required-builds', `${R}/condition/:id`, async (request, reply) => {
    const { repo } = repoOf(store, request, 3);
    const condition = conditionOr404(repo, request);
    store.admin.requiredBuilds = store.admin.requiredBuilds.filter((c) => c !== condition);
    store.touch();
    return noContent(reply);
  });
}

const RESTRICTION_WORDING: Record<RefRestrictionRecord['type'], string> = {
  'read-only': 'prevents all changes to',
  'no-deletes': 'prevents deletion of',
  'fast-forward-only': 'prevents rewriting history of',
  'pull-request-only': 'allows changes only through pull requests to',
  'no-creates': 'prevents creating',
};

/** Refuses (401, as the branch resources document for insufficient permission) a write a branch restriction forbids. */
export function enforceRefRestriction(store: Store, repo: RepositoryRecord, branch: string, user: UserRecord, action: 'delete' | 'create' | 'push'): void {
  const veto = refRestrictionVeto(store, repo, branch, user, action);
  if (veto)
    fail(401, `A branch restriction on '${veto.matcher.displayId ?? veto.matcher.id}' ${RESTRICTION_WORDING[veto.type]} '${branch}' in ${repo.projectKey}/${repo.slug}.`, 'com.atlassian.bitbucket.repository.ref.restriction.RefRestrictionVetoedException');
}
