/** The on-demand dataset for the viewer performance test: many reports × many annotations on one commit. */
import type { Store } from '../store/store';
import type { AnnotationRecord, InsightReportRecord } from '../store/types';
import { prng } from './builder';

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
const TYPES = ['BUG', 'CODE_SMELL', 'VULNERABILITY'] as const;

export interface LargeInsightsOptions {
  repo: { projectKey: string; repositorySlug: string };
  /** Full commit id or branch name; defaults to the repository's default branch tip. */
  commit?: string;
  reports?: number;
  annotationsPerReport?: number;
}

/** Adds (or replaces) `reports` reports keyed `com.yourcompany.perf.NN`; returns the commit id used. */
export function seedLargeInsights(store: Store, options: LargeInsightsOptions): string {
  const repo = store.repository(options.repo.projectKey, options.repo.repositorySlug);
  if (!repo) throw new Error(`seedLargeInsights: no repository ${options.repo.projectKey}/${options.repo.repositorySlug}`);
  const commit = store.resolve(repo, options.commit ?? repo.defaultBranch);
  if (!commit) throw new Error(`seedLargeInsights: no commit ${options.commit}`);
  const reports = options.reports ?? 10;
  const perReport = Math.min(options.annotationsPerReport ?? 1000, 1000);
  const paths = Object.keys(commit.tree);
  const random = prng(reports * 7919 + perReport);
  const created = Date.now();
  for (let r = 0; r < reports; r++) {
    const key = `com.yourcompany.perf.${String(r + 1).padStart(2, '0')}`;
    const annotations: AnnotationRecord[] = [];
    for (let i = 0; i < perReport; i++) {
      annotations.push({
        externalId: `${key}-${i + 1}`,
        path: paths.length ? paths[Math.floor(random() * paths.length)] : `src/file-${i % 50}.ts`,
        line: 1 + Math.floor(random() * 200),
        message: `Finding ${i + 1} of report ${r + 1}: ${['unused variable', 'possible null dereference', 'weak hash', 'long method'][i % 4]}`,
        severity: SEVERITIES[Math.floor(random() * 3)],
        type: TYPES[Math.floor(random() * 3)],
      });
    }
    const report: InsightReportRecord = {
      repositoryId: repo.id,
      commitId: commit.id,
      key,
      title: `Performance report ${r + 1}`,
      result: r % 3 === 0 ? 'FAIL' : 'PASS',
      reporter: 'perf-seed',
      createdDate: created + r,
      data: [{ title: 'Annotations', type: 'NUMBER', value: perReport }],
      creatorSlug: 'admin',
      annotations,
    };
    const existing = store.data.reports.findIndex((x) => x.repositoryId === repo.id && x.commitId === commit.id && x.key === key);
    if (existing >= 0) store.data.reports.splice(existing, 1, report);
    else store.data.reports.push(report);
  }
  store.touch();
  return commit.id;
}
