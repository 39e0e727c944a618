/**
 * What third-party clients call beyond the plugin's own surfaces: Jira issues of a PR, compare diffs,
 * default reviewers (conditions, the reviewers query, PR creation, the merge check), the dashboard and
 * inbox, and a reply comment's `parent`. Every response is also checked against the 9.2 document.
 */
import { validateResponse } from '../contract/openapi';
import { buildHunks } from '../../emulator/store/diff';
import { patternToRegExp } from '../../emulator/store/reviewers';
import { call, createEmulator, multipart, WEB, type TestEmulator } from './helpers';

jest.setTimeout(60000);

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await createEmulator();
});
afterAll(() => emulator.dispose());

const webRepo = () => emulator.store.repository('ACME', 'web-app')!;
const DR = '/rest/default-reviewers/latest/projects/ACME';
const JIRA = '/rest/jira/latest/projects/ACME/repos/web-app';

/** Calls and asserts the status and a spec-valid body in one go. */
async function ok(method: string, path: string, options: Parameters<typeof call>[3] = {}, status = 200) {
  const response = await call(emulator, method, path, options);
  expect({ status: response.status, text: response.status === status ? '' : response.text }).toEqual({ status, text: '' });
  expect(validateResponse(method, path.split('?')[0], status, status === 204 ? undefined : response.json)).toEqual([]);
  return response;
}

/** A new branch with one commit editing `path`, through the REST API. */
async function branchWithEdit(name: string, path: string, content: string, message: string, from = 'main'): Promise<string> {
  const repo = webRepo();
  const start = repo.branches[from];
  await ok('POST', `/rest/branch-utils/latest/projects/ACME/repos/web-app/branches`, { body: { name, startPoint: start } }, 201);
  const form = multipart({ branch: name, content, message, sourceCommitId: start });
  const edit = await ok('PUT', `${WEB}/browse/${path}`, { headers: { 'content-type': form.contentType }, body: form.payload });
  return edit.json.id;
}

describe('Jira issues of a pull request', () => {
  test('keys of linked Jira projects from title, branch and commits; both 1.0 and latest', async () => {
    const latest = await ok('GET', `${JIRA}/pull-requests/1/issues`);
    expect(latest.json).toEqual([
      { key: 'WEB-57', url: 'https://jira.example.com/browse/WEB-57' },
      { key: 'WEB-42', url: 'https://jira.example.com/browse/WEB-42' },
    ]);
    const legacy = await call(emulator, 'GET', '/rest/jira/1.0/projects/ACME/repos/web-app/pull-requests/1/issues');
    expect(legacy.json).toEqual(latest.json);
  });

  test('title and branch name count; other projects and unlinked repositories give []', async () => {
    await branchWithEdit('feature/WEB-7-title', 'docs/JIRA.md', 'x\n', 'No key here');
    const pr = await ok('POST', `${WEB}/pull-requests`, { body: { title: 'WEB-8: title key, not OPS-1', fromRef: { id: 'refs/heads/feature/WEB-7-title' }, toRef: { id: 'refs/heads/main' } } }, 201);
    const issues = await ok('GET', `${JIRA}/pull-requests/${pr.json.id}/issues`);
    expect(issues.json.map((i: { key: string }) => i.key)).toEqual(['WEB-8', 'WEB-7']);
    // OPS is not linked to Jira at all.
    expect((await ok('GET', '/rest/jira/latest/projects/OPS/repos/infra-tools/pull-requests/1/issues')).json).toEqual([]);
    expect((await call(emulator, 'GET', `${JIRA}/pull-requests/999/issues`)).status).toBe(404);
    expect((await call(emulator, 'GET', `${JIRA}/pull-requests/1/issues`, { as: null })).status).toBe(401);
  });

  test("an issue's commits across linked repositories, with their changes", async () => {
    const page = await ok('GET', '/rest/jira/latest/issues/WEB-42/commits?maxChanges=5');
    const repo = webRepo();
    const expected = Object.values(repo.commits).filter((c) => /(^|\W)WEB-42(\W|$)/.test(c.message));
    expect(page.json.values.map((v: { toCommit: { id: string } }) => v.toCommit.id)).toEqual(expected.map((c) => c.id));
    expect(page.json.values[0]).toMatchObject({ repository: { slug: 'web-app' }, fromCommit: { id: expected[0].parents[0] }, changes: { values: [{ path: { toString: 'src/feature/search.ts' } }] } });
    expect((await ok('GET', '/rest/jira/latest/issues/OPS-3/commits')).json.values).toEqual([]); // OPS is no linked Jira project
    expect((await ok('GET', '/rest/jira/latest/issues/WEB-4/commits')).json.values).toEqual([]); // WEB-42 is not WEB-4
  });

  test('the project primary Jira link, and 204 for a project without one', async () => {
    const link = await ok('GET', '/rest/jira/latest/projects/ACME/primary-enhanced-entitylink');
    expect(link.json).toMatchObject({ projectKey: 'WEB', projectId: 10000, displayUrl: 'jira.example.com' });
    expect((await call(emulator, 'GET', '/rest/jira/latest/projects/LIB/primary-enhanced-entitylink')).status).toBe(204);
  });
});

