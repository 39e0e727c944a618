/** The `--large` seed (emulator/seed/overview.ts) and the repository listings the overview reads, with Bitbucket's permission filtering. */
import { seedOverview, hasOverviewSeed, OVERVIEW_HIDDEN_PROJECT, OVERVIEW_BRANCH } from '../../emulator/seed/overview';
import { basic, createEmulator, type TestEmulator } from './helpers';

let emulator: TestEmulator;
let summary: ReturnType<typeof seedOverview>;
beforeAll(async () => {
  emulator = await createEmulator();
  const started = Date.now();
  summary = seedOverview(emulator.store, { repositories: 2000, projects: 20, now: Date.UTC(2026, 0, 1) });
  // "Fast to seed": well under the time a user waits for `npm start`.
  expect(Date.now() - started).toBeLessThan(10_000);
});
afterAll(async () => {
  await emulator?.dispose();
});

async function page(path: string, as: string): Promise<{ status: number; values: { slug: string; project: { key: string } }[]; isLastPage: boolean; nextPageStart?: number }> {
  const response = await fetch(`${emulator.origin}/bitbucket${path}`, { headers: { Authorization: basic(as), Accept: 'application/json' } });
  return { status: response.status, ...((await response.json()) as { values: { slug: string; project: { key: string } }[]; isLastPage: boolean; nextPageStart?: number }) };
}

async function all(path: string, as: string): Promise<{ slug: string; project: { key: string } }[]> {
  const out: { slug: string; project: { key: string } }[] = [];
  let start = 0;
  for (let i = 0; i < 50; i++) {
    const p = await page(`${path}${path.includes('?') ? '&' : '?'}start=${start}&limit=1000`, as);
    out.push(...p.values);
    if (p.isLastPage) break;
    start = p.nextPageStart!;
  }
  return out;
}

describe('overview seed', () => {
  it('2,000 repositories over 20 projects: reports on the tip, stale and none, and a hidden project', () => {
    expect(hasOverviewSeed(emulator.store)).toBe(true);
    expect(summary.repositories).toBe(2000);
    expect(summary.withTipReports + summary.stale + summary.none).toBe(2000);
    for (const share of [summary.withTipReports, summary.stale, summary.none]) expect(share).toBeGreaterThan(100);
    expect(summary.hiddenFromReadOnly).toBe(100);
    const repos = emulator.store.data.repositories.filter((r) => r.projectKey === 'CORE');
    expect(repos).toHaveLength(100);
    expect(repos.every((r) => r.branches[r.defaultBranch])).toBe(true);
    expect(repos.filter((r) => r.branches[OVERVIEW_BRANCH]).length).toBeGreaterThan(0);
    const failing = emulator.store.data.reports.filter((r) => r.result === 'FAIL').length;
    expect(failing).toBeGreaterThan(100);
  });

  it('GET /repos lists only what the user can read; admin sees every repository', async () => {
    const admin = await all('/rest/api/latest/repos', 'admin');
    const user = await all('/rest/api/latest/repos', 'user');
    expect(admin.length).toBe(emulator.store.data.repositories.length);
    expect(user.length).toBe(admin.length - summary.hiddenFromReadOnly);
    expect(user.some((r) => r.project.key === OVERVIEW_HIDDEN_PROJECT)).toBe(false);
    expect(admin.some((r) => r.project.key === OVERVIEW_HIDDEN_PROJECT)).toBe(true);
  });

  it('projectkey filters /repos; /projects/{key}/repos filters by permission too', async () => {
    const core = await all('/rest/api/latest/repos?projectkey=CORE', 'user');
    expect(core).toHaveLength(100);
    expect(new Set(core.map((r) => r.project.key))).toEqual(new Set(['CORE']));
    expect(await all(`/rest/api/latest/repos?projectkey=${OVERVIEW_HIDDEN_PROJECT}`, 'user')).toHaveLength(0);
    expect(await all(`/rest/api/latest/repos?projectkey=${OVERVIEW_HIDDEN_PROJECT}`, 'admin')).toHaveLength(100);
    expect((await page(`/rest/api/latest/projects/${OVERVIEW_HIDDEN_PROJECT}/repos`, 'user')).values).toHaveLength(0);
    expect((await all(`/rest/api/latest/projects/${OVERVIEW_HIDDEN_PROJECT}/repos`, 'admin')).length).toBe(100);
  });
});
