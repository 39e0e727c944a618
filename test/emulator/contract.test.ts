/**
 * Every REST route the emulator serves, called on the seeded data (as admin, plus the 400/401/404/409
 * cases), validated against Atlassian's 9.2 OpenAPI document through test/contract/openapi.ts.
 */
import { problems } from './spec-problems';
import { call, createEmulator, multipart, WEB, WEB_BRANCH_UTILS, WEB_INSIGHTS, type TestEmulator } from './helpers';

jest.setTimeout(60000);

let emulator: TestEmulator;
let head1: string; // PR 1 source commit
let base1: string; // PR 1 merge base
let mainTip: string;

beforeAll(async () => {
  emulator = await createEmulator();
  const repo = emulator.store.repository('ACME', 'web-app')!;
  const pr1 = emulator.store.pullRequest(repo, 1)!;
  head1 = pr1.fromCommit;
  base1 = emulator.store.mergeBase(repo, pr1.toCommit, pr1.fromCommit)!;
  mainTip = repo.branches.main;
});
afterAll(() => emulator.dispose());

interface Case {
  method: string;
  path: string;
  status: number;
  as?: string | null;
  body?: unknown;
}

function cases(): Case[] {
  const PR = `${WEB}/pull-requests`;
  return [
    { method: 'GET', path: '/rest/api/latest/application-properties', status: 200, as: null },
    { method: 'GET', path: '/rest/api/latest/projects', status: 200 },
    { method: 'GET', path: '/rest/api/1.0/projects/ACME', status: 200 },
    { method: 'GET', path: '/rest/api/latest/projects/NOPE', status: 404 },
    { method: 'GET', path: '/rest/api/latest/projects/ACME/repos', status: 200 },
    { method: 'GET', path: '/rest/api/latest/repos', status: 200 },
    { method: 'GET', path: WEB, status: 200 },
    { method: 'GET', path: WEB, status: 401, as: null },
    { method: 'GET', path: '/rest/api/latest/projects/ACME/repos/nope', status: 404 },
    { method: 'GET', path: `${WEB}/branches?details=true&filterText=feature&orderBy=MODIFICATION`, status: 200 },
    { method: 'GET', path: `${WEB}/default-branch`, status: 200 },
    { method: 'GET', path: `${WEB}/branches/default`, status: 200 },
    { method: 'GET', path: `${WEB}/commits?until=feature/search&since=main&limit=2`, status: 200 },
    { method: 'GET', path: `${WEB}/commits?path=src/app.ts`, status: 200 },
    { method: 'GET', path: `${WEB}/commits/${head1}`, status: 200 },
    { method: 'GET', path: `${WEB}/commits/doesnotexist`, status: 404 },
    { method: 'GET', path: `${WEB}/commits/${head1}/changes`, status: 200 },
    { method: 'GET', path: `${WEB}/commits/${head1}/diff/src/app.ts`, status: 200 },
    { method: 'GET', path: `${WEB}/commits/${head1}/merge-base?otherCommit=${mainTip}`, status: 200 },
    { method: 'GET', path: `${WEB}/commits/${head1}/pull-requests`, status: 200 },
    { method: 'GET', path: `${WEB}/compare/commits?from=feature/search&to=main`, status: 200 },
    { method: 'GET', path: `${WEB}/browse/src`, status: 200 },
    { method: 'GET', path: `${WEB}/browse/src/app.ts?at=main`, status: 200 },
    { method: 'GET', path: `${WEB}/browse/missing.txt`, status: 404 },
    { method: 'GET', path: `${WEB}/raw/missing.txt`, status: 404 },
    { method: 'GET', path: `${PR}?state=ALL&limit=2`, status: 200 },
    { method: 'GET', path: `${PR}?state=NOPE`, status: 400 },
    { method: 'GET', path: `${PR}/1`, status: 200 },
    { method: 'GET', path: `${PR}/9999`, status: 404 },
    { method: 'GET', path: `${PR}/1/merge`, status: 200 },
    { method: 'GET', path: `${PR}/4/merge`, status: 409 },
    { method: 'GET', path: `${PR}/1/participants`, status: 200 },
    { method: 'GET', path: `${PR}/1/activities`, status: 200 },
    { method: 'GET', path: `${PR}/1/blocker-comments?state=OPEN`, status: 200 },
    { method: 'GET', path: `${PR}/1/comments?path=src/feature/search.ts`, status: 200 },
    { method: 'GET', path: `${PR}/1/comments/1`, status: 200 },
    { method: 'GET', path: `${PR}/1/commits`, status: 200 },
    { method: 'GET', path: `${PR}/1/changes`, status: 200 },
    { method: 'GET', path: `${PR}/1/diff/src/app.ts`, status: 200 },
    { method: 'GET', path: `${PR}/1/merge-base`, status: 200 },
    { method: 'GET', path: '/rest/api/latest/projects/LIB/repos/utils/pull-requests/1/merge-base', status: 204 },
    { method: 'PUT', path: `${PR}/1`, status: 409, body: { version: 99, title: 'stale' } },
    { method: 'PUT', path: `${PR}/1`, status: 400, body: { title: 'no version' } },
    { method: 'POST', path: `${PR}/1/merge?version=0`, status: 409 },
    { method: 'POST', path: `${PR}/4/decline?version=0`, status: 409 },
    { method: 'POST', path: PR, status: 409, body: { title: 'dup', fromRef: { id: 'refs/heads/feature/search' }, toRef: { id: 'refs/heads/main' } } },
    { method: 'GET', path: `${WEB}/commits/${mainTip}/comments`, status: 200 },
    { method: 'GET', path: `${WEB}/commits/${mainTip}/builds?key=WEB-BUILD`, status: 200 },
    { method: 'GET', path: `${WEB}/commits/${mainTip}/builds?key=NOPE`, status: 404 },
    { method: 'GET', path: '/rest/api/latest/users?filter=ali', status: 200 },
    { method: 'GET', path: '/rest/api/latest/users?permission.1=REPO_WRITE&permission.1.projectKey=ACME&permission.1.repositorySlug=web-app', status: 200 },
    { method: 'GET', path: '/rest/api/latest/users', status: 401, as: null },
    { method: 'GET', path: '/rest/api/latest/users/alice', status: 200 },
    { method: 'GET', path: '/rest/api/latest/users/nobody', status: 404 },
    { method: 'GET', path: `${WEB_BRANCH_UTILS}/branches/info/${base1}`, status: 200 },
    { method: 'POST', path: `${WEB_BRANCH_UTILS}/branches`, status: 201, body: { name: 'feature/contract', startPoint: mainTip } },
    { method: 'POST', path: `${WEB_BRANCH_UTILS}/branches`, status: 409, body: { name: 'feature/contract', startPoint: mainTip } },
    { method: 'DELETE', path: `${WEB_BRANCH_UTILS}/branches`, status: 204, body: { name: 'refs/heads/feature/contract', dryRun: true } },
    { method: 'DELETE', path: `${WEB_BRANCH_UTILS}/branches`, status: 400, body: { name: 'main' } },
    { method: 'GET', path: `${WEB_INSIGHTS}/commits/${head1}/reports`, status: 200 },
    { method: 'GET', path: `${WEB_INSIGHTS}/commits/${head1}/reports/com.yourcompany.types`, status: 200 },
    { method: 'GET', path: `${WEB_INSIGHTS}/commits/${head1}/reports/com.yourcompany.coverage`, status: 200 },
    { method: 'GET', path: `${WEB_INSIGHTS}/commits/${head1}/reports/qwerty`, status: 404 },
    { method: 'GET', path: `${WEB_INSIGHTS}/commits/${head1}/reports/com.yourcompany.lint/annotations`, status: 200 },
    { method: 'GET', path: `${WEB_INSIGHTS}/commits/${head1}/annotations?severity=HIGH&type=VULNERABILITY`, status: 200 },
    { method: 'PUT', path: `${WEB_INSIGHTS}/commits/${head1}/reports/com.yourcompany.contract`, status: 200, body: { title: 'Contract', result: 'PASS', data: [{ title: 'n', type: 'NUMBER', value: 1 }] } },
    { method: 'PUT', path: `${WEB_INSIGHTS}/commits/${head1}/reports/com.yourcompany.contract`, status: 400, body: { title: '' } },
    { method: 'POST', path: `${WEB_INSIGHTS}/commits/${head1}/reports/com.yourcompany.contract/annotations`, status: 204, body: { annotations: [{ message: 'm', severity: 'LOW' }] } },
    { method: 'PUT', path: `${WEB_INSIGHTS}/commits/${head1}/reports/com.yourcompany.contract/annotations/x-1`, status: 204, body: { message: 'm2', severity: 'HIGH' } },
    { method: 'DELETE', path: `${WEB_INSIGHTS}/commits/${head1}/reports/com.yourcompany.contract/annotations?externalId=x-1`, status: 204 },
    { method: 'DELETE', path: `${WEB_INSIGHTS}/commits/${head1}/reports/com.yourcompany.contract`, status: 204 },
    { method: 'GET', path: `/rest/build-status/latest/commits/${head1}`, status: 200 },
    { method: 'GET', path: `/rest/build-status/1.0/commits/stats/${head1}`, status: 200 },
    { method: 'POST', path: `/rest/build-status/latest/commits/${head1}`, status: 204, body: { state: 'SUCCESSFUL', key: 'LEGACY', url: 'https://ci.example.com/1' } },
    { method: 'POST', path: `/rest/build-status/latest/commits/abc`, status: 400, body: { state: 'SUCCESSFUL', key: 'LEGACY', url: 'https://ci.example.com/1' } },
    { method: 'POST', path: `${WEB}/commits/${head1}/builds`, status: 204, body: { state: 'FAILED', key: 'CONTRACT', url: 'https://ci.example.com/2', testResults: { successful: 1, failed: 2, skipped: 0 } } },
    { method: 'DELETE', path: `${WEB}/commits/${head1}/builds?key=CONTRACT`, status: 204 },
    { method: 'PUT', path: '/rest/comment-likes/latest/projects/ACME/repos/web-app/pull-requests/1/comments/1/reactions/tada', status: 200 },
    { method: 'DELETE', path: '/rest/comment-likes/latest/projects/ACME/repos/web-app/pull-requests/1/comments/1/reactions/tada', status: 204 },
    { method: 'PUT', path: '/rest/access-tokens/latest/users/admin', status: 200, body: { name: 'contract', permissions: ['REPO_READ'] } },
    { method: 'GET', path: '/rest/access-tokens/latest/users/admin', status: 200 },
  ];
}

