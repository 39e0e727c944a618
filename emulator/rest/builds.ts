/** Build statuses: the repo-scoped builds API (7.14+) and the legacy `/rest/build-status` module. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { BuildStatusRecord } from '../store/types';
import { EXCEPTIONS, body, fail, isFullCommitId, noContent, paged, repoAccess, requireUser, route, sendJson, Validation } from './http';
import { restBuild, restLegacyBuild } from './serialize';

const STATES = ['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'CANCELLED', 'UNKNOWN'];
type Params = { projectKey: string; repositorySlug: string; commitId: string };

function parseBuild(b: Record<string, unknown>, legacy: boolean): Omit<BuildStatusRecord, 'repositoryId' | 'commitId' | 'createdDate' | 'updatedDate'> {
  const check = new Validation();
  const text = (field: string, max: number, required = false) => {
    const value = b[field];
    if (value === undefined || value === null || value === '') {
      if (required) check.add(field, `The ${field} is required.`);
      return undefined;
    }
    if (typeof value !== 'string') check.add(field, `The ${field} must be a string.`);
    else if (value.length > max) check.add(field, `The ${field} must be ${max} characters or less.`);
    return typeof value === 'string' ? value : undefined;
  };
  const key = text('key', 255, true);
  const url = text('url', 450, true);
  const name = text('name', 255);
  const description = typeof b.description === 'string' ? b.description : undefined;
  const state = b.state;
  const allowed = legacy ? ['SUCCESSFUL', 'FAILED', 'INPROGRESS'] : STATES;
  if (!allowed.includes(state as string)) check.add('state', `The state must be one of ${allowed.join(', ')}.`);
  const buildNumber = legacy ? undefined : text('buildNumber', 255);
  const parent = legacy ? undefined : text('parent', 1024);
  const ref = legacy ? undefined : text('ref', 1024);
  if (ref && !/^refs\/.*/.test(ref)) check.add('ref', 'The ref must be a fully qualified ref starting with refs/.');
  let duration: number | undefined;
  if (!legacy && b.duration !== undefined && b.duration !== null) {
    if (!Number.isInteger(b.duration) || (b.duration as number) < 0) check.add('duration', 'The duration must be a non-negative number of milliseconds.');
    else duration = b.duration as number;
  }
  let testResults: BuildStatusRecord['testResults'];
  if (!legacy && b.testResults !== undefined && b.testResults !== null) {
    const t = b.testResults as Record<string, unknown>;
    if (![t.successful, t.failed, t.skipped].every((n) => n === undefined || (Number.isInteger(n) && (n as number) >= 0))) check.add('testResults', 'Test result counts must be non-negative integers.');
    else testResults = { successful: Number(t.successful ?? 0), failed: Number(t.failed ?? 0), skipped: Number(t.skipped ?? 0) };
  }
  check.throwIfAny();
  const out = { key: key!, state: state as BuildStatusRecord['state'], url: url!, name, description, buildNumber, parent, ref, duration, testResults };
  for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined) delete out[k];
  return out;
}

function requireFullHash(commitId: string): void {
  if (!isFullCommitId(commitId)) fail(400, `'${commitId}' is not a valid commit ID; a full 40 character SHA-1 is required.`, null, {}, 'commitId');
}

function upsert(store: Store, record: BuildStatusRecord): void {
  const index = store.data.builds.findIndex((b) => b.repositoryId === record.repositoryId && b.commitId === record.commitId && b.key === record.key);
  if (index >= 0) store.data.builds[index] = { ...record, createdDate: store.data.builds[index].createdDate };
  else store.data.builds.push(record);
  store.touch();
}

function stats(builds: BuildStatusRecord[]): Record<string, number> {
  const count = (state: string) => builds.filter((b) => b.state === state).length;
  return { successful: count('SUCCESSFUL'), failed: count('FAILED'), inProgress: count('INPROGRESS'), cancelled: count('CANCELLED'), unknown: count('UNKNOWN') };
}

