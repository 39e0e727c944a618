/** Pull requests, their participants, activities and comments (PR and commit comments). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { CommentAnchorRecord, CommentRecord, ParticipantStatus, PullRequestRecord, RepositoryRecord, UserRecord } from '../store/types';
import { commitOr404, diffWrapper } from './core';
import { rawDiff } from './content';
import type { DiffHunk, DiffLine } from '../store/diff';

type DiffEntry = { source?: { toString: string }; destination?: { toString: string }; hunks: DiffHunk[]; lineComments?: unknown[] };
import { EXCEPTIONS, baseUrl, body, bool, fail, many, noContent, paged, repoAccess, route, sendJson, unauthorized, wildcard, Validation, type RepoContext } from './http';
import { restActivity, restChange, restComment, restCommit, restParticipant, restPullRequest } from './serialize';

type PrParams = { projectKey: string; repositorySlug: string; pullRequestId: string };

export function pullRequestOr404(store: Store, ctx: RepoContext, id: string): PullRequestRecord {
  const n = /^\d+$/.test(id) ? Number(id) : NaN;
  const pr = Number.isFinite(n) ? store.pullRequest(ctx.repo, n) : undefined;
  if (!pr) fail(404, `Pull request ${id} does not exist in ${ctx.repo.projectKey}/${ctx.repo.slug}.`, EXCEPTIONS.noSuchPullRequest);
  return pr;
}

function versionParam(request: FastifyRequest): number | undefined {
  const query = request.query as Record<string, string>;
  const fromBody = body(request).version;
  const raw = query.version ?? (fromBody === undefined ? undefined : String(fromBody));
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) fail(400, `The version '${raw}' is not a number.`, null, {}, 'version');
  return n;
}

function checkVersion(store: Store, request: FastifyRequest, pr: PullRequestRecord, expected: number | undefined): void {
  if (expected !== undefined && expected !== pr.version) {
    fail(409, 'You are attempting to modify a pull request based on out-of-date information.', EXCEPTIONS.pullRequestOutOfDate, {
      currentVersion: pr.version,
      expectedVersion: expected,
      pullRequest: restPullRequest(store, pr, baseUrl(request)),
    });
  }
}

function requireOpen(pr: PullRequestRecord, verb: string): void {
  if (pr.state === 'MERGED') fail(409, `This pull request has already been merged and cannot be ${verb}.`, EXCEPTIONS.illegalPullRequestState);
  if (pr.state === 'DECLINED') fail(409, `This pull request has been declined and cannot be ${verb}.`, EXCEPTIONS.illegalPullRequestState);
}

function isAuthorOrWriter(ctx: RepoContext, pr: PullRequestRecord, user: UserRecord | null): boolean {
  return !!user && (user.slug === pr.authorSlug || ctx.level >= 2);
}

function resolveReviewers(store: Store, raw: unknown, authorSlug: string): string[] {
  const list = Array.isArray(raw) ? raw : [];
  const slugs: string[] = [];
  const problems: { context: string | null; message: string; exceptionName: string | null }[] = [];
  for (const entry of list) {
    const name = String((entry as { user?: { name?: string; slug?: string } })?.user?.name ?? (entry as { user?: { slug?: string } })?.user?.slug ?? '');
    const user = store.userByName(name);
    if (!user || !user.active) problems.push({ context: name, message: `${name} is not a user.`, exceptionName: null });
    else if (user.slug === authorSlug) problems.push({ context: name, message: `${user.displayName} is the author and cannot be included as a reviewer.`, exceptionName: null });
    else if (!slugs.includes(user.slug)) slugs.push(user.slug);
  }
  if (problems.length)
    fail(409, 'Errors encountered while adding some reviewers to this pull request.', 'com.atlassian.bitbucket.pull.InvalidPullRequestReviewersException', {
      reviewerErrors: problems,
      validReviewers: [],
    });
  return slugs;
}

function branchOf(ref: unknown): string {
  const id = String((ref as { id?: string } | undefined)?.id ?? '');
  return id.replace(/^refs\/heads\//, '');
}

export function commentOr404(store: Store, id: string, belongs: (c: CommentRecord) => boolean): CommentRecord {
  const comment = /^\d+$/.test(id) ? store.comment(Number(id)) : undefined;
  if (!comment || !belongs(comment)) fail(404, `Comment ${id} does not exist.`, EXCEPTIONS.noSuchComment);
  return comment;
}

export function registerPullRequests(app: FastifyInstance, store: Store): void {
  const R = '/projects/:projectKey/repos/:repositorySlug';
  const P = `${R}/pull-requests/:pullRequestId`;
  const load = (request: FastifyRequest, level: 1 | 2 | 3 = 1) => {
    const ctx = repoAccess(store, request, request.params as PrParams, level);
    const pr = pullRequestOr404(store, ctx, (request.params as PrParams).pullRequestId);
    return { ctx, pr, repo: ctx.repo };
  };
  const send = (request: FastifyRequest, reply: FastifyReply, pr: PullRequestRecord, status = 200) => sendJson(reply, status, restPullRequest(store, pr, baseUrl(request)));

  route(app, 'GET', 'api', `${R}/pull-requests`, async (request, reply) => {
    const ctx = repoAccess(store, request, request.params as PrParams);
    const query = request.query as Record<string, string>;
    const state = (query.state ?? 'OPEN').toUpperCase();
    if (!['OPEN', 'DECLINED', 'MERGED', 'ALL'].includes(state)) fail(400, `Invalid state: ${query.state}`, null, {}, 'state');
    const at = query.at ? query.at.replace(/^refs\/heads\//, '') : undefined;
    const outgoing = (query.direction ?? 'INCOMING').toUpperCase() === 'OUTGOING';
    const text = (query.filterText ?? '').toLowerCase();
    let prs = store.pullRequestsOf(ctx.repo).filter((pr) => state === 'ALL' || pr.state === state);
    if (at) prs = prs.filter((pr) => (outgoing ? pr.fromBranch : pr.toBranch) === at);
    if (text) prs = prs.filter((pr) => pr.title.toLowerCase().includes(text) || (pr.description ?? '').toLowerCase().includes(text));
    if (query.draft !== undefined) prs = prs.filter((pr) => pr.draft === bool(query.draft));
    for (let i = 1; i <= 10; i++) {
      const username = query[`username.${i}`];
      if (!username) continue;
      const role = query[`role.${i}`]?.toUpperCase();
      const approved = query[`approved.${i}`];
      const slug = store.userByName(username)?.slug;
      prs = prs.filter((pr) => {
        const all = [{ slug: pr.authorSlug, role: 'AUTHOR', status: 'UNAPPROVED' }, ...pr.reviewers, ...pr.participants];
        return all.some((p) => p.slug === slug && (!role || p.role === role) && (approved === undefined || (p.status === 'APPROVED') === bool(approved)));
      });
    }
    prs.sort((a, b) => ((query.order ?? 'NEWEST').toUpperCase() === 'OLDEST' ? a.id - b.id : b.id - a.id));
    return sendJson(reply, 200, paged(prs, query, (pr) => restPullRequest(store, pr, baseUrl(request))));
  });

  route(app, 'POST', 'api', `${R}/pull-requests`, async (request, reply) => {
    const ctx = repoAccess(store, request, request.params as PrParams);
    const user = request.user!;
    const b = body(request);
    const check = new Validation();
    const title = String(b.title ?? '').trim();
    if (!title) check.add('title', 'A title is required.');
    if (title.length > 255) check.add('title', 'The title must be 255 characters or less.');
    if (!b.fromRef) check.add('fromRef', 'A source branch is required.');
    if (!b.toRef) check.add('toRef', 'A target branch is required.');
    check.throwIfAny();
    const from = branchOf(b.fromRef);
    const to = branchOf(b.toRef);
    for (const ref of [b.fromRef, b.toRef]) {
      const repoSlug = (ref as { repository?: { slug?: string; project?: { key?: string } } }).repository;
      if (repoSlug?.slug && (repoSlug.slug !== ctx.repo.slug || (repoSlug.project?.key ?? ctx.repo.projectKey).toUpperCase() !== ctx.repo.projectKey))
        fail(400, 'Pull requests between repositories are not supported by this server.', null, {}, 'fromRef');
    }
    if (!ctx.repo.branches[from]) fail(404, `Branch ${from} does not exist in ${ctx.repo.projectKey}/${ctx.repo.slug}.`, EXCEPTIONS.noSuchBranch);
    if (!ctx.repo.branches[to]) fail(404, `Branch ${to} does not exist in ${ctx.repo.projectKey}/${ctx.repo.slug}.`, EXCEPTIONS.noSuchBranch);
    if (from === to) fail(409, 'The source and target refs for a pull request must be different.', 'com.atlassian.bitbucket.pull.InvalidPullRequestTargetException');
    const existing = store.pullRequestsOf(ctx.repo).find((pr) => pr.state === 'OPEN' && pr.fromBranch === from && pr.toBranch === to);
    if (existing)
      fail(409, `Only one pull request may be open for a given source and target branch`, EXCEPTIONS.duplicatePullRequest, {
        existingPullRequest: restPullRequest(store, existing, baseUrl(request)),
      });
    const fromCommit = ctx.repo.branches[from];
    const toCommit = ctx.repo.branches[to];
    if (store.isAncestor(ctx.repo, fromCommit, toCommit))
      fail(409, `Pull request could not be created because ${from} is already up-to-date with ${to}.`, EXCEPTIONS.emptyPullRequest);
    // Only the reviewers the request names: like real servers, REST creation does not add default reviewers
    // (the web UI's create form pre-fills them; REST clients ask …/default-reviewers/…/reviewers first).
    const reviewers = resolveReviewers(store, b.reviewers, user.slug);
    const now = Date.now();
    const pr: PullRequestRecord = {
      repositoryId: ctx.repo.id,
      id: ctx.repo.nextPullRequestId++,
      version: 0,
      title,
      description: typeof b.description === 'string' && b.description ? b.description : undefined,
      state: 'OPEN',
      draft: bool(b.draft),
      locked: false,
      createdDate: now,
      updatedDate: now,
      fromBranch: from,
      toBranch: to,
      fromCommit,
      toCommit,
      authorSlug: user.slug,
      reviewers: reviewers.map((slug) => ({ slug, role: 'REVIEWER', status: 'UNAPPROVED' })),
      participants: [],
    };
    if (pr.description === undefined) delete pr.description;
    store.data.pullRequests.push(pr);
    store.addActivity(pr, user.slug, { action: 'OPENED' }, now);
    return send(request, reply, pr, 201);
  });

  route(app, 'GET', 'api', P, async (request, reply) => send(request, reply, load(request).pr));

  route(app, 'PUT', 'api', P, async (request, reply) => {
    const { ctx, pr } = load(request);
    const user = request.user;
    if (!isAuthorOrWriter(ctx, pr, user)) unauthorized();
    const b = body(request);
    if (b.version === undefined || b.version === null) fail(400, 'You must specify the version of the pull request to update.', null, {}, 'version');
    checkVersion(store, request, pr, Number(b.version));
    if (b.author !== undefined || b.participants !== undefined) fail(400, 'The author and participants of a pull request cannot be changed.', null);
    if (typeof b.title === 'string') {
      if (!b.title.trim()) fail(400, 'A title is required.', null, {}, 'title');
      pr.title = b.title.trim();
    }
    if (typeof b.description === 'string') {
      if (b.description) pr.description = b.description;
      else delete pr.description;
    }
    if (typeof b.draft === 'boolean') pr.draft = b.draft;
    if (b.toRef) {
      const to = branchOf(b.toRef);
      if (!ctx.repo.branches[to]) fail(404, `Branch ${to} does not exist in ${ctx.repo.projectKey}/${ctx.repo.slug}.`, EXCEPTIONS.noSuchBranch);
      if (to !== pr.toBranch) {
        requireOpen(pr, 'retargeted');
        pr.toBranch = to;
        pr.toCommit = ctx.repo.branches[to];
      }
    }
    if (Array.isArray(b.reviewers)) {
      const slugs = resolveReviewers(store, b.reviewers, pr.authorSlug);
      const kept = pr.reviewers.filter((r) => slugs.includes(r.slug));
      for (const removed of pr.reviewers.filter((r) => !slugs.includes(r.slug))) pr.participants.push({ ...removed, role: 'PARTICIPANT' });
      for (const slug of slugs) {
        if (kept.some((r) => r.slug === slug)) continue;
        const asParticipant = pr.participants.find((p) => p.slug === slug);
        pr.participants = pr.participants.filter((p) => p.slug !== slug);
        kept.push({ slug, role: 'REVIEWER', status: asParticipant?.status ?? 'UNAPPROVED', lastReviewedCommit: asParticipant?.lastReviewedCommit });
      }
      pr.reviewers = kept.map((r) => (r.lastReviewedCommit ? r : { slug: r.slug, role: r.role, status: r.status }));
    }
    pr.version++;
    pr.updatedDate = Date.now();
    store.addActivity(pr, request.user!.slug, { action: 'UPDATED' });
    return send(request, reply, pr);
  });

  route(app, 'DELETE', 'api', P, async (request, reply) => {
    const { ctx, pr } = load(request);
    if (!isAuthorOrWriter(ctx, pr, request.user)) unauthorized();
    if (pr.state === 'MERGED') fail(409, 'This pull request has already been merged and cannot be deleted.', EXCEPTIONS.illegalPullRequestState);
    const version = versionParam(request);
    if (version === undefined) fail(400, 'You must specify the version of the pull request to delete.', null, {}, 'version');
    checkVersion(store, request, pr, version);
    store.data.pullRequests = store.data.pullRequests.filter((p) => p !== pr);
    store.data.comments = store.data.comments.filter((c) => !(c.repositoryId === pr.repositoryId && c.pullRequestId === pr.id));
    store.data.activities = store.data.activities.filter((a) => !(a.repositoryId === pr.repositoryId && a.pullRequestId === pr.id));
    store.touch();
    return noContent(reply);
  });

  route(app, 'GET', 'api', `${P}/merge`, async (request, reply) => {
    const { repo, pr } = load(request);
    requireOpen(pr, 'merged');
    const evaluation = store.evaluateMerge(repo, pr);
    return sendJson(reply, 200, { canMerge: evaluation.canMerge, conflicted: evaluation.conflicted, outcome: evaluation.outcome, vetoes: evaluation.vetoes });
  });

  route(app, 'POST', 'api', `${P}/merge`, async (request, reply) => {
    const { repo, pr } = load(request, 2);
    const user = request.user!;
    requireOpen(pr, 'merged');
    checkVersion(store, request, pr, versionParam(request));
    const evaluation = store.evaluateMerge(repo, pr);
    if (!evaluation.canMerge) {
      fail(409, evaluation.conflicted ? 'The pull request has conflicts and cannot be merged.' : 'Merging the pull request has been vetoed.', EXCEPTIONS.mergeVetoed, {
        conflicted: evaluation.conflicted,
        vetoes: evaluation.vetoes,
      });
    }
    const b = body(request);
    const strategy = String(b.strategyId ?? 'no-ff');
    const previousTarget = repo.branches[pr.toBranch];
    if (previousTarget !== pr.toCommit) pr.toCommit = previousTarget;
    const merge = store.tryMerge(repo, pr.toCommit, pr.fromCommit);
    const author = { name: user.displayName, emailAddress: user.emailAddress };
    const message = typeof b.message === 'string' && b.message ? b.message : `Pull request #${pr.id}: ${pr.title}\n\nMerge in ${repo.projectKey}/${repo.slug} from ${pr.fromBranch} to ${pr.toBranch}`;
    let newTip: string;
    if ((strategy === 'ff' || strategy === 'ff-only' || strategy === 'rebase-ff-only') && store.isAncestor(repo, pr.toCommit, pr.fromCommit)) newTip = pr.fromCommit;
    else if (strategy === 'ff-only') fail(409, 'The pull request cannot be fast-forwarded; the target branch has moved.', EXCEPTIONS.mergeVetoed, { conflicted: false, vetoes: [] });
    else if (strategy === 'squash' || strategy === 'squash-ff-only') newTip = store.createCommit(repo, { parents: [pr.toCommit], tree: merge.tree, message, author }).id;
    else newTip = store.createCommit(repo, { parents: [pr.toCommit, pr.fromCommit], tree: merge.tree, message, author }).id;
    const now = Date.now();
    pr.state = 'MERGED';
    pr.closedDate = now;
    pr.updatedDate = now;
    pr.version++;
    pr.mergeCommit = newTip;
    store.addActivity(pr, user.slug, { action: 'MERGED' }, now);
    store.setBranch(repo, pr.toBranch, newTip, user, now);
    return send(request, reply, pr);
  });

  route(app, 'POST', 'api', `${P}/decline`, async (request, reply) => {
    const { ctx, pr } = load(request);
    if (!isAuthorOrWriter(ctx, pr, request.user)) unauthorized();
    requireOpen(pr, 'declined');
    checkVersion(store, request, pr, versionParam(request));
    const now = Date.now();
    pr.state = 'DECLINED';
    pr.closedDate = now;
    pr.updatedDate = now;
    pr.version++;
    store.addActivity(pr, request.user!.slug, { action: 'DECLINED' }, now);
    return send(request, reply, pr);
  });

  route(app, 'POST', 'api', `${P}/reopen`, async (request, reply) => {
    const { ctx, pr, repo } = load(request);
    if (!isAuthorOrWriter(ctx, pr, request.user)) unauthorized();
    if (pr.state !== 'DECLINED') fail(409, pr.state === 'OPEN' ? 'This pull request is already open.' : 'This pull request has already been merged and cannot be reopened.', EXCEPTIONS.illegalPullRequestState);
    checkVersion(store, request, pr, versionParam(request));
    if (!repo.branches[pr.fromBranch] || !repo.branches[pr.toBranch]) fail(409, 'The pull request cannot be reopened because one of its branches no longer exists.', EXCEPTIONS.illegalPullRequestState);
    const now = Date.now();
    pr.state = 'OPEN';
    delete pr.closedDate;
    pr.fromCommit = repo.branches[pr.fromBranch];
    pr.toCommit = repo.branches[pr.toBranch];
    pr.updatedDate = now;
    pr.version++;
    store.addActivity(pr, request.user!.slug, { action: 'REOPENED' }, now);
    return send(request, reply, pr);
  });

  // ---------------------------------------------------------------- participants & review

  route(app, 'GET', 'api', `${P}/participants`, async (request, reply) => {
    const { pr } = load(request);
    const all = [{ slug: pr.authorSlug, role: 'AUTHOR' as const, status: 'UNAPPROVED' as const }, ...pr.reviewers, ...pr.participants];
    return sendJson(reply, 200, paged(all, request.query as Record<string, unknown>, (p) => restParticipant(store, p, baseUrl(request))));
  });

  route(app, 'POST', 'api', `${P}/participants`, async (request, reply) => {
    const { ctx, pr } = load(request);
    if (!isAuthorOrWriter(ctx, pr, request.user)) unauthorized();
    const b = body(request);
    const role = String(b.role ?? 'REVIEWER');
    if (role !== 'REVIEWER') fail(400, `Participants cannot be added with role ${role}.`, null, {}, 'role');
    const [slug] = resolveReviewers(store, [b], pr.authorSlug);
    if (!slug) fail(400, 'A user is required.', null, {}, 'user');
    if (!pr.reviewers.some((r) => r.slug === slug)) {
      const existing = pr.participants.find((p) => p.slug === slug);
      pr.participants = pr.participants.filter((p) => p.slug !== slug);
      pr.reviewers.push({ slug, role: 'REVIEWER', status: existing?.status ?? 'UNAPPROVED' });
      pr.version++;
      pr.updatedDate = Date.now();
      store.touch();
    }
    return sendJson(reply, 200, restParticipant(store, pr.reviewers.find((r) => r.slug === slug)!, baseUrl(request)));
  });

  route(app, 'DELETE', 'api', `${P}/participants/:userSlug`, async (request, reply) => {
    const { ctx, pr } = load(request);
    if (!isAuthorOrWriter(ctx, pr, request.user)) unauthorized();
    const { userSlug } = request.params as { userSlug: string };
    const reviewer = pr.reviewers.find((r) => r.slug === userSlug.toLowerCase());
    if (userSlug.toLowerCase() === pr.authorSlug) fail(400, 'The author of a pull request cannot be removed.', null);
    if (reviewer) {
      pr.reviewers = pr.reviewers.filter((r) => r !== reviewer);
      pr.participants.push({ ...reviewer, role: 'PARTICIPANT' });
      pr.version++;
      pr.updatedDate = Date.now();
      store.touch();
    }
    return noContent(reply);
  });

  const setStatus = (request: FastifyRequest, pr: PullRequestRecord, slug: string, status: ParticipantStatus, lastReviewedCommit?: string) => {
    const user = request.user!;
    if (user.slug !== slug.toLowerCase()) unauthorized('You can only change your own review status.');
    if (pr.authorSlug === user.slug) fail(400, 'The author of a pull request cannot review it.', 'com.atlassian.bitbucket.pull.InvalidPullRequestParticipantException');
    if (!['APPROVED', 'NEEDS_WORK', 'UNAPPROVED'].includes(status)) fail(400, `Invalid status: ${status}`, null, {}, 'status');
    requireOpen(pr, 'reviewed');
    if (lastReviewedCommit && lastReviewedCommit !== pr.fromCommit)
      fail(409, 'The pull request has been updated since it was last reviewed.', 'com.atlassian.bitbucket.pull.InvalidPullRequestReviewedCommitException');
    store.ensureParticipant(pr, user.slug);
    const participant = pr.reviewers.find((r) => r.slug === user.slug) ?? pr.participants.find((p) => p.slug === user.slug)!;
    if (participant.status !== status) {
      participant.status = status;
      store.addActivity(pr, user.slug, { action: status === 'APPROVED' ? 'APPROVED' : status === 'NEEDS_WORK' ? 'REVIEWED' : 'UNAPPROVED' });
    }
    participant.lastReviewedCommit = pr.fromCommit;
    store.touch();
    return participant;
  };

  route(app, 'PUT', 'api', `${P}/participants/:userSlug`, async (request, reply) => {
    const { pr } = load(request);
    const b = body(request);
    const participant = setStatus(request, pr, (request.params as { userSlug: string }).userSlug, String(b.status ?? '') as ParticipantStatus, b.lastReviewedCommit as string | undefined);
    return sendJson(reply, 200, restParticipant(store, participant, baseUrl(request)));
  });
  route(app, 'POST', 'api', `${P}/approve`, async (request, reply) => {
    const { pr } = load(request);
    return sendJson(reply, 200, restParticipant(store, setStatus(request, pr, request.user?.slug ?? '', 'APPROVED'), baseUrl(request)));
  });
  route(app, 'DELETE', 'api', `${P}/approve`, async (request, reply) => {
    const { pr } = load(request);
    return sendJson(reply, 200, restParticipant(store, setStatus(request, pr, request.user?.slug ?? '', 'UNAPPROVED'), baseUrl(request)));
  });

  // ---------------------------------------------------------------- activities, commits, changes, diff

  route(app, 'GET', 'api', `${P}/activities`, async (request, reply) => {
    const { ctx, pr } = load(request);
    const query = request.query as Record<string, string>;
    let activities = store.data.activities.filter((a) => a.repositoryId === pr.repositoryId && a.pullRequestId === pr.id).sort((a, b) => b.id - a.id);
    if (query.fromId) {
      const fromId = Number(query.fromId);
      const index = activities.findIndex((a) => ((query.fromType ?? 'ACTIVITY').toUpperCase() === 'COMMENT' ? a.commentId === fromId && a.action === 'COMMENTED' : a.id === fromId));
      if (index < 0) fail(404, `No activity ${query.fromId} exists for pull request ${pr.id}.`, EXCEPTIONS.noSuchEntity);
      activities = activities.slice(index);
    }
    return sendJson(reply, 200, paged(activities, query, (a) => restActivity(store, a, baseUrl(request), request.user, ctx.level >= 3)));
  });

  route(app, 'GET', 'api', `${P}/commits`, async (request, reply) => {
    const { repo, pr } = load(request);
    const query = request.query as Record<string, string>;
    const commits = store.log(repo, pr.fromCommit, pr.toCommit);
    const extra = bool(query.withCounts) ? { authorCount: new Set(commits.map((c) => c.author.emailAddress)).size, totalCount: commits.length } : {};
    return sendJson(reply, 200, paged(commits, query, (c) => restCommit(store, c, baseUrl(request)), extra));
  });

  route(app, 'GET', 'api', `${P}/changes`, async (request, reply) => {
    const { repo, pr } = load(request);
    const query = request.query as Record<string, string>;
    const since = query.sinceId ? commitOr404(store, repo, query.sinceId).id : store.mergeBase(repo, pr.toCommit, pr.fromCommit);
    const until = query.untilId ? commitOr404(store, repo, query.untilId).id : pr.fromCommit;
    const changes = store.changes(repo, since, until);
    const withComments = query.withComments !== 'false';
    const comments = store.pullRequestComments(pr).filter((c) => c.anchor?.path && c.parentId === undefined);
    return sendJson(
      reply,
      200,
      paged(changes, query, (c) => restChange(c, withComments ? comments.filter((x) => x.anchor!.path === c.path).length || undefined : undefined), { fromHash: since ?? undefined, toHash: until, properties: { changeScope: 'ALL' } }),
    );
  });

  const prDiff = async (request: FastifyRequest, reply: FastifyReply) => {
    const { ctx, repo, pr } = load(request);
    const query = request.query as Record<string, string>;
    const since = query.sinceId ? commitOr404(store, repo, query.sinceId).id : store.mergeBase(repo, pr.toCommit, pr.fromCommit);
    const until = query.untilId ? commitOr404(store, repo, query.untilId).id : pr.fromCommit;
    const filePath = wildcard(request);
    if (String(request.headers.accept ?? '').startsWith('text/plain')) {
      const text = rawDiff(store, repo, since, until, filePath, Number(query.contextLines ?? 10), query.srcPath);
      return reply.code(200).header('content-type', 'text/plain;charset=UTF-8').send(text);
    }
    const wrapper = diffWrapper(store, repo, since, until, filePath, query);
    // `withComments` defaults to true: each file's line comments, and their ids on the lines they are anchored to.
    if (query.withComments !== 'false') {
      const canAdmin = ctx.level >= 3;
      const anchored = store.pullRequestComments(pr).filter((c) => c.parentId === undefined && c.anchor?.path && c.anchor.line !== undefined);
      for (const diff of wrapper.diffs as DiffEntry[]) {
        const path = (diff.destination ?? diff.source)?.toString;
        const comments = anchored.filter((c) => c.anchor!.path === path);
        if (comments.length === 0) continue;
        diff.lineComments = comments.map((c) => restComment(store, c, baseUrl(request), request.user, canAdmin));
        for (const hunk of diff.hunks)
          for (const segment of hunk.segments)
            for (const line of segment.lines) {
              const ids = comments.filter((c) => c.anchor!.line === (c.anchor!.fileType === 'FROM' ? line.source : line.destination) && (!c.anchor!.lineType || c.anchor!.lineType === segment.type)).map((c) => c.id);
              if (ids.length) (line as DiffLine & { commentIds?: number[] }).commentIds = ids;
            }
      }
    }
    return sendJson(reply, 200, wrapper);
  };
  route(app, 'GET', 'api', `${P}/diff`, prDiff);
  route(app, 'GET', 'api', `${P}/diff/*`, prDiff);

  route(app, 'GET', 'api', `${P}/merge-base`, async (request, reply) => {
    const { repo, pr } = load(request);
    const base = store.mergeBase(repo, pr.toCommit, pr.fromCommit);
    if (!base) return noContent(reply);
    return sendJson(reply, 200, restCommit(store, repo.commits[base], baseUrl(request)));
  });

  // ---------------------------------------------------------------- comments

  const prScope = (pr: PullRequestRecord) => (c: CommentRecord) => c.repositoryId === pr.repositoryId && c.pullRequestId === pr.id;

  route(app, 'GET', 'api', `${P}/comments`, async (request, reply) => {
    const { ctx, pr } = load(request);
    const query = request.query as Record<string, string>;
    if (!query.path) fail(400, 'A path is required to list the comments of a pull request; use the activities to list all comments.', null, {}, 'path');
    const states = [...many(query.state), ...many(query.states)];
    const comments = store
      .pullRequestComments(pr)
      .filter((c) => c.parentId === undefined && c.anchor?.path === query.path)
      .filter((c) => states.length === 0 || states.includes(c.state))
      .sort((a, b) => a.id - b.id);
    return sendJson(reply, 200, paged(comments, query, (c) => restComment(store, c, baseUrl(request), request.user, ctx.level >= 3)));
  });

  const blockers = (request: FastifyRequest, reply: FastifyReply) => {
    const { ctx, pr } = load(request);
    const query = request.query as Record<string, string>;
    const states = [...many(query.state), ...many(query.states)].map((s) => s.toUpperCase());
    const tasks = store.pullRequestComments(pr).filter((c) => c.severity === 'BLOCKER');
    if (bool(query.count)) {
      return sendJson(reply, 200, { OPEN: tasks.filter((t) => t.state === 'OPEN').length, RESOLVED: tasks.filter((t) => t.state === 'RESOLVED').length });
    }
    const filtered = tasks.filter((t) => states.length === 0 || states.includes(t.state)).sort((a, b) => a.id - b.id);
    return sendJson(reply, 200, paged(filtered, query, (c) => restComment(store, c, baseUrl(request), request.user, ctx.level >= 3)));
  };
  route(app, 'GET', 'api', `${P}/blocker-comments`, async (request, reply) => blockers(request, reply));

  for (const [segment, forceBlocker] of [
    ['comments', false],
    ['blocker-comments', true],
  ] as const) {
    route(app, 'POST', 'api', `${P}/${segment}`, async (request, reply) => {
      const { ctx, pr } = load(request);
      const comment = createComment(store, request, ctx, { pr }, forceBlocker);
      return sendJson(reply, 201, restComment(store, comment, baseUrl(request), request.user, ctx.level >= 3));
    });
    route(app, 'GET', 'api', `${P}/${segment}/:commentId`, async (request, reply) => {
      const { ctx, pr } = load(request);
      const comment = commentOr404(store, (request.params as { commentId: string }).commentId, (c) => prScope(pr)(c) && (!forceBlocker || c.severity === 'BLOCKER'));
      return sendJson(reply, 200, restComment(store, comment, baseUrl(request), request.user, ctx.level >= 3));
    });
    route(app, 'PUT', 'api', `${P}/${segment}/:commentId`, async (request, reply) => {
      const { ctx, pr } = load(request);
      const comment = commentOr404(store, (request.params as { commentId: string }).commentId, (c) => prScope(pr)(c) && (!forceBlocker || c.severity === 'BLOCKER'));
      updateComment(store, request, ctx, comment, pr);
      return sendJson(reply, 200, restComment(store, comment, baseUrl(request), request.user, ctx.level >= 3));
    });
    route(app, 'DELETE', 'api', `${P}/${segment}/:commentId`, async (request, reply) => {
      const { ctx, pr } = load(request);
      const comment = commentOr404(store, (request.params as { commentId: string }).commentId, (c) => prScope(pr)(c) && (!forceBlocker || c.severity === 'BLOCKER'));
      deleteComment(store, request, ctx, comment, pr);
      return noContent(reply);
    });
  }

  // Commit comments.
  const C = `${R}/commits/:commitId/comments`;
  const commitScope = (repo: RepositoryRecord, commitId: string) => (c: CommentRecord) => c.repositoryId === repo.id && c.commitId === commitId;
  const loadCommit = (request: FastifyRequest) => {
    const ctx = repoAccess(store, request, request.params as PrParams);
    const commit = commitOr404(store, ctx.repo, (request.params as { commitId: string }).commitId);
    return { ctx, commitId: commit.id };
  };
  route(app, 'GET', 'api', C, async (request, reply) => {
    const { ctx, commitId } = loadCommit(request);
    const query = request.query as Record<string, string>;
    const comments = store.data.comments
      .filter((c) => commitScope(ctx.repo, commitId)(c) && c.parentId === undefined)
      .filter((c) => !query.path || c.anchor?.path === query.path)
      .sort((a, b) => a.id - b.id);
    return sendJson(reply, 200, paged(comments, query, (c) => restComment(store, c, baseUrl(request), request.user, ctx.level >= 3)));
  });
  route(app, 'POST', 'api', C, async (request, reply) => {
    const { ctx, commitId } = loadCommit(request);
    const comment = createComment(store, request, ctx, { commitId }, false);
    return sendJson(reply, 201, restComment(store, comment, baseUrl(request), request.user, ctx.level >= 3));
  });
  route(app, 'GET', 'api', `${C}/:commentId`, async (request, reply) => {
    const { ctx, commitId } = loadCommit(request);
    const comment = commentOr404(store, (request.params as { commentId: string }).commentId, commitScope(ctx.repo, commitId));
    return sendJson(reply, 200, restComment(store, comment, baseUrl(request), request.user, ctx.level >= 3));
  });
  route(app, 'PUT', 'api', `${C}/:commentId`, async (request, reply) => {
    const { ctx, commitId } = loadCommit(request);
    const comment = commentOr404(store, (request.params as { commentId: string }).commentId, commitScope(ctx.repo, commitId));
    updateComment(store, request, ctx, comment);
    return sendJson(reply, 200, restComment(store, comment, baseUrl(request), request.user, ctx.level >= 3));
  });
  route(app, 'DELETE', 'api', `${C}/:commentId`, async (request, reply) => {
    const { ctx, commitId } = loadCommit(request);
    const comment = commentOr404(store, (request.params as { commentId: string }).commentId, commitScope(ctx.repo, commitId));
    deleteComment(store, request, ctx, comment);
    return noContent(reply);
  });
}

function createComment(store: Store, request: FastifyRequest, ctx: RepoContext, target: { pr?: PullRequestRecord; commitId?: string }, forceBlocker: boolean): CommentRecord {
  const user = request.user;
  if (!user) unauthorized();
  const b = body(request);
  const text = typeof b.text === 'string' ? b.text : '';
  if (!text.trim()) fail(400, 'Please enter a non-empty value', null, {}, 'text');
  if (text.length > 32768) fail(400, 'The comment text must be 32768 characters or less.', null, {}, 'text');
  const severity = forceBlocker ? 'BLOCKER' : b.severity === 'BLOCKER' ? 'BLOCKER' : 'NORMAL';
  if (b.severity !== undefined && b.severity !== 'BLOCKER' && b.severity !== 'NORMAL') fail(400, `Invalid severity: ${String(b.severity)}`, null, {}, 'severity');
  let parentId: number | undefined;
  const parentRaw = (b.parent as { id?: unknown } | undefined)?.id;
  if (parentRaw !== undefined) {
    const parent = store.comment(Number(parentRaw));
    const sameTarget = parent && parent.repositoryId === ctx.repo.id && parent.pullRequestId === target.pr?.id && parent.commitId === target.commitId;
    if (!parent || !sameTarget) fail(404, `Comment ${String(parentRaw)} does not exist.`, EXCEPTIONS.noSuchComment);
    parentId = parent.id;
  }
  let anchor: CommentAnchorRecord | undefined;
  if (b.anchor && typeof b.anchor === 'object') {
    const a = b.anchor as Record<string, unknown>;
    if (typeof a.path !== 'string' || !a.path) fail(400, 'An anchor requires a path.', null, {}, 'anchor.path');
    anchor = {};
    for (const key of ['path', 'srcPath', 'lineType', 'fileType', 'diffType', 'fromHash', 'toHash'] as const) if (typeof a[key] === 'string') (anchor as Record<string, unknown>)[key] = a[key];
    if (typeof a.line === 'number') anchor.line = a.line;
    if (target.commitId && !anchor.diffType) anchor.diffType = 'COMMIT';
  }
  const now = Date.now();
  const comment = store.addComment({
    text,
    authorSlug: user.slug,
    createdDate: now,
    updatedDate: now,
    severity,
    repositoryId: ctx.repo.id,
    pullRequestId: target.pr?.id,
    commitId: target.commitId,
    parentId,
    anchor,
    state: b.state === 'RESOLVED' && severity === 'BLOCKER' ? 'RESOLVED' : 'OPEN',
  });
  for (const key of ['pullRequestId', 'commitId', 'parentId', 'anchor'] as const) if (comment[key] === undefined) delete comment[key];
  if (target.pr) {
    store.ensureParticipant(target.pr, user.slug);
    store.addActivity(target.pr, user.slug, { action: 'COMMENTED', commentAction: parentId ? 'REPLIED' : 'ADDED', commentId: comment.id }, now);
  }
  return comment;
}

function updateComment(store: Store, request: FastifyRequest, ctx: RepoContext, comment: CommentRecord, pr?: PullRequestRecord): void {
  const user = request.user;
  if (!user) unauthorized();
  const b = body(request);
  if (b.version === undefined) fail(400, 'You must specify the version of the comment to update.', null, {}, 'version');
  if (Number(b.version) !== comment.version)
    fail(409, 'You are attempting to modify a comment based on out-of-date information.', EXCEPTIONS.commentOutOfDate, { currentVersion: comment.version, expectedVersion: Number(b.version) });
  const isAuthor = user.slug === comment.authorSlug;
  let changed = false;
  if (typeof b.text === 'string' && b.text !== comment.text) {
    if (!isAuthor) unauthorized('Only the author of a comment may edit its text.');
    if (!b.text.trim()) fail(400, 'Please enter a non-empty value', null, {}, 'text');
    comment.text = b.text;
    changed = true;
  }
  if ((b.severity === 'BLOCKER' || b.severity === 'NORMAL') && b.severity !== comment.severity) {
    if (!isAuthor && ctx.level < 3) unauthorized();
    comment.severity = b.severity;
    if (comment.severity === 'NORMAL') comment.state = 'OPEN';
    changed = true;
  }
  if ((b.state === 'OPEN' || b.state === 'RESOLVED') && b.state !== comment.state) {
    if (comment.severity !== 'BLOCKER') fail(400, 'Only tasks (BLOCKER comments) can be resolved.', null, {}, 'state');
    comment.state = b.state;
    if (b.state === 'RESOLVED') {
      comment.resolverSlug = user.slug;
      comment.resolvedDate = Date.now();
    } else {
      delete comment.resolverSlug;
      delete comment.resolvedDate;
    }
    changed = true;
  }
  if (typeof b.threadResolved === 'boolean' && b.threadResolved !== comment.threadResolved) {
    comment.threadResolved = b.threadResolved;
    changed = true;
  }
  if (changed) {
    comment.version++;
    comment.updatedDate = Date.now();
    // No activity: real servers list a comment once in the activity stream (its ADDED/REPLIED entry shows
    // the current text). Clients depend on that: Danger JS treats every listed comment as its own and
    // deletes "duplicates", which would delete the comment it just edited.
    store.touch();
  }
}

function deleteComment(store: Store, request: FastifyRequest, ctx: RepoContext, comment: CommentRecord, pr?: PullRequestRecord): void {
  const user = request.user;
  if (!user || (user.slug !== comment.authorSlug && ctx.level < 3)) unauthorized();
  const raw = (request.query as Record<string, string>).version;
  if (raw !== undefined && Number(raw) !== comment.version)
    fail(409, 'You are attempting to modify a comment based on out-of-date information.', EXCEPTIONS.commentOutOfDate, { currentVersion: comment.version, expectedVersion: Number(raw) });
  if (store.repliesOf(comment).length) fail(409, 'This comment has replies and cannot be deleted.', EXCEPTIONS.commentDeletion);
  store.data.comments = store.data.comments.filter((c) => c !== comment);
  if (pr) {
    for (const a of store.data.activities) if (a.commentId === comment.id) delete a.commentId;
    store.addActivity(pr, user.slug, { action: 'COMMENTED', commentAction: 'DELETED' });
  }
  store.touch();
}

