/** The current user's pull requests across repositories: `/rest/api/…/dashboard/pull-requests` and the inbox. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { ParticipantRecord, ParticipantStatus, PullRequestRecord, UserRecord } from '../store/types';
import { EXCEPTIONS, baseUrl, fail, paged, requireUser, route, sendJson } from './http';
import { restPullRequest } from './serialize';

const ROLES = ['AUTHOR', 'REVIEWER', 'PARTICIPANT'] as const;
const STATES = ['OPEN', 'DECLINED', 'MERGED'];
const STATUSES: ParticipantStatus[] = ['UNAPPROVED', 'NEEDS_WORK', 'APPROVED'];
const ORDERS = ['NEWEST', 'OLDEST', 'DRAFT_STATUS', 'PARTICIPANT_STATUS', 'CLOSED_DATE'];

/** The user's part in a pull request (the author counts as AUTHOR, UNAPPROVED). */
function involvement(pr: PullRequestRecord, slug: string): ParticipantRecord | undefined {
  if (pr.authorSlug === slug) return { slug, role: 'AUTHOR', status: 'UNAPPROVED' };
  return pr.reviewers.find((r) => r.slug === slug) ?? pr.participants.find((p) => p.slug === slug);
}

/** Pull requests `user` takes part in, in repositories the caller can read. */
function involving(store: Store, request: FastifyRequest, user: UserRecord): { pr: PullRequestRecord; part: ParticipantRecord }[] {
  const readable = new Set(store.data.repositories.filter((r) => store.accessLevel(request.user, r, request.tokenPermissions ?? undefined) > 0).map((r) => r.id));
  const out: { pr: PullRequestRecord; part: ParticipantRecord }[] = [];
  for (const pr of store.data.pullRequests) {
    if (!readable.has(pr.repositoryId)) continue;
    const part = involvement(pr, user.slug);
    if (part) out.push({ pr, part });
  }
  return out;
}

const newestFirst = (a: PullRequestRecord, b: PullRequestRecord) => b.updatedDate - a.updatedDate || b.createdDate - a.createdDate || b.repositoryId - a.repositoryId || b.id - a.id;

function upperList(raw: string | undefined, allowed: readonly string[], name: string): string[] {
  if (raw === undefined || raw === '') return [];
  const values = raw.split(',').map((v) => v.trim().toUpperCase()).filter(Boolean);
  for (const v of values) if (!allowed.includes(v)) fail(400, `Invalid ${name}: ${v}. Expected one of ${allowed.join(', ')}.`, null, {}, name);
  return values;
}

export function registerDashboard(app: FastifyInstance, store: Store): void {
  route(app, 'GET', 'api', '/dashboard/pull-requests', async (request, reply) => {
    const caller = requireUser(request);
    const query = request.query as Record<string, string>;
    let user = caller;
    if (query.user) {
      const named = store.userByName(query.user);
      if (!named) fail(404, `User ${query.user} does not exist.`, EXCEPTIONS.noSuchUser);
      user = named;
    }
    const [state] = upperList(query.state, STATES, 'state');
    const [role] = upperList(query.role, ROLES, 'role');
    const statuses = upperList(query.participantStatus, STATUSES, 'participantStatus');
    const orders = upperList(query.order, ORDERS, 'order');
    let closedAfter: number | undefined;
    if (query.closedSince !== undefined && query.closedSince !== '') {
      const seconds = Number(query.closedSince);
      if (!Number.isFinite(seconds) || seconds < 0) fail(400, `Invalid closedSince: ${query.closedSince}. Expected a number of seconds.`, null, {}, 'closedSince');
      closedAfter = Date.now() - seconds * 1000;
    }
    const rows = involving(store, request, user).filter(
      ({ pr, part }) =>
        (!state || pr.state === state) &&
        (!role || part.role === role) &&
        (statuses.length === 0 || statuses.includes(part.status)) &&
        // closedSince keeps only pull requests closed within the period (open ones have no closed date).
        (closedAfter === undefined || (pr.closedDate !== undefined && pr.closedDate >= closedAfter)),
    );
    const comparators = (orders.length ? orders : ['NEWEST']).map((order) => {
      switch (order) {
        case 'OLDEST':
          return (a: (typeof rows)[0], b: (typeof rows)[0]) => -newestFirst(a.pr, b.pr);
        case 'DRAFT_STATUS': // ready for review before drafts
          return (a: (typeof rows)[0], b: (typeof rows)[0]) => Number(a.pr.draft) - Number(b.pr.draft);
        case 'PARTICIPANT_STATUS': // UNAPPROVED, NEEDS_WORK, APPROVED: what still needs the user first
          return (a: (typeof rows)[0], b: (typeof rows)[0]) => STATUSES.indexOf(a.part.status) - STATUSES.indexOf(b.part.status);
        case 'CLOSED_DATE': // open first, then the most recently closed
          return (a: (typeof rows)[0], b: (typeof rows)[0]) => (b.pr.closedDate ?? Infinity) - (a.pr.closedDate ?? Infinity) || 0;
        default:
          return (a: (typeof rows)[0], b: (typeof rows)[0]) => newestFirst(a.pr, b.pr);
      }
    });
    rows.sort((a, b) => {
      for (const compare of comparators) {
        const result = compare(a, b);
        if (result) return result;
      }
      return newestFirst(a.pr, b.pr);
    });
    return sendJson(reply, 200, paged(rows, query, ({ pr }) => restPullRequest(store, pr, baseUrl(request))));
  });

  /** Open pull requests where the current user has `role` (default REVIEWER), newest first. */
  const inbox = (request: FastifyRequest) => {
    const user = requireUser(request);
    const query = request.query as Record<string, string>;
    const [role = 'REVIEWER'] = upperList(query.role, ['REVIEWER', 'AUTHOR'], 'role');
    return involving(store, request, user)
      .filter(({ pr, part }) => pr.state === 'OPEN' && part.role === role)
      .map(({ pr }) => pr)
      .sort(newestFirst);
  };
  route(app, 'GET', 'api', '/inbox/pull-requests', async (request, reply) =>
    sendJson(reply, 200, paged(inbox(request), request.query as Record<string, unknown>, (pr) => restPullRequest(store, pr, baseUrl(request)))),
  );
  route(app, 'GET', 'api', '/inbox/pull-requests/count', async (request, reply) => sendJson(reply, 200, { count: inbox(request).length }));
}
