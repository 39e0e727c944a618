/** Bitbucket's REST conventions: error envelope, paging, headers, `latest`/`1.0` aliases, permission checks. */
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { Store } from '../store/store';
import type { AccessLevel, ProjectRecord, RepositoryRecord, UserRecord } from '../store/types';

export const CONTEXT_PATH = '/bitbucket';
export const JSON_TYPE = 'application/json;charset=UTF-8';
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 1000;

export const EXCEPTIONS = {
  authorisation: 'com.atlassian.bitbucket.AuthorisationException',
  noSuchProject: 'com.atlassian.bitbucket.project.NoSuchProjectException',
  noSuchRepository: 'com.atlassian.bitbucket.repository.NoSuchRepositoryException',
  noSuchCommit: 'com.atlassian.bitbucket.commit.NoSuchCommitException',
  noSuchPullRequest: 'com.atlassian.bitbucket.pull.NoSuchPullRequestException',
  noSuchComment: 'com.atlassian.bitbucket.comment.NoSuchCommentException',
  noSuchUser: 'com.atlassian.bitbucket.user.NoSuchUserException',
  noSuchPath: 'com.atlassian.bitbucket.content.NoSuchPathException',
  noSuchBranch: 'com.atlassian.bitbucket.repository.NoSuchBranchException',
  noSuchEntity: 'com.atlassian.bitbucket.NoSuchEntityException',
  pullRequestOutOfDate: 'com.atlassian.bitbucket.pull.PullRequestOutOfDateException',
  commentOutOfDate: 'com.atlassian.bitbucket.comment.CommentOutOfDateException',
  mergeVetoed: 'com.atlassian.bitbucket.pull.PullRequestMergeVetoedException',
  illegalPullRequestState: 'com.atlassian.bitbucket.pull.IllegalPullRequestStateException',
  duplicatePullRequest: 'com.atlassian.bitbucket.pull.DuplicatePullRequestException',
  emptyPullRequest: 'com.atlassian.bitbucket.pull.EmptyPullRequestException',
  invalidRefName: 'com.atlassian.bitbucket.repository.InvalidRefNameException',
  duplicateRef: 'com.atlassian.bitbucket.repository.DuplicateRefException',
  validation: 'com.atlassian.bitbucket.validation.ArgumentValidationException',
  badRequest: 'com.atlassian.bitbucket.BadRequestException',
  fileContentUnmodified: 'com.atlassian.bitbucket.content.FileContentUnmodifiedException',
  fileEditConflict: 'com.atlassian.bitbucket.scm.FileAlreadyExistsException',
  xsrf: 'com.atlassian.plugins.rest.common.security.XsrfCheckFailedException',
  commentDeletion: 'com.atlassian.bitbucket.comment.CommentDeletionException',
  notFound: 'com.sun.jersey.api.NotFoundException',
  server: 'com.atlassian.bitbucket.ServiceException',
} as const;

export interface ErrorMessage {
  context: string | null;
  message: string;
  exceptionName: string | null;
  [extra: string]: unknown;
}

/** Thrown by handlers; the error handler renders Bitbucket's `{errors:[…]}` envelope. */
export class BitbucketError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ErrorMessage[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors[0]?.message ?? `HTTP ${status}`);
  }
}

export function fail(status: number, message: string, exceptionName: string | null, extra: Record<string, unknown> = {}, context: string | null = null): never {
  throw new BitbucketError(status, [{ context, message, exceptionName, ...extra }]);
}

export const NOT_PERMITTED = 'You are not permitted to access this resource';

export function unauthorized(message = NOT_PERMITTED): never {
  fail(401, message, EXCEPTIONS.authorisation);
}

/** Field validation errors (400) — Bitbucket lists one entry per field with `context`. */
export class Validation {
  readonly errors: ErrorMessage[] = [];
  add(context: string | null, message: string): void {
    this.errors.push({ context, message, exceptionName: null });
  }
  throwIfAny(): void {
    if (this.errors.length) throw new BitbucketError(400, this.errors);
  }
}

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', JSON_TYPE).send(JSON.stringify(body));
}

export function noContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send();
}

export interface PageOut<T> {
  size: number;
  limit: number;
  isLastPage: boolean;
  start: number;
  values: T[];
  nextPageStart?: number;
  [extra: string]: unknown;
}

