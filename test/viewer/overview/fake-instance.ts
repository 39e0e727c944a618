/**
 * A fake Bitbucket with many repositories for the overview's tests: per repository a default branch, commits
 * (newest first), reports and annotations by commit. Records every call, counts requests in flight (overall
 * peak), answers after `delayMs`, honours AbortSignal, and can fail chosen repositories.
 */
import type { BitbucketClient } from '../../../frontend/rest/api';
import { RestError } from '../../../frontend/rest/errors';
import type { RestErrorKind } from '../../../frontend/rest/errors';
import type { Commit, InsightAnnotation, InsightReport, Page, Repository } from '../../../frontend/rest/types';
import { fakeBitbucketClient, pagedFrom } from '../../support/fake-client';

export interface FakeRepo {
  projectKey: string;
  projectName?: string;
  slug: string;
  name?: string;
  defaultBranch: string;
  /** branch → commits newest first. */
  branches: Record<string, Commit[]>;
  reports: Record<string, InsightReport[]>;
  annotations: Record<string, InsightAnnotation[]>;
  /** Every call for this repository fails with this kind. */
  fail?: { kind: RestErrorKind; status: number };
}

export interface FakeInstance {
  client: BitbucketClient;
  calls: { method: string; repo: string; detail: string }[];
  peak(): number;
  inFlight(): number;
  /** Number of calls whose answer was delivered (not aborted). */
  answered(): number;
}

export const sha = (n: number): string => n.toString(16).padStart(8, '0').repeat(5);

export function commitAt(id: string, time: number): Commit {
  return { id, displayId: id.slice(0, 11), author: { name: 'dev', displayName: 'Dev' }, authorTimestamp: time, committerTimestamp: time, message: 'change', parents: [] };
}

export function report(key: string, result: 'PASS' | 'FAIL' | undefined, value?: number, title = key): InsightReport {
  return { key, title, ...(result ? { result } : {}), createdDate: 1_700_000_000_000, data: value === undefined ? [] : [{ title: 'Value', type: 'NUMBER', value }] };
}

