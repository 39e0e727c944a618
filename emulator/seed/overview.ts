/**
 * `npm start -- --large`: an instance with many repositories for the cross-repository overview (default 2,000
 * over 20 projects). Every repository has a default branch with a few commits; about 60 % have reports on the
 * tip (some failing, with annotations), about 25 % only on an older commit (stale), the rest none. Every tenth
 * has a `release/1.0` branch with its own reports. The read-only user `user` can read every project but `SEC`,
 * so the overview shows them fewer repositories than `admin`. Deterministic (seeded PRNG); commit times count
 * back from the moment of seeding so "commit age" reads naturally. Writes the store directly: 2,000 repositories
 * seed in about a second.
 */
import type { Store } from '../store/store';
import type { AnnotationRecord, InsightDataRecord, InsightReportRecord, RepositoryRecord } from '../store/types';
import { DEFAULT_BRANCH_MODEL, HOUR, prng } from './builder';

export const OVERVIEW_PROJECTS = ['CORE', 'DATA', 'EDGE', 'FIN', 'GAME', 'HRM', 'INFRA', 'IOT', 'MKT', 'ML', 'MOB', 'NET', 'PAY', 'PLAT', 'QA', 'SEC', 'SHOP', 'SRCH', 'TOOLS', 'WEBX'] as const;
/** The project the read-only demo user cannot read. */
export const OVERVIEW_HIDDEN_PROJECT = 'SEC';
export const OVERVIEW_BRANCH = 'release/1.0';

const REPORT_KINDS: { key: string; title: string; reporter: string; share: number; failRate: number; data: (r: () => number, fail: boolean) => InsightDataRecord[] }[] = [
  { key: 'com.example.lint', title: 'Lint', reporter: 'ESLint', share: 0.9, failRate: 0.2, data: (r, fail) => [{ title: 'Problems', type: 'NUMBER', value: fail ? 1 + Math.floor(r() * 40) : 0 }] },
  { key: 'com.example.tests', title: 'Unit tests', reporter: 'Jest', share: 0.8, failRate: 0.1, data: (r) => [{ title: 'Tests', type: 'NUMBER', value: 20 + Math.floor(r() * 900) }, { title: 'Duration', type: 'DURATION', value: Math.floor(r() * 300000) }] },
  { key: 'com.example.security', title: 'Security scan', reporter: 'Snyk', share: 0.55, failRate: 0.3, data: (r, fail) => [{ title: 'Vulnerabilities', type: 'NUMBER', value: fail ? 1 + Math.floor(r() * 12) : 0 }] },
  { key: 'com.example.coverage', title: 'Coverage', reporter: 'Istanbul', share: 0.35, failRate: 0.15, data: (r, fail) => [{ title: 'Lines', type: 'PERCENTAGE', value: fail ? 40 + Math.floor(r() * 30) : 70 + Math.floor(r() * 30) }] },
  { key: 'com.example.sonar', title: 'SonarQube', reporter: 'SonarQube', share: 0.12, failRate: 0.25, data: (r) => [{ title: 'Code smells', type: 'NUMBER', value: Math.floor(r() * 200) }] },
];
const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
const TYPES = ['BUG', 'VULNERABILITY', 'CODE_SMELL'] as const;
const WORDS = ['api', 'web', 'worker', 'gateway', 'billing', 'search', 'auth', 'events', 'reports', 'mobile', 'admin', 'sync', 'cache', 'ingest', 'notify'];

export interface OverviewSeedOptions {
  repositories?: number;
  projects?: number;
  /** "Now" for commit times (ms epoch); default Date.now(). */
  now?: number;
}

export interface OverviewSeedSummary {
  repositories: number;
  withTipReports: number;
  stale: number;
  none: number;
  hiddenFromReadOnly: number;
}

/** Whether the store already holds the overview dataset (so `--large` on a persisted store does not add it twice). */
export function hasOverviewSeed(store: Store): boolean {
  return store.data.projects.some((p) => p.key === OVERVIEW_PROJECTS[0]);
}

