/**
 * Every BitbucketClient method, called against a recording fetch, must hit an operation of Atlassian's
 * 9.2 OpenAPI document with the right method, path template and documented query parameter names, send
 * a request body the spec declares, and be fed response bodies that validate against the spec.
 */
import type { BitbucketClient } from '../../frontend/rest/api';
import { createBitbucketClient } from '../../frontend/rest/client';
import * as fx from '../rest/fixtures';
import { fakeFetch, json, noContent, type RecordedCall } from '../rest/fake-fetch';
import { declaresQueryParameter, findOperation, validateRequestBody, validateResponse } from './openapi';

/**
 * Documented spec gaps, and ONLY those (known gaps of the 9.2 document, see openapi.ts): the branch model
 * `GET /rest/branch-utils/latest/projects/{projectKey}/repos/{repositorySlug}/branchmodel` exists on real
 * servers but is absent from the 9.2 document. Its response is checked against the shape in
 * rest-contracts.md §3 instead.
 */
const SPEC_GAPS: { method: string; pattern: RegExp; checkResponse(body: unknown): string[] }[] = [
  {
    method: 'GET',
    pattern: /^\/rest\/branch-utils\/latest\/projects\/[^/]+\/repos\/[^/]+\/branchmodel$/,
    checkResponse(body) {
      const model = body as { types?: unknown; development?: { id?: unknown } };
      const problems: string[] = [];
      if (!Array.isArray(model.types)) problems.push('branchmodel: types must be an array');
      for (const type of (model.types as { id?: string; prefix?: unknown }[]) ?? []) {
        if (!['BUGFIX', 'FEATURE', 'HOTFIX', 'RELEASE'].includes(String(type.id))) problems.push(`branchmodel: unknown type ${String(type.id)}`);
        if (typeof type.prefix !== 'string') problems.push('branchmodel: prefix must be a string');
      }
      if (model.development !== undefined && typeof model.development.id !== 'string') problems.push('branchmodel: development.id');
      return problems;
    },
  },
];

interface Answer {
  status: number;
  body?: unknown;
}

interface Case {
  /** `group.method` */
  method: string;
  run(client: BitbucketClient): Promise<unknown>;
  answer(call: RecordedCall): Answer;
  /** What the method must resolve with (checks the client reads the answer, not just sends requests). */
  expected: unknown;
  /** Query parameters the call must send, name → value. */
  query?: Record<string, string | string[]>;
  /** Request body the call must send. */
  body?: unknown;
}

const R = fx.REPO;
/** A renamed file with one changed line, as real servers answer `…/diff` (rest-contracts.md §2.2 "Diff"). */
const DIFF = {
  fromHash: fx.PARENT_SHA,
  toHash: fx.SHA,
  contextLines: 0,
  whitespace: 'SHOW',
  diffs: [
    {
      source: { components: ['src', 'old.ts'], parent: 'src', name: 'old.ts', extension: 'ts', toString: 'src/old.ts' },
      destination: { components: ['src', 'new.ts'], parent: 'src', name: 'new.ts', extension: 'ts', toString: 'src/new.ts' },
      hunks: [
        {
          sourceLine: 3,
          sourceSpan: 0,
          destinationLine: 4,
          destinationSpan: 1,
          segments: [{ type: 'ADDED', lines: [{ source: 4, destination: 4, line: 'x();', truncated: false }], truncated: false }],
          truncated: false,
        },
      ],
      truncated: false,
    },
  ],
  truncated: false,
};
const ok = (body: unknown): Answer => ({ status: 200, body });
const created = (body: unknown): Answer => ({ status: 201, body });
const empty: Answer = { status: 204 };

