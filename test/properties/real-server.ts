/**
 * A fake Bitbucket that answers every GET the PR-page surfaces and the viewer make with real-shaped JSON
 * (test/rest/fixtures.ts, validated against the 9.2 document by the contract test and by
 * shapes.property.test.ts), optionally with some of its optional fields dropped or set to null.
 *
 * The optional fields of each answer come from the document (`optionalFieldPaths` in
 * test/contract/openapi.ts): every property its schema does not list in `required`, plus the properties
 * real servers send beyond the spec. The branch model is not in the document: all its fields are optional.
 */
import * as fx from '../rest/fixtures';
import { optionalFieldPaths, responseSchema, type FieldPath } from '../contract/openapi';
import type { FetchLike } from '../../frontend/rest/http';

export const CONTEXT_PATH = '/bitbucket';
export const HEAD = fx.SHA;
export const BASE = fx.PARENT_SHA;
const REPO_PATH = '/projects/PRJ/repos/web-app';
const CORE = `/rest/api/latest${REPO_PATH}`;
const PR = `${CORE}/pull-requests/7`;
const INSIGHTS = `/rest/insights/latest${REPO_PATH}`;
const BRANCH_UTILS = `/rest/branch-utils/latest${REPO_PATH}`;
const AHEAD_BEHIND = 'com.atlassian.bitbucket.server.bitbucket-branch:ahead-behind-metadata-provider';

/** The PR's source branch as `…/branches?details=true` lists it: at the PR head, 1 ahead and 2 behind. */
const sourceBranch = {
  ...fx.featureBranch,
  latestCommit: HEAD,
  latestChangeset: HEAD,
  metadata: { [AHEAD_BEHIND]: { ahead: 1, behind: 2 } },
};

/** A comment with a 👍 by another user, as `properties.reactions` embeds it (rest-contracts.md §4). */
const reactedComment = {
  ...fx.comment,
  severity: 'NORMAL',
  properties: { repositoryId: 11, reactions: [{ emoticon: { shortcut: 'thumbsup', url: `${fx.BASE}/s/emoji/1f44d.svg`, value: '\u{1F44D}' }, users: [fx.otherUser] }] },
  comments: [{ ...fx.comment, id: 43, text: 'Done', severity: 'NORMAL', comments: [] }],
};

const baseCommit = { ...fx.commit, id: BASE, displayId: BASE.slice(0, 11), parents: [] };

const pathJson = (path: string) => {
  const components = path.split('/');
  const name = components[components.length - 1];
  return { components, parent: components.slice(0, -1).join('/'), name, extension: name.split('.').pop(), toString: path };
};

/**
 * A `…/diff?contextLines=0&withComments=false` answer in the wrapper real servers send (rest-contracts.md §2.2
 * "Diff"; drone/go-scm `pr_file_diff.json`): a modified file, an added one without `source`, a renamed one.
 */
const diffBody = (fromHash: string, toHash: string) => ({
  fromHash,
  toHash,
  contextLines: 0,
  whitespace: 'SHOW',
  diffs: [
    {
      source: pathJson('src/a b.ts'),
      destination: pathJson('src/a b.ts'),
      hunks: [
        {
          context: 'export function main() {',
          sourceLine: 12,
          sourceSpan: 1,
          destinationLine: 12,
          destinationSpan: 2,
          segments: [
            { type: 'REMOVED', lines: [{ source: 12, destination: 12, line: '  run();', truncated: false }], truncated: false },
            { type: 'ADDED', lines: [{ source: 13, destination: 12, line: '  run(1);', truncated: false }, { source: 13, destination: 13, line: '  done();', truncated: false }], truncated: false },
          ],
          truncated: false,
        },
      ],
      truncated: false,
    },
    { destination: pathJson('src/new.ts'), hunks: [{ sourceLine: 0, sourceSpan: 0, destinationLine: 1, destinationSpan: 1, segments: [{ type: 'ADDED', lines: [{ source: 0, destination: 1, line: 'x();', truncated: false }], truncated: false }], truncated: false }], truncated: false },
    { source: pathJson('src/old/name.ts'), destination: pathJson('src/new/name.ts'), hunks: [], truncated: false },
  ],
  truncated: false,
});

export interface Route {
  /** Path after the context path; matched exactly (the query is not looked at). */
  path: string;
  /** Fresh real-shaped body for each request. */
  body(): unknown;
}

