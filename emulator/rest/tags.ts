/** Tags (core `…/tags` and the git module's create/delete) and repository labels, over the store. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sha1, type Store } from '../store/store';
import type { RepositoryRecord, TagRecord } from '../store/types';
import { R, repoOf } from './admin-common';
import { commitOr404 } from './core';
import { EXCEPTIONS, baseUrl, body, fail, noContent, paged, requireUser, route, sendJson, wildcard, Validation } from './http';
import { restRepository, type Json } from './serialize';

export function restTag(tag: TagRecord): Json {
  return { id: `refs/tags/${tag.name}`, displayId: tag.name, type: 'TAG', latestCommit: tag.commitId, latestChangeset: tag.commitId, hash: tag.hash ?? tag.commitId };
}

export function tagsOf(store: Store, repo: RepositoryRecord): TagRecord[] {
  return store.admin.tags.filter((t) => t.repositoryId === repo.id);
}

const INVALID_REF = /(^|\/)\.|\.\.|[\s~^:?*[\\]|@\{|\/$|\.lock$|\/\/|^-|\.$|[\x00-\x1f\x7f]/;

/** Creates a lightweight or annotated tag, validating like Bitbucket's RefService. */
export function createTag(store: Store, repo: RepositoryRecord, input: Record<string, unknown>, taggerSlug: string, annotatedByDefault: boolean): TagRecord {
  const name = String(input.name ?? '').trim().replace(/^refs\/tags\//, '');
  const startPoint = String(input.startPoint ?? '').trim();
  const check = new Validation();
  if (!name) check.add('name', 'A tag name is required.');
  if (!startPoint) check.add('startPoint', 'A start point is required.');
  if (input.type !== undefined && input.type !== 'ANNOTATED' && input.type !== 'LIGHTWEIGHT') check.add('type', "type must be 'ANNOTATED' or 'LIGHTWEIGHT'.");
  check.throwIfAny();
  if (INVALID_REF.test(name)) fail(400, `'${name}' is an invalid tag name.`, EXCEPTIONS.invalidRefName, {}, 'name');
  const existing = tagsOf(store, repo).find((t) => t.name === name);
  if (existing && input.force !== true) fail(409, `Tag '${name}' already exists in repository '${repo.slug}'.`, EXCEPTIONS.duplicateRef);
  const target = store.resolve(repo, startPoint);
  if (!target) fail(400, `Start point '${startPoint}' does not exist in repository '${repo.slug}'.`, EXCEPTIONS.noSuchCommit, {}, 'startPoint');
  const message = typeof input.message === 'string' && input.message ? input.message : undefined;
  const annotated = input.type === 'ANNOTATED' || (input.type === undefined && (annotatedByDefault || message !== undefined));
  const now = Date.now();
  const tag: TagRecord = { repositoryId: repo.id, name, commitId: target.id, createdDate: now, taggerSlug };
  if (annotated) {
    tag.message = message ?? '';
    tag.hash = sha1(`object ${target.id}\ntype commit\ntag ${name}\ntagger ${taggerSlug} ${Math.floor(now / 1000)} +0000\n\n${tag.message}`);
  }
  if (existing) store.admin.tags = store.admin.tags.filter((t) => t !== existing);
  store.admin.tags.push(tag);
  store.recordRefChange(repo, taggerSlug, `refs/tags/${name}`, existing?.hash ?? existing?.commitId, tag.hash ?? tag.commitId, now);
  store.touch();
  return tag;
}

const LABEL = /^[a-z0-9][a-z0-9_-]{2,49}$/;

export function registerTags(app: FastifyInstance, store: Store): void {
  const tagOr404 = (repo: RepositoryRecord, name: string) => {
    const tag = tagsOf(store, repo).find((t) => t.name === name.replace(/^refs\/tags\//, ''));
    if (!tag) fail(404, `Tag '${name}' does not exist in repository '${repo.slug}'.`, EXCEPTIONS.noSuchEntity);
    return tag;
  };

  route(app, 'GET', 'api', `${R}/tags`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const query = request.query as Record<string, string>;
    const filter = (query.filterText ?? '').toLowerCase();
    const tags = tagsOf(store, repo).filter((t) => !filter || t.name.toLowerCase().includes(filter));
    if (query.orderBy === 'ALPHABETICAL') tags.sort((a, b) => (a.name < b.name ? -1 : 1));
    else tags.sort((a, b) => b.createdDate - a.createdDate || (a.name < b.name ? -1 : 1));
    return sendJson(reply, 200, paged(tags, query, restTag));
  });

  route(app, 'GET', 'api', `${R}/tags/*`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    return sendJson(reply, 200, restTag(tagOr404(repo, wildcard(request))));
  });

  route(app, 'POST', 'api', `${R}/tags`, async (request, reply) => {
    const { repo } = repoOf(store, request, 2);
    return sendJson(reply, 200, restTag(createTag(store, repo, body(request), requireUser(request).slug, false)));
  });

  route(app, 'POST', 'git', `${R}/tags`, async (request, reply) => {
    const { repo } = repoOf(store, request, 2);
    return sendJson(reply, 201, restTag(createTag(store, repo, body(request), requireUser(request).slug, true)));
  });

  route(app, 'DELETE', 'git', `${R}/tags/*`, async (request, reply) => {
    const { repo } = repoOf(store, request, 2);
    const tag = tagOr404(repo, wildcard(request));
    store.admin.tags = store.admin.tags.filter((t) => t !== tag);
    store.recordRefChange(repo, requireUser(request).slug, `refs/tags/${tag.name}`, tag.hash ?? tag.commitId, undefined);
    store.touch();
    return noContent(reply);
  });

  // ---------------------------------------------------------------- labels

  const labelsOf = (repo: RepositoryRecord) => store.admin.labels.filter((l) => l.repositoryId === repo.id).map((l) => l.name).sort();
  const readable = (request: FastifyRequest) => store.data.repositories.filter((r) => store.accessLevel(request.user, r, request.tokenPermissions ?? undefined) > 0);

  route(app, 'GET', 'api', `${R}/labels`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    return sendJson(reply, 200, paged(labelsOf(repo), request.query as Record<string, unknown>, (name) => ({ name })));
  });

  route(app, 'POST', 'api', `${R}/labels`, async (request, reply) => {
    const { repo } = repoOf(store, request, 3);
    const name = String(body(request).name ?? '').trim().toLowerCase();
    if (!LABEL.test(name)) fail(400, 'Labels must be 3 to 50 characters long and contain only lowercase letters, digits, dashes and underscores.', EXCEPTIONS.validation, {}, 'name');
    if (labelsOf(repo).includes(name)) fail(409, `The label '${name}' is already applied to ${repo.projectKey}/${repo.slug}.`, 'com.atlassian.bitbucket.label.DuplicateLabelException');
    store.admin.labels.push({ repositoryId: repo.id, name });
    store.touch();
    return sendJson(reply, 200, { name });
  });

  route(app, 'DELETE', 'api', `${R}/labels/:labelName`, async (request, reply) => {
    const { repo } = repoOf(store, request, 3);
    const { labelName } = request.params as { labelName: string };
    const label = store.admin.labels.find((l) => l.repositoryId === repo.id && l.name === labelName.toLowerCase());
    if (!label) fail(404, `The label '${labelName}' is not applied to ${repo.projectKey}/${repo.slug}.`, 'com.atlassian.bitbucket.label.NoSuchLabelException');
    store.admin.labels = store.admin.labels.filter((l) => l !== label);
    store.touch();
    return noContent(reply);
  });

  route(app, 'GET', 'api', '/labels', async (request, reply) => {
    requireUser(request);
    const query = request.query as Record<string, string>;
    const prefix = (query.prefix ?? '').toLowerCase();
    const visible = new Set(readable(request).map((r) => r.id));
    const names = [...new Set(store.admin.labels.filter((l) => visible.has(l.repositoryId) && l.name.startsWith(prefix)).map((l) => l.name))].sort();
    return sendJson(reply, 200, paged(names, query, (name) => ({ name })));
  });

  const labelled = (request: FastifyRequest, name: string) => {
    const visible = readable(request);
    return visible.filter((r) => store.admin.labels.some((l) => l.repositoryId === r.id && l.name === name.toLowerCase()));
  };

  route(app, 'GET', 'api', '/labels/:labelName', async (request, reply) => {
    requireUser(request);
    const { labelName } = request.params as { labelName: string };
    if (labelled(request, labelName).length === 0) fail(404, `The label '${labelName}' does not exist.`, 'com.atlassian.bitbucket.label.NoSuchLabelException');
    return sendJson(reply, 200, { name: labelName.toLowerCase() });
  });

  route(app, 'GET', 'api', '/labels/:labelName/labeled', async (request, reply) => {
    requireUser(request);
    const { labelName } = request.params as { labelName: string };
    const query = request.query as Record<string, string>;
    if (query.type && query.type !== 'REPOSITORY') fail(400, `'${query.type}' is not a labelable type.`, null, {}, 'type');
    const repos = labelled(request, labelName);
    if (repos.length === 0 && !store.admin.labels.some((l) => l.name === labelName.toLowerCase())) fail(404, `The label '${labelName}' does not exist.`, 'com.atlassian.bitbucket.label.NoSuchLabelException');
    return sendJson(reply, 200, paged(repos, query, (r) => ({ ...restRepository(store, r, baseUrl(request)), labelableType: 'REPOSITORY' })));
  });
}
