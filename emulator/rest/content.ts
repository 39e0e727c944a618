/**
 * Repository content beyond browse/raw: file lists, last-modified, README/CONTRIBUTING/LICENSE, raw unified
 * diffs and patches (repository, pull request `.diff`/`.patch`), diff statistics, changes between two commits,
 * archives (zip, tar, tgz) and the project avatar. All computed from the store's commits and blobs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as yazl from 'yazl';
import { crc32, deflateSync, gzipSync } from 'zlib';
import { buildHunks, unifiedText } from '../store/diff';
import type { Store } from '../store/store';
import type { CommitRecord, PullRequestRecord, RepositoryRecord } from '../store/types';
import { P, R, projectAccess, repoOf } from './admin-common';
import { commitOr404, diffTargets } from './core';
import { EXCEPTIONS, baseUrl, fail, many, paged, route, sendJson, wildcard } from './http';
import { restChange, restCommit } from './serialize';

const TEXT = 'text/plain;charset=UTF-8';

function pullRequestOr404(store: Store, repo: RepositoryRecord, id: string): PullRequestRecord {
  const pr = /^\d+$/.test(id) ? store.pullRequest(repo, Number(id)) : undefined;
  if (!pr) fail(404, `Pull request ${id} does not exist in ${repo.projectKey}/${repo.slug}.`, EXCEPTIONS.noSuchPullRequest);
  return pr;
}

/** Unified diff of every changed path (or one path) between two commits, as `git diff -M` prints it. */
export function rawDiff(store: Store, repo: RepositoryRecord, since: string | null, until: string, filePath: string, contextLines: number, srcPath?: string): string {
  return diffTargets(store, repo, since, until, filePath, srcPath)
    .map(({ source, destination }) => unifiedText(destination, since ? store.fileAt(repo, since, source) ?? null : null, store.fileAt(repo, until, destination) ?? null, contextLines, source))
    .join('');
}

/** `git format-patch --stdout` of the commits reachable from `until` and not from `since`, oldest first. */
export function formatPatch(store: Store, repo: RepositoryRecord, until: string, since?: string): string {
  const commits = store.log(repo, until, since).reverse();
  return commits
    .map((c: CommitRecord, index) => {
      const [subject, ...rest] = c.message.split('\n');
      const diff = rawDiff(store, repo, c.parents[0] ?? null, c.id, '', 3);
      const numbering = commits.length > 1 ? `[PATCH ${index + 1}/${commits.length}]` : '[PATCH]';
      return `From ${c.id} Mon Sep 17 00:00:00 2001\nFrom: ${c.author.name} <${c.author.emailAddress}>\nDate: ${new Date(c.authorTimestamp).toUTCString().replace('GMT', '+0000')}\nSubject: ${numbering} ${subject}\n${rest.length ? `\n${rest.join('\n').trim()}\n` : ''}\n---\n${diff}--\n2.45.2\n\n`;
    })
    .join('');
}

function diffStats(store: Store, repo: RepositoryRecord, since: string | null, until: string, filePath: string): { linesAdded: number; linesRemoved: number; filesChanged: number } {
  const changes = store.changes(repo, since, until).filter((c) => !filePath || c.path === filePath || c.path.startsWith(`${filePath.replace(/\/+$/, '')}/`));
  let linesAdded = 0;
  let linesRemoved = 0;
  for (const c of changes) {
    for (const hunk of buildHunks(since ? store.fileAt(repo, since, c.srcPath ?? c.path) ?? '' : '', store.fileAt(repo, until, c.path) ?? '', 0))
      for (const segment of hunk.segments) {
        if (segment.type === 'ADDED') linesAdded += segment.lines.length;
        if (segment.type === 'REMOVED') linesRemoved += segment.lines.length;
      }
  }
  return { linesAdded, linesRemoved, filesChanged: changes.length };
}

// ---------------------------------------------------------------- archives

