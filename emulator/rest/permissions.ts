/** Project and repository permissions for users and groups (`…/permissions/…`), over the store. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { GroupRecord, ProjectPermission, RepoPermission, UserRecord } from '../store/types';
import { P, R, projectAccess, repoOf } from './admin-common';
import { EXCEPTIONS, baseUrl, fail, many, noContent, paged, route, sendJson } from './http';
import { restUser } from './serialize';

const PROJECT_PERMISSIONS: ProjectPermission[] = ['PROJECT_READ', 'PROJECT_WRITE', 'PROJECT_ADMIN'];
const REPO_PERMISSIONS: RepoPermission[] = ['REPO_READ', 'REPO_WRITE', 'REPO_ADMIN'];
const NO_SUCH_GROUP = 'com.atlassian.bitbucket.user.NoSuchGroupException';
const PERMISSION_MODIFICATION = 'com.atlassian.bitbucket.permission.PermissionModificationException';

/** One resource's grants: user → permission and group → permission maps (live objects in the store). */
interface Grants<T extends string> {
  users: Record<string, T>;
  groups: Record<string, T>;
  valid: T[];
  what: string;
}

function restGroup(group: GroupRecord) {
  return { name: group.name };
}

function matchesFilter(filter: string, ...values: string[]): boolean {
  const f = filter.toLowerCase();
  return !f || values.some((v) => v.toLowerCase().includes(f));
}