export function pageParams(query: Record<string, unknown>, defaultLimit = DEFAULT_LIMIT, maxLimit = MAX_LIMIT): { start: number; limit: number } {
  const start = Math.max(0, Number.parseInt(String(query.start ?? '0'), 10) || 0);
  const requested = Number.parseInt(String(query.limit ?? ''), 10);
  const limit = Math.min(maxLimit, requested > 0 ? requested : defaultLimit);
  return { start, limit };
}

/** Slices `items` into Bitbucket's page envelope; `nextPageStart` only when there is a next page. */
export function paged<T, R>(items: T[], query: Record<string, unknown>, map: (item: T) => R, extra: Record<string, unknown> = {}, maxLimit = MAX_LIMIT): PageOut<R> {
  const { start, limit } = pageParams(query, DEFAULT_LIMIT, maxLimit);
  const slice = items.slice(start, start + limit);
  const isLastPage = start + slice.length >= items.length;
  const page: PageOut<R> = { size: slice.length, limit, isLastPage, start, values: slice.map(map), ...extra };
  if (!isLastPage) page.nextPageStart = start + slice.length;
  return page;
}

/** Everything handlers need about the caller. */
export interface Caller {
  user: UserRecord | null;
  tokenPermissions?: string[];
}

export function caller(request: FastifyRequest): Caller {
  return { user: request.user, tokenPermissions: request.tokenPermissions ?? undefined };
}

export function requireUser(request: FastifyRequest): UserRecord {
  if (!request.user) unauthorized();
  return request.user;
}

export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${CONTEXT_PATH}`;
}

export interface RepoContext {
  repo: RepositoryRecord;
  project: ProjectRecord;
  level: AccessLevel;
}

/**
 * Resolves `{projectKey}/{repositorySlug}` and checks access. Anonymous callers get 401 before any
 * existence is revealed; signed-in callers get 404 for missing things and 401 for too little permission (the spec's rule).
 */
export function repoAccess(store: Store, request: FastifyRequest, params: { projectKey: string; repositorySlug: string }, needed: AccessLevel = 1): RepoContext {
  const project = store.project(params.projectKey);
  const repo = project ? store.repository(params.projectKey, params.repositorySlug) : undefined;
  const level = repo ? store.accessLevel(request.user, repo, request.tokenPermissions ?? undefined) : 0;
  if (!request.user && level < needed) unauthorized();
  if (!project) fail(404, `Project ${params.projectKey} does not exist.`, EXCEPTIONS.noSuchProject);
  if (!repo) fail(404, `Repository ${project.key}/${params.repositorySlug} does not exist.`, EXCEPTIONS.noSuchRepository);
  if (level < needed) unauthorized();
  return { repo, project, level };
}

export type Handler = (request: FastifyRequest, reply: FastifyReply) => unknown;

/** Registers `/bitbucket/rest/<module>/latest<path>`; `1.0` reaches it through `aliasVersion()`. */
export function route(app: FastifyInstance, method: HTTPMethods, module: string, path: string, handler: Handler): void {
  app.route({ method, url: `${CONTEXT_PATH}/rest/${module}/latest${path}`, handler: handler as never });
}

const VERSION_ALIAS = new RegExp(`^(${CONTEXT_PATH}/rest/[^/?]+)/1\\.0(?=/|\\?|$)`);

/** fastify `rewriteUrl`: `/rest/<module>/1.0/…` is the same resource as `/rest/<module>/latest/…`. */
export function aliasVersion(url: string): string {
  return url.replace(VERSION_ALIAS, '$1/latest');
}

/** Query values that may repeat (`?key=a&key=b`) as an array. */
export function many(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String).filter((v) => v !== '');
}

export function bool(value: unknown): boolean {
  return value === true || value === 'true';
}

export function isFullCommitId(id: string): boolean {
  return /^[0-9a-f]{40}$/.test(id);
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Reads a JSON object body; a missing body is `{}`. */
export function body(request: FastifyRequest): Record<string, unknown> {
  const b = request.body;
  if (b === undefined || b === null || b === '') return {};
  if (typeof b !== 'object' || Array.isArray(b)) fail(400, 'The request body must be a JSON object.', null);
  return b as Record<string, unknown>;
}

export function wildcard(request: FastifyRequest): string {
  const raw = (request.params as Record<string, string>)['*'] ?? '';
  return raw.replace(/^\/+|\/+$/g, '');
}
