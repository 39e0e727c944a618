/**
 * Hook scripts: a system admin uploads a script (`/hook-scripts`, instance administration), project and
 * repository admins turn it on for triggers (`…/hook-scripts/{scriptId}`). A repository lists its own
 * configurations and the ones it inherits from its project. Over the store.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { HookScriptRecord, ScopeRef } from '../store/types';
import { P, R, numericId, projectAccess, projectScope, repoOf, repositoryScope, restScope, sameScope } from './admin-common';
import { EXCEPTIONS, body, fail, noContent, paged, requireUser, route, sendJson, unauthorized, Validation } from './http';
import type { Json } from './serialize';

/** The ref-change triggers Bitbucket runs hook scripts for. */
export const HOOK_SCRIPT_TRIGGERS = ['branch-create', 'branch-delete', 'file-edit', 'merge', 'pull-request-merge', 'push', 'rebase', 'tag-create', 'tag-delete', 'repo-sync'];
const NO_SUCH_SCRIPT = 'com.atlassian.bitbucket.hook.script.NoSuchHookScriptException';

export function restHookScript(script: HookScriptRecord): Json {
  const out: Json = { id: script.id, name: script.name, type: script.type, version: script.version, createdDate: new Date(script.createdDate).toISOString(), updatedDate: new Date(script.updatedDate).toISOString(), pluginKey: 'com.atlassian.bitbucket.server.bitbucket-hook-scripts' };
  if (script.description) out.description = script.description;
  return out;
}

async function multipartFields(request: FastifyRequest): Promise<Record<string, string>> {
  if (!request.isMultipart()) fail(400, 'The request must be multipart/form-data.', null);
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) fields[part.fieldname] = part.type === 'file' ? (await part.toBuffer()).toString('utf8') : String(part.value ?? '');
  return fields;
}

export function registerHookScripts(app: FastifyInstance, store: Store): void {
  const sysadmin = (request: FastifyRequest) => {
    const user = requireUser(request);
    if (user.globalPermission !== 'SYS_ADMIN' || request.tokenPermissions) unauthorized('Only system administrators can manage hook scripts.');
  };
  const scriptOr404 = (request: FastifyRequest) => {
    const id = numericId((request.params as { scriptId: string }).scriptId, 'Hook script');
    const script = store.admin.hookScripts.find((s) => s.id === id);
    if (!script) fail(404, `Hook script ${id} does not exist.`, NO_SUCH_SCRIPT);
    return script;
  };

  // ---------------------------------------------------------------- instance administration (out of the coverage scope)

  route(app, 'POST', 'api', '/hook-scripts', async (request, reply) => {
    sysadmin(request);
    const fields = await multipartFields(request);
    const check = new Validation();
    if (!fields.name?.trim()) check.add('name', 'A name is required.');
    if (!fields.content) check.add('content', 'The script content is required.');
    if (fields.type !== 'PRE' && fields.type !== 'POST') check.add('type', "type must be 'PRE' or 'POST'.");
    check.throwIfAny();
    const now = Date.now();
    const script: HookScriptRecord = { id: Math.max(0, ...store.admin.hookScripts.map((s) => s.id)) + 1, name: fields.name.trim(), type: fields.type as 'PRE' | 'POST', content: fields.content, version: 1, createdDate: now, updatedDate: now };
    if (fields.description) script.description = fields.description;
    store.admin.hookScripts.push(script);
    store.touch();
    return sendJson(reply, 200, restHookScript(script));
  });
  route(app, 'GET', 'api', '/hook-scripts/:scriptId', async (request, reply) => {
    sysadmin(request);
    return sendJson(reply, 200, restHookScript(scriptOr404(request)));
  });
  route(app, 'GET', 'api', '/hook-scripts/:scriptId/content', async (request, reply) => {
    sysadmin(request);
    return reply.code(200).header('content-type', 'text/plain;charset=UTF-8').send(scriptOr404(request).content);
  });
  route(app, 'PUT', 'api', '/hook-scripts/:scriptId', async (request, reply) => {
    sysadmin(request);
    const script = scriptOr404(request);
    const fields = await multipartFields(request);
    if (fields.name !== undefined && !fields.name.trim()) fail(400, 'A name is required.', null, {}, 'name');
    if (fields.name) script.name = fields.name.trim();
    if (fields.description !== undefined) script.description = fields.description || undefined;
    if (fields.content) {
      script.content = fields.content;
      script.version++;
    }
    script.updatedDate = Date.now();
    store.touch();
    return sendJson(reply, 200, restHookScript(script));
  });
  route(app, 'DELETE', 'api', '/hook-scripts/:scriptId', async (request, reply) => {
    sysadmin(request);
    const script = scriptOr404(request);
    store.admin.hookScripts = store.admin.hookScripts.filter((s) => s !== script);
    store.admin.hookScriptConfigs = store.admin.hookScriptConfigs.filter((c) => c.scriptId !== script.id);
    store.touch();
    return noContent(reply);
  });

  // ---------------------------------------------------------------- per project and repository

  const restConfig = (config: { scriptId: number; scope: ScopeRef; triggerIds: string[] }) => ({
    scope: restScope(store, config.scope),
    script: restHookScript(store.admin.hookScripts.find((s) => s.id === config.scriptId)!),
    triggerIds: config.triggerIds,
  });
  for (const [base, repoLevel] of [[R, true], [P, false]] as const) {
    const scopeOf = (request: FastifyRequest): ScopeRef => (repoLevel ? repositoryScope(repoOf(store, request, 3).repo) : projectScope(projectAccess(store, request, 3)));
    route(app, 'GET', 'api', `${base}/hook-scripts`, async (request, reply) => {
      const scope = scopeOf(request);
      const project: ScopeRef = { type: 'PROJECT', projectKey: scope.projectKey };
      const configs = store.admin.hookScriptConfigs.filter((c) => sameScope(c.scope, scope) || (repoLevel && sameScope(c.scope, project)));
      return sendJson(reply, 200, paged(configs, request.query as Record<string, unknown>, restConfig));
    });
    route(app, 'PUT', 'api', `${base}/hook-scripts/:scriptId`, async (request, reply) => {
      const scope = scopeOf(request);
      const script = scriptOr404(request);
      const triggers = body(request).triggerIds;
      const check = new Validation();
      if (!Array.isArray(triggers) || triggers.length === 0) check.add('triggerIds', 'At least one trigger is required.');
      else for (const t of triggers) if (!HOOK_SCRIPT_TRIGGERS.includes(String(t))) check.add('triggerIds', `'${String(t)}' is not a hook script trigger.`);
      check.throwIfAny();
      let config = store.admin.hookScriptConfigs.find((c) => c.scriptId === script.id && sameScope(c.scope, scope));
      if (!config) store.admin.hookScriptConfigs.push((config = { scriptId: script.id, scope, triggerIds: [] }));
      config.triggerIds = [...new Set((triggers as unknown[]).map(String))];
      store.touch();
      return sendJson(reply, 200, restConfig(config));
    });
    route(app, 'DELETE', 'api', `${base}/hook-scripts/:scriptId`, async (request, reply) => {
      const scope = scopeOf(request);
      const script = scriptOr404(request);
      const config = store.admin.hookScriptConfigs.find((c) => c.scriptId === script.id && sameScope(c.scope, scope));
      if (!config) fail(404, `Hook script ${script.id} is not configured here.`, EXCEPTIONS.noSuchEntity);
      store.admin.hookScriptConfigs = store.admin.hookScriptConfigs.filter((c) => c !== config);
      store.touch();
      return noContent(reply);
    });
  }
}