export function registerPermissions(app: FastifyInstance, store: Store): void {
  const normalUsers = () => store.data.users.filter((u) => u.active && u.type === 'NORMAL').sort((a, b) => (a.name < b.name ? -1 : 1));
  const usersOr404 = (names: string[]): UserRecord[] => {
    if (names.length === 0) fail(400, 'At least one user name is required.', null, {}, 'name');
    return names.map((n) => store.userByName(n) ?? fail(404, `User ${n} does not exist.`, EXCEPTIONS.noSuchUser));
  };
  const groupsOr404 = (names: string[]): GroupRecord[] => {
    if (names.length === 0) fail(400, 'At least one group name is required.', null, {}, 'name');
    return names.map((n) => store.admin.groups.find((g) => g.name.toLowerCase() === n.toLowerCase()) ?? fail(404, `Group ${n} does not exist.`, NO_SUCH_GROUP));
  };

  /** The routes every resource (project, repository) has, over its grants. */
  const register = <T extends string>(module: string, base: string, grantsOf: (request: FastifyRequest) => Grants<T>, selfCheck: (request: FastifyRequest, g: Grants<T>, revoked: UserRecord[]) => void) => {
    const listUsers = async (request: FastifyRequest, reply: FastifyReply) => {
      const g = grantsOf(request);
      const query = request.query as Record<string, string>;
      const rows = normalUsers().filter((u) => g.users[u.slug] && matchesFilter(query.filter ?? '', u.name, u.displayName, u.emailAddress));
      return sendJson(reply, 200, paged(rows, query, (u) => ({ user: restUser(u, baseUrl(request)), permission: g.users[u.slug] })));
    };
    route(app, 'GET', module, `${base}/permissions/users`, listUsers);
    route(app, 'GET', module, `${base}/permissions/users/none`, async (request, reply) => {
      const g = grantsOf(request);
      const query = request.query as Record<string, string>;
      const rows = normalUsers().filter((u) => !g.users[u.slug] && matchesFilter(query.filter ?? '', u.name, u.displayName, u.emailAddress));
      return sendJson(reply, 200, paged(rows, query, (u) => restUser(u, baseUrl(request))));
    });
    route(app, 'GET', module, `${base}/permissions/groups`, async (request, reply) => {
      const g = grantsOf(request);
      const query = request.query as Record<string, string>;
      const rows = store.admin.groups.filter((gr) => g.groups[gr.name] && matchesFilter(query.filter ?? '', gr.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
      return sendJson(reply, 200, paged(rows, query, (gr) => ({ group: restGroup(gr), permission: g.groups[gr.name] })));
    });
    route(app, 'GET', module, `${base}/permissions/groups/none`, async (request, reply) => {
      const g = grantsOf(request);
      const query = request.query as Record<string, string>;
      const rows = store.admin.groups.filter((gr) => !g.groups[gr.name] && matchesFilter(query.filter ?? '', gr.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
      // The 9.2 document gives the project variant 202 and the repository variant 200; follow it.
      return sendJson(reply, base === P ? 202 : 200, paged(rows, query, (gr) => ({ name: gr.name, deletable: true })));
    });
    route(app, 'GET', module, `${base}/permissions/search`, async (request, reply) => {
      const g = grantsOf(request);
      const query = request.query as Record<string, string>;
      if (query.permission && !g.valid.includes(query.permission as T)) fail(400, `'${query.permission}' is not a ${g.what} permission.`, null, {}, 'permission');
      if (query.type && query.type !== 'USER' && query.type !== 'GROUP') fail(400, "type must be 'USER' or 'GROUP'.", null, {}, 'type');
      const wanted = (p: T | undefined) => p !== undefined && (!query.permission || p === query.permission);
      const rows: Record<string, unknown>[] = [];
      if (query.type !== 'GROUP')
        for (const u of normalUsers()) if (wanted(g.users[u.slug]) && matchesFilter(query.filterText ?? '', u.name, u.displayName)) rows.push({ user: restUser(u, baseUrl(request)), permission: g.users[u.slug] });
      if (query.type !== 'USER')
        for (const gr of store.admin.groups) if (wanted(g.groups[gr.name]) && matchesFilter(query.filterText ?? '', gr.name)) rows.push({ group: restGroup(gr), permission: g.groups[gr.name] });
      return sendJson(reply, 200, paged(rows, query, (r) => r));
    });

    const permissionParam = (request: FastifyRequest, g: Grants<T>): T => {
      const permission = (request.query as Record<string, string>).permission;
      if (!g.valid.includes(permission as T)) fail(400, `'${permission ?? ''}' is not a valid ${g.what} permission; use one of ${g.valid.join(', ')}.`, null, {}, 'permission');
      return permission as T;
    };
    route(app, 'PUT', module, `${base}/permissions/users`, async (request, reply) => {
      const g = grantsOf(request);
      const permission = permissionParam(request, g);
      const users = usersOr404(many((request.query as Record<string, unknown>).name));
      const demoted = users.filter((u) => g.users[u.slug] && g.valid.indexOf(permission) < g.valid.indexOf(g.users[u.slug]));
      selfCheck(request, g, demoted);
      for (const u of users) g.users[u.slug] = permission;
      store.touch();
      return noContent(reply);
    });
    route(app, 'DELETE', module, `${base}/permissions/users`, async (request, reply) => {
      const g = grantsOf(request);
      const users = usersOr404(many((request.query as Record<string, unknown>).name));
      selfCheck(request, g, users);
      for (const u of users) delete g.users[u.slug];
      store.touch();
      return noContent(reply);
    });
    route(app, 'PUT', module, `${base}/permissions/groups`, async (request, reply) => {
      const g = grantsOf(request);
      const permission = permissionParam(request, g);
      for (const gr of groupsOr404(many((request.query as Record<string, unknown>).name))) g.groups[gr.name] = permission;
      store.touch();
      return noContent(reply);
    });
    route(app, 'DELETE', module, `${base}/permissions/groups`, async (request, reply) => {
      const g = grantsOf(request);
      for (const gr of groupsOr404(many((request.query as Record<string, unknown>).name))) delete g.groups[gr.name];
      store.touch();
      return noContent(reply);
    });
    route(app, 'DELETE', module, `${base}/permissions`, async (request, reply) => {
      const g = grantsOf(request);
      const query = request.query as Record<string, unknown>;
      const userNames = many(query.user);
      const groupNames = many(query.group);
      if (userNames.length === 0 && groupNames.length === 0) fail(400, 'Name a user or a group whose permissions to revoke.', null, {}, 'user');
      const users = userNames.length ? usersOr404(userNames) : [];
      const groups = groupNames.length ? groupsOr404(groupNames) : [];
      selfCheck(request, g, users);
      for (const u of users) delete g.users[u.slug];
      for (const gr of groups) delete g.groups[gr.name];
      store.touch();
      return noContent(reply);
    });
  };

  // A non-global-admin may not take away their own admin permission (they would lock themselves out).
  const lockout = <T extends string>(adminPermission: T) => (request: FastifyRequest, g: Grants<T>, revoked: UserRecord[]) => {
    const me = request.user!;
    if (me.globalPermission === 'SYS_ADMIN' || me.globalPermission === 'ADMIN') return;
    if (revoked.some((u) => u.slug === me.slug) && g.users[me.slug] === adminPermission)
      fail(409, 'You cannot revoke or reduce your own administrative permission.', PERMISSION_MODIFICATION);
  };

  register<ProjectPermission>(
    'api',
    P,
    (request) => {
      const project = projectAccess(store, request, 3);
      store.admin.projectGroupPermissions[project.key] ??= {};
      return { users: project.permissions, groups: store.admin.projectGroupPermissions[project.key], valid: PROJECT_PERMISSIONS, what: 'project' };
    },
    lockout<ProjectPermission>('PROJECT_ADMIN'),
  );
  register<RepoPermission>(
    'api',
    R,
    (request) => {
      const { repo } = repoOf(store, request, 3);
      store.admin.repositoryGroupPermissions[String(repo.id)] ??= {};
      return { users: repo.permissions, groups: store.admin.repositoryGroupPermissions[String(repo.id)], valid: REPO_PERMISSIONS, what: 'repository' };
    },
    lockout<RepoPermission>('REPO_ADMIN'),
  );

  // "All licensed users" project permission.
  const allUsersPermission = (request: FastifyRequest) => {
    const { permission } = request.params as { permission: string };
    if (permission !== 'PROJECT_READ' && permission !== 'PROJECT_WRITE') fail(400, `'${permission}' cannot be granted to all users; use PROJECT_READ or PROJECT_WRITE.`, null, {}, 'permission');
    return permission;
  };
  route(app, 'GET', 'api', `${P}/permissions/:permission/all`, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    const permission = allUsersPermission(request);
    const granted = store.admin.projectDefaultPermissions[project.key];
    return sendJson(reply, 200, { permitted: granted !== undefined && PROJECT_PERMISSIONS.indexOf(granted) >= PROJECT_PERMISSIONS.indexOf(permission) });
  });
  route(app, 'POST', 'api', `${P}/permissions/:permission/all`, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    const permission = allUsersPermission(request);
    const allow = String((request.query as Record<string, string>).allow ?? '');
    if (allow !== 'true' && allow !== 'false') fail(400, 'allow must be true or false.', null, {}, 'allow');
    if (allow === 'true') store.admin.projectDefaultPermissions[project.key] = permission;
    else if (store.admin.projectDefaultPermissions[project.key] === permission) delete store.admin.projectDefaultPermissions[project.key];
    store.touch();
    return noContent(reply);
  });
}