export function seedOverview(store: Store, options: OverviewSeedOptions = {}): OverviewSeedSummary {
  const total = options.repositories ?? 2000;
  const projectCount = Math.min(options.projects ?? 20, OVERVIEW_PROJECTS.length);
  const now = options.now ?? Date.now();
  const random = prng(total * 31 + projectCount);
  const writers = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
  const summary: OverviewSeedSummary = { repositories: 0, withTipReports: 0, stale: 0, none: 0, hiddenFromReadOnly: 0 };
  const author = (slug: string) => {
    const user = store.user(slug);
    return { name: user?.displayName ?? slug, emailAddress: user?.emailAddress ?? `${slug}@example.com` };
  };

  const projects = OVERVIEW_PROJECTS.slice(0, projectCount);
  for (const key of projects) {
    const permissions: Record<string, 'PROJECT_READ' | 'PROJECT_WRITE' | 'PROJECT_ADMIN'> = {};
    for (const w of writers) permissions[w] = 'PROJECT_WRITE';
    if (key !== OVERVIEW_HIDDEN_PROJECT) permissions.user = 'PROJECT_READ';
    store.data.projects.push({ id: ++store.data.counters.project, key, name: `${key.charAt(0)}${key.slice(1).toLowerCase()} services`, public: false, permissions });
  }

  const readme = (name: string) => ({ 'README.md': `# ${name}\n` });
  for (let i = 0; i < total; i++) {
    const projectKey = projects[i % projects.length];
    const n = Math.floor(i / projects.length) + 1;
    const slug = `${WORDS[i % WORDS.length]}-${String(n).padStart(3, '0')}`;
    const repo: RepositoryRecord = {
      id: ++store.data.counters.repository,
      slug,
      name: slug,
      projectKey,
      public: false,
      forkable: true,
      archived: false,
      defaultBranch: i % 7 === 3 ? 'master' : 'main',
      permissions: {},
      branches: {},
      branchUpdated: {},
      commits: {},
      branchModel: structuredClone(DEFAULT_BRANCH_MODEL),
      mergeChecks: { minApprovals: 0, requireTasksResolved: false, vetoOnNeedsWork: false, requiredReports: [] },
      nextPullRequestId: 1,
    };
    store.data.repositories.push(repo);
    summary.repositories++;
    if (projectKey === OVERVIEW_HIDDEN_PROJECT) summary.hiddenFromReadOnly++;

    // 4 commits on the default branch, the newest between 1 hour and 30 days ago.
    const who = author(writers[i % writers.length]);
    let time = now - HOUR - Math.floor(random() * 30 * 24 * HOUR) - 4 * HOUR;
    const ids: string[] = [];
    for (let c = 0; c < 4; c++) {
      time += HOUR;
      const commit = store.createCommit(repo, { parents: ids.length ? [ids[ids.length - 1]] : [], files: c === 0 ? readme(slug) : { [`src/change-${c}.ts`]: `export const change = ${c};\n` }, message: c === 0 ? 'Initial commit' : `Change ${c}`, author: who, timestamp: time });
      ids.push(commit.id);
    }
    repo.branches[repo.defaultBranch] = ids[3];
    repo.branchUpdated[repo.defaultBranch] = time;

    const roll = random();
    if (roll < 0.6) {
      addReports(store, repo, ids[3], random, time);
      summary.withTipReports++;
    } else if (roll < 0.85) {
      // CI stopped publishing (or has not yet): reports only on an older commit.
      addReports(store, repo, ids[random() < 0.7 ? 2 : 1], random, time - 2 * HOUR);
      summary.stale++;
    } else summary.none++;

    if (i % 10 === 0) {
      const release = store.createCommit(repo, { parents: [ids[2]], files: { 'VERSION': '1.0\n' }, message: 'Release 1.0', author: who, timestamp: time - 30 * 60000 });
      repo.branches[OVERVIEW_BRANCH] = release.id;
      repo.branchUpdated[OVERVIEW_BRANCH] = time - 30 * 60000;
      addReports(store, repo, release.id, random, time - 20 * 60000);
    }
  }
  store.touch();
  return summary;
}

function addReports(store: Store, repo: RepositoryRecord, commitId: string, random: () => number, created: number): void {
  let any = false;
  for (const kind of REPORT_KINDS) {
    if (random() >= kind.share && !(kind === REPORT_KINDS[0] && !any)) continue;
    any = true;
    const fail = random() < kind.failRate;
    const annotations: AnnotationRecord[] = [];
    const findings = fail ? 1 + Math.floor(random() * 6) : Math.floor(random() * 3);
    for (let a = 0; a < findings; a++) {
      annotations.push({
        externalId: `${kind.key}-${a + 1}`,
        path: `src/change-${1 + (a % 3)}.ts`,
        line: 1,
        message: `${kind.title} finding ${a + 1}`,
        severity: SEVERITIES[fail ? Math.floor(random() * 2) : 1 + Math.floor(random() * 2)],
        type: TYPES[Math.floor(random() * 3)],
      });
    }
    const report: InsightReportRecord = {
      repositoryId: repo.id,
      commitId,
      key: kind.key,
      title: kind.title,
      result: fail ? 'FAIL' : 'PASS',
      reporter: kind.reporter,
      createdDate: created + 60000,
      data: kind.data(random, fail),
      creatorSlug: 'admin',
      annotations,
    };
    store.data.reports.push(report);
  }
}
