/**
 * A pull request as large as real ones get (`npm start -- --large`, and the bench): 300 changed files and
 * 20,000 changed lines (10 of the files renamed on the way), with three reports of findings on its head and
 * on its merge base. Its diff is past Bitbucket's `page.max.diff.lines`, so it arrives truncated, and the
 * labels must still settle quickly with the files the diff leaves out matched approximately.
 */
import type { Store } from '../store/store';
import type { AnnotationRecord, InsightReportRecord, PullRequestRecord, RepositoryRecord } from '../store/types';
import { prng } from './builder';

export const LARGE_PR = { projectKey: 'ACME', repositorySlug: 'web-app', base: 'perf/large-base', branch: 'perf/large-change' } as const;
export const LARGE_PR_FILES = 300;
export const LARGE_PR_CHANGED_LINES = 20_000;
const RENAMED = 10;
const LINES_PER_FILE = 200;
const REPORTS = ['com.yourcompany.perf.lint', 'com.yourcompany.perf.security', 'com.yourcompany.perf.complexity'];
const FINDINGS_PER_REPORT = 1000;

const pathOf = (i: number) => `services/module-${String(Math.floor(i / 30)).padStart(2, '0')}/file-${String(i).padStart(3, '0')}.ts`;
const line = (file: number, n: number, version: string) => `export const value_${file}_${n} = ${version === 'base' ? n : `${n} * 2`}; // line ${n}`;

/** Edited line numbers of file `i`: spread over the file so hunks are many and short. */
function editedLines(i: number): number[] {
  // 20,000 changed lines = 10,000 lines replaced (one removed + one added each) over 300 files.
  const count = i < (LARGE_PR_CHANGED_LINES / 2) % LARGE_PR_FILES ? Math.ceil(LARGE_PR_CHANGED_LINES / 2 / LARGE_PR_FILES) : Math.floor(LARGE_PR_CHANGED_LINES / 2 / LARGE_PR_FILES);
  const step = LINES_PER_FILE / count;
  return Array.from({ length: count }, (_, k) => 1 + Math.floor(k * step + (i % 3)));
}

function content(i: number, edited: Set<number> | null): string {
  return Array.from({ length: LINES_PER_FILE }, (_, k) => line(i, k + 1, edited?.has(k + 1) ? 'head' : 'base')).join('\n') + '\n';
}

/** Findings on the base (`side` 'base') or head; the head keeps those on untouched lines, loses a third of those on edited lines and gains new ones there. */
function findings(reportIndex: number, side: 'base' | 'head'): AnnotationRecord[] {
  const random = prng(7_001 + reportIndex);
  const out: AnnotationRecord[] = [];
  for (let n = 0; n < FINDINGS_PER_REPORT; n++) {
    const file = Math.floor(random() * LARGE_PR_FILES);
    const edited = editedLines(file);
    const onEdit = random() < 0.3;
    const at = onEdit ? edited[Math.floor(random() * edited.length)] : 1 + Math.floor(random() * LINES_PER_FILE);
    const fate = random();
    if (side === 'head' && onEdit && fate < 0.33) continue;
    const path = side === 'head' && file < RENAMED ? pathOf(file).replace('services/', 'services/moved/') : pathOf(file);
    const message = side === 'head' && onEdit && fate > 0.66 ? `Value ${n} changed meaning on line ${at}` : `Finding ${n}: ${['unused export', 'magic number', 'long line'][n % 3]}`;
    out.push({ externalId: `${REPORTS[reportIndex]}-${side === 'head' && onEdit && fate > 0.66 ? 'h' : ''}${n}`, path, line: at, message, severity: (['LOW', 'MEDIUM', 'HIGH'] as const)[n % 3], type: (['CODE_SMELL', 'BUG', 'VULNERABILITY'] as const)[reportIndex] });
  }
  return out;
}

function putReports(store: Store, repo: RepositoryRecord, commitId: string, side: 'base' | 'head', created: number): void {
  REPORTS.forEach((key, r) => {
    const annotations = findings(r, side);
    const report: InsightReportRecord = { repositoryId: repo.id, commitId, key, title: `Large ${key.split('.').pop()}`, result: r === 1 ? 'FAIL' : 'PASS', reporter: 'perf-seed', createdDate: created + r, data: [{ title: 'Findings', type: 'NUMBER', value: annotations.length }], creatorSlug: 'admin', annotations };
    store.data.reports = store.data.reports.filter((x) => !(x.repositoryId === repo.id && x.commitId === commitId && x.key === key));
    store.data.reports.push(report);
  });
}

/** Adds the branches, the pull request (from `perf/large-change` to `perf/large-base`) and its reports; returns the pull request. */
export function seedLargePullRequest(store: Store, now: number = Date.now()): PullRequestRecord {
  const repo = store.repository(LARGE_PR.projectKey, LARGE_PR.repositorySlug);
  if (!repo) throw new Error(`seedLargePullRequest: no repository ${LARGE_PR.projectKey}/${LARGE_PR.repositorySlug}`);
  const existing = store.pullRequestsOf(repo).find((pr) => pr.fromBranch === LARGE_PR.branch);
  if (existing) return existing;
  const author = { name: 'Admin', emailAddress: 'admin@example.com' };
  const baseFiles: Record<string, string> = {};
  const headFiles: Record<string, string | null> = {};
  for (let i = 0; i < LARGE_PR_FILES; i++) {
    baseFiles[pathOf(i)] = content(i, null);
    const edited = content(i, new Set(editedLines(i)));
    if (i < RENAMED) {
      headFiles[pathOf(i)] = null;
      headFiles[pathOf(i).replace('services/', 'services/moved/')] = edited;
    } else headFiles[pathOf(i)] = edited;
  }
  const base = store.createCommit(repo, { parents: [repo.branches[repo.defaultBranch]], files: baseFiles, message: 'Add 300 service modules', author, timestamp: now - 2 * 3600_000 });
  const head = store.createCommit(repo, { parents: [base.id], files: headFiles, message: 'Rework every service module', author, timestamp: now - 3600_000 });
  store.setBranch(repo, LARGE_PR.base, base.id);
  store.setBranch(repo, LARGE_PR.branch, head.id);
  const pr: PullRequestRecord = {
    repositoryId: repo.id,
    id: repo.nextPullRequestId++,
    version: 0,
    title: 'Rework every service module (300 files, 20,000 lines)',
    state: 'OPEN',
    draft: false,
    locked: false,
    createdDate: now - 3600_000,
    updatedDate: now - 3600_000,
    fromBranch: LARGE_PR.branch,
    toBranch: LARGE_PR.base,
    fromCommit: head.id,
    toCommit: base.id,
    authorSlug: 'alice',
    reviewers: [],
    participants: [],
  };
  store.data.pullRequests.push(pr);
  store.addActivity(pr, 'alice', { action: 'OPENED' }, pr.createdDate);
  putReports(store, repo, base.id, 'base', now - 2 * 3600_000);
  putReports(store, repo, head.id, 'head', now - 3600_000);
  store.touch();
  return pr;
}
