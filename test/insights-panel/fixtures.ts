/**
 * Fixtures and the fake client of the insights-panel tests, shaped like Bitbucket's JSON
 * (rest-contracts.md §5: report `{key,title,result?,reporter?,link?,logoUrl?,createdDate,data}`,
 * annotations `{totalCount, annotations:[{reportKey,externalId?,path?,line,message,severity,type?,link?}]}`).
 */
import { RestError } from '../../frontend/rest/errors';
import type { RestErrorKind } from '../../frontend/rest/errors';
import type { BitbucketClient } from '../../frontend/rest/api';
import type { AnnotationList, Commit, Diff, InsightAnnotation, InsightReport, PullRequest } from '../../frontend/rest/types';
import type { PullRequestContext } from '../../frontend/pr-summary/insights-context';
import { answerer, fakeBitbucketClient, pagedStub } from '../support/fake-client';
import type { Answer, FakeCall } from '../support/fake-client';
import { annotation, prContext, pullRequest as wirePullRequest, report, repository, restError as wireRestError } from '../support/wire';

export { annotation, report } from '../support/wire';
export type { Answer, FakeCall } from '../support/fake-client';

export const HEAD = '1'.repeat(40);
export const BASE = '2'.repeat(40);

export function pullRequest(patch: Partial<PullRequest> = {}): PullRequest {
  return wirePullRequest({ head: HEAD, targetHead: 'f'.repeat(40), repository: repository() }, patch);
}

export function context(patch: Partial<PullRequest> = {}): PullRequestContext {
  return prContext(pullRequest(patch));
}

export const mergeBase: Commit = {
  id: BASE,
  displayId: BASE.slice(0, 11),
  author: { name: 'bob', emailAddress: 'bob@example.com' },
  authorTimestamp: 1_690_000_000_000,
  message: 'Base',
  parents: [],
};

export function restError(kind: RestErrorKind, status: number): RestError {
  return wireRestError(kind, status, `${kind} happened`, undefined, '/bitbucket/rest/insights/latest/projects/SOUR/repos/vegeta/commits/x/reports');
}

export interface CommitAnswers {
  reports?: Answer<InsightReport[]>;
  annotations?: Answer<InsightAnnotation[]>;
}

export interface FakeInsightsClient {
  client: BitbucketClient;
  calls: FakeCall[];
  release(method: string, value: unknown): void;
}

/** A PR diff as real servers answer it when nothing the findings sit on changed. */
export const EMPTY_DIFF: Diff = { fromHash: BASE, toHash: HEAD, contextLines: 0, whitespace: 'SHOW', diffs: [], truncated: false };

/** A fake of the parts of `BitbucketClient` the insights surfaces use; answers per commit id. */
export function fakeClient(options: { commits?: Record<string, CommitAnswers>; mergeBase?: Answer<Commit | null>; diff?: Answer<Diff> } = {}): FakeInsightsClient {
  const { calls, answer, release } = answerer();
  const commit = (id: unknown): CommitAnswers => options.commits?.[String(id)] ?? {};
  const client = fakeBitbucketClient({
    core: {
      getMergeBase: (repo, id, o) => answer('getMergeBase', options.mergeBase, mergeBase, o?.signal, [repo, id]),
      getPullRequestDiff: (repo, id, o) => answer('getPullRequestDiff', options.diff, EMPTY_DIFF, o?.signal, [repo, id]),
    },
    insights: {
      listReports: (repo, commitId) =>
        pagedStub('insights.listReports', {
          getAll: (o) => answer(`listReports:${String(commitId)}`, commit(commitId).reports, [] as InsightReport[], o?.signal, [repo, commitId, o?.max]),
        }),
      getCommitAnnotations: (repo, commitId, filter, o) => {
        const value = commit(commitId).annotations;
        const wrapped: Answer<AnnotationList> | undefined = Array.isArray(value) ? { totalCount: value.length, annotations: value } : value;
        return answer(`getCommitAnnotations:${String(commitId)}`, wrapped, { totalCount: 0, annotations: [] }, o?.signal, [repo, commitId, filter]);
      },
    },
  });
  return { client, calls, release };
}

/** A head/base pair with one compared report (1 new, 1 fixed, 1 unchanged) and one report without baseline. */
const path = (value: string) => ({ components: value.split('/'), name: value.split('/').pop(), toString: value });

/**
 * The PR diff behind `standardClient`'s findings (contextLines 0): two lines added above src/a.ts's finding
 * (base line 10 → head line 12), src/b.ts added, src/old.ts deleted.
 */
export const STANDARD_DIFF = {
  fromHash: BASE,
  toHash: HEAD,
  contextLines: 0,
  whitespace: 'SHOW',
  diffs: [
    {
      source: path('src/a.ts'),
      destination: path('src/a.ts'),
      hunks: [{ sourceLine: 4, sourceSpan: 0, destinationLine: 5, destinationSpan: 2, segments: [{ type: 'ADDED', lines: [{ source: 4, destination: 5, line: 'x' }, { source: 4, destination: 6, line: 'y' }] }] }],
      truncated: false,
    },
    { destination: path('src/b.ts'), hunks: [{ sourceLine: 0, sourceSpan: 0, destinationLine: 1, destinationSpan: 3, segments: [{ type: 'ADDED', lines: [1, 2, 3].map((n) => ({ source: 0, destination: n, line: '' })) }] }], truncated: false },
    { source: path('src/old.ts'), hunks: [{ sourceLine: 1, sourceSpan: 5, destinationLine: 0, destinationSpan: 0, segments: [{ type: 'REMOVED', lines: [1, 2, 3, 4, 5].map((n) => ({ source: n, destination: 0, line: '' })) }] }], truncated: false },
  ],
  truncated: false,
} as unknown as Diff;

/** Head and merge-base findings of two reports, and (unless `diff` says otherwise) the diff that explains them. */
export function standardClient(diff: Answer<Diff> = STANDARD_DIFF): FakeInsightsClient {
  return fakeClient({
    diff,
    commits: {
      [HEAD]: {
        reports: [report('lint', { result: 'PASS' }), report('security', { result: 'FAIL', title: 'Security scan' })],
        annotations: [
          annotation('lint', 'src/a.ts', 12, 'Unused variable', { severity: 'LOW', externalId: 'L1' }),
          annotation('lint', 'src/b.ts', 3, 'Shadowed name', { severity: 'MEDIUM', externalId: 'L3' }),
          annotation('security', 'src/c.ts', 40, 'SQL injection', { severity: 'HIGH', type: 'VULNERABILITY' }),
        ],
      },
      [BASE]: {
        reports: [report('lint', { result: 'PASS' })],
        annotations: [
          annotation('lint', 'src/a.ts', 10, 'Unused variable', { severity: 'LOW', externalId: 'L1' }),
          annotation('lint', 'src/old.ts', 5, 'Too long', { severity: 'HIGH', externalId: 'L2' }),
        ],
      },
    },
  });
}