/** Every answer the surfaces read, by name. `pullRequest` is also the PR the page hands the surfaces. */
export const ROUTES = {
  pullRequest: { path: PR, body: () => fx.pullRequest },
  mergeStatus: { path: `${PR}/merge`, body: () => fx.mergeStatus },
  openTasks: { path: `${PR}/blocker-comments`, body: () => fx.page([fx.comment]) },
  builds: { path: `/rest/build-status/latest/commits/${HEAD}`, body: () => ({ ...fx.page([fx.buildStatus, { ...fx.buildStatus, key: 'CI-2', name: 'CI #2', state: 'FAILED' }]), limit: 100 }) },
  headReports: { path: `${INSIGHTS}/commits/${HEAD}/reports`, body: () => fx.page([fx.report]) },
  headAnnotations: { path: `${INSIGHTS}/commits/${HEAD}/annotations`, body: () => fx.annotations },
  mergeBase: { path: `${PR}/merge-base`, body: () => baseCommit },
  pullRequestDiff: { path: `${PR}/diff`, body: () => diffBody(BASE, HEAD) },
  commitDiff: { path: `${CORE}/commits/${HEAD}/diff`, body: () => diffBody(BASE, HEAD) },
  baseReports: { path: `${INSIGHTS}/commits/${BASE}/reports`, body: () => fx.page([{ ...fx.report, result: 'PASS' }]) },
  baseAnnotations: { path: `${INSIGHTS}/commits/${BASE}/annotations`, body: () => ({ totalCount: 1, annotations: [fx.annotations.annotations[1]] }) },
  branches: { path: `${CORE}/branches`, body: () => fx.page([sourceBranch]) },
  branchModel: { path: `${BRANCH_UTILS}/branchmodel`, body: () => fx.branchModel },
  containing: { path: `${BRANCH_UTILS}/branches/info/${HEAD}`, body: () => fx.page([sourceBranch, fx.branch]) },
  users: { path: '/rest/api/latest/users', body: () => fx.page([fx.user]) },
  commits: { path: `${CORE}/commits`, body: () => fx.page([fx.commit, baseCommit]) },
  activities: { path: `${PR}/activities`, body: () => fx.page([{ ...fx.activity, comment: reactedComment }]) },
  repositories: { path: '/rest/api/latest/repos', body: () => fx.page([fx.repository]) },
  repository: { path: CORE, body: () => fx.repository },
  defaultBranch: { path: `${CORE}/default-branch`, body: () => fx.defaultRef },
  pullRequests: { path: `${CORE}/pull-requests`, body: () => fx.page([fx.pullRequest]) },
  pullRequestCommits: { path: `${PR}/commits`, body: () => fx.page([fx.commit]) },
} satisfies Record<string, Route>;

export type RouteName = keyof typeof ROUTES;

/** Leave the field out, send `null`, or send it empty (`""`, `[]`, `{}`; numbers and booleans stay). */
export type Mode = 'drop' | 'null' | 'empty';

export interface Mutation {
  route: RouteName;
  path: FieldPath;
  mode: Mode;
}

/** The optional fields of each route's answer, from the 9.2 document. */
export function optionalFields(route: RouteName): FieldPath[] {
  const { path, body } = ROUTES[route];
  return optionalFieldPaths(responseSchema('GET', path), body());
}

/** Drops or nulls one field of a deep copy; a field whose parent an earlier mutation removed is skipped. */
export function mutate(body: unknown, mutations: readonly { path: FieldPath; mode: Mode }[]): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as unknown;
  for (const { path, mode } of mutations) {
    let parent = copy as Record<string | number, unknown> | null;
    for (const key of path.slice(0, -1)) {
      const next = parent?.[key];
      parent = typeof next === 'object' && next !== null ? (next as Record<string | number, unknown>) : null;
    }
    const key = path[path.length - 1];
    if (!parent || !(key in parent)) continue;
    if (mode === 'drop') delete parent[key];
    else if (mode === 'null') parent[key] = null;
    else parent[key] = emptied(parent[key]);
  }
  return copy;
}

function emptied(value: unknown): unknown {
  if (typeof value === 'string') return '';
  if (Array.isArray(value)) return [];
  if (typeof value === 'object' && value !== null) return {};
  return value;
}

export interface RealServer {
  fetch: FetchLike;
  /** Requests no route answered (a fixture gap: the surface then shows an error, not the data under test). */
  unmatched: string[];
  requests: string[];
}

/** jsdom has no fetch `Response`: the client needs only status, headers.get and text(). */
function reply(status: number, body: unknown): Response {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    status,
    ok: status < 300,
    headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json;charset=UTF-8' : null) },
    text: async () => text,
  } as unknown as Response;
}

/** An answer other than 200 (an error envelope): `answers: { builds: failure(401, body) }`. */
export class Failure {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export const failure = (status: number, body: unknown): Failure => new Failure(status, body);

/** `answers` replaces a route's body (a recorded one, or a `failure()`); `mutations` then apply to 200 bodies. */
export function realServer(mutations: readonly Mutation[] = [], answers: Partial<Record<RouteName, unknown>> = {}): RealServer {
  const unmatched: string[] = [];
  const requests: string[] = [];
  const byPath = new Map<string, RouteName>(Object.entries(ROUTES).map(([name, route]) => [route.path, name as RouteName]));
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input, 'http://localhost');
    const path = url.pathname.slice(CONTEXT_PATH.length);
    requests.push(`${init.method ?? 'GET'} ${path}${url.search}`);
    const name = (init.method ?? 'GET') === 'GET' ? byPath.get(path) : undefined;
    if (!name) {
      unmatched.push(`${init.method ?? 'GET'} ${path}`);
      return reply(404, { errors: [{ context: null, message: `No route for ${path}`, exceptionName: null }] });
    }
    const body = name in answers ? answers[name] : ROUTES[name].body();
    if (body instanceof Failure) return reply(body.status, body.body);
    const mine = mutations.filter((m) => m.route === name);
    return reply(200, mine.length ? mutate(body, mine) : body);
  };
  return { fetch, unmatched, requests };
}
