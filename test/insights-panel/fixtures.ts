/**
 * Fixtures and the fake client of the insights-panel tests, shaped like Bitbucket's JSON
 * (rest-contracts.md §5: report `{key,title,result?,reporter?,link?,logoUrl?,createdDate,data}`,
 * annotations `{totalCount, annotations:[{reportKey,externalId?,path?,line,message,severity,type?,link?}]}`).
 */
import { RestError } from '../../frontend/rest/errors';
import type { RestErrorKind } from '../../frontend/rest/errors';
import type { BitbucketClient } from '../../frontend/rest/api';
import type { AnnotationList, Commit, InsightAnnotation, InsightReport, PullRequest, Repository } from '../../frontend/rest/types';
import type { PullRequestContext } from '../../frontend/insights-panel/context';

export const HEAD = '1'.repeat(40);
export const BASE = '2'.repeat(40);

export const repository: Repository = {
  slug: 'vegeta',
  id: 11,
  name: 'Vegeta',
  scmId: 'git',
  state: 'AVAILABLE',
  forkable: true,
  public: false,
  project: { key: 'SOUR', id: 1, name: 'Source', public: false, type: 'NORMAL' },
  links: { self: [{ href: 'http://localhost:7990/bitbucket/projects/SOUR/repos/vegeta/browse' }] },
};

export function pullRequest(patch: Partial<PullRequest> = {}): PullRequest {
  const user = { id: 1, name: 'alice', slug: 'alice', displayName: 'Alice' };
  return {
    id: 7,
    version: 0,
    title: 'Add insights',
    state: 'OPEN',
    open: true,
    closed: false,
    createdDate: 1_700_000_000_000,
    updatedDate: 1_700_000_000_000,
    fromRef: { id: 'refs/heads/feature/x', displayId: 'feature/x', latestCommit: HEAD, type: 'BRANCH', repository },
    toRef: { id: 'refs/heads/master', displayId: 'master', latestCommit: 'f'.repeat(40), type: 'BRANCH', repository },
    author: { user, role: 'AUTHOR', approved: false, status: 'UNAPPROVED' },
    reviewers: [],
    participants: [],
    links: { self: [{ href: 'http://localhost:7990/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7' }] },
    ...patch,
  };
}

export function context(patch: Partial<PullRequest> = {}): PullRequestContext {
  return { pullRequest: pullRequest(patch), repository, project: repository.project };
}

export function report(key: string, patch: Partial<InsightReport> = {}): InsightReport {
  return { key, title: `Report ${key}`, result: 'PASS', reporter: 'Acme CI', createdDate: 1_700_000_000_000, data: [], ...patch };
}

export function annotation(reportKey: string, path: string, line: number, message: string, patch: Partial<InsightAnnotation> = {}): InsightAnnotation {
  return { reportKey, path, line, message, severity: 'MEDIUM', type: 'CODE_SMELL', ...patch };
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
  return new RestError(kind, status, 'GET', '/bitbucket/rest/insights/latest/projects/SOUR/repos/vegeta/commits/x/reports', [{ message: `${kind} happened` }]);
}

export type Answer<T> = T | RestError | 'hang';

export interface CommitAnswers {
  reports?: Answer<InsightReport[]>;
  annotations?: Answer<InsightAnnotation[]>;
}

export interface FakeCall {
  method: string;
  args: unknown[];
  signal?: AbortSignal;
}

export interface FakeInsightsClient {
  client: BitbucketClient;
  calls: FakeCall[];
  release(method: string, value: unknown): void;
}

/** A fake of the parts of `BitbucketClient` the insights surfaces use; answers per commit id. */
export function fakeClient(options: { commits?: Record<string, CommitAnswers>; mergeBase?: Answer<Commit | null> } = {}): FakeInsightsClient {
  const calls: FakeCall[] = [];
  const hanging = new Map<string, (value: unknown) => void>();
  function answer<T>(method: string, value: Answer<T> | undefined, fallback: T, signal: AbortSignal | undefined, args: unknown[]): Promise<T> {
    calls.push({ method, args, signal });
    const chosen = value === undefined ? fallback : value;
    if (chosen === 'hang') {
      return new Promise<T>((resolve, reject) => {
        hanging.set(method, resolve as (v: unknown) => void);
        signal?.addEventListener('abort', () => reject(new RestError('aborted', 0, 'GET', method)));
      });
    }
    if (chosen instanceof RestError) return Promise.reject(chosen);
    return Promise.resolve(JSON.parse(JSON.stringify(chosen ?? null)) as T);
  }
  const commit = (id: unknown): CommitAnswers => options.commits?.[String(id)] ?? {};
  const unused = (name: string) => () => {
    throw new Error(`fake client: ${name} is not used by the insights panel`);
  };
  const client = {
    core: {
      getMergeBase: (repo: unknown, id: unknown, o?: { signal?: AbortSignal }) => answer('getMergeBase', options.mergeBase, mergeBase, o?.signal, [repo, id]),
    },
    insights: {
      listReports: (repo: unknown, commitId: unknown) => ({
        getAll: (o?: { max?: number; signal?: AbortSignal }) => answer(`listReports:${String(commitId)}`, commit(commitId).reports, [] as InsightReport[], o?.signal, [repo, commitId, o?.max]),
        page: unused('listReports.page'),
        items: unused('listReports.items'),
      }),
      getCommitAnnotations: (repo: unknown, commitId: unknown, filter?: unknown, o?: { signal?: AbortSignal }) => {
        const value = commit(commitId).annotations;
        const wrapped: Answer<AnnotationList> | undefined = Array.isArray(value) ? { totalCount: value.length, annotations: value } : value;
        return answer(`getCommitAnnotations:${String(commitId)}`, wrapped, { totalCount: 0, annotations: [] }, o?.signal, [repo, commitId, filter]);
      },
    },
  };
  return { client: client as unknown as BitbucketClient, calls, release: (method, value) => hanging.get(method)?.(value) };
}

/** A head/base pair with one compared report (1 new, 1 fixed, 1 unchanged) and one report without baseline. */
export function standardClient(): FakeInsightsClient {
  return fakeClient({
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
