/** `/rest/access-tokens`: personal HTTP access tokens, plus the CSE registry's client-plugins call. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { AccessTokenRecord, ScopeRef, UserRecord } from '../store/types';
import { P, R, projectAccess, projectScope, repoOf, repositoryScope, sameScope } from './admin-common';
import { EXCEPTIONS, baseUrl, body, fail, noContent, paged, requireUser, route, sendJson, unauthorized, Validation } from './http';
import { restUser } from './serialize';

const TOKEN_PERMISSIONS = ['REPO_READ', 'REPO_WRITE', 'REPO_ADMIN', 'PROJECT_READ', 'PROJECT_WRITE', 'PROJECT_ADMIN'];

function restToken(token: AccessTokenRecord, user: UserRecord, base: string, withSecret: boolean): Record<string, unknown> {
  // The 9.2 spec types createdDate as an ISO date-time string; follow it.
  const out: Record<string, unknown> = { id: token.id, createdDate: new Date(token.createdDate).toISOString(), name: token.name, permissions: token.permissions, user: restUser(user, base) };
  if (token.expiryDate !== undefined) out.expiryDate = new Date(token.expiryDate).toISOString();
  if (withSecret) out.token = token.token;
  return out;
}

export function registerTokens(app: FastifyInstance, store: Store): void {
  const owner = (request: FastifyRequest) => {
    const caller = requireUser(request);
    // Tokens cannot manage tokens (Bitbucket refuses token-authenticated user-settings changes).
    if (request.tokenPermissions) unauthorized();
    const { userSlug } = request.params as { userSlug: string };
    const user = store.user(userSlug);
    if (!user) fail(404, `User ${userSlug} does not exist.`, EXCEPTIONS.noSuchUser);
    if (caller.slug !== user.slug && caller.globalPermission !== 'SYS_ADMIN' && caller.globalPermission !== 'ADMIN') unauthorized();
    return user;
  };
  const tokenOr404 = (user: UserRecord, id: string) => {
    const token = store.data.tokens.find((t) => t.id === id && t.userSlug === user.slug);
    if (!token) fail(404, `No access token with ID ${id} exists.`, EXCEPTIONS.noSuchEntity);
    return token;
  };
  const validate = (b: Record<string, unknown>, partial: boolean) => {
    const check = new Validation();
    if (!partial || b.name !== undefined) {
      if (typeof b.name !== 'string' || !b.name.trim()) check.add('name', 'A token name is required.');
      else if (b.name.length > 255) check.add('name', 'The token name must be 255 characters or less.');
    }
    if (!partial || b.permissions !== undefined) {
      if (!Array.isArray(b.permissions) || b.permissions.length === 0) check.add('permissions', 'At least one permission is required.');
      else for (const p of b.permissions) if (!TOKEN_PERMISSIONS.includes(p as string)) check.add('permissions', `'${String(p)}' is not a valid token permission.`);
    }
    if (b.expiryDays !== undefined && b.expiryDays !== null && (!Number.isInteger(b.expiryDays) || (b.expiryDays as number) <= 0)) check.add('expiryDays', 'The expiry must be a positive number of days.');
    check.throwIfAny();
  };

  route(app, 'GET', 'access-tokens', '/users/:userSlug', async (request, reply) => {
    const user = owner(request);
    const tokens = store.data.tokens.filter((t) => t.userSlug === user.slug);
    return sendJson(reply, 200, paged(tokens, request.query as Record<string, unknown>, (t) => restToken(t, user, baseUrl(request), false)));
  });

  route(app, 'PUT', 'access-tokens', '/users/:userSlug', async (request, reply) => {
    const user = owner(request);
    const b = body(request);
    validate(b, false);
    const token = store.createToken(user.slug, (b.name as string).trim(), [...new Set(b.permissions as string[])], b.expiryDays as number | undefined);
    return sendJson(reply, 200, restToken(token, user, baseUrl(request), true));
  });

  route(app, 'GET', 'access-tokens', '/users/:userSlug/:tokenId', async (request, reply) => {
    const user = owner(request);
    return sendJson(reply, 200, restToken(tokenOr404(user, (request.params as { tokenId: string }).tokenId), user, baseUrl(request), false));
  });

  route(app, 'POST', 'access-tokens', '/users/:userSlug/:tokenId', async (request, reply) => {
    const user = owner(request);
    const token = tokenOr404(user, (request.params as { tokenId: string }).tokenId);
    const b = body(request);
    validate(b, true);
    if (typeof b.name === 'string') token.name = b.name.trim();
    if (Array.isArray(b.permissions)) token.permissions = [...new Set(b.permissions as string[])];
    store.touch();
    return sendJson(reply, 200, restToken(token, user, baseUrl(request), false));
  });

  route(app, 'DELETE', 'access-tokens', '/users/:userSlug/:tokenId', async (request, reply) => {
    const user = owner(request);
    const token = tokenOr404(user, (request.params as { tokenId: string }).tokenId);
    store.data.tokens = store.data.tokens.filter((t) => t !== token);
    store.touch();
    return noContent(reply);
  });

  // ---------------------------------------------------------------- project and repository tokens

  /** Project and repository tokens are managed by the project/repository admin, never by a token. */
  const scopeOf = (request: FastifyRequest, repoLevel: boolean): ScopeRef => {
    requireUser(request);
    if (request.tokenPermissions) unauthorized();
    if (repoLevel) return repositoryScope(repoOf(store, request, 3).repo);
    return projectScope(projectAccess(store, request, 3));
  };
  const scopedTokenOr404 = (scope: ScopeRef, id: string) => {
    const token = store.data.tokens.find((t) => t.id === id && t.scope && sameScope(t.scope, scope));
    if (!token) fail(404, `No access token with ID ${id} exists.`, EXCEPTIONS.noSuchEntity);
    return token;
  };
  const scopedPermissionsValid = (b: Record<string, unknown>, repoLevel: boolean) => {
    // A repository token cannot carry project permissions.
    if (repoLevel && Array.isArray(b.permissions) && b.permissions.some((p) => String(p).startsWith('PROJECT_')))
      fail(400, 'A repository access token can only have repository permissions.', null, {}, 'permissions');
  };
  for (const [base, repoLevel] of [[R, true], [P, false]] as const) {
    const rest = (token: AccessTokenRecord, request: FastifyRequest, withSecret: boolean) => restToken(token, store.user(token.userSlug)!, baseUrl(request), withSecret);
    route(app, 'GET', 'access-tokens', base, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      const tokens = store.data.tokens.filter((t) => t.scope && sameScope(t.scope, scope));
      return sendJson(reply, 200, paged(tokens, request.query as Record<string, unknown>, (t) => rest(t, request, false)));
    });
    route(app, 'PUT', 'access-tokens', base, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      const b = body(request);
      validate(b, false);
      scopedPermissionsValid(b, repoLevel);
      const token = store.createScopedToken(scope, (b.name as string).trim(), [...new Set(b.permissions as string[])], b.expiryDays as number | undefined);
      return sendJson(reply, 200, rest(token, request, true));
    });
    route(app, 'GET', 'access-tokens', `${base}/:tokenId`, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      return sendJson(reply, 200, rest(scopedTokenOr404(scope, (request.params as { tokenId: string }).tokenId), request, false));
    });
    route(app, 'POST', 'access-tokens', `${base}/:tokenId`, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      const token = scopedTokenOr404(scope, (request.params as { tokenId: string }).tokenId);
      const b = body(request);
      validate(b, true);
      scopedPermissionsValid(b, repoLevel);
      if (typeof b.name === 'string') token.name = b.name.trim();
      if (Array.isArray(b.permissions)) token.permissions = [...new Set(b.permissions as string[])];
      store.touch();
      return sendJson(reply, 200, rest(token, request, false));
    });
    route(app, 'DELETE', 'access-tokens', `${base}/:tokenId`, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      store.deleteToken(scopedTokenOr404(scope, (request.params as { tokenId: string }).tokenId));
      return noContent(reply);
    });
  }

  // The CSE browser registry asks the server for web-items at each location; the plugin ships none.
  route(app, 'GET', 'client-plugins', '/client-plugins/items', async (_request, reply) => sendJson(reply, 200, { webItems: [] }));
}
