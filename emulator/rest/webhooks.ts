/** Project and repository webhooks with their recorded deliveries (`…/webhooks…`), over the store. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { ScopeRef, WebhookInvocationRecord, WebhookRecord } from '../store/types';
import { P, R, numericId, projectAccess, projectScope, repoOf, repositoryScope, sameScope } from './admin-common';
import { body, bool, fail, isHttpUrl, many, noContent, paged, route, sendJson, Validation } from './http';
import { compact, type Json } from './serialize';

export const WEBHOOK_EVENTS = [
  'repo:refs_changed', 'repo:modified', 'repo:forked', 'repo:comment:added', 'repo:comment:edited', 'repo:comment:deleted', 'repo:secret_detected',
  'mirror:repo_synchronized', 'pr:opened', 'pr:from_ref_updated', 'pr:to_ref_updated', 'pr:modified', 'pr:reviewer:updated', 'pr:reviewer:approved',
  'pr:reviewer:unapproved', 'pr:reviewer:needs_work', 'pr:reviewer:changes_requested', 'pr:merged', 'pr:declined', 'pr:deleted', 'pr:comment:added',
  'pr:comment:edited', 'pr:comment:deleted',
];

/** Statistics window Bitbucket reports counts over. */
const WINDOW_MS = 7 * 24 * 3600 * 1000;