describe('compare diff', () => {
  test('whole and per-path diffs from the merge base, same hunks as the engine and the PR diff', async () => {
    const repo = webRepo();
    const all = await ok('GET', `${WEB}/compare/diff?from=feature/search&to=main`);
    const base = emulator.store.mergeBase(repo, repo.branches['feature/search'], repo.branches.main)!;
    expect(all.json).toMatchObject({ fromHash: repo.branches.main, toHash: repo.branches['feature/search'], contextLines: 10 });
    const paths = all.json.diffs.map((d: { destination?: { toString: string } }) => d.destination?.toString);
    expect(paths).toEqual(emulator.store.changes(repo, base, repo.branches['feature/search']).map((c) => c.path));
    expect(paths).not.toContain('README.md'); // changed on main only: not in from

    const one = await ok('GET', `${WEB}/compare/diff/src/app.ts?from=${repo.branches['feature/search']}&to=main&contextLines=2`);
    const expected = buildHunks(emulator.store.fileAt(repo, base, 'src/app.ts')!, emulator.store.fileAt(repo, repo.branches['feature/search'], 'src/app.ts')!, 2);
    expect(one.json.diffs).toHaveLength(1);
    expect(one.json.diffs[0].hunks).toEqual(expected);
    const prDiff = await call(emulator, 'GET', `${WEB}/pull-requests/1/diff/src/app.ts?contextLines=2`);
    expect(prDiff.json.diffs[0].hunks).toEqual(one.json.diffs[0].hunks);
  });

  test('whitespace=ignore-all hides whitespace-only edits; srcPath diffs against another path; defaults and 404', async () => {
    const original = emulator.store.fileAt(webRepo(), webRepo().branches.main, 'src/util/format.ts')!;
    const reindented = original.replace("  return value.toLocaleString('en-US');", "    return   value.toLocaleString('en-US');");
    await branchWithEdit('feature/whitespace', 'src/util/format.ts', reindented, 'Reindent');
    const shown = await ok('GET', `${WEB}/compare/diff/src/util/format.ts?from=feature/whitespace&to=main`);
    expect(shown.json.diffs[0].hunks.length).toBe(1);
    const ignored = await ok('GET', `${WEB}/compare/diff/src/util/format.ts?from=feature/whitespace&to=main&whitespace=ignore-all`);
    expect(ignored.json.whitespace).toBe('IGNORE_ALL');
    expect(ignored.json.diffs[0].hunks).toEqual([]);

    const renamed = await ok('GET', `${WEB}/compare/diff/src/util/format.ts?from=feature/whitespace&to=main&srcPath=src/app.ts`);
    expect(renamed.json.diffs[0].source.toString).toBe('src/app.ts');

    // No from/to: both are the default branch, so nothing differs.
    expect((await ok('GET', `${WEB}/compare/diff`)).json.diffs).toEqual([]);
    const missing = await call(emulator, 'GET', `${WEB}/compare/diff?from=nope&to=main`);
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].exceptionName).toBe('com.atlassian.bitbucket.commit.NoSuchCommitException');
    const text = await call(emulator, 'GET', `${WEB}/compare/diff/src/app.ts?from=feature/search&to=main`, { headers: { accept: 'text/plain' } });
    expect(text.text).toContain("+import { search } from './feature/search';");
  });
});