describe('emulator REST conforms to the 9.2 OpenAPI document', () => {
  test('every case answers the expected status with a spec-valid body', async () => {
    const failures: string[] = [];
    for (const c of cases()) {
      const response = await call(emulator, c.method, c.path, { as: c.as, body: c.body });
      if (response.status !== c.status) {
        failures.push(`${c.method} ${c.path}: expected ${c.status}, got ${response.status} ${response.text.slice(0, 200)}`);
        continue;
      }
      if (response.status >= 400) {
        expect(response.headers['content-type']).toBe('application/json;charset=UTF-8');
        expect(Array.isArray(response.json?.errors)).toBe(true);
      }
      const found = problems(c.method, c.path, response.status, response.status === 204 ? undefined : response.json);
      failures.push(...found.map((p) => `${c.method} ${c.path}: ${p}`));
    }
    expect(failures).toEqual([]);
  }, 180000);

  test('raw and browse PUT serve what the spec documents', async () => {
    const raw = await call(emulator, 'GET', `${WEB}/raw/README.md?at=main`);
    expect(raw.status).toBe(200);
    expect(raw.text).toContain('# Web App');
    const repo = emulator.store.repository('ACME', 'web-app')!;
    // main only takes changes through pull requests (the seeded branch restriction), so edit the release branch.
    const form = multipart({ branch: 'release/1.4', content: 'changed\n', message: 'Edit via contract', sourceCommitId: repo.branches['release/1.4'] });
    const put = await call(emulator, 'PUT', `${WEB}/browse/docs/RELEASE.md`, { headers: { 'content-type': form.contentType }, body: form.payload });
    expect(put.status).toBe(200);
    expect(problems('PUT', `${WEB}/browse/docs/RELEASE.md`, 200, put.json)).toEqual([]);
  });

  test('the validator rejects a deliberately invalid response, so the contract test can fail', () => {
    const invalidPullRequest = { id: 'one', version: 'x', state: 'ALMOST', fromRef: { id: 7 } };
    expect(problems('GET', `${WEB}/pull-requests/1`, 200, invalidPullRequest).length).toBeGreaterThan(0);
    expect(problems('GET', `${WEB}/pull-requests/1/merge`, 200, { canMerge: 'yes', vetoes: {} }).length).toBeGreaterThan(0);
    expect(problems('GET', `${WEB}/pull-requests/1`, 418, {})).toEqual([expect.stringContaining('418 is not documented')]);
  });
});
