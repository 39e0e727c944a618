/** Core REST (`/rest/api/{latest,1.0}`): projects, repositories, branches, commits, files, users. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_DIFF_LINES, buildHunks, capHunks } from '../store/diff';
import type { Store } from '../store/store';
import type { AccessLevel, CommitRecord, RepositoryRecord, UserRecord } from '../store/types';
import {
  EXCEPTIONS,
  baseUrl,
  body,
  bool,
  fail,
  noContent,
  paged,
  pageParams,
  repoAccess,
  requireUser,
  route,
  sendJson,
  wildcard,
  Validation,
} from './http';
import { restBranch, restChange, restCommit, restMinimalRef, restPath, restProject, restPullRequest, restRepository, restUser } from './serialize';
import { enforceRefRestriction } from './restrictions';

export const APPLICATION_PROPERTIES = { version: '9.2.5', buildNumber: '9002005', buildDate: '1729589732000', displayName: 'Bitbucket' };

type RepoParams = { projectKey: string; repositorySlug: string };

export function commitOr404(store: Store, repo: RepositoryRecord, ref: string): CommitRecord {
  const commit = store.resolve(repo, ref);
  if (!commit) fail(404, `Commit '${ref}' does not exist in repository '${repo.slug}'.`, EXCEPTIONS.noSuchCommit);
  return commit;
}

const LEVELS: Record<string, AccessLevel> = { REPO_READ: 1, REPO_WRITE: 2, REPO_ADMIN: 3, PROJECT_READ: 1, PROJECT_WRITE: 2, PROJECT_ADMIN: 3 };
const GLOBAL_ORDER = ['LICENSED_USER', 'PROJECT_CREATE', 'ADMIN', 'SYS_ADMIN'];

/** `permission` / `permission.N` (+ `.projectKey`, `.repositorySlug`) filters of GET /users. */
function userMatchesPermissions(store: Store, user: UserRecord, query: Record<string, string>): boolean {
  const filters: { permission: string; projectKey?: string; repositorySlug?: string }[] = [];
  for (const [key, value] of Object.entries(query)) {
    const match = /^permission(\.\d+)?$/.exec(key);
    if (!match) continue;
    const prefix = key;
    filters.push({ permission: String(value), projectKey: query[`${prefix}.projectKey`], repositorySlug: query[`${prefix}.repositorySlug`] });
  }
  return filters.every((f) => {
    if (GLOBAL_ORDER.includes(f.permission)) return GLOBAL_ORDER.indexOf(user.globalPermission) >= GLOBAL_ORDER.indexOf(f.permission);
    const needed = LEVELS[f.permission];
    if (needed === undefined) fail(400, `Invalid permission: ${f.permission}`, null, {}, 'permission');
    if (f.permission.startsWith('REPO_')) {
      if (!f.projectKey || !f.repositorySlug) fail(400, `The ${f.permission} permission filter requires projectKey and repositorySlug.`, null, {}, 'permission');
      const repo = store.repository(f.projectKey, f.repositorySlug);
      return repo ? store.accessLevel(user, repo) >= needed : false;
    }
    if (!f.projectKey) fail(400, `The ${f.permission} permission filter requires projectKey.`, null, {}, 'permission');
    return store.projectAccessLevel(user, f.projectKey) >= needed;
  });
}

function readableRepositories(store: Store, request: FastifyRequest): RepositoryRecord[] {
  return store.data.repositories.filter((r) => store.accessLevel(request.user, r, request.tokenPermissions ?? undefined) > 0);
}

function sortedBranches(repo: RepositoryRecord, orderBy: string): string[] {
  const names = Object.keys(repo.branches);
  if (orderBy === 'MODIFICATION') return names.sort((a, b) => (repo.branchUpdated[b] ?? 0) - (repo.branchUpdated[a] ?? 0) || (a < b ? -1 : 1));
  return names.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
}