const cases: Case[] = [
  { method: 'core.listProjects', run: (c) => c.core.listProjects().getAll(), answer: () => ok(fx.page([fx.project])), expected: [fx.project] },
  {
    method: 'core.listRepositories',
    run: (c) => c.core.listRepositories({ name: 'web', projectName: 'Project', projectKey: 'PRJ' }).getAll(),
    answer: () => ok(fx.page([fx.repository])),
    expected: [fx.repository],
    query: { name: 'web', projectname: 'Project', projectkey: 'PRJ' },
  },
  { method: 'core.getRepository', run: (c) => c.core.getRepository(R), answer: () => ok(fx.repository), expected: fx.repository },
  {
    method: 'core.getRepoPermissions',
    run: (c) => c.core.getRepoPermissions(R, 'jdoe'),
    // `filter` is "contains": jdoe2 matches too and must not count.
    answer: (call) => {
      const permission = call.query.find(([k]) => k === 'permission.1')?.[1];
      return ok(fx.page(permission === 'REPO_ADMIN' ? [fx.otherUser] : [fx.otherUser, fx.user]));
    },
    expected: { read: true, write: true, admin: false },
  },
  {
    method: 'core.hasRepoPermission',
    run: (c) => c.core.hasRepoPermission(R, 'jdoe', 'REPO_WRITE'),
    // `filter` is "contains": only the exact slug counts.
    answer: () => ok(fx.page([fx.otherUser, fx.user])),
    expected: true,
    query: { filter: 'jdoe', 'permission.1': 'REPO_WRITE', 'permission.1.projectKey': R.projectKey, 'permission.1.repositorySlug': R.repositorySlug },
  },
  {
    method: 'core.listBranches',
    run: (c) => c.core.listBranches(R, { filterText: 'feat', orderBy: 'MODIFICATION', details: true, base: 'refs/heads/main' }).getAll(),
    answer: () => ok(fx.page([fx.featureBranch])),
    expected: [fx.featureBranchRead],
    query: { filterText: 'feat', orderBy: 'MODIFICATION', details: 'true', base: 'refs/heads/main' },
  },
  { method: 'core.getDefaultBranch', run: (c) => c.core.getDefaultBranch(R), answer: () => ok(fx.defaultRef), expected: fx.defaultRef },
  {
    method: 'core.listCommits',
    run: (c) => c.core.listCommits(R, { until: 'refs/heads/main', since: fx.PARENT_SHA, path: 'src/a.ts' }).getAll(),
    answer: () => ok(fx.page([fx.commit])),
    expected: [fx.commit],
    query: { until: 'refs/heads/main', since: fx.PARENT_SHA, path: 'src/a.ts' },
  },
  { method: 'core.getCommit', run: (c) => c.core.getCommit(R, fx.SHA), answer: () => ok(fx.commit), expected: fx.commit },
  {
    method: 'core.getRawFile',
    run: (c) => c.core.getRawFile(R, 'src/a b.ts', fx.SHA),
    answer: () => ({ status: 200, body: 'export const a = 1;\n' }),
    expected: 'export const a = 1;\n',
    query: { at: fx.SHA },
  },
  {
    method: 'core.editFile',
    run: (c) => c.core.editFile(R, 'docs/read me.md', { branch: 'main', content: '# Hi', message: 'Edit', sourceCommitId: fx.SHA }),
    answer: () => ok(fx.commit),
    expected: fx.commit,
    body: { multipart: true, branch: 'main', content: '# Hi', message: 'Edit', sourceCommitId: fx.SHA },
  },
  {
    method: 'core.listPullRequests',
    run: (c) => c.core.listPullRequests(R, { state: 'ALL', at: 'refs/heads/main', direction: 'INCOMING', order: 'NEWEST' }).getAll(),
    answer: () => ok(fx.page([fx.pullRequest])),
    expected: [fx.pullRequest],
    query: { state: 'ALL', at: 'refs/heads/main', direction: 'INCOMING', order: 'NEWEST' },
  },
  { method: 'core.pullRequestsContaining', run: (c) => c.core.pullRequestsContaining(R, fx.SHA).getAll(), answer: () => ok(fx.page([fx.pullRequest])), expected: [fx.pullRequest] },
  { method: 'core.getPullRequest', run: (c) => c.core.getPullRequest(R, 7), answer: () => ok(fx.pullRequest), expected: fx.pullRequest },
  {
    method: 'core.createPullRequest',
    run: (c) => c.core.createPullRequest(R, { title: 'T', description: 'D', fromRef: 'feature/x', toRef: 'refs/heads/main', reviewers: ['jdoe2'], draft: true }),
    answer: () => created(fx.pullRequest),
    expected: fx.pullRequest,
    body: {
      title: 'T',
      description: 'D',
      fromRef: { id: 'refs/heads/feature/x', repository: { slug: 'web-app', project: { key: 'PRJ' } } },
      toRef: { id: 'refs/heads/main', repository: { slug: 'web-app', project: { key: 'PRJ' } } },
      reviewers: [{ user: { name: 'jdoe2' } }],
      draft: true,
    },
  },
  {
    method: 'core.updatePullRequest',
    run: (c) => c.core.updatePullRequest(R, 7, { version: 3, title: 'New', description: 'Desc', reviewers: ['jdoe2'], draft: false }),
    answer: () => ok({ ...fx.pullRequest, version: 4, title: 'New' }),
    expected: { ...fx.pullRequest, version: 4, title: 'New' },
    body: { version: 3, title: 'New', description: 'Desc', reviewers: [{ user: { name: 'jdoe2' } }], draft: false },
  },
  { method: 'core.getMergeStatus', run: (c) => c.core.getMergeStatus(R, 7), answer: () => ok(fx.mergeStatus), expected: fx.mergeStatus },
  {
    method: 'core.merge',
    run: (c) => c.core.merge(R, 7, 3),
    answer: () => ok({ ...fx.pullRequest, state: 'MERGED', open: false, closed: true }),
    expected: { ...fx.pullRequest, state: 'MERGED', open: false, closed: true },
    query: { version: '3' },
    body: { version: 3 },
  },
  {
    method: 'core.decline',
    run: (c) => c.core.decline(R, 7, 3),
    answer: () => ok({ ...fx.pullRequest, state: 'DECLINED', open: false, closed: true }),
    expected: { ...fx.pullRequest, state: 'DECLINED', open: false, closed: true },
    query: { version: '3' },
    body: { version: 3 },
  },
  {
    method: 'core.reopen',
    run: (c) => c.core.reopen(R, 7, 4),
    answer: () => ok(fx.pullRequest),
    expected: fx.pullRequest,
    query: { version: '4' },
    body: { version: 4 },
  },
  { method: 'core.listParticipants', run: (c) => c.core.listParticipants(R, 7).getAll(), answer: () => ok(fx.page([fx.reviewer])), expected: [fx.reviewer] },
  {
    method: 'core.setReviewStatus',
    run: (c) => c.core.setReviewStatus(R, 7, 'jdoe2', 'NEEDS_WORK'),
    answer: () => ok({ ...fx.reviewer, status: 'NEEDS_WORK', approved: false }),
    expected: { ...fx.reviewer, status: 'NEEDS_WORK', approved: false },
    body: { status: 'NEEDS_WORK' },
  },
  { method: 'core.listActivities', run: (c) => c.core.listActivities(R, 7).getAll(), answer: () => ok(fx.page([fx.activity])), expected: [fx.activity] },
  {
    method: 'core.listBlockerComments',
    run: (c) => c.core.listBlockerComments(R, 7, { state: 'OPEN' }).getAll(),
    answer: () => ok(fx.page([fx.comment])),
    expected: [fx.comment],
    query: { state: 'OPEN' },
  },
  { method: 'core.listPullRequestCommits', run: (c) => c.core.listPullRequestCommits(R, 7).getAll(), answer: () => ok(fx.page([fx.commit])), expected: [fx.commit] },
  {
    method: 'core.listPullRequestChanges',
    run: (c) => c.core.listPullRequestChanges(R, 7).getAll(),
    answer: () => ok({ ...fx.page([fx.change]), fromHash: fx.SHA, toHash: fx.PARENT_SHA }),
    expected: [fx.change],
  },
  { method: 'core.getMergeBase', run: (c) => c.core.getMergeBase(R, 7), answer: () => ok(fx.commit), expected: fx.commit },
  {
    method: 'core.getPullRequestDiff',
    run: (c) => c.core.getPullRequestDiff(R, 7),
    answer: () => ok(DIFF),
    expected: DIFF,
    query: { contextLines: '0', withComments: 'false' },
  },
  {
    method: 'core.getCommitDiff',
    run: (c) => c.core.getCommitDiff(R, fx.PARENT_SHA, fx.SHA),
    answer: () => ok(DIFF),
    expected: DIFF,
    query: { since: fx.PARENT_SHA, contextLines: '0', withComments: 'false' },
  },
  {
    method: 'branches.createBranch',
    run: (c) => c.branches.createBranch(R, { name: 'feature/y', startPoint: fx.SHA }),
    answer: () => created({ ...fx.featureBranch, id: 'refs/heads/feature/y', displayId: 'feature/y' }),
    expected: { ...fx.featureBranchRead, id: 'refs/heads/feature/y', displayId: 'feature/y' },
    body: { name: 'feature/y', startPoint: fx.SHA },
  },
  {
    method: 'branches.deleteBranch',
    run: (c) => c.branches.deleteBranch(R, { name: 'refs/heads/feature/x', dryRun: true, endPoint: fx.PARENT_SHA }),
    answer: () => empty,
    expected: undefined,
    body: { name: 'refs/heads/feature/x', dryRun: true, endPoint: fx.PARENT_SHA },
  },
  { method: 'branches.branchesContaining', run: (c) => c.branches.branchesContaining(R, fx.SHA).getAll(), answer: () => ok(fx.page([fx.branch])), expected: [fx.branchRead] },
  { method: 'branches.getBranchModel', run: (c) => c.branches.getBranchModel(R), answer: () => ok(fx.branchModel), expected: fx.branchModelRead },
  { method: 'likes.addPullRequestReaction', run: (c) => c.likes.addPullRequestReaction(R, 7, 42, 'heart'), answer: () => ok(fx.reaction), expected: fx.reaction },
  { method: 'likes.removePullRequestReaction', run: (c) => c.likes.removePullRequestReaction(R, 7, 42, 'heart'), answer: () => empty, expected: undefined },
  { method: 'likes.addCommitReaction', run: (c) => c.likes.addCommitReaction(R, fx.SHA, 42, 'thumbsup'), answer: () => ok(fx.reaction), expected: fx.reaction },
  { method: 'likes.removeCommitReaction', run: (c) => c.likes.removeCommitReaction(R, fx.SHA, 42, 'thumbsup'), answer: () => empty, expected: undefined },
  { method: 'insights.listReports', run: (c) => c.insights.listReports(R, fx.SHA).getAll(), answer: () => ok(fx.page([fx.report])), expected: [fx.report] },
  { method: 'insights.getReport', run: (c) => c.insights.getReport(R, fx.SHA, 'com.example.lint'), answer: () => ok(fx.report), expected: fx.report },
  {
    method: 'insights.putReport',
    run: (c) => c.insights.putReport(R, fx.SHA, 'com.example.lint', { title: 'Lint', result: 'FAIL', data: fx.report.data }),
    answer: () => ok(fx.report),
    expected: fx.report,
    body: { title: 'Lint', result: 'FAIL', data: fx.report.data },
  },
  { method: 'insights.deleteReport', run: (c) => c.insights.deleteReport(R, fx.SHA, 'com.example.lint'), answer: () => empty, expected: undefined },
  {
    method: 'insights.getReportAnnotations',
    run: (c) => c.insights.getReportAnnotations(R, fx.SHA, 'com.example.lint'),
    answer: () => ok(fx.annotations),
    expected: fx.annotations,
  },
  {
    method: 'insights.getCommitAnnotations',
    run: (c) => c.insights.getCommitAnnotations(R, fx.SHA, { key: ['com.example.lint'], severity: ['HIGH', 'MEDIUM'], type: ['BUG'], path: ['src/a b.ts'], externalId: ['lint-1'] }),
    answer: () => ok(fx.annotations),
    expected: fx.annotations,
    query: { key: 'com.example.lint', severity: ['HIGH', 'MEDIUM'], type: 'BUG', path: 'src/a b.ts', externalId: 'lint-1' },
  },
  {
    method: 'insights.addAnnotations',
    run: (c) => c.insights.addAnnotations(R, fx.SHA, 'com.example.lint', [{ message: 'Bad', severity: 'HIGH', path: 'src/a.ts', line: 2, type: 'BUG', externalId: 'x-1' }]),
    answer: () => empty,
    expected: undefined,
    body: { annotations: [{ message: 'Bad', severity: 'HIGH', path: 'src/a.ts', line: 2, type: 'BUG', externalId: 'x-1' }] },
  },
  {
    method: 'insights.putAnnotation',
    run: (c) => c.insights.putAnnotation(R, fx.SHA, 'com.example.lint', 'x-1', { message: 'Bad', severity: 'LOW' }),
    answer: () => empty,
    expected: undefined,
    body: { message: 'Bad', severity: 'LOW' },
  },
  {
    method: 'insights.deleteAnnotations',
    run: (c) => c.insights.deleteAnnotations(R, fx.SHA, 'com.example.lint', ['x-1', 'x-2']),
    answer: () => empty,
    expected: undefined,
    query: { externalId: ['x-1', 'x-2'] },
  },
  {
    method: 'builds.getBuildStatuses',
    run: (c) => c.builds.getBuildStatuses(R, fx.SHA),
    answer: () => ok({ ...fx.page([fx.buildStatus]), limit: 100 }),
    expected: [fx.buildStatusRead],
  },
];

