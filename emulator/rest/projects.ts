/** Creating, updating and deleting projects and repositories, and a user's own details and password, over the store. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { ProjectRecord, RepositoryRecord } from '../store/types';
import { P, R, projectAccess, repoOf } from './admin-common';
import { baseUrl, body, fail, noContent, requireUser, route, sendJson, unauthorized, Validation } from './http';
import { restProject, restRepository, restUser } from './serialize';

const PROJECT_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

function slugOf(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');
}

export function registerProjects(app: FastifyInstance, store: Store): void {
  const validateProject = (b: Record<string, unknown>, existing: ProjectRecord | null) => {
    const check = new Validation();
    if (!existing || b.key !== undefined) {
      const key = String(b.key ?? '');
      if (!PROJECT_KEY.test(key) || key.length > 128) check.add('key', 'Project keys must start with a letter and contain only letters, digits and underscores (at most 128).');
      else if (store.project(key) && store.project(key) !== existing) check.add('key', `The project key ${key.toUpperCase()} is already in use.`);
    }
    if (!existing || b.name !== undefined) {
      const name = String(b.name ?? '').trim();
      if (!name) check.add('name', 'A project name is required.');
      else if (store.data.projects.some((p) => p !== existing && p.name.toLowerCase() === name.toLowerCase())) check.add('name', `The project name ${name} is already in use.`);
    }
    if (b.public !== undefined && typeof b.public !== 'boolean') check.add('public', 'public must be true or false.');
    if (check.errors.some((e) => e.message.includes('already in use'))) fail(409, check.errors.find((e) => e.message.includes('already in use'))!.message, 'com.atlassian.bitbucket.project.DuplicateProjectException', {}, check.errors[0].context);
    check.throwIfAny();
  };

  route(app, 'POST', 'api', '/projects', async (request, reply) => {
    const user = requireUser(request);
    if (!['PROJECT_CREATE', 'ADMIN', 'SYS_ADMIN'].includes(user.globalPermission) || request.tokenPermissions) unauthorized('You are not permitted to create projects.');
    const b = body(request);
    validateProject(b, null);
    const project: ProjectRecord = { id: ++store.data.counters.project, key: String(b.key).toUpperCase(), name: String(b.name).trim(), public: b.public === true, permissions: { [user.slug]: 'PROJECT_ADMIN' } };
    if (typeof b.description === 'string' && b.description) project.description = b.description;
    store.data.projects.push(project);
    store.touch();
    return sendJson(reply, 201, restProject(project, baseUrl(request)));
  });

  route(app, 'PUT', 'api', P, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    const b = body(request);
    validateProject(b, project);
    if (b.key !== undefined && String(b.key).toUpperCase() !== project.key) {
      const key = String(b.key).toUpperCase();
      for (const r of store.data.repositories) if (r.projectKey === project.key) r.projectKey = key;
      project.key = key;
    }
    if (typeof b.name === 'string') project.name = b.name.trim();
    if (typeof b.description === 'string') {
      if (b.description) project.description = b.description;
      else delete project.description;
    }
    if (typeof b.public === 'boolean') project.public = b.public;
    store.touch();
    return sendJson(reply, 200, restProject(project, baseUrl(request)));
  });

  route(app, 'DELETE', 'api', P, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    if (store.data.repositories.some((r) => r.projectKey === project.key)) fail(409, `The project ${project.key} cannot be deleted because it has repositories.`, 'com.atlassian.bitbucket.IntegrityException');
    store.data.projects = store.data.projects.filter((p) => p !== project);
    store.touch();
    return noContent(reply);
  });

  route(app, 'POST', 'api', `${P}/repos`, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    const b = body(request);
    const check = new Validation();
    const name = String(b.name ?? '').trim();
    if (!name) check.add('name', 'A repository name is required.');
    else if (!slugOf(name)) check.add('name', 'The repository name must contain a letter or digit.');
    if (b.scmId !== undefined && b.scmId !== 'git') check.add('scmId', `'${String(b.scmId)}' is not an installed SCM; use 'git'.`);
    check.throwIfAny();
    const slug = slugOf(name);
    if (store.repository(project.key, slug)) fail(409, `This repository URL is already taken by '${slug}' in ${project.key}.`, 'com.atlassian.bitbucket.repository.DuplicateRepositoryNameException', {}, 'name');
    const template = store.data.repositories.find((r) => r.branchModel);
    const repo: RepositoryRecord = {
      id: ++store.data.counters.repository,
      slug,
      name,
      projectKey: project.key,
      public: b.public === true,
      forkable: b.forkable !== false,
      archived: false,
      defaultBranch: typeof b.defaultBranch === 'string' && b.defaultBranch ? b.defaultBranch.replace(/^refs\/heads\//, '') : 'main',
      permissions: {},
      branches: {},
      branchUpdated: {},
      commits: {},
      branchModel: template?.branchModel ? structuredClone(template.branchModel) : null,
      mergeChecks: { minApprovals: 0, requireTasksResolved: false, vetoOnNeedsWork: false, requiredReports: [] },
      nextPullRequestId: 1,
    };
    if (typeof b.description === 'string' && b.description) repo.description = b.description;
    store.data.repositories.push(repo);
    store.touch();
    return sendJson(reply, 201, restRepository(store, repo, baseUrl(request)));
  });

  route(app, 'PUT', 'api', R, async (request, reply) => {
    const { repo } = repoOf(store, request, 3);
    const b = body(request);
    const check = new Validation();
    if (b.name !== undefined && !slugOf(String(b.name))) check.add('name', 'The repository name must contain a letter or digit.');
    for (const flag of ['forkable', 'public', 'archived']) if (b[flag] !== undefined && typeof b[flag] !== 'boolean') check.add(flag, `${flag} must be true or false.`);
    const defaultBranch = typeof b.defaultBranch === 'string' ? b.defaultBranch.replace(/^refs\/heads\//, '') : undefined;
    if (defaultBranch !== undefined && Object.keys(repo.branches).length && !repo.branches[defaultBranch]) check.add('defaultBranch', `Branch ${defaultBranch} does not exist.`);
    check.throwIfAny();
    if (b.name !== undefined) {
      const slug = slugOf(String(b.name));
      const taken = store.repository(repo.projectKey, slug);
      if (taken && taken !== repo) fail(409, `This repository URL is already taken by '${slug}' in ${repo.projectKey}.`, 'com.atlassian.bitbucket.repository.DuplicateRepositoryNameException', {}, 'name');
      repo.name = String(b.name).trim();
      repo.slug = slug;
    }
    if (typeof b.description === 'string') {
      if (b.description) repo.description = b.description;
      else delete repo.description;
    }
    if (typeof b.forkable === 'boolean') repo.forkable = b.forkable;
    if (typeof b.public === 'boolean') repo.public = b.public;
    if (typeof b.archived === 'boolean') repo.archived = b.archived;
    if (defaultBranch) repo.defaultBranch = defaultBranch;
    store.touch();
    // The 9.2 document answers an update with 201.
    return sendJson(reply, 201, restRepository(store, repo, baseUrl(request)));
  });

  route(app, 'DELETE', 'api', R, async (request, reply) => {
    const { repo } = repoOf(store, request, 3);
    const id = repo.id;
    const data = store.data;
    data.repositories = data.repositories.filter((r) => r !== repo);
    data.pullRequests = data.pullRequests.filter((p) => p.repositoryId !== id);
    data.comments = data.comments.filter((c) => c.repositoryId !== id);
    data.activities = data.activities.filter((a) => a.repositoryId !== id);
    data.builds = data.builds.filter((b) => b.repositoryId !== id);
    data.reports = data.reports.filter((r) => r.repositoryId !== id);
    const admin = store.admin;
    admin.tags = admin.tags.filter((t) => t.repositoryId !== id);
    admin.labels = admin.labels.filter((l) => l.repositoryId !== id);
    admin.deployments = admin.deployments.filter((d) => d.repositoryId !== id);
    admin.refChanges = admin.refChanges.filter((c) => c.repositoryId !== id);
    admin.requiredBuilds = admin.requiredBuilds.filter((c) => c.repositoryId !== id);
    admin.autoMergeRequests = admin.autoMergeRequests.filter((a) => a.repositoryId !== id);
    const ofRepo = (scope: { type: string; repositoryId?: number }) => scope.type === 'REPOSITORY' && scope.repositoryId === id;
    admin.webhooks = admin.webhooks.filter((w) => !ofRepo(w.scope));
    admin.refRestrictions = admin.refRestrictions.filter((r) => !ofRepo(r.scope));
    admin.hookStates = admin.hookStates.filter((h) => !ofRepo(h.scope));
    admin.reviewerGroups = admin.reviewerGroups.filter((g) => !ofRepo(g.scope));
    admin.pullRequestSettings = admin.pullRequestSettings.filter((s) => !ofRepo(s.scope));
    for (const token of data.tokens.filter((t) => t.scope && ofRepo(t.scope))) store.deleteToken(token);
    delete admin.repositoryGroupPermissions[String(id)];
    delete admin.forkOrigins[String(id)];
    store.touch();
    // Bitbucket deletes the repository's storage in the background.
    return reply.code(202).send();
  });

  // ---------------------------------------------------------------- the caller's own details

  route(app, 'PUT', 'api', '/users', async (request, reply) => {
    const user = requireUser(request);
    if (request.tokenPermissions) unauthorized();
    const b = body(request);
    const check = new Validation();
    if (b.name !== undefined && String(b.name).toLowerCase() !== user.name.toLowerCase()) check.add('name', 'Users can only update their own details.');
    if (b.displayName !== undefined && (typeof b.displayName !== 'string' || !b.displayName.trim())) check.add('displayName', 'A display name is required.');
    if (b.email !== undefined && (typeof b.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(b.email))) check.add('email', 'A valid email address is required.');
    check.throwIfAny();
    if (typeof b.displayName === 'string') user.displayName = b.displayName.trim();
    if (typeof b.email === 'string') user.emailAddress = b.email;
    store.touch();
    return sendJson(reply, 200, restUser(user, baseUrl(request)));
  });

  route(app, 'PUT', 'api', '/users/credentials', async (request, reply) => {
    const user = requireUser(request);
    if (request.tokenPermissions) unauthorized();
    const b = body(request);
    const check = new Validation();
    if (b.oldPassword !== user.password) check.add('oldPassword', 'The current password is incorrect.');
    if (typeof b.password !== 'string' || b.password.length < 1) check.add('password', 'A new password is required.');
    else if (b.password !== b.passwordConfirm) check.add('passwordConfirm', 'The passwords do not match.');
    check.throwIfAny();
    user.password = b.password as string;
    store.touch();
    return noContent(reply);
  });

}