export function registerCore(app: FastifyInstance, store: Store): void {
  const R = '/projects/:projectKey/repos/:repositorySlug';

  route(app, 'GET', 'api', '/application-properties', async (_request, reply) => sendJson(reply, 200, APPLICATION_PROPERTIES));

  route(app, 'GET', 'api', '/projects', async (request, reply) => {
    const query = request.query as Record<string, string>;
    const name = (query.name ?? '').toLowerCase();
    const needed = query.permission ? LEVELS[query.permission] ?? 1 : 1;
    const projects = store.data.projects
      .filter((p) => store.projectAccessLevel(request.user, p.key) >= needed)
      .filter((p) => !name || p.name.toLowerCase().includes(name))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    return sendJson(reply, 200, paged(projects, query, (p) => restProject(p, baseUrl(request))));
  });

  route(app, 'GET', 'api', '/projects/:projectKey', async (request, reply) => {
    const { projectKey } = request.params as { projectKey: string };
    const project = store.project(projectKey);
    const level = store.projectAccessLevel(request.user, projectKey);
    if (!request.user && level === 0) fail(401, 'You are not permitted to access this resource', EXCEPTIONS.authorisation);
    if (!project) fail(404, `Project ${projectKey} does not exist.`, EXCEPTIONS.noSuchProject);
    if (level === 0) fail(401, 'You are not permitted to access this resource', EXCEPTIONS.authorisation);
    return sendJson(reply, 200, restProject(project, baseUrl(request)));
  });

  route(app, 'GET', 'api', '/projects/:projectKey/repos', async (request, reply) => {
    const { projectKey } = request.params as { projectKey: string };
    const project = store.project(projectKey);
    if (!project) {
      if (!request.user) fail(401, 'You are not permitted to access this resource', EXCEPTIONS.authorisation);
      fail(404, `Project ${projectKey} does not exist.`, EXCEPTIONS.noSuchProject);
    }
    const repos = readableRepositories(store, request).filter((r) => r.projectKey === project.key);
    return sendJson(reply, 200, paged(repos, request.query as Record<string, unknown>, (r) => restRepository(store, r, baseUrl(request))));
  });

  route(app, 'GET', 'api', '/repos', async (request, reply) => {
    const query = request.query as Record<string, string>;
    const name = (query.name ?? '').toLowerCase();
    const projectName = (query.projectname ?? query.projectName ?? '').toLowerCase();
    const needed = query.permission ? LEVELS[query.permission] ?? 1 : 1;
    const repos = store.data.repositories
      .filter((r) => store.accessLevel(request.user, r, request.tokenPermissions ?? undefined) >= needed)
      .filter((r) => !name || r.name.toLowerCase().includes(name))
      .filter((r) => !projectName || store.project(r.projectKey)!.name.toLowerCase().includes(projectName))
      .filter((r) => !query.projectkey || r.projectKey.toLowerCase() === String(query.projectkey).toLowerCase())
      .filter((r) => !query.visibility || (query.visibility === 'public') === r.public)
      .sort((a, b) => (a.projectKey === b.projectKey ? (a.slug < b.slug ? -1 : 1) : a.projectKey < b.projectKey ? -1 : 1));
    return sendJson(reply, 200, paged(repos, query, (r) => restRepository(store, r, baseUrl(request))));
  });

  route(app, 'GET', 'api', R, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    return sendJson(reply, 200, restRepository(store, repo, baseUrl(request)));
  });

  // ---------------------------------------------------------------- branches

  route(app, 'GET', 'api', `${R}/branches`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const query = request.query as Record<string, string>;
    const filter = (query.filterText ?? '').toLowerCase();
    let names = sortedBranches(repo, query.orderBy === 'MODIFICATION' ? 'MODIFICATION' : 'ALPHABETICAL').filter((n) => !filter || n.toLowerCase().includes(filter));
    if (bool(query.boostMatches) && filter) names = [...names.filter((n) => n.toLowerCase() === filter), ...names.filter((n) => n.toLowerCase() !== filter)];
    let against = repo.branches[repo.defaultBranch] ?? '';
    if (query.base) against = commitOr404(store, repo, query.base).id;
    const details = bool(query.details) ? { against } : undefined;
    const extra = query.filterText !== undefined ? { filterText: query.filterText } : {};
    return sendJson(reply, 200, paged(names, query, (n) => restBranch(store, repo, n, baseUrl(request), details), extra));
  });

  route(app, 'POST', 'api', `${R}/branches`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams, 2);
    const branch = createBranch(store, repo, body(request), request.user!);
    return sendJson(reply, 200, restBranch(store, repo, branch, baseUrl(request)));
  });

  const defaultBranch = (request: FastifyRequest) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    if (!repo.branches[repo.defaultBranch]) fail(404, `The default branch "${repo.defaultBranch}" does not exist in ${repo.projectKey}/${repo.slug}.`, EXCEPTIONS.noSuchBranch);
    return repo;
  };
  route(app, 'GET', 'api', `${R}/default-branch`, async (request, reply) => sendJson(reply, 200, restMinimalRef(defaultBranch(request).defaultBranch)));
  route(app, 'GET', 'api', `${R}/branches/default`, async (request, reply) => {
    const repo = defaultBranch(request);
    return sendJson(reply, 200, restBranch(store, repo, repo.defaultBranch, baseUrl(request)));
  });
  const setDefault = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams, 3);
    const id = String(body(request).id ?? '');
    const name = id.replace(/^refs\/heads\//, '');
    if (!name || !repo.branches[name]) fail(404, `Branch ${id} does not exist in ${repo.projectKey}/${repo.slug}.`, EXCEPTIONS.noSuchBranch);
    repo.defaultBranch = name;
    store.touch();
    return noContent(reply);
  };
  route(app, 'PUT', 'api', `${R}/default-branch`, setDefault);
  route(app, 'PUT', 'api', `${R}/branches/default`, setDefault);

  // ---------------------------------------------------------------- commits

  route(app, 'GET', 'api', `${R}/commits`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const query = request.query as Record<string, string>;
    const until = commitOr404(store, repo, query.until || repo.defaultBranch);
    const since = query.since ? commitOr404(store, repo, query.since).id : undefined;
    let commits = store.log(repo, until.id, since, query.path);
    if (query.merges === 'exclude') commits = commits.filter((c) => c.parents.length < 2);
    if (query.merges === 'only') commits = commits.filter((c) => c.parents.length >= 2);
    const extra = bool(query.withCounts) ? { authorCount: new Set(commits.map((c) => c.author.emailAddress)).size, totalCount: commits.length } : {};
    return sendJson(reply, 200, paged(commits, query, (c) => restCommit(store, c, baseUrl(request)), extra));
  });

  route(app, 'GET', 'api', `${R}/commits/:commitId`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const { commitId } = request.params as { commitId: string };
    const commit = repo.commits[commitId] ?? (/^[0-9a-f]{4,39}$/.test(commitId) ? store.resolve(repo, commitId) : undefined);
    if (!commit) fail(404, `Commit '${commitId}' does not exist in repository '${repo.slug}'.`, EXCEPTIONS.noSuchCommit);
    return sendJson(reply, 200, restCommit(store, commit, baseUrl(request)));
  });

  route(app, 'GET', 'api', `${R}/commits/:commitId/changes`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const { commitId } = request.params as { commitId: string };
    const query = request.query as Record<string, string>;
    const commit = commitOr404(store, repo, commitId);
    const since = query.since ? commitOr404(store, repo, query.since).id : commit.parents[0] ?? null;
    const changes = store.changes(repo, since, commit.id);
    return sendJson(reply, 200, paged(changes, query, (c) => restChange(c), { fromHash: since, toHash: commit.id, properties: {} }));
  });

  const commitDiff = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const { commitId } = request.params as { commitId: string };
    const query = request.query as Record<string, string>;
    const commit = commitOr404(store, repo, commitId);
    const since = query.since ? commitOr404(store, repo, query.since).id : commit.parents[0] ?? null;
    return sendJson(reply, 200, diffWrapper(store, repo, since, commit.id, wildcard(request), query));
  };
  route(app, 'GET', 'api', `${R}/commits/:commitId/diff`, commitDiff);
  route(app, 'GET', 'api', `${R}/commits/:commitId/diff/*`, commitDiff);

  route(app, 'GET', 'api', `${R}/commits/:commitId/merge-base`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const { commitId } = request.params as { commitId: string };
    const query = request.query as Record<string, string>;
    if (!query.otherCommit) fail(400, 'otherCommit is required', null, {}, 'otherCommit');
    const a = commitOr404(store, repo, commitId);
    const b = commitOr404(store, repo, query.otherCommit);
    const base = store.mergeBase(repo, a.id, b.id);
    if (!base) return noContent(reply);
    return sendJson(reply, 200, restCommit(store, repo.commits[base], baseUrl(request)));
  });

  route(app, 'GET', 'api', `${R}/commits/:commitId/pull-requests`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const { commitId } = request.params as { commitId: string };
    const commit = commitOr404(store, repo, commitId);
    const prs = store
      .pullRequestsOf(repo)
      .filter((pr) => store.isAncestor(repo, commit.id, pr.fromCommit) && !store.isAncestor(repo, commit.id, pr.state === 'OPEN' ? pr.toCommit : store.mergeBase(repo, pr.toCommit, pr.fromCommit) ?? ''))
      .sort((a, b) => b.id - a.id);
    return sendJson(reply, 200, paged(prs, request.query as Record<string, unknown>, (pr) => restPullRequest(store, pr, baseUrl(request))));
  });

  route(app, 'GET', 'api', `${R}/compare/commits`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const query = request.query as Record<string, string>;
    const from = commitOr404(store, repo, query.from || repo.defaultBranch);
    const to = commitOr404(store, repo, query.to || repo.defaultBranch);
    return sendJson(reply, 200, paged(store.log(repo, from.id, to.id), query, (c) => restCommit(store, c, baseUrl(request))));
  });

  route(app, 'GET', 'api', `${R}/compare/changes`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const query = request.query as Record<string, string>;
    const from = commitOr404(store, repo, query.from || repo.defaultBranch);
    const to = commitOr404(store, repo, query.to || repo.defaultBranch);
    const base = store.mergeBase(repo, from.id, to.id);
    return sendJson(reply, 200, paged(store.changes(repo, base, from.id), query, (c) => restChange(c), { fromHash: to.id, toHash: from.id }));
  });

  // ---------------------------------------------------------------- files

  const fileRef = (repo: RepositoryRecord, request: FastifyRequest) => commitOr404(store, repo, (request.query as Record<string, string>).at || repo.defaultBranch);

  route(app, 'GET', 'api', `${R}/raw/*`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const commit = fileRef(repo, request);
    const filePath = wildcard(request);
    const content = store.fileAt(repo, commit.id, filePath);
    if (content === undefined) fail(404, `The path "${filePath}" does not exist at revision "${commit.id}"`, EXCEPTIONS.noSuchPath);
    return reply.code(200).header('content-type', 'text/plain;charset=UTF-8').send(content);
  });

  const browse = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams);
    const query = request.query as Record<string, string>;
    const commit = fileRef(repo, request);
    const filePath = wildcard(request);
    const content = filePath ? store.fileAt(repo, commit.id, filePath) : undefined;
    if (content !== undefined) {
      if (bool(query.type)) return sendJson(reply, 200, { type: 'FILE' });
      const lines = content === '' ? [] : content.replace(/\n$/, '').split('\n');
      const { start, limit } = pageParams(query, 500, 5000);
      const slice = lines.slice(start, start + limit);
      const page: Record<string, unknown> = { lines: slice.map((text) => ({ text })), start, size: slice.length, isLastPage: start + slice.length >= lines.length };
      if (!page.isLastPage) page.nextPageStart = start + slice.length;
      return sendJson(reply, 200, page);
    }
    const listing = store.listDirectory(repo, commit.id, filePath);
    if (!listing) fail(404, `The path "${filePath}" does not exist at revision "${commit.id}"`, EXCEPTIONS.noSuchPath);
    if (bool(query.type)) return sendJson(reply, 200, { type: 'DIRECTORY' });
    const children = [
      ...listing.directories.map((name) => ({ path: restPath(name), type: 'DIRECTORY' })),
      ...listing.files.map((f) => ({ path: restPath(f.name), contentId: f.blobId, type: 'FILE', size: f.size })),
    ];
    return sendJson(reply, 200, { path: restPath(filePath), revision: (request.query as Record<string, string>).at || repo.defaultBranch, children: paged(children, query, (c) => c) });
  };
  route(app, 'GET', 'api', `${R}/browse`, browse);
  route(app, 'GET', 'api', `${R}/browse/*`, browse);

  route(app, 'PUT', 'api', `${R}/browse/*`, async (request, reply) => {
    const { repo } = repoAccess(store, request, request.params as RepoParams, 2);
    const filePath = wildcard(request);
    const fields: Record<string, string> = {};
    if (!request.isMultipart()) fail(400, 'The request must be multipart/form-data with branch, content, message and sourceCommitId fields.', null);
    for await (const part of request.parts()) {
      if (part.type === 'file') fields[part.fieldname] = (await part.toBuffer()).toString('utf8');
      else fields[part.fieldname] = String(part.value ?? '');
    }
    const user = request.user!;
    const check = new Validation();
    if (!filePath) check.add('path', 'A path is required.');
    if (!fields.branch) check.add('branch', 'A branch is required.');
    if (fields.content === undefined) check.add('content', 'Content is required.');
    check.throwIfAny();
    const branch = fields.branch.replace(/^refs\/heads\//, '');
    let tip = repo.branches[branch];
    if (!tip) {
      const sourceBranch = fields.sourceBranch?.replace(/^refs\/heads\//, '');
      if (!sourceBranch) fail(404, `Branch ${fields.branch} does not exist in ${repo.projectKey}/${repo.slug}.`, EXCEPTIONS.noSuchBranch);
      tip = commitOr404(store, repo, sourceBranch).id;
    }
    enforceRefRestriction(store, repo, branch, user, repo.branches[branch] ? 'push' : 'create');
    const current = store.fileAt(repo, tip, filePath);
    if (current !== undefined) {
      if (!fields.sourceCommitId)
        fail(409, `The file '${filePath}' already exists on '${branch}'; provide the sourceCommitId of the version you edited.`, EXCEPTIONS.fileEditConflict);
      const source = commitOr404(store, repo, fields.sourceCommitId);
      if (store.fileAt(repo, source.id, filePath) !== current)
        fail(409, `The file '${filePath}' has been modified on '${branch}' since commit ${source.id.slice(0, 11)}. Reload it and reapply your changes.`, 'com.atlassian.bitbucket.content.FileContentModifiedException');
      if (current === fields.content) fail(409, 'The file content has not been modified.', EXCEPTIONS.fileContentUnmodified);
    } else if (fields.sourceCommitId && !store.resolve(repo, fields.sourceCommitId)) {
      commitOr404(store, repo, fields.sourceCommitId);
    }
    const commit = store.createCommit(repo, {
      parents: [tip],
      files: { [filePath]: fields.content },
      message: fields.message || `${filePath} edited online with Bitbucket`,
      author: { name: user.displayName, emailAddress: user.emailAddress },
    });
    store.setBranch(repo, branch, commit.id, user);
    return sendJson(reply, 200, restCommit(store, commit, baseUrl(request)));
  });

  // ---------------------------------------------------------------- users

  route(app, 'GET', 'api', '/users', async (request, reply) => {
    requireUser(request);
    const query = request.query as Record<string, string>;
    const filter = (query.filter ?? '').toLowerCase();
    const users = store.data.users
      .filter((u) => u.active && u.type === 'NORMAL') // access-token bot users are not listed
      .filter((u) => !filter || u.name.toLowerCase().includes(filter) || u.displayName.toLowerCase().includes(filter) || u.emailAddress.toLowerCase().includes(filter))
      .filter((u) => userMatchesPermissions(store, u, query))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return sendJson(reply, 200, paged(users, query, (u) => restUser(u, baseUrl(request))));
  });

  route(app, 'GET', 'api', '/users/:userSlug', async (request, reply) => {
    requireUser(request);
    const { userSlug } = request.params as { userSlug: string };
    const user = store.user(userSlug);
    if (!user) fail(404, `User ${userSlug} does not exist.`, EXCEPTIONS.noSuchUser);
    return sendJson(reply, 200, restUser(user, baseUrl(request)));
  });

  route(app, 'GET', 'api', '/build/capabilities', async (_request, reply) => sendJson(reply, 200, { buildStatus: ['richBuildStatus'] }));
}

/** Core and branch-utils create: validates the name, resolves the start point, refuses existing refs. */
export function createBranch(store: Store, repo: RepositoryRecord, request: Record<string, unknown>, user: UserRecord): string {
  const rawName = String(request.name ?? '').trim();
  const name = rawName.replace(/^refs\/heads\//, '');
  const startPoint = String(request.startPoint ?? '').trim();
  const check = new Validation();
  if (!name) check.add('name', 'A branch name is required.');
  if (!startPoint) check.add('startPoint', 'A start point is required.');
  check.throwIfAny();
  // git check-ref-format, the parts Bitbucket enforces.
  if (/(^|\/)\.|\.\.|[\s~^:?*[\\]|@\{|\/$|\.lock$|\/\/|^-|\.$/.test(name) || /[\x00-\x1f\x7f]/.test(name))
    fail(400, `'${name}' is an invalid branch name.`, EXCEPTIONS.invalidRefName, {}, 'name');
  if (repo.branches[name]) fail(409, `Branch '${name}' already exists in repository '${repo.slug}'.`, EXCEPTIONS.duplicateRef);
  const overlapping = Object.keys(repo.branches).find((b) => b.startsWith(`${name}/`) || name.startsWith(`${b}/`));
  if (overlapping) fail(409, `Branch '${name}' cannot be created because it overlaps the existing branch '${overlapping}'.`, EXCEPTIONS.duplicateRef);
  const start = store.resolve(repo, startPoint);
  if (!start) fail(400, `Start point '${startPoint}' does not exist in repository '${repo.slug}'.`, EXCEPTIONS.noSuchCommit, {}, 'startPoint');
  enforceRefRestriction(store, repo, name, user, 'create');
  store.setBranch(repo, name, start.id, user);
  return name;
}

/**
 * The (old path, new path) pairs a diff between two commits shows: every change, a MOVE as one pair from its
 * old path; with `filePath` that one file, from `srcPath` when given (like Bitbucket, a renamed file needs it).
 */
export function diffTargets(store: Store, repo: RepositoryRecord, fromId: string | null, toId: string, filePath: string, srcPath?: string): { source: string; destination: string }[] {
  if (filePath) return [{ source: srcPath || filePath, destination: filePath }];
  return store.changes(repo, fromId, toId).map((c) => ({ source: c.srcPath ?? c.path, destination: c.path }));
}

/**
 * Bitbucket's JSON diff wrapper between two commits (all changes, or one path): an added file has no `source`,
 * a deleted one no `destination` (real servers leave them out), and a response is cut at MAX_DIFF_LINES.
 */
export function diffWrapper(store: Store, repo: RepositoryRecord, fromId: string | null, toId: string, filePath: string, query: Record<string, string>): Record<string, unknown> {
  const contextLines = query.contextLines !== undefined && Number(query.contextLines) >= 0 ? Number(query.contextLines) : 10;
  const diffs = [];
  let lines = 0;
  let truncated = false;
  for (const { source, destination } of diffTargets(store, repo, fromId, toId, filePath, query.srcPath)) {
    const before = fromId ? store.fileAt(repo, fromId, source) : undefined;
    const after = store.fileAt(repo, toId, destination);
    if (before === undefined && after === undefined) continue;
    const capped = capHunks(buildHunks(before ?? '', after ?? '', contextLines, { ignoreWhitespace: query.whitespace === 'ignore-all' }), MAX_DIFF_LINES - lines);
    lines += capped.lines;
    const diff: Record<string, unknown> = { hunks: capped.hunks, truncated: capped.truncated };
    if (before !== undefined) diff.source = restPath(source);
    if (after !== undefined) diff.destination = restPath(destination);
    diffs.push(diff);
    if (capped.truncated) {
      truncated = true;
      break;
    }
  }
  return { fromHash: fromId ?? undefined, toHash: toId, contextLines, whitespace: query.whitespace === 'ignore-all' ? 'IGNORE_ALL' : 'SHOW', diffs, truncated };
}