/** Everything wrong with one recorded call and the answer it got, per the spec. */
function contractProblems(call: RecordedCall, answer: Answer): string[] {
  const gap = SPEC_GAPS.find((g) => g.method === call.method && g.pattern.test(call.path));
  if (gap) return call.query.length ? ['spec gap called with query parameters'] : gap.checkResponse(answer.body);
  const match = findOperation(call.method, call.path);
  if (!match) return [`${call.method} ${call.path} is not an operation of the spec`];
  const problems: string[] = [];
  for (const [name] of call.query) if (!declaresQueryParameter(match, name)) problems.push(`${match.operationId}: query parameter '${name}' is not in the spec`);
  for (const p of match.parameters) {
    if (p.in === 'query' && p.required && !call.query.some(([name]) => name === p.name)) problems.push(`${match.operationId}: required query parameter '${p.name}' missing`);
  }
  const body = call.body && typeof call.body === 'object' && 'multipart' in call.body ? Object.fromEntries(Object.entries(call.body).filter(([k]) => k !== 'multipart')) : call.body;
  problems.push(...validateRequestBody(call.method, call.path, body));
  if (call.body && typeof call.body === 'object' && 'multipart' in call.body && !match.operation.requestBody?.content?.['multipart/form-data']) {
    problems.push(`${match.operationId}: sent multipart, spec wants another media type`);
  }
  const isJsonAnswer = typeof answer.body !== 'string';
  if (isJsonAnswer) problems.push(...validateResponse(call.method, call.path, answer.status, answer.body));
  else if (!match.operation.responses?.[String(answer.status)]) problems.push(`${match.operationId}: status ${answer.status} not documented`);
  return problems;
}

