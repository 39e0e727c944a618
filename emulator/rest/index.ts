/** Registers every REST module, Bitbucket-style error rendering, and the test-only emulator endpoints. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { disabledModulePage, type FaultController, type FaultSpec } from '../faults';
import type { Store } from '../store/store';
import { registerBranchUtils } from './branch-utils';
import { registerBuilds } from './builds';
import { registerCompare } from './compare';
import { registerContent } from './content';
import { registerCore } from './core';
import { registerDashboard } from './dashboard';
import { registerDefaultReviewers } from './default-reviewers';
import { registerHookScripts } from './hook-scripts';
import { BitbucketError, CONTEXT_PATH, EXCEPTIONS, fail, noContent, sendJson } from './http';
import { registerInsights } from './insights';
import { registerJira } from './jira';
import { registerLikes } from './likes';
import { registerPermissions } from './permissions';
import { registerProjects } from './projects';
import { registerPullRequests } from './pulls';
import { registerRepositoryExtras } from './repository-extras';
import { registerRestrictions } from './restrictions';
import { registerSearch } from './search';
import { registerSettings } from './settings';
import { registerTags } from './tags';
import { registerTokens } from './tokens';
import { registerWebhooks } from './webhooks';

const KNOWN_MODULES = ['api', 'insights', 'comment-likes', 'branch-utils', 'build-status', 'access-tokens', 'client-plugins', 'jira', 'default-reviewers', 'search', 'git', 'branch-permissions', 'required-builds'];

export interface RestOptions {
  faults: FaultController;
  /** Reseeds the store (POST /rest/emulator/1.0/reset). */
  reset(): void;
}

export function registerRest(app: FastifyInstance, store: Store, options: RestOptions): void {
  // Bitbucket accepts an empty body with a JSON content type (e.g. body-less POST …/merge).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, raw, done) => {
    const text = String(raw);
    if (!text.trim()) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new BitbucketError(400, [{ context: null, message: `The request body is not valid JSON: ${(error as Error).message}`, exceptionName: 'com.fasterxml.jackson.core.JsonParseException' }]), undefined);
    }
  });
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, raw, done) => done(null, String(raw)));

  app.setErrorHandler((error: FastifyError | BitbucketError, request, reply) => {
    if (error instanceof BitbucketError) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      return sendJson(reply, error.status, { errors: error.errors });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    return sendJson(reply, status, {
      errors: [{ context: null, message: error.message, exceptionName: status >= 500 ? EXCEPTIONS.server : null }],
    });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const match = new RegExp(`^${CONTEXT_PATH}/rest/([^/]+)/`).exec(path);
    if (match && KNOWN_MODULES.includes(match[1]) && match[1] !== 'emulator') {
      return sendJson(reply, 404, { errors: [{ context: null, message: `null for uri: ${request.protocol}://${request.host}${request.url}`, exceptionName: EXCEPTIONS.notFound }] });
    }
    return reply.code(404).header('content-type', 'text/html;charset=UTF-8').send(disabledModulePage(path));
  });

  registerCore(app, store);
  registerPullRequests(app, store);
  registerBranchUtils(app, store);
  registerLikes(app, store);
  registerInsights(app, store);
  registerBuilds(app, store);
  registerTokens(app, store);
  registerCompare(app, store);
  registerDashboard(app, store);
  registerJira(app, store);
  registerDefaultReviewers(app, store);
  registerSearch(app, store);
  registerTags(app, store);
  registerPermissions(app, store);
  registerSettings(app, store);
  registerWebhooks(app, store);
  registerRestrictions(app, store);
  registerContent(app, store);
  registerRepositoryExtras(app, store);
  registerProjects(app, store);
  registerHookScripts(app, store);
  if (options.faults.enabled) registerEmulatorEndpoints(app, store, options);
}

function registerEmulatorEndpoints(app: FastifyInstance, _store: Store, options: RestOptions): void {
  // `1.0` is rewritten to `latest` like every module (aliasVersion).
  const base = `${CONTEXT_PATH}/rest/emulator/latest`;
  const { faults } = options;
  app.get(`${base}/faults`, async (_request, reply) => sendJson(reply, 200, { faults: faults.list(), latencyMs: faults.latencyMs }));
  app.post(`${base}/faults`, async (request, reply) => {
    try {
      const fault = faults.add((request.body ?? {}) as FaultSpec);
      return sendJson(reply, 201, fault);
    } catch (error) {
      return fail(400, (error as Error).message, null);
    }
  });
  app.delete(`${base}/faults`, async (_request, reply) => {
    faults.remove();
    return noContent(reply);
  });
  app.delete(`${base}/faults/:id`, async (request, reply) => {
    if (!faults.remove(Number((request.params as { id: string }).id))) fail(404, 'No such fault.', null);
    return noContent(reply);
  });
  app.put(`${base}/latency`, async (request, reply) => {
    const latency = Number((request.body as { latencyMs?: unknown } | undefined)?.latencyMs);
    if (!Number.isFinite(latency) || latency < 0) fail(400, 'latencyMs must be a non-negative number', null);
    faults.latencyMs = latency;
    return sendJson(reply, 200, { latencyMs: latency });
  });
  app.get(`${base}/requests`, async (_request, reply) => sendJson(reply, 200, { requests: faults.requests() }));
  app.delete(`${base}/requests`, async (_request, reply) => {
    faults.clearRequests();
    return noContent(reply);
  });
  app.post(`${base}/reset`, async (_request, reply) => {
    options.reset();
    return noContent(reply);
  });
}