export function registerWebhooks(app: FastifyInstance, store: Store): void {
  const invocationsOf = (hook: WebhookRecord, event?: string) =>
    store.admin.webhookInvocations.filter((i) => i.webhookId === hook.id && (!event || i.event === event)).sort((a, b) => b.start - a.start || b.id - a.id);

  const restInvocation = (i: WebhookInvocationRecord): Json => ({
    id: i.id,
    event: i.event,
    eventScope: i.eventScope,
    start: i.start,
    finish: i.finish,
    duration: i.finish - i.start,
    request: compact({ url: i.request.url, method: i.request.method, headers: i.request.headers, body: i.request.body }),
    result: compact({ outcome: i.result.outcome, description: i.result.description, statusCode: i.result.statusCode, body: i.result.body }),
  });

  const statistics = (hook: WebhookRecord, event?: string): Json => {
    const all = invocationsOf(hook, event);
    const latest = all[0]?.start ?? 0;
    const recent = all.filter((i) => i.start > latest - WINDOW_MS);
    const last = (outcome: string) => all.find((i) => i.result.outcome === outcome);
    const out: Json = {
      counts: {
        successes: recent.filter((i) => i.result.outcome === 'SUCCESS').length,
        failures: recent.filter((i) => i.result.outcome === 'FAILURE').length,
        errors: recent.filter((i) => i.result.outcome === 'ERROR').length,
        window: WINDOW_MS,
      },
    };
    for (const [key, outcome] of [['lastSuccess', 'SUCCESS'], ['lastFailure', 'FAILURE'], ['lastError', 'ERROR']] as const) {
      const found = last(outcome);
      if (found) out[key] = restInvocation(found);
    }
    return out;
  };

  const restWebhook = (hook: WebhookRecord, withStatistics: boolean): Json => {
    const out: Json = {
      id: hook.id,
      name: hook.name,
      createdDate: hook.createdDate,
      updatedDate: hook.updatedDate,
      events: hook.events,
      configuration: hook.configuration,
      url: hook.url,
      active: hook.active,
      scopeType: hook.scope.type.toLowerCase(),
      sslVerificationRequired: hook.sslVerificationRequired,
    };
    // Credentials are write-only: Bitbucket shows the user name, never the password.
    if (hook.credentials) out.credentials = { username: hook.credentials.username };
    if (withStatistics) out.statistics = statistics(hook);
    return out;
  };

  const parse = (b: Record<string, unknown>, partial: boolean) => {
    const check = new Validation();
    if (!partial || b.name !== undefined) if (typeof b.name !== 'string' || !b.name.trim()) check.add('name', 'A webhook name is required.');
    if (!partial || b.url !== undefined) if (typeof b.url !== 'string' || !isHttpUrl(b.url)) check.add('url', 'A valid http(s) URL is required.');
    if (!partial || b.events !== undefined) {
      if (!Array.isArray(b.events) || b.events.length === 0) check.add('events', 'At least one event is required.');
      else for (const e of b.events) if (!WEBHOOK_EVENTS.includes(e as string)) check.add('events', `'${String(e)}' is not a webhook event.`);
    }
    if (b.active !== undefined && typeof b.active !== 'boolean') check.add('active', 'active must be true or false.');
    if (b.configuration !== undefined && (typeof b.configuration !== 'object' || b.configuration === null || Array.isArray(b.configuration))) check.add('configuration', 'configuration must be an object.');
    const credentials = b.credentials as Record<string, unknown> | undefined | null;
    if (credentials !== undefined && credentials !== null && (typeof credentials.username !== 'string' || typeof credentials.password !== 'string')) check.add('credentials', 'credentials need a username and a password.');
    check.throwIfAny();
  };

  const scopeOf = (request: FastifyRequest, repoLevel: boolean, needed: 1 | 3 = 3): ScopeRef =>
    repoLevel ? repositoryScope(repoOf(store, request, needed).repo) : projectScope(projectAccess(store, request, needed));
  const hookOr404 = (scope: ScopeRef, request: FastifyRequest) => {
    const id = numericId((request.params as { webhookId: string }).webhookId, 'Webhook');
    const hook = store.admin.webhooks.find((w) => w.id === id && sameScope(w.scope, scope));
    if (!hook) fail(404, `Webhook ${id} does not exist.`, 'com.atlassian.webhooks.NoSuchWebhookException');
    return hook;
  };

  for (const [base, repoLevel] of [[R, true], [P, false]] as const) {
    route(app, 'GET', 'api', `${base}/webhooks`, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      const query = request.query as Record<string, unknown>;
      const events = many(query.event);
      const hooks = store.admin.webhooks.filter((w) => sameScope(w.scope, scope) && (events.length === 0 || events.some((e) => w.events.includes(e))));
      return sendJson(reply, 200, paged(hooks, query, (w) => restWebhook(w, bool(query.statistics))));
    });
    route(app, 'POST', 'api', `${base}/webhooks`, async (request, reply) => {
      const scope = scopeOf(request, repoLevel);
      const b = body(request);
      parse(b, false);
      if (store.admin.webhooks.some((w) => sameScope(w.scope, scope) && w.name === (b.name as string).trim()))
        fail(409, `A webhook named '${(b.name as string).trim()}' already exists.`, 'com.atlassian.webhooks.DuplicateWebhookException');
      const now = Date.now();
      const hook: WebhookRecord = {
        id: ++store.admin.counters.webhook,
        scope,
        name: (b.name as string).trim(),
        url: b.url as string,
        events: [...new Set(b.events as string[])],
        active: b.active !== false,
        configuration: (b.configuration as Record<string, string>) ?? {},
        sslVerificationRequired: b.sslVerificationRequired !== false,
        createdDate: now,
        updatedDate: now,
      };
      const credentials = b.credentials as { username: string; password: string } | undefined | null;
      if (credentials) hook.credentials = { username: credentials.username, password: credentials.password };
      store.admin.webhooks.push(hook);
      store.touch();
      return sendJson(reply, 200, restWebhook(hook, false));
    });
    route(app, 'POST', 'api', `${base}/webhooks/test`, async (request, reply) => {
      scopeOf(request, repoLevel);
      const query = request.query as Record<string, string>;
      const url = query.url ?? '';
      if (!isHttpUrl(url)) fail(400, 'A valid http(s) URL is required.', null, {}, 'url');
      const credentials = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
      const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'X-Event-Key': 'diagnostics:ping', 'User-Agent': 'Atlassian HttpClient' };
      if (typeof credentials.username === 'string' && typeof credentials.password === 'string') headers.Authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      const payload = JSON.stringify({ test: true });
      // A real request, as Bitbucket's "Test connection" sends; answered with what came back.
      try {
        const response = await fetch(url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(5000), redirect: 'manual' });
        const text = (await response.text()).slice(0, 4096);
        return sendJson(reply, 200, { request: { url, method: 'POST', headers: { ...headers, Authorization: headers.Authorization ? '********' : undefined }, body: payload }, response: { statusCode: response.status, headers: Object.fromEntries(response.headers.entries()), body: text } });
      } catch (error) {
        return sendJson(reply, 200, { request: { url, method: 'POST', headers: { ...headers, Authorization: headers.Authorization ? '********' : undefined }, body: payload }, error: (error as Error).message });
      }
    });
    if (repoLevel)
      route(app, 'GET', 'api', `${base}/webhooks/search`, async (request, reply) => {
        const scope = scopeOf(request, true);
        const query = request.query as Record<string, unknown>;
        const scopeTypes = many(query.scopeType).map((t) => t.toUpperCase());
        const events = many(query.event);
        const project = { type: 'PROJECT' as const, projectKey: scope.projectKey };
        const hooks = store.admin.webhooks.filter(
          (w) => (sameScope(w.scope, scope) || sameScope(w.scope, project)) && (scopeTypes.length === 0 || scopeTypes.includes(w.scope.type)) && (events.length === 0 || events.some((e) => w.events.includes(e))),
        );
        return sendJson(reply, 200, paged(hooks, query, (w) => restWebhook(w, bool(query.statistics))));
      });
    route(app, 'GET', 'api', `${base}/webhooks/:webhookId`, async (request, reply) => {
      const hook = hookOr404(scopeOf(request, repoLevel), request);
      return sendJson(reply, 200, restWebhook(hook, bool((request.query as Record<string, unknown>).statistics)));
    });
    route(app, 'PUT', 'api', `${base}/webhooks/:webhookId`, async (request, reply) => {
      const hook = hookOr404(scopeOf(request, repoLevel), request);
      const b = body(request);
      parse(b, true);
      if (typeof b.name === 'string') hook.name = b.name.trim();
      if (typeof b.url === 'string') hook.url = b.url;
      if (Array.isArray(b.events)) hook.events = [...new Set(b.events as string[])];
      if (typeof b.active === 'boolean') hook.active = b.active;
      if (typeof b.sslVerificationRequired === 'boolean') hook.sslVerificationRequired = b.sslVerificationRequired;
      if (b.configuration) hook.configuration = b.configuration as Record<string, string>;
      if (b.credentials === null) delete hook.credentials;
      else if (b.credentials) hook.credentials = b.credentials as { username: string; password: string };
      hook.updatedDate = Date.now();
      store.touch();
      return sendJson(reply, 200, restWebhook(hook, false));
    });
    route(app, 'DELETE', 'api', `${base}/webhooks/:webhookId`, async (request, reply) => {
      const hook = hookOr404(scopeOf(request, repoLevel), request);
      store.admin.webhooks = store.admin.webhooks.filter((w) => w !== hook);
      store.admin.webhookInvocations = store.admin.webhookInvocations.filter((i) => i.webhookId !== hook.id);
      store.touch();
      return noContent(reply);
    });
    route(app, 'GET', 'api', `${base}/webhooks/:webhookId/latest`, async (request, reply) => {
      const hook = hookOr404(scopeOf(request, repoLevel), request);
      const query = request.query as Record<string, string>;
      const outcomes = many(query.outcome).map((o) => o.toUpperCase());
      const latest = invocationsOf(hook, query.event).find((i) => outcomes.length === 0 || outcomes.includes(i.result.outcome));
      if (!latest) return noContent(reply);
      return sendJson(reply, 200, restInvocation(latest));
    });
    route(app, 'GET', 'api', `${base}/webhooks/:webhookId/statistics`, async (request, reply) => {
      const hook = hookOr404(scopeOf(request, repoLevel), request);
      return sendJson(reply, 200, statistics(hook, (request.query as Record<string, string>).event));
    });
    route(app, 'GET', 'api', `${base}/webhooks/:webhookId/statistics/summary`, async (request, reply) => {
      const hook = hookOr404(scopeOf(request, repoLevel), request);
      const byEvent: Json = {};
      for (const event of hook.events) byEvent[event] = (statistics(hook, event).counts as Json);
      return sendJson(reply, 200, { ...statistics(hook), events: byEvent });
    });
  }
}