function respond(answer: Answer): Response {
  if (answer.status === 204) return noContent();
  if (typeof answer.body === 'string') return new Response(answer.body, { status: answer.status, headers: { 'content-type': 'text/plain' } });
  return json(answer.body, answer.status);
}

describe('REST client contract against bitbucket-dc-9.2-openapi.json', () => {
  it('has a case for every client method', () => {
    const client = createBitbucketClient({ fetch: fakeFetch(() => noContent()).fetch });
    const methods = (['core', 'branches', 'likes', 'insights', 'builds'] as const).flatMap((group) =>
      Object.keys(client[group]).map((name) => `${group}.${name}`),
    );
    expect(methods.length).toBeGreaterThan(40);
    expect(cases.map((c) => c.method).sort()).toEqual(methods.sort());
  });

  it.each(cases.map((c) => [c.method, c] as const))('%s calls a documented operation with documented parameters and bodies', async (_name, testCase) => {
    const answers: Answer[] = [];
    const { fetch, calls } = fakeFetch((call) => {
      const answer = testCase.answer(call);
      answers.push(answer);
      return respond(answer);
    }, '/bitbucket');
    const client = createBitbucketClient({ fetch, contextPath: '/bitbucket', cacheTtlMs: 0 });

    await expect(testCase.run(client)).resolves.toEqual(testCase.expected);

    expect(calls.length).toBeGreaterThan(0);
    const problems = calls.flatMap((call, i) => contractProblems(call, answers[i]));
    expect(problems).toEqual([]);
    for (const call of calls) {
      expect(call.url.startsWith('/bitbucket/rest/')).toBe(true);
      // Path parameters carry the caller's values, not something else that happens to fit the template.
      const params = findOperation(call.method, call.path)?.pathParams ?? {};
      if (params.projectKey) expect(params).toMatchObject({ projectKey: 'PRJ', repositorySlug: 'web-app' });
      if (params.commitId) expect(params.commitId).toBe(fx.SHA);
      if (params.pullRequestId) expect(params.pullRequestId).toBe('7');
      if (testCase.query) {
        for (const [name, value] of Object.entries(testCase.query)) {
          expect(call.query.filter(([k]) => k === name).map(([, v]) => v)).toEqual(Array.isArray(value) ? value : [value]);
        }
      }
    }
    if (testCase.body !== undefined) expect(calls[calls.length - 1].body).toEqual(testCase.body);
  });

  it('the checker rejects paths, query parameters and bodies the spec lacks', () => {
    const call = (method: string, url: string, body?: unknown): RecordedCall => {
      const parsed = new URL(url, 'http://x');
      return { method, url, path: parsed.pathname, query: [...parsed.searchParams.entries()], headers: {}, body, rawBody: undefined, credentials: 'same-origin', signal: undefined };
    };
    expect(contractProblems(call('GET', '/rest/api/latest/projects/P/repos/r/pull-requests/1/tasks'), ok({}))).toEqual([
      'GET /rest/api/latest/projects/P/repos/r/pull-requests/1/tasks is not an operation of the spec',
    ]);
    expect(contractProblems(call('GET', '/rest/api/latest/projects/P/repos/r/branches?sort=x'), ok(fx.page([fx.branch])))).toEqual([
      "getBranches: query parameter 'sort' is not in the spec",
    ]);
    expect(contractProblems(call('GET', '/rest/api/latest/projects/P/repos/r/commits/abc/builds'), ok(fx.buildStatus))).toEqual([
      "get: required query parameter 'key' missing",
    ]);
    expect(contractProblems(call('POST', '/rest/branch-utils/latest/projects/P/repos/r/branches', { name: 'x', startPoint: fx.SHA, message: 'm' }), created(fx.branch))).toEqual([
      "createBranch request: (root) must NOT have additional properties 'message'",
    ]);
    expect(contractProblems(call('GET', '/rest/api/latest/projects/P/repos/r/pull-requests/1/merge'), ok({ ...fx.mergeStatus, canMerge: 'yes' }))).toEqual([
      'canMerge 200: /canMerge must be boolean',
    ]);
    expect(contractProblems(call('GET', '/rest/api/latest/users?permission.1=REPO_WRITE&permission.1.projectKey=P&permission.1.colour=red'), ok(fx.page([fx.user])))).toEqual([
      "getUsers_2: query parameter 'permission.1.colour' is not in the spec",
    ]);
    expect(contractProblems(call('DELETE', '/rest/api/latest/projects/P/repos/r/branches'), empty)).toEqual([
      'DELETE /rest/api/latest/projects/P/repos/r/branches is not an operation of the spec',
    ]);
  });

  it('validates insight data values by their type (README deviation) and nothing else is relaxed', () => {
    const reportPath = `/rest/insights/latest/projects/P/repos/r/commits/${fx.SHA}/reports/k`;
    expect(validateResponse('GET', reportPath, 200, fx.report)).toEqual([]);
    const bad = { ...fx.report, data: [{ title: 'Issues', type: 'NUMBER', value: 'three' }] };
    expect(validateResponse('GET', reportPath, 200, bad).join('\n')).toMatch(/value must be number/);
    const badLink = { ...fx.report, data: [{ title: 'L', type: 'LINK', value: { href: 'https://x' } }] };
    expect(validateResponse('GET', reportPath, 200, badLink).join('\n')).toMatch(/linktext/);
    expect(validateResponse('GET', reportPath, 200, { ...fx.report, createdDate: 'yesterday' }).join('\n')).toMatch(/createdDate must be number/);
    expect(validateResponse('GET', reportPath, 418, fx.report)).toEqual(['getACodeInsightsReport: status 418 is not documented']);
  });
});