export function registerBuilds(app: FastifyInstance, store: Store): void {
  const B = '/projects/:projectKey/repos/:repositorySlug/commits/:commitId/builds';
  const repoCommit = (request: FastifyRequest, level: 1 | 3 = 1) => {
    const params = request.params as Params;
    const ctx = repoAccess(store, request, params, level);
    requireFullHash(params.commitId);
    if (!ctx.repo.commits[params.commitId]) fail(404, `Commit '${params.commitId}' does not exist in repository '${ctx.repo.slug}'.`, EXCEPTIONS.noSuchCommit);
    return { ctx, commitId: params.commitId };
  };
  const keyParam = (request: FastifyRequest) => {
    const key = (request.query as Record<string, string>).key;
    if (!key) fail(400, 'The key query parameter is required.', null, {}, 'key');
    return key;
  };

  route(app, 'POST', 'api', B, async (request, reply) => {
    const { ctx, commitId } = repoCommit(request);
    requireUser(request);
    const build = parseBuild(body(request), false);
    const now = Date.now();
    upsert(store, { ...build, repositoryId: ctx.repo.id, commitId, createdDate: now, updatedDate: now });
    return noContent(reply);
  });

  route(app, 'GET', 'api', B, async (request, reply) => {
    const { ctx, commitId } = repoCommit(request);
    const key = keyParam(request);
    const build = store.data.builds.find((b) => b.repositoryId === ctx.repo.id && b.commitId === commitId && b.key === key);
    if (!build) fail(404, `No build status with key '${key}' exists for commit ${commitId}.`, 'com.atlassian.bitbucket.build.NoSuchBuildStatusException');
    return sendJson(reply, 200, restBuild(build, store));
  });

  route(app, 'DELETE', 'api', B, async (request, reply) => {
    const { ctx, commitId } = repoCommit(request, 3);
    const key = keyParam(request);
    const index = store.data.builds.findIndex((b) => b.repositoryId === ctx.repo.id && b.commitId === commitId && b.key === key);
    if (index < 0) fail(404, `No build status with key '${key}' exists for commit ${commitId}.`, 'com.atlassian.bitbucket.build.NoSuchBuildStatusException');
    store.data.builds.splice(index, 1);
    store.touch();
    return noContent(reply);
  });

  // Legacy module: global per commit id, newest 100 only.
  route(app, 'GET', 'build-status', '/commits/:commitId', async (request, reply) => {
    requireUser(request);
    const { commitId } = request.params as { commitId: string };
    const query = request.query as Record<string, string>;
    const order = (query.orderBy ?? 'NEWEST').toUpperCase();
    const builds = store.data.builds
      .filter((b) => b.commitId === commitId)
      .sort((a, b) => (order === 'OLDEST' ? a.updatedDate - b.updatedDate : order === 'STATUS' ? STATES.indexOf(b.state) - STATES.indexOf(a.state) : b.updatedDate - a.updatedDate))
      .slice(0, 100);
    return sendJson(reply, 200, paged(builds, query, restLegacyBuild, {}, 100));
  });

  route(app, 'POST', 'build-status', '/commits/:commitId', async (request, reply) => {
    requireUser(request);
    const { commitId } = request.params as { commitId: string };
    requireFullHash(commitId);
    const build = parseBuild(body(request), true);
    const now = Date.now();
    upsert(store, { ...build, repositoryId: null, commitId, createdDate: now, updatedDate: now });
    return noContent(reply);
  });

  route(app, 'GET', 'build-status', '/commits/stats/:commitId', async (request, reply) => {
    requireUser(request);
    const { commitId } = request.params as { commitId: string };
    return sendJson(reply, 200, stats(store.data.builds.filter((b) => b.commitId === commitId)));
  });

  route(app, 'POST', 'build-status', '/commits/stats', async (request, reply) => {
    requireUser(request);
    const ids = Array.isArray(request.body) ? (request.body as unknown[]).map(String) : [];
    const out: Record<string, Record<string, number>> = {};
    for (const id of ids) {
      const builds = store.data.builds.filter((b) => b.commitId === id);
      if (builds.length) out[id] = stats(builds);
    }
    return sendJson(reply, 200, out);
  });
}