function tarArchive(entries: { name: string; content: Buffer; mtime: number }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const header = Buffer.alloc(512);
    let name = entry.name;
    let prefix = '';
    if (Buffer.byteLength(name) > 100) {
      const cut = name.lastIndexOf('/', 154);
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
    header.write(name, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(entry.content.length.toString(8).padStart(11, '0') + '\0', 124);
    header.write(Math.floor(entry.mtime / 1000).toString(8).padStart(11, '0') + '\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    header.write(prefix, 345, 155, 'utf8');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(header, entry.content, Buffer.alloc((512 - (entry.content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function zipArchive(entries: { name: string; content: Buffer; mtime: number }[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const entry of entries) zip.addBuffer(entry.content, entry.name, { mtime: new Date(entry.mtime), mode: 0o100644 });
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.end();
  });
}

// ---------------------------------------------------------------- avatar

/** A deterministic 5×5 identicon PNG for a project key (Bitbucket draws a default avatar for projects without one). */
export function identiconPng(seed: string, size: number): Buffer {
  const hash = crc32(seed) >>> 0;
  const colour = [(hash >>> 16) & 0xff, (hash >>> 8) & 0xff, hash & 0xff].map((c) => 64 + (c % 160));
  const cells = Array.from({ length: 25 }, (_, i) => {
    const column = i % 5;
    const mirrored = column > 2 ? 4 - column : column;
    return ((hash >>> (Math.floor(i / 5) * 3 + mirrored)) & 1) === 1;
  });
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const on = cells[Math.min(4, Math.floor((y * 5) / size)) * 5 + Math.min(4, Math.floor((x * 5) / size))];
      const [r, g, b] = on ? colour : [240, 240, 240];
      row.writeUInt8(r, 1 + x * 3);
      row.writeUInt8(g, 2 + x * 3);
      row.writeUInt8(b, 3 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

export function registerContent(app: FastifyInstance, store: Store): void {
  const atOf = (repo: RepositoryRecord, request: FastifyRequest) => commitOr404(store, repo, (request.query as Record<string, string>).at || repo.defaultBranch);

  const files = async (request: FastifyRequest, reply: FastifyReply) => {
    const { repo } = repoOf(store, request);
    const commit = atOf(repo, request);
    const dir = wildcard(request);
    const prefix = dir ? `${dir}/` : '';
    const paths = Object.keys(commit.tree).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length)).sort();
    if (dir && paths.length === 0) fail(404, `The path "${dir}" does not exist at revision "${commit.id}"`, EXCEPTIONS.noSuchPath);
    return sendJson(reply, 200, paged(paths, request.query as Record<string, unknown>, (p) => p));
  };
  route(app, 'GET', 'api', `${R}/files`, files);
  route(app, 'GET', 'api', `${R}/files/*`, files);

  const lastModified = async (request: FastifyRequest, reply: FastifyReply) => {
    const { repo } = repoOf(store, request);
    const commit = atOf(repo, request);
    const dir = wildcard(request);
    const listing = store.listDirectory(repo, commit.id, dir);
    if (!listing) fail(404, `The path "${dir}" does not exist at revision "${commit.id}"`, EXCEPTIONS.noSuchPath);
    const result: Record<string, unknown> = {};
    for (const name of [...listing.directories, ...listing.files.map((f) => f.name)]) {
      const latest = store.log(repo, commit.id, undefined, dir ? `${dir}/${name}` : name)[0];
      if (latest) result[name] = restCommit(store, latest, baseUrl(request));
    }
    return sendJson(reply, 200, { files: result, latestCommit: restCommit(store, commit, baseUrl(request)) });
  };
  route(app, 'GET', 'api', `${R}/last-modified`, lastModified);
  route(app, 'GET', 'api', `${R}/last-modified/*`, lastModified);

  // README, CONTRIBUTING and LICENSE: the first root file whose name matches, as raw text.
  for (const [segment, pattern] of [['readme', /^readme(\.(md|markdown|txt|rst))?$/i], ['contributing', /^contributing(\.(md|markdown|txt|rst))?$/i], ['license', /^(license|licence|copying)(\.(md|markdown|txt))?$/i]] as const) {
    route(app, 'GET', 'api', `${R}/${segment}`, async (request, reply) => {
      const { repo } = repoOf(store, request);
      const commit = atOf(repo, request);
      const name = Object.keys(commit.tree).filter((p) => !p.includes('/') && pattern.test(p)).sort()[0];
      if (!name) fail(404, `No ${segment} file exists at revision "${commit.id}"`, EXCEPTIONS.noSuchPath);
      return reply.code(200).header('content-type', TEXT).send(store.fileAt(repo, commit.id, name));
    });
  }

  const repoRawDiff = async (request: FastifyRequest, reply: FastifyReply) => {
    const { repo } = repoOf(store, request);
    const query = request.query as Record<string, string>;
    const until = commitOr404(store, repo, query.until || repo.defaultBranch);
    const since = query.since ? commitOr404(store, repo, query.since).id : until.parents[0] ?? null;
    const context = query.contextLines !== undefined && Number(query.contextLines) >= 0 ? Number(query.contextLines) : 10;
    return reply.code(200).header('content-type', TEXT).send(rawDiff(store, repo, since, until.id, wildcard(request), context, query.srcPath));
  };
  route(app, 'GET', 'api', `${R}/diff`, repoRawDiff);
  route(app, 'GET', 'api', `${R}/diff/*`, repoRawDiff);

  route(app, 'GET', 'api', `${R}/patch`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const query = request.query as Record<string, string>;
    if (!query.until) fail(400, 'until is required.', null, {}, 'until');
    const until = commitOr404(store, repo, query.until);
    const since = query.since ? commitOr404(store, repo, query.since).id : query.allAncestors === 'true' ? undefined : until.parents[0];
    return reply.code(200).header('content-type', TEXT).send(formatPatch(store, repo, until.id, since));
  });

  // `…/pull-requests/1.diff` and `…/1.patch`: the PR's effective diff and its commits as patches.
  for (const kind of ['diff', 'patch'] as const) {
    route(app, 'GET', 'api', `${R}/pull-requests/:pullRequestId(^\\d+).${kind}`, async (request, reply) => {
      const { repo } = repoOf(store, request);
      const pr = pullRequestOr404(store, repo, (request.params as { pullRequestId: string }).pullRequestId);
      const base = store.mergeBase(repo, pr.toCommit, pr.fromCommit);
      const query = request.query as Record<string, string>;
      const context = query.contextLines !== undefined && Number(query.contextLines) >= 0 ? Number(query.contextLines) : 10;
      const text = kind === 'diff' ? rawDiff(store, repo, base, pr.fromCommit, '', context) : formatPatch(store, repo, pr.fromCommit, base ?? undefined);
      return reply.code(200).header('content-type', TEXT).send(text);
    });
  }

  route(app, 'GET', 'api', `${R}/commits/:commitId/diff-stats-summary/*`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const query = request.query as Record<string, string>;
    const commit = commitOr404(store, repo, (request.params as { commitId: string }).commitId);
    const since = query.since ? commitOr404(store, repo, query.since).id : commit.parents[0] ?? null;
    return sendJson(reply, 200, diffStats(store, repo, since, commit.id, wildcard(request)));
  });
  route(app, 'GET', 'api', `${R}/compare/diff-stats-summary*`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const query = request.query as Record<string, string>;
    const from = commitOr404(store, repo, query.from || repo.defaultBranch);
    const to = commitOr404(store, repo, query.to || repo.defaultBranch);
    return sendJson(reply, 200, diffStats(store, repo, store.mergeBase(repo, from.id, to.id), from.id, wildcard(request)));
  });
  route(app, 'GET', 'api', `${R}/pull-requests/:pullRequestId/diff-stats-summary/*`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const pr = pullRequestOr404(store, repo, (request.params as { pullRequestId: string }).pullRequestId);
    return sendJson(reply, 200, diffStats(store, repo, store.mergeBase(repo, pr.toCommit, pr.fromCommit), pr.fromCommit, wildcard(request)));
  });

  route(app, 'GET', 'api', `${R}/changes`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const query = request.query as Record<string, string>;
    const until = commitOr404(store, repo, query.until || repo.defaultBranch);
    const since = query.since ? commitOr404(store, repo, query.since).id : until.parents[0] ?? null;
    return sendJson(reply, 200, paged(store.changes(repo, since, until.id), query, (c) => restChange(c), { fromHash: since ?? undefined, toHash: until.id, properties: {} }));
  });

  route(app, 'GET', 'api', `${R}/archive`, async (request, reply) => {
    const { repo } = repoOf(store, request);
    const query = request.query as Record<string, unknown>;
    const commit = commitOr404(store, repo, String(query.at ?? '') || repo.defaultBranch);
    const format = String(query.format ?? 'zip');
    if (!['zip', 'tar', 'tgz', 'tar.gz'].includes(format)) fail(400, `'${format}' is not an archive format; use zip, tar, tgz or tar.gz.`, null, {}, 'format');
    const filters = many(query.path).map((p) => p.replace(/^\/+|\/+$/g, ''));
    const prefix = query.prefix ? `${String(query.prefix).replace(/\/+$/, '')}/` : '';
    const entries = Object.keys(commit.tree)
      .filter((p) => filters.length === 0 || filters.some((f) => p === f || p.startsWith(`${f}/`)))
      .sort()
      .map((p) => ({ name: prefix + p, content: Buffer.from(store.fileAt(repo, commit.id, p) ?? '', 'utf8'), mtime: commit.committerTimestamp }));
    if (filters.length && entries.length === 0) fail(404, `The path "${filters.join(', ')}" does not exist at revision "${commit.id}"`, EXCEPTIONS.noSuchPath);
    const extension = format === 'tar.gz' ? 'tar.gz' : format;
    const filename = String(query.filename ?? '') || `${repo.slug}-${commit.id.slice(0, 11)}@${extension}`.replace('@', '.');
    const data = format === 'zip' ? await zipArchive(entries) : format === 'tar' ? tarArchive(entries) : gzipSync(tarArchive(entries));
    const type = format === 'zip' ? 'application/zip' : format === 'tar' ? 'application/x-tar' : 'application/x-gzip';
    return reply.code(200).header('content-type', type).header('content-disposition', `attachment; filename="${filename.replace(/["\\\r\n]/g, '_')}"`).send(data);
  });

  route(app, 'GET', 'api', `${P}/avatar.png`, async (request, reply) => {
    const project = projectAccess(store, request, 1);
    const size = Math.min(256, Math.max(16, Number.parseInt(String((request.query as Record<string, string>).s ?? '48'), 10) || 48));
    return reply.code(200).header('content-type', 'image/png').send(identiconPng(project.key, size));
  });
}