export function createFakeInstance(repos: FakeRepo[], delayMs = 1): FakeInstance {
  const calls: FakeInstance['calls'] = [];
  let running = 0;
  let peak = 0;
  let answered = 0;
  const find = (ref: { projectKey: string; repositorySlug: string }) => repos.find((r) => r.projectKey === ref.projectKey && r.slug === ref.repositorySlug);

  function call<T>(method: string, ref: { projectKey: string; repositorySlug: string } | null, detail: string, signal: AbortSignal | undefined, answer: (repo: FakeRepo | undefined) => T): Promise<T> {
    calls.push({ method, repo: ref ? `${ref.projectKey}/${ref.repositorySlug}` : '', detail });
    running++;
    peak = Math.max(peak, running);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        running--;
        reject(new RestError('aborted', 0, 'GET', detail));
      };
      const timer = setTimeout(() => {
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        running--;
        const repo = ref ? find(ref) : undefined;
        if (repo?.fail) return reject(new RestError(repo.fail.kind, repo.fail.status, 'GET', detail, [{ message: `${repo.fail.kind} from fake` }]));
        try {
          answered++;
          resolve(answer(repo));
        } catch (error) {
          reject(error);
        }
      }, delayMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  const page = <T>(values: T[], start = 0, limit = 25): Page<T> => {
    const slice = values.slice(start, start + limit);
    const isLastPage = start + limit >= values.length;
    return { values: slice, size: slice.length, limit, start, isLastPage, ...(isLastPage ? {} : { nextPageStart: start + limit }) };
  };
  const notFound = (what: string) => new RestError('not-found', 404, 'GET', what, [{ message: `${what} does not exist` }]);
  const toRepository = (r: FakeRepo, i: number): Repository => ({ id: i + 1, slug: r.slug, name: r.name ?? r.slug, project: { id: 1, key: r.projectKey, name: r.projectName ?? r.projectKey } });

  const client = fakeBitbucketClient({
    core: {
      listRepositories: (filter?: { name?: string; projectKey?: string }) =>
        pagedFrom((request) =>
          call('listRepositories', null, `${filter?.projectKey ?? ''}|${filter?.name ?? ''}|${request?.start ?? 0}`, request?.signal, () =>
            page(
              repos
                .map(toRepository)
                .filter((r) => !filter?.name || r.name.toLowerCase().includes(filter.name.toLowerCase()))
                .filter((r) => !filter?.projectKey || r.project.key === filter.projectKey),
              request?.start ?? 0,
              request?.limit ?? 25,
            ),
          ),
        ),
      getDefaultBranch: (ref: { projectKey: string; repositorySlug: string }, options?: { signal?: AbortSignal }) =>
        call('getDefaultBranch', ref, '', options?.signal, (repo) => {
          if (!repo!.branches[repo!.defaultBranch]) throw notFound(`Branch ${repo!.defaultBranch}`);
          return { id: `refs/heads/${repo!.defaultBranch}`, displayId: repo!.defaultBranch, type: 'BRANCH' as const };
        }),
      listCommits: (ref: { projectKey: string; repositorySlug: string }, filter?: { until?: string }) =>
        pagedFrom((request) =>
          call('listCommits', ref, filter?.until ?? '', request?.signal, (repo) => {
            // Without `until`, Bitbucket answers the default branch.
            const branch = filter?.until ? filter.until.replace(/^refs\/heads\//, '') : repo!.defaultBranch;
            const commits = repo!.branches[branch];
            if (!commits) throw notFound(`Branch ${branch}`);
            return page(commits, request?.start ?? 0, request?.limit ?? 25);
          }),
        ),
    },
    insights: {
      listReports: (ref: { projectKey: string; repositorySlug: string }, commitId: string) =>
        pagedFrom((request) => call('listReports', ref, commitId, request?.signal, (repo) => page(repo!.reports[commitId] ?? [], request?.start ?? 0, request?.limit ?? 25))),
      getCommitAnnotations: (ref: { projectKey: string; repositorySlug: string }, commitId: string, _filter?: unknown, options?: { signal?: AbortSignal }) =>
        call('getCommitAnnotations', ref, commitId, options?.signal, (repo) => ({ annotations: repo!.annotations[commitId] ?? [] })),
    },
  });
  return { client, calls, peak: () => peak, inFlight: () => running, answered: () => answered };
}

/**
 * `count` repositories over `projects` projects: i % 5 → 0,1,2 reports on the tip (lint FAIL for i % 10 == 0),
 * 3 stale (reports on the commit before the tip), 4 none.
 */
export function manyRepos(count: number, projects = 4): FakeRepo[] {
  return Array.from({ length: count }, (_, i) => {
    const ids = [sha(i * 10 + 4), sha(i * 10 + 3), sha(i * 10 + 2), sha(i * 10 + 1)];
    const commits = ids.map((id, n) => commitAt(id, 1_700_000_000_000 - n * 3_600_000 - i * 1000));
    const kind = i % 5;
    const reports: Record<string, InsightReport[]> = {};
    const annotations: Record<string, InsightAnnotation[]> = {};
    if (kind <= 2) {
      reports[ids[0]] = [report('lint', i % 10 === 0 ? 'FAIL' : 'PASS', i % 7, 'Lint'), ...(kind === 0 ? [report('security', 'PASS', 0, 'Security')] : [])];
      annotations[ids[0]] = [
        { reportKey: 'lint', line: 1, message: 'm', severity: 'HIGH' },
        { reportKey: 'lint', line: 2, message: 'm', severity: 'LOW' },
      ];
    } else if (kind === 3) reports[ids[1]] = [report('lint', 'FAIL', 3, 'Lint')];
    return { projectKey: `P${i % projects}`, slug: `repo-${String(i).padStart(4, '0')}`, defaultBranch: 'main', branches: { main: commits }, reports, annotations };
  });
}
