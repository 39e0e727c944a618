/**
 * Wire bodies shaped like real Bitbucket DC answers (rest-contracts.md §1–§6): absent optionals are left
 * out, links are arrays. One builder per shape, shared by every panel's tests; each test file picks the
 * values it asserts on (slugs, ids, commits) through the parameters.
 */
import { RestError } from '../../frontend/rest/errors';
import type { RestErrorKind } from '../../frontend/rest/errors';
import type { InsightAnnotation, InsightReport, Page, Participant, Project, PullRequest, RepoRef, Repository, User } from '../../frontend/rest/types';

export const BASE_URL = 'http://localhost:7990/bitbucket';
/** The repository every PR-panel test lives in. */
export const REPO: RepoRef = { projectKey: 'SOUR', repositorySlug: 'vegeta' };

export function user(slug: string, displayName = slug, patch: Partial<User> = {}): User {
  return { id: slug.length, name: slug, slug, displayName, emailAddress: `${slug}@example.com`, active: true, type: 'NORMAL', links: { self: [{ href: `${BASE_URL}/users/${slug}` }] }, ...patch };
}

export function participant(slug: string, status: Participant['status'], role: Participant['role'] = 'REVIEWER', displayName = slug): Participant {
  return { user: user(slug, displayName), role, approved: status === 'APPROVED', status };
}

export function project(key = REPO.projectKey, patch: Partial<Project> = {}): Project {
  return { key, id: 1, name: key, public: false, type: 'NORMAL', links: { self: [{ href: `${BASE_URL}/projects/${key}` }] }, ...patch };
}

export function repository(slug = REPO.repositorySlug, key = REPO.projectKey, patch: Partial<Repository> = {}): Repository {
  return {
    slug,
    id: 11,
    name: slug,
    hierarchyId: 'e3c939f9ef4a7fae272e',
    scmId: 'git',
    state: 'AVAILABLE',
    statusMessage: 'Available',
    forkable: true,
    public: false,
    project: project(key),
    links: { self: [{ href: `${BASE_URL}/projects/${key}/repos/${slug}/browse` }] },
    ...patch,
  };
}

export interface PullRequestShape {
  /** Source branch name (without refs/heads/). */
  source?: string;
  target?: string;
  head?: string;
  targetHead?: string;
  repository?: Repository;
}

/** PR 7 of SOUR/vegeta, open, from `source` at `head` into `target`. `patch` wins over everything. */
export function pullRequest(shape: PullRequestShape = {}, patch: Partial<PullRequest> = {}): PullRequest {
  const repo = shape.repository ?? repository();
  const source = shape.source ?? 'feature/x';
  const target = shape.target ?? 'master';
  const closed = patch.state === 'MERGED' || patch.state === 'DECLINED';
  return {
    id: 7,
    version: 3,
    title: 'Add insights',
    state: 'OPEN',
    open: !closed,
    closed,
    createdDate: 1_700_000_000_000,
    updatedDate: 1_700_000_100_000,
    fromRef: { id: `refs/heads/${source}`, displayId: source, latestCommit: shape.head ?? 'a'.repeat(40), type: 'BRANCH', repository: repo },
    toRef: { id: `refs/heads/${target}`, displayId: target, latestCommit: shape.targetHead ?? 'b'.repeat(40), type: 'BRANCH', repository: repo },
    locked: false,
    author: participant('alice', 'UNAPPROVED', 'AUTHOR', 'Alice'),
    reviewers: [],
    participants: [],
    links: { self: [{ href: `${BASE_URL}/projects/${repo.project?.key}/repos/${repo.slug}/pull-requests/7` }] },
    ...patch,
  };
}

/** The PR-page extension context (host-anatomy.md §1.6) of a pull request. */
export function prContext(pr: PullRequest): { pullRequest: PullRequest; repository: Repository; project: Project } {
  const repo = pr.toRef.repository ?? repository();
  return { pullRequest: pr, repository: repo, project: repo.project };
}

export function page<T>(values: T[], extra: Partial<Page<T>> = {}): Page<T> {
  const start = extra.start ?? 0;
  const isLastPage = extra.isLastPage ?? true;
  const body: Page<T> = { size: values.length, limit: extra.limit ?? 25, isLastPage, start, values };
  if (!isLastPage) body.nextPageStart = extra.nextPageStart ?? start + values.length;
  return body;
}

/** The slice of `all` a server answers for `start`/`limit`. */
export function slicePage<T>(all: readonly T[], start = 0, limit = 25): Page<T> {
  const values = all.slice(start, start + limit);
  return page(values, { start, limit, isLastPage: start + values.length >= all.length });
}

export function report(key: string, patch: Partial<InsightReport> = {}): InsightReport {
  return { key, title: `Report ${key}`, result: 'PASS', reporter: 'Acme CI', createdDate: 1_700_000_000_000, data: [], ...patch };
}

export function annotation(reportKey: string, path: string, line: number, message: string, patch: Partial<InsightAnnotation> = {}): InsightAnnotation {
  return { reportKey, path, line, message, severity: 'MEDIUM', type: 'CODE_SMELL', ...patch };
}

/** A typed REST failure; `message` becomes the server's `errors[0].message`, `body` the parsed error body. */
export function restError(kind: RestErrorKind, status = 0, message?: string, body?: unknown, path = '/rest/test'): RestError {
  return new RestError(kind, status, 'GET', path, message === undefined ? [] : [{ message, context: null, exceptionName: null }], body);
}

/** Strings that break naive rendering: markup, script URLs, bidi controls, astral emoji, very long text. */
export const HOSTILE_STRINGS = [
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '\u202Eevil\u202C\u200B\u200D',
  '\u{1F600}\u{1F469}\u200D\u{1F4BB}',
  'x'.repeat(10_000),
];

/** Markup that sets `window.__pwned` if it is ever parsed as HTML. */
export const HOSTILE_MARKUP = '<img src=x onerror="window.__pwned=1">';

/** Every way a request can fail that a surface must explain (all but `aborted`), with a typical HTTP status. */
export const FAILURE_KINDS: readonly [RestErrorKind, number][] = [
  ['unauthorized', 401],
  ['forbidden', 403],
  ['not-found', 404],
  ['unavailable', 404],
  ['conflict', 409],
  ['rate-limited', 429],
  ['bad-request', 400],
  ['server', 503],
  ['network', 0],
  ['timeout', 0],
  ['malformed', 200],
];
