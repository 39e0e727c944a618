/** Shared by the repository/project administration routes: project access checks, scopes, ref matchers. */
import type { FastifyRequest } from 'fastify';
import { MATCHER_TYPE_NAMES } from '../store/reviewers';
import type { Store } from '../store/store';
import type { AccessLevel, ProjectRecord, RefMatcherRecord, RepositoryRecord, ScopeRef } from '../store/types';
import { EXCEPTIONS, fail, repoAccess, unauthorized, type RepoContext } from './http';
import type { Json } from './serialize';

export type RepoParams = { projectKey: string; repositorySlug: string };
export const R = '/projects/:projectKey/repos/:repositorySlug';
export const P = '/projects/:projectKey';

/** Resolves `{projectKey}` and checks the caller's project permission (401 anonymous / 404 missing / 401 too little). */
export function projectAccess(store: Store, request: FastifyRequest, needed: AccessLevel = 1): ProjectRecord {
  const { projectKey } = request.params as { projectKey: string };
  const project = store.project(projectKey);
  let level = project ? store.projectAccessLevel(request.user, project.key) : 0;
  if (request.tokenPermissions) level = Math.min(level, tokenProjectCap(request.tokenPermissions)) as AccessLevel;
  if (!request.user && level < needed) unauthorized();
  if (!project) fail(404, `Project ${projectKey} does not exist.`, EXCEPTIONS.noSuchProject);
  if (level < needed) unauthorized();
  return project;
}

function tokenProjectCap(permissions: string[]): AccessLevel {
  const levels: Record<string, AccessLevel> = { PROJECT_READ: 1, PROJECT_WRITE: 2, PROJECT_ADMIN: 3, REPO_READ: 1, REPO_WRITE: 1, REPO_ADMIN: 1 };
  return Math.max(0, ...permissions.map((p) => levels[p] ?? 0)) as AccessLevel;
}

export function repoOf(store: Store, request: FastifyRequest, needed: AccessLevel = 1): RepoContext {
  return repoAccess(store, request, request.params as RepoParams, needed);
}

export function projectScope(project: ProjectRecord): ScopeRef {
  return { type: 'PROJECT', projectKey: project.key };
}

export function repositoryScope(repo: RepositoryRecord): ScopeRef {
  return { type: 'REPOSITORY', projectKey: repo.projectKey, repositoryId: repo.id };
}

export function sameScope(a: ScopeRef, b: ScopeRef): boolean {
  return a.type === b.type && a.projectKey === b.projectKey && (a.type === 'PROJECT' || a.repositoryId === b.repositoryId);
}

/** `{type, resourceId}` as Bitbucket renders scopes. */
export function restScope(store: Store, scope: ScopeRef): Json {
  const resourceId = scope.type === 'PROJECT' ? store.project(scope.projectKey)?.id : scope.repositoryId;
  return { type: scope.type, resourceId };
}

/** A numeric path id; a non-number is a missing entity, as Bitbucket answers. */
export function numericId(value: string, what: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 0) fail(404, `${what} ${value} does not exist.`, EXCEPTIONS.noSuchEntity);
  return id;
}


export function restMatcher(matcher: RefMatcherRecord): Json {
  return { id: matcher.id, displayId: matcher.displayId, type: { id: matcher.type, name: MATCHER_TYPE_NAMES[matcher.type] }, active: true };
}

/** Reads a ref matcher from a request body (`{id, type:{id}}` or `{id, type:"BRANCH"}`); null when absent or invalid. */
export function parseMatcher(value: unknown): RefMatcherRecord | null {
  if (!value || typeof value !== 'object') return null;
  const m = value as Record<string, unknown>;
  const typeId = typeof m.type === 'string' ? m.type : typeof m.type === 'object' && m.type ? (m.type as Record<string, unknown>).id : undefined;
  if (typeof typeId !== 'string' || !(typeId in MATCHER_TYPE_NAMES)) return null;
  const id = typeId === 'ANY_REF' ? 'ANY_REF_MATCHER_ID' : typeof m.id === 'string' && m.id.trim() ? m.id.trim() : null;
  if (id === null) return null;
  const displayId = typeof m.displayId === 'string' && m.displayId ? m.displayId : id.replace(/^refs\/(heads|tags)\//, '');
  return { type: typeId as RefMatcherRecord['type'], id, displayId };
}