describe('default reviewers', () => {
  test('branch patterns follow Bitbucket: * within a segment, ** across, unqualified patterns match in a namespace', () => {
    expect(patternToRegExp('feature/*').test('refs/heads/feature/x')).toBe(true);
    expect(patternToRegExp('feature/*').test('refs/heads/feature/x/y')).toBe(false);
    expect(patternToRegExp('feature/').test('refs/heads/feature/x/y')).toBe(true);
    expect(patternToRegExp('hotfix-*').test('refs/heads/stable/hotfix-1')).toBe(true);
    expect(patternToRegExp('refs/heads/hotfix-*').test('refs/heads/stable/hotfix-1')).toBe(false);
    expect(patternToRegExp('1.?').test('refs/heads/1.4')).toBe(true);
    expect(patternToRegExp('1.?').test('refs/heads/1.45')).toBe(false);
    expect(patternToRegExp('*').test('refs/heads/a/b/c')).toBe(true);
  });

  test('project and repository conditions: list (repository lists inherit), create, update, delete, validation', async () => {
    const project = await ok('GET', `${DR}/conditions`);
    expect(project.json).toHaveLength(1);
    expect(project.json[0]).toMatchObject({ scope: { type: 'PROJECT' }, sourceRefMatcher: { type: { id: 'ANY_REF' } }, targetRefMatcher: { id: 'development', type: { id: 'MODEL_BRANCH' } }, requiredApprovals: 0 });
    expect(project.json[0].reviewers.map((u: { slug: string }) => u.slug)).toEqual(['bob', 'carol']);
    const repo = await ok('GET', `${DR}/repos/web-app/conditions`);
    expect(repo.json.map((c: { scope: { type: string } }) => c.scope.type)).toEqual(['PROJECT', 'REPOSITORY']);
    expect(repo.json[1]).toMatchObject({ scope: { type: 'REPOSITORY', resourceId: webRepo().id }, sourceRefMatcher: { id: 'RELEASE', displayId: 'Release' }, targetRefMatcher: { id: 'refs/heads/main', displayId: 'main' } });

    const dave = emulator.store.user('dave')!;
    const created = await ok('POST', `${DR}/repos/web-app/condition`, {
      body: { sourceMatcher: { id: 'docs/*', type: { id: 'PATTERN' } }, targetMatcher: { id: 'main', type: { id: 'BRANCH' } }, reviewers: [{ id: dave.id }], requiredApprovals: 1 },
    });
    expect(created.json).toMatchObject({ sourceRefMatcher: { id: 'docs/*', type: { id: 'PATTERN', name: 'Pattern' } }, targetRefMatcher: { id: 'refs/heads/main' }, reviewers: [{ slug: 'dave' }], requiredApprovals: 1 });
    const id = created.json.id;
    const updated = await ok('PUT', `${DR}/repos/web-app/condition/${id}`, { body: { requiredApprovals: 0 } });
    expect(updated.json).toMatchObject({ id, requiredApprovals: 0, reviewers: [{ slug: 'dave' }] });

    const invalid = await call(emulator, 'POST', `${DR}/condition`, { body: { sourceMatcher: { id: 'x', type: { id: 'NOPE' } }, targetMatcher: { type: { id: 'ANY_REF' } }, reviewers: [], requiredApprovals: 3 } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors.map((e: { context: string }) => e.context)).toEqual(['sourceMatcher', 'reviewers']);
    const tooMany = await call(emulator, 'POST', `${DR}/condition`, { body: { sourceMatcher: { type: { id: 'ANY_REF' } }, targetMatcher: { type: { id: 'ANY_REF' } }, reviewers: [{ id: emulator.store.user('bob')!.id }], requiredApprovals: 2 } });
    expect(tooMany.json.errors.map((e: { context: string }) => e.context)).toEqual(['requiredApprovals']);
    // Reviewers are users by id: a name alone is refused, as on real servers (BSERV-12774).
    const byName = await call(emulator, 'POST', `${DR}/condition`, { body: { sourceMatcher: { type: { id: 'ANY_REF' } }, targetMatcher: { type: { id: 'ANY_REF' } }, reviewers: [{ name: 'bob' }] } });
    expect(byName.status).toBe(400);
    expect(byName.json.errors[0].context).toBe('reviewers');
    // Writes need admin; a repository condition is not reachable through the project.
    expect((await call(emulator, 'DELETE', `${DR}/repos/web-app/condition/${id}`, { as: 'alice' })).status).toBe(401);
    expect((await call(emulator, 'DELETE', `${DR}/condition/${id}`)).status).toBe(404);
    await ok('DELETE', `${DR}/repos/web-app/condition/${id}`, {}, 204);
    expect((await call(emulator, 'DELETE', `${DR}/repos/web-app/condition/${id}`)).status).toBe(404);
  });

  test('the reviewers query answers the matching conditions\' users; requiredApprovals is a merge check', async () => {
    const repo = webRepo();
    const query = (source: string, target: string) => `${DR}/repos/web-app/reviewers?sourceRepoId=${repo.id}&targetRepoId=${repo.id}&sourceRefId=refs/heads/${source}&targetRefId=refs/heads/${target}`;
    const slugs = (users: { slug: string }[]) => users.map((u) => u.slug);
    expect(slugs((await ok('GET', query('feature/x', 'main'))).json)).toEqual(['bob', 'carol']);
    expect(slugs((await ok('GET', query('release/1.4', 'main'))).json)).toEqual(['bob', 'carol', 'erin', 'frank']);
    expect(slugs((await ok('GET', query('main', 'release/1.4'))).json)).toEqual([]);
    expect((await call(emulator, 'GET', `${DR}/repos/web-app/reviewers?sourceRefId=refs/heads/x`)).status).toBe(400);

    // A release branch into main needs one approval from erin or frank. REST creation adds only the named
    // reviewers (as real servers do), so the merge check vetoes until a default reviewer is added and approves.
    await branchWithEdit('release/2.0', 'docs/RELEASE.md', '# Releasing 2.0\n', 'Prepare 2.0');
    const bare = await ok('POST', `${WEB}/pull-requests`, { as: 'carol', body: { title: 'Release 2.0', fromRef: { id: 'refs/heads/release/2.0' }, toRef: { id: 'refs/heads/main' }, reviewers: [{ user: { name: 'dave' } }] } }, 201);
    expect(bare.json.reviewers.map((r: { user: { slug: string } }) => r.user.slug)).toEqual(['dave']);
    const pr = `${WEB}/pull-requests/${bare.json.id}`;
    const vetoes = async () => (await call(emulator, 'GET', `${pr}/merge`)).json.vetoes.map((v: { summaryMessage: string }) => v.summaryMessage);
    expect(await vetoes()).toContain('Not enough approvals from default reviewers');

    // What REST clients do (Renovate's bbUseDefaultReviewers, atlascode): ask, then name them. The author is left out.
    const suggested = (await ok('GET', query('release/2.0', 'main'), { as: 'carol' })).json as { name: string; slug: string }[];
    const withDefaults = [{ user: { name: 'dave' } }, ...suggested.filter((u) => u.slug !== 'carol').map((u) => ({ user: { name: u.name } }))];
    const updated = await ok('PUT', pr, { as: 'carol', body: { version: bare.json.version, title: 'Release 2.0', reviewers: withDefaults } });
    expect(updated.json.reviewers.map((r: { user: { slug: string } }) => r.user.slug)).toEqual(['dave', 'bob', 'erin', 'frank']);
    await ok('PUT', `${pr}/participants/dave`, { as: 'dave', body: { status: 'APPROVED' } });
    expect(await vetoes()).toContain('Not enough approvals from default reviewers'); // dave is not a default reviewer
    await ok('PUT', `${pr}/participants/erin`, { as: 'erin', body: { status: 'APPROVED' } });
    expect(await vetoes()).not.toContain('Not enough approvals from default reviewers');
  });
});

describe('dashboard and inbox', () => {
  test('the current user\'s pull requests filtered by state, role, participantStatus; ordered; 401 anonymous', async () => {
    const keyOf = (pr: { id: number; toRef: { repository: { slug: string } } }) => `${pr.toRef.repository.slug}#${pr.id}`;
    const mine = await ok('GET', '/rest/api/latest/dashboard/pull-requests?limit=100', { as: 'bob' });
    const all = mine.json.values.map(keyOf);
    const expected = emulator.store.data.pullRequests
      .filter((p) => p.authorSlug === 'bob' || p.reviewers.some((r) => r.slug === 'bob') || p.participants.some((r) => r.slug === 'bob'))
      .map((p) => `${emulator.store.repositoryById(p.repositoryId)!.slug}#${p.id}`);
    expect([...all].sort()).toEqual([...expected].sort());

    const approved = await ok('GET', '/rest/api/latest/dashboard/pull-requests?role=REVIEWER&participantStatus=APPROVED&state=OPEN', { as: 'bob' });
    for (const pr of approved.json.values) {
      expect(pr.state).toBe('OPEN');
      expect(pr.reviewers.find((r: { user: { slug: string } }) => r.user.slug === 'bob').status).toBe('APPROVED');
    }
    expect(approved.json.values.length).toBeGreaterThan(0);
    const newest = (await ok('GET', '/rest/api/latest/dashboard/pull-requests?order=NEWEST', { as: 'bob' })).json.values.map(keyOf);
    const oldest = (await ok('GET', '/rest/api/latest/dashboard/pull-requests?order=OLDEST', { as: 'bob' })).json.values.map(keyOf);
    expect(oldest).toEqual([...newest].reverse());
    const closed = await ok('GET', '/rest/api/latest/dashboard/pull-requests?closedSince=86400', { as: 'erin' });
    expect(closed.json.values).toEqual([]); // the seeded PRs were closed in 2025
    expect((await call(emulator, 'GET', '/rest/api/latest/dashboard/pull-requests?state=CLOSED', { as: 'bob' })).status).toBe(400);
    expect((await call(emulator, 'GET', '/rest/api/latest/dashboard/pull-requests', { as: null })).status).toBe(401);
    // `user` asks for someone else's, still limited to what the caller can read.
    const ofDave = await ok('GET', '/rest/api/latest/dashboard/pull-requests?user=dave&role=AUTHOR', { as: 'admin' });
    expect(ofDave.json.values.every((pr: { author: { user: { slug: string } } }) => pr.author.user.slug === 'dave')).toBe(true);
  });

  test('inbox: open pull requests the user reviews (or authored with role=AUTHOR), and the count', async () => {
    const inbox = await call(emulator, 'GET', '/rest/api/latest/inbox/pull-requests', { as: 'alice' });
    expect(inbox.status).toBe(200);
    const reviewing = emulator.store.data.pullRequests.filter((p) => p.state === 'OPEN' && p.reviewers.some((r) => r.slug === 'alice'));
    expect(inbox.json.values.map((p: { id: number; title: string }) => p.title).sort()).toEqual(reviewing.map((p) => p.title).sort());
    const authored = await call(emulator, 'GET', '/rest/api/latest/inbox/pull-requests?role=author', { as: 'alice' });
    expect(authored.json.values.every((p: { author: { user: { slug: string } }; state: string }) => p.author.user.slug === 'alice' && p.state === 'OPEN')).toBe(true);
    expect((await call(emulator, 'GET', '/rest/api/latest/inbox/pull-requests/count', { as: 'alice' })).json).toEqual({ count: reviewing.length });
    expect((await call(emulator, 'GET', '/rest/api/latest/inbox/pull-requests', { as: null })).status).toBe(401);
  });
});

describe('reply comments', () => {
  test('a 201 reply carries parent; a thread\'s nested replies do not repeat it', async () => {
    const reply = await ok('POST', `${WEB}/pull-requests/1/comments`, { as: 'bob', body: { text: 'Agreed.', parent: { id: 1 } } }, 201);
    expect(reply.json.parent).toMatchObject({ id: 1, author: { slug: expect.any(String) } });
    expect(reply.json.parent.comments).toBeUndefined();
    expect((await ok('GET', `${WEB}/pull-requests/1/comments/${reply.json.id}`)).json.parent.id).toBe(1);
    const thread = await ok('GET', `${WEB}/pull-requests/1/comments/1`);
    expect(thread.json.parent).toBeUndefined();
    const nested = thread.json.comments.find((c: { id: number }) => c.id === reply.json.id);
    expect(nested).toBeDefined();
    expect(nested.parent).toBeUndefined();
  });
});

describe('code search (POST /rest/search/latest/search)', () => {
  const search = (body: unknown, as: string | null = 'admin') => call(emulator, 'POST', '/rest/search/latest/search', { as, body });

  test('finds terms in default-branch files with highlighted hit contexts, paged', async () => {
    const response = await search({ query: 'toLocaleString', entities: { code: { start: 0, limit: 10 } }, limits: { primary: 10, secondary: 3 } });
    expect(response.status).toBe(200);
    const { code } = response.json;
    const expected = emulator.store.data.repositories.flatMap((repo) => {
      const tree = repo.commits[repo.branches[repo.defaultBranch]]?.tree ?? {};
      return Object.keys(tree).filter((p) => (emulator.store.blob(tree[p]) ?? '').toLowerCase().includes('tolocalestring')).map((p) => `${repo.slug}:${p}`);
    });
    expect(code.values.map((v: { repository: { slug: string }; file: string }) => `${v.repository.slug}:${v.file}`).sort()).toEqual(expected.sort());
    expect(code).toMatchObject({ category: 'primary', isLastPage: true, count: expected.length, start: 0 });
    const format = code.values.find((v: { file: string }) => v.file === 'src/util/format.ts');
    const hitLine = format.hitContexts.flat().find((l: { text: string }) => l.text.includes('<em>'));
    expect(hitLine.text).toBe("  return value.<em>toLocaleString</em>(&#39;en-US&#39;);");
    expect(format.hitCount).toBe(1);
    expect(response.json.query).toEqual({ substituted: false });

    const first = (await search({ query: 'export', entities: { code: { start: 0, limit: 2 } } })).json.code;
    expect(first).toMatchObject({ isLastPage: false, nextStart: 2 });
    const second = (await search({ query: 'export', entities: { code: { start: 2, limit: 2 } } })).json.code;
    expect(second.values[0].file).not.toBe(first.values[0].file);
  });

  test('modifiers, boolean operators and phrases; only branches the search server indexes (default)', async () => {
    const files = async (query: string) => (await search({ query, entities: { code: { limit: 100 } } })).json.code.values.map((v: { repository: { slug: string; project: { key: string } }; file: string }) => `${v.repository.project.key}/${v.repository.slug}:${v.file}`);
    expect(await files('project:OPS echo')).toEqual(['OPS/infra-tools:deploy.sh', 'OPS/infra-tools:rollback.sh']);
    expect(await files('echo AND NOT deploy')).toEqual(['OPS/infra-tools:rollback.sh']);
    expect(await files('"echo deploy" OR "health"')).toEqual(['OPS/infra-tools:deploy.sh']);
    expect(await files('repo:ACME/web-app ext:md release')).toEqual(['ACME/web-app:docs/RELEASE.md']);
    expect(await files('lang:typescript path:src/util format')).toEqual(['ACME/web-app:src/util/format.ts']);
    // feature/search is not the default branch: not indexed.
    expect(await files('SELECT')).toEqual([]);
  });

  test('invalid queries answer 400; anonymous callers 401; readable repositories only', async () => {
    for (const query of ['', 'project:ACME', 'NOT deploy', '(echo', 'echo )']) {
      const response = await search({ query, entities: { code: {} } });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.json.errors[0].context).toBe('query');
    }
    expect((await search({ query: 'echo', entities: { code: {} } }, null)).status).toBe(401);
    const repos = (await search({ query: 'web', entities: { repositories: {}, projects: {} } })).json;
    expect(repos.repositories.values.map((r: { slug: string }) => r.slug)).toEqual(['web-app']);
    expect(repos).not.toHaveProperty('code');
  });
});
