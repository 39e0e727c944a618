/**
 * Repository and user resources around the core ones: forks and related repositories, participants,
 * ref-change activity, deployments, pull-request auto-merge requests, commit message suggestions, rebase
 * (git module), user settings, recently accessed repositories and pull-request suggestions. Over the store.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { DeploymentRecord, PullRequestRecord, RefChangeRecord, RepositoryRecord, UserRecord } from '../store/types';
import { R, repoOf } from './admin-common';
import { commitOr404 } from './core';
import { EXCEPTIONS, baseUrl, body, fail, isHttpUrl, noContent, paged, requireUser, route, sendJson, unauthorized, Validation } from './http';
import { restMinimalRef, restRepository, restUser, type Json } from './serialize';

const DEPLOYMENT_STATES: DeploymentRecord['state'][] = ['PENDING', 'IN_PROGRESS', 'CANCELLED', 'FAILED', 'ROLLED_BACK', 'SUCCESSFUL', 'UNKNOWN'];

function pullRequestOr404(store: Store, repo: RepositoryRecord, request: FastifyRequest): PullRequestRecord {
  const { pullRequestId } = request.params as { pullRequestId: string };
  const pr = /^\d+$/.test(pullRequestId) ? store.pullRequest(repo, Number(pullRequestId)) : undefined;
  if (!pr) fail(404, `Pull request ${pullRequestId} does not exist in ${repo.projectKey}/${repo.slug}.`, EXCEPTIONS.noSuchPullRequest);
  return pr;
}

function refOf(refId: string): Json {
  const tag = refId.startsWith('refs/tags/');
  return { id: refId, displayId: refId.replace(/^refs\/(heads|tags)\//, ''), type: tag ? 'TAG' : 'BRANCH' };
}

function restRefChange(change: RefChangeRecord): Json {
  return { ref: refOf(change.refId), refId: change.refId, fromHash: change.fromHash, toHash: change.toHash, type: change.type };
}

export function registerRepositoryExtras(app: FastifyInstance, store: Store): void {
  const restRepo = (repo: RepositoryRecord, request: FastifyRequest): Json => {
    const out = restRepository(store, repo, baseUrl(request));
    const originId = store.admin.forkOrigins[String(repo.id)];
    const origin = originId !== undefined ? store.repositoryById(originId) : undefined;
    if (origin) out.origin = restRepository(store, origin, baseUrl(request));
    return out;
  };
  const readable = (request: FastifyRequest, repo: RepositoryRecord) => store.accessLevel(request.user, repo, request.tokenPermissions ?? undefined) > 0;

  // ---------------------------------------------------------------- forks

  route(app, 'GET', 'api', `${R}/forks`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const forks = store.data.repositories.filter((r) => store.admin.forkOrigins[String(r.id)] === repo.id && readable(request, r));
    return sendJson(reply, 200, paged(forks, request.query as Record<string, unknown>, (r) => restRepo(r, request)));
  });

  route(app, 'GET', 'api', `${R}/related`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    // Every repository of the same fork hierarchy: the root and all its descendants, but not this one.
    let root = repo;
    for (let origin = store.admin.forkOrigins[String(root.id)]; origin !== undefined; origin = store.admin.forkOrigins[String(root.id)]) root = store.repositoryById(origin) ?? root;
    const family = new Set([root.id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [child, parent] of Object.entries(store.admin.forkOrigins))
        if (family.has(parent) && !family.has(Number(child))) {
          family.add(Number(child));
          grew = true;
        }
    }
    const related = store.data.repositories.filter((r) => family.has(r.id) && r.id !== repo.id && readable(request, r));
    return sendJson(reply, 200, paged(related, request.query as Record<string, unknown>, (r) => restRepo(r, request)));
  });

  route(app, 'POST', 'api', R, async (request, reply) => {
    const { repo } = repoOf(store, request, 1);
    const user = requireUser(request);
    if (!repo.forkable) fail(400, `${repo.projectKey}/${repo.slug} does not allow forking.`, 'com.atlassian.bitbucket.repository.RepositoryForkDisabledException');
    const b = body(request);
    const projectKey = String(((b.project as Record<string, unknown> | undefined)?.key ?? repo.projectKey) as string);
    const project = store.project(projectKey);
    if (!project) fail(404, `Project ${projectKey} does not exist.`, EXCEPTIONS.noSuchProject);
    if (store.projectAccessLevel(user, project.key) < 3) unauthorized('You need to be a project administrator to create a repository in this project.');
    const name = typeof b.name === 'string' && b.name.trim() ? b.name.trim() : project.key === repo.projectKey ? `${repo.name}-${user.slug}` : repo.name;
    const slug = name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');
    if (!slug) fail(400, 'The repository name must contain a letter or digit.', EXCEPTIONS.validation, {}, 'name');
    if (store.repository(project.key, slug)) fail(409, `This repository URL is already taken by '${slug}' in ${project.key}.`, 'com.atlassian.bitbucket.repository.DuplicateRepositoryNameException', {}, 'name');
    const fork: RepositoryRecord = {
      ...structuredClone(repo),
      id: ++store.data.counters.repository,
      slug,
      name,
      projectKey: project.key,
      public: false,
      permissions: {},
      nextPullRequestId: 1,
    };
    store.data.repositories.push(fork);
    store.admin.forkOrigins[String(fork.id)] = repo.id;
    store.touch();
    return sendJson(reply, 201, restRepo(fork, request));
  });

  // ---------------------------------------------------------------- participants

  route(app, 'GET', 'api', `${R}/participants`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const query = request.query as Record<string, string>;
    const role = query.role?.toUpperCase();
    if (role && !['AUTHOR', 'REVIEWER', 'PARTICIPANT'].includes(role)) fail(400, "role must be 'AUTHOR', 'REVIEWER' or 'PARTICIPANT'.", null, {}, 'role');
    if (query.direction && !['INCOMING', 'OUTGOING'].includes(query.direction.toUpperCase())) fail(400, "direction must be 'INCOMING' or 'OUTGOING'.", null, {}, 'direction');
    const slugs = new Set<string>();
    for (const pr of store.pullRequestsOf(repo)) {
      if (!role || role === 'AUTHOR') slugs.add(pr.authorSlug);
      if (!role || role === 'REVIEWER') for (const r of pr.reviewers) slugs.add(r.slug);
      if (!role || role === 'PARTICIPANT') for (const p of pr.participants) slugs.add(p.slug);
    }
    const filter = (query.filter ?? '').toLowerCase();
    const users = [...slugs]
      .map((s) => store.user(s))
      .filter((u): u is UserRecord => !!u && u.active && (!filter || u.name.toLowerCase().includes(filter) || u.displayName.toLowerCase().includes(filter)))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return sendJson(reply, 200, paged(users, query, (u) => restUser(u, baseUrl(request))));
  });

  // ---------------------------------------------------------------- ref-change activity

  const refChangesOf = (repo: RepositoryRecord) => store.admin.refChanges.filter((c) => c.repositoryId === repo.id).sort((a, b) => b.createdDate - a.createdDate || b.id - a.id);
  route(app, 'GET', 'api', `${R}/ref-change-activities`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const query = request.query as Record<string, string>;
    const ref = query.ref ? (query.ref.startsWith('refs/') ? query.ref : `refs/heads/${query.ref}`) : undefined;
    const changes = refChangesOf(repo).filter((c) => !ref || c.refId === ref);
    const repository = restRepository(store, repo, baseUrl(request));
    return sendJson(
      reply,
      200,
      paged(changes, query, (c) => ({ id: c.id, createdDate: c.createdDate, user: restUser(store.user(c.userSlug)!, baseUrl(request)), repository, refChange: restRefChange(c), trigger: c.trigger })),
    );
  });
  route(app, 'GET', 'api', `${R}/ref-change-activities/branches`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const query = request.query as Record<string, string>;
    const filter = (query.filterText ?? '').toLowerCase();
    const names = [...new Set(refChangesOf(repo).filter((c) => c.refId.startsWith('refs/heads/')).map((c) => c.refId.slice('refs/heads/'.length)))].filter((n) => !filter || n.toLowerCase().includes(filter));
    return sendJson(reply, 200, paged(names, query, (n) => restMinimalRef(n)));
  });

  // ---------------------------------------------------------------- deployments

  const restDeployment = (d: DeploymentRecord, request: FastifyRequest): Json => {
    const repo = store.repositoryById(d.repositoryId)!;
    return {
      deploymentSequenceNumber: d.deploymentSequenceNumber,
      description: d.description,
      displayName: d.displayName,
      environment: d.environment,
      fromCommit: { id: d.commitId, displayId: d.commitId.slice(0, 11) },
      toCommit: { id: d.commitId, displayId: d.commitId.slice(0, 11) },
      key: d.key,
      lastUpdated: d.lastUpdated,
      repository: restRepository(store, repo, baseUrl(request)),
      state: d.state,
      url: d.url,
    };
  };
  const deploymentQuery = (request: FastifyRequest) => {
    const query = request.query as Record<string, string>;
    const check = new Validation();
    for (const name of ['key', 'environmentKey', 'deploymentSequenceNumber']) if (!query[name]) check.add(name, `${name} is required.`);
    check.throwIfAny();
    return { key: query.key, environmentKey: query.environmentKey, sequence: Number(query.deploymentSequenceNumber) };
  };
  const findDeployment = (repo: RepositoryRecord, commitId: string, q: { key: string; environmentKey: string; sequence: number }) =>
    store.admin.deployments.find((d) => d.repositoryId === repo.id && d.commitId === commitId && d.key === q.key && d.environment.key === q.environmentKey && d.deploymentSequenceNumber === q.sequence);
  route(app, 'GET', 'api', `${R}/commits/:commitId/deployments`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const commit = commitOr404(store, repo, (request.params as { commitId: string }).commitId);
    const found = findDeployment(repo, commit.id, deploymentQuery(request));
    if (!found) fail(404, `No deployment matches on commit ${commit.id}.`, EXCEPTIONS.noSuchEntity);
    return sendJson(reply, 200, restDeployment(found, request));
  });
  route(app, 'POST', 'api', `${R}/commits/:commitId/deployments`, async (request, reply) => {
    const { repo } = repoOf(store, request, 1);
    const commit = commitOr404(store, repo, (request.params as { commitId: string }).commitId);
    const b = body(request);
    const env = (b.environment ?? {}) as Record<string, unknown>;
    const check = new Validation();
    for (const field of ['key', 'displayName', 'description', 'url']) if (typeof b[field] !== 'string' || !(b[field] as string).trim()) check.add(field, `${field} is required.`);
    if (typeof b.url === 'string' && b.url && !isHttpUrl(b.url)) check.add('url', 'url must be an http(s) URL.');
    if (!Number.isInteger(b.deploymentSequenceNumber) || (b.deploymentSequenceNumber as number) < 0) check.add('deploymentSequenceNumber', 'deploymentSequenceNumber must be a non-negative integer.');
    if (!DEPLOYMENT_STATES.includes(b.state as DeploymentRecord['state'])) check.add('state', `state must be one of ${DEPLOYMENT_STATES.join(', ')}.`);
    if (typeof env.key !== 'string' || !env.key || typeof env.displayName !== 'string' || !env.displayName) check.add('environment', 'environment needs a key and a displayName.');
    if (env.type !== undefined && !/^(DEVELOPMENT|TESTING|STAGING|PRODUCTION)$/.test(String(env.type))) check.add('environment.type', 'environment.type must be DEVELOPMENT, TESTING, STAGING or PRODUCTION.');
    check.throwIfAny();
    const record: DeploymentRecord = {
      repositoryId: repo.id,
      commitId: commit.id,
      key: b.key as string,
      deploymentSequenceNumber: b.deploymentSequenceNumber as number,
      displayName: b.displayName as string,
      description: b.description as string,
      url: b.url as string,
      state: b.state as DeploymentRecord['state'],
      environment: { key: env.key as string, displayName: env.displayName as string, ...(env.type ? { type: String(env.type) } : {}), ...(typeof env.url === 'string' ? { url: env.url } : {}) },
      lastUpdated: typeof b.lastUpdated === 'number' ? b.lastUpdated : Date.now(),
    };
    const existing = findDeployment(repo, commit.id, { key: record.key, environmentKey: record.environment.key, sequence: record.deploymentSequenceNumber });
    if (existing) Object.assign(existing, record);
    else store.admin.deployments.push(record);
    store.touch();
    return sendJson(reply, 200, restDeployment(existing ?? record, request));
  });
  route(app, 'DELETE', 'api', `${R}/commits/:commitId/deployments`, async (request, reply) => {
    const { repo } = repoOf(store, request, 2);
    const commit = commitOr404(store, repo, (request.params as { commitId: string }).commitId);
    const found = findDeployment(repo, commit.id, deploymentQuery(request));
    if (!found) fail(404, `No deployment matches on commit ${commit.id}.`, EXCEPTIONS.noSuchEntity);
    store.admin.deployments = store.admin.deployments.filter((d) => d !== found);
    store.touch();
    return noContent(reply);
  });

  // ---------------------------------------------------------------- pull request extras

  const P = `${R}/pull-requests/:pullRequestId`;
  route(app, 'GET', 'api', `${P}/auto-merge`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const pr = pullRequestOr404(store, repo, request);
    const found = store.admin.autoMergeRequests.find((a) => a.repositoryId === repo.id && a.pullRequestId === pr.id);
    if (!found) fail(404, `Pull request ${pr.id} has no auto-merge request.`, EXCEPTIONS.noSuchEntity);
    const out: Json = { autoSubject: found.autoSubject, createdDate: found.createdDate, fromHash: found.fromHash, toRefId: found.toRefId };
    if (found.strategyId) out.strategyId = found.strategyId;
    if (found.message) out.message = found.message;
    return sendJson(reply, 200, out);
  });
  route(app, 'DELETE', 'api', `${P}/auto-merge`, async (request, reply) => {
    const { repo } = repoOf(store, request, 2);
    const pr = pullRequestOr404(store, repo, request);
    store.admin.autoMergeRequests = store.admin.autoMergeRequests.filter((a) => !(a.repositoryId === repo.id && a.pullRequestId === pr.id));
    store.touch();
    return noContent(reply);
  });

  route(app, 'GET', 'api', `${P}/commit-message-suggestion`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const pr = pullRequestOr404(store, repo, request);
    const base = store.mergeBase(repo, pr.toCommit, pr.fromCommit) ?? undefined;
    const commits = store.log(repo, pr.fromCommit, base);
    const lines = commits.map((c) => `* commit '${c.id}':\n  ${c.message.split('\n')[0]}`);
    return sendJson(reply, 200, { title: `Pull request #${pr.id}: ${pr.title}`, body: `Merge in ${repo.projectKey}/${repo.slug} from ${pr.fromBranch} to ${pr.toBranch}\n\n${lines.join('\n')}` });
  });

  /** Why a pull request cannot be rebased onto its target now (empty when it can). */
  const rebaseVetoes = (repo: RepositoryRecord, pr: PullRequestRecord, user: UserRecord | null, tokenPermissions?: string[]) => {
    const vetoes: { summaryMessage: string; detailedMessage: string }[] = [];
    const canWrite = store.accessLevel(user, repo, tokenPermissions) >= 2;
    if (pr.state !== 'OPEN') vetoes.push({ summaryMessage: 'Pull request is not open', detailedMessage: 'Only open pull requests can be rebased.' });
    if (!canWrite) vetoes.push({ summaryMessage: 'Insufficient permissions', detailedMessage: 'You need write permission on the source repository to rebase.' });
    if (pr.state === 'OPEN' && store.isAncestor(repo, pr.toCommit, pr.fromCommit))
      vetoes.push({ summaryMessage: 'Already up to date', detailedMessage: `${pr.fromBranch} already contains the latest commit of ${pr.toBranch}.` });
    else if (pr.state === 'OPEN' && store.tryMerge(repo, pr.toCommit, pr.fromCommit).conflicts.length)
      vetoes.push({ summaryMessage: 'Conflicts', detailedMessage: `${pr.fromBranch} cannot be rebased onto ${pr.toBranch} automatically because of conflicts.` });
    return { canWrite, vetoes };
  };
  route(app, 'GET', 'git', `${P}/rebase`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const pr = pullRequestOr404(store, repo, request);
    const { canWrite, vetoes } = rebaseVetoes(repo, pr, request.user, request.tokenPermissions ?? undefined);
    return sendJson(reply, 200, { canRebase: vetoes.length === 0, canWrite, vetoes });
  });
  route(app, 'POST', 'git', `${P}/rebase`, async (request, reply) => {
    const { repo } = repoOf(store, request, 2);
    const pr = pullRequestOr404(store, repo, request);
    const user = requireUser(request);
    const version = body(request).version;
    if (!Number.isInteger(version)) fail(400, 'The pull request version is required.', null, {}, 'version');
    if (version !== pr.version) fail(409, `You are attempting to modify a pull request based on out-of-date information (version ${String(version)}, current ${pr.version}).`, EXCEPTIONS.pullRequestOutOfDate, { currentVersion: pr.version });
    const { vetoes } = rebaseVetoes(repo, pr, user, request.tokenPermissions ?? undefined);
    if (vetoes.length) fail(409, vetoes[0].detailedMessage, 'com.atlassian.bitbucket.repository.RebaseVetoedException', { vetoes });
    // Replay the source-only commits (merges dropped, as git rebase does) on the target tip.
    const base = store.mergeBase(repo, pr.toCommit, pr.fromCommit) ?? undefined;
    let tip = pr.toCommit;
    for (const commit of store.log(repo, pr.fromCommit, base).reverse()) {
      if (commit.parents.length > 1) continue;
      const files: Record<string, string | null> = {};
      for (const change of store.changes(repo, commit.parents[0] ?? null, commit.id)) {
        if (change.srcPath) files[change.srcPath] = null;
        files[change.path] = change.type === 'DELETE' ? null : store.fileAt(repo, commit.id, change.path)!;
      }
      tip = store.createCommit(repo, { parents: [tip], files, message: commit.message, author: commit.author, timestamp: commit.authorTimestamp }).id;
    }
    const previous = pr.fromCommit;
    store.setBranch(repo, pr.fromBranch, tip, user);
    return sendJson(reply, 200, { refChange: { ref: refOf(`refs/heads/${pr.fromBranch}`), refId: `refs/heads/${pr.fromBranch}`, fromHash: previous, toHash: tip, type: 'UPDATE' } });
  });

  // ---------------------------------------------------------------- user resources

  const settingsOwner = (request: FastifyRequest) => {
    const caller = requireUser(request);
    const { userSlug } = request.params as { userSlug: string };
    const user = store.user(userSlug);
    if (!user) fail(404, `User ${userSlug} does not exist.`, EXCEPTIONS.noSuchUser);
    if (caller.slug !== user.slug && caller.globalPermission !== 'SYS_ADMIN' && caller.globalPermission !== 'ADMIN') unauthorized();
    return user;
  };
  route(app, 'GET', 'api', '/users/:userSlug/settings', async (request, reply) => {
    const user = settingsOwner(request);
    return sendJson(reply, 200, store.admin.userSettings[user.slug] ?? {});
  });
  route(app, 'POST', 'api', '/users/:userSlug/settings', async (request, reply) => {
    const user = settingsOwner(request);
    const b = body(request);
    for (const [key, value] of Object.entries(b))
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) fail(400, `The setting '${key}' must be a string, number or boolean.`, null, {}, key);
    const settings = (store.admin.userSettings[user.slug] ??= {});
    for (const [key, value] of Object.entries(b)) {
      if (value === null) delete settings[key];
      else settings[key] = value;
    }
    store.touch();
    return noContent(reply);
  });

  /** The repositories a user touched most recently: their pushes, pull-request activity and comments. */
  route(app, 'GET', 'api', '/profile/recent/repos', async (request, reply) => {
    const user = requireUser(request);
    const query = request.query as Record<string, string>;
    const needed = query.permission ? { REPO_READ: 1, REPO_WRITE: 2, REPO_ADMIN: 3 }[query.permission] : 1;
    if (needed === undefined) fail(400, `'${query.permission}' is not a repository permission.`, null, {}, 'permission');
    const last = new Map<number, number>();
    const touch = (repositoryId: number, at: number) => last.set(repositoryId, Math.max(last.get(repositoryId) ?? 0, at));
    for (const c of store.admin.refChanges) if (c.userSlug === user.slug) touch(c.repositoryId, c.createdDate);
    for (const a of store.data.activities) if (a.userSlug === user.slug) touch(a.repositoryId, a.createdDate);
    for (const c of store.data.comments) if (c.authorSlug === user.slug) touch(c.repositoryId, c.createdDate);
    const repos = [...last.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([id]) => store.repositoryById(id))
      .filter((r): r is RepositoryRecord => !!r && store.accessLevel(user, r, request.tokenPermissions ?? undefined) >= needed);
    return sendJson(reply, 200, paged(repos, query, (r) => restRepository(store, r, baseUrl(request))));
  });

  /** Branches the user pushed within `changesSince` seconds that no open pull request comes from yet. */
  route(app, 'GET', 'api', '/dashboard/pull-request-suggestions', async (request, reply) => {
    const user = requireUser(request);
    const query = request.query as Record<string, string>;
    const since = Date.now() - (Number.parseInt(query.changesSince ?? '', 10) > 0 ? Number.parseInt(query.changesSince, 10) : 172800) * 1000;
    const limit = Math.min(100, Number.parseInt(query.limit ?? '', 10) > 0 ? Number.parseInt(query.limit, 10) : 3);
    const seen = new Set<string>();
    const suggestions: Json[] = [];
    for (const change of [...store.admin.refChanges].sort((a, b) => b.createdDate - a.createdDate)) {
      if (suggestions.length >= limit || change.createdDate < since) break;
      const repo = store.repositoryById(change.repositoryId);
      if (!repo || change.userSlug !== user.slug || change.type === 'DELETE' || !change.refId.startsWith('refs/heads/')) continue;
      const branch = change.refId.slice('refs/heads/'.length);
      const key = `${repo.id}:${branch}`;
      if (seen.has(key) || branch === repo.defaultBranch || repo.branches[branch] === undefined) continue;
      seen.add(key);
      if (store.pullRequestsOf(repo).some((pr) => pr.state === 'OPEN' && pr.fromBranch === branch)) continue;
      if (store.accessLevel(user, repo, request.tokenPermissions ?? undefined) < 1) continue;
      suggestions.push({
        changeTme: change.createdDate,
        refChange: restRefChange(change),
        repository: restRepository(store, repo, baseUrl(request)),
        fromRef: restMinimalRef(branch),
        toRef: restMinimalRef(repo.defaultBranch),
      });
    }
    return sendJson(reply, 200, paged(suggestions, {}, (s) => s));
  });
}
