/** Bitbucket semantics of the emulator's REST: walkthrough, limits, versions, permissions, XSRF, auth. */
import { basic, call, createEmulator, multipart, WEB, WEB_BRANCH_UTILS, WEB_INSIGHTS, type TestEmulator } from './helpers';

jest.setTimeout(60000);

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await createEmulator();
});
afterAll(() => emulator.dispose());

const webRepo = () => emulator.store.repository('ACME', 'web-app')!;

describe('seed walkthrough: read, branch, commit, open a PR', () => {
  test('reads a file, branches, edits through multipart PUT and opens a PR with commits, changes and a diff', async () => {
    const raw = await call(emulator, 'GET', `${WEB}/raw/src/util/format.ts`);
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toMatch(/^text\/plain/);
    const browse = await call(emulator, 'GET', `${WEB}/browse/src/util/format.ts?limit=3`);
    expect(browse.json.lines.map((l: { text: string }) => l.text)).toEqual(raw.text.split('\n').slice(0, 3));
    expect(browse.json).toMatchObject({ start: 0, size: 3, isLastPage: false, nextPageStart: 3 });

    const main = webRepo().branches.main;
    const created = await call(emulator, 'POST', `${WEB_BRANCH_UTILS}/branches`, { as: 'alice', body: { name: 'feature/walkthrough', startPoint: main } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'refs/heads/feature/walkthrough', displayId: 'feature/walkthrough', latestCommit: main, isDefault: false });

    const content = `${raw.text}export const walkthrough = true;\n`;
    const form = multipart({ branch: 'feature/walkthrough', content, message: 'Add walkthrough flag', sourceCommitId: main });
    const edit = await call(emulator, 'PUT', `${WEB}/browse/src/util/format.ts`, { as: 'alice', headers: { 'content-type': form.contentType }, body: form.payload });
    expect(edit.status).toBe(200);
    expect(edit.json).toMatchObject({ message: 'Add walkthrough flag', parents: [{ id: main }] });
    expect(edit.json.author).toMatchObject({ slug: 'alice' });
    expect((await call(emulator, 'GET', `${WEB}/raw/src/util/format.ts?at=feature/walkthrough`)).text).toBe(content);

    // A second edit from the same stale source commit is refused (someone else changed the file).
    const stale = multipart({ branch: 'feature/walkthrough', content: 'x\n', message: 'stale', sourceCommitId: main });
    const conflict = await call(emulator, 'PUT', `${WEB}/browse/src/util/format.ts`, { as: 'alice', headers: { 'content-type': stale.contentType }, body: stale.payload });
    expect(conflict.status).toBe(409);

    const pr = await call(emulator, 'POST', `${WEB}/pull-requests`, {
      as: 'alice',
      body: { title: 'Walkthrough', fromRef: { id: 'refs/heads/feature/walkthrough' }, toRef: { id: 'refs/heads/main' }, reviewers: [{ user: { name: 'bob' } }] },
    });
    expect(pr.status).toBe(201);
    expect(pr.json).toMatchObject({ version: 0, state: 'OPEN', open: true, closed: false, author: { user: { slug: 'alice' }, role: 'AUTHOR' }, reviewers: [{ user: { slug: 'bob' }, status: 'UNAPPROVED' }] });
    const id = pr.json.id;
    const commits = await call(emulator, 'GET', `${WEB}/pull-requests/${id}/commits`);
    expect(commits.json.values.map((c: { id: string }) => c.id)).toEqual([edit.json.id]);
    const changes = await call(emulator, 'GET', `${WEB}/pull-requests/${id}/changes`);
    expect(changes.json.values).toEqual([expect.objectContaining({ type: 'MODIFY', path: expect.objectContaining({ toString: 'src/util/format.ts' }) })]);
    expect(changes.json).toMatchObject({ fromHash: main, toHash: edit.json.id });
    const diff = await call(emulator, 'GET', `${WEB}/pull-requests/${id}/diff/src/util/format.ts?contextLines=1`);
    const segments = diff.json.diffs[0].hunks[0].segments;
    expect(segments.find((s: { type: string }) => s.type === 'ADDED').lines[0].line).toBe('export const walkthrough = true;');
    const text = await call(emulator, 'GET', `${WEB}/pull-requests/${id}/diff/src/util/format.ts`, { headers: { accept: 'text/plain' } });
    expect(text.text).toContain('+export const walkthrough = true;');
  });

  test('a push to a PR branch rescopes the PR (new commit, version bump, RESCOPED activity)', async () => {
    const repo = webRepo();
    const pr6 = emulator.store.pullRequest(repo, 6)!;
    const before = pr6.version;
    const tip = repo.branches['hotfix/typo'];
    const form = multipart({ branch: 'hotfix/typo', content: 'new\n', message: 'Add a note', sourceCommitId: tip });
    const edit = await call(emulator, 'PUT', `${WEB}/browse/docs/NOTE.md`, { as: 'carol', headers: { 'content-type': form.contentType }, body: form.payload });
    expect(edit.status).toBe(200);
    const pr = await call(emulator, 'GET', `${WEB}/pull-requests/6`);
    expect(pr.json.fromRef.latestCommit).toBe(edit.json.id);
    expect(pr.json.version).toBe(before + 1);
    const activities = await call(emulator, 'GET', `${WEB}/pull-requests/6/activities?limit=1`);
    expect(activities.json.values[0]).toMatchObject({ action: 'RESCOPED', fromHash: edit.json.id, previousFromHash: tip });
  });
});

describe('pull request versions and merging', () => {
  test('a stale version answers 409 PullRequestOutOfDateException with the current PR', async () => {
    const current = emulator.store.pullRequest(webRepo(), 2)!.version;
    const response = await call(emulator, 'PUT', `${WEB}/pull-requests/2`, { as: 'bob', body: { version: current + 5, title: 'x' } });
    expect(response.status).toBe(409);
    expect(response.json.errors[0]).toMatchObject({
      exceptionName: 'com.atlassian.bitbucket.pull.PullRequestOutOfDateException',
      message: 'You are attempting to modify a pull request based on out-of-date information.',
      currentVersion: current,
      expectedVersion: current + 5,
      pullRequest: expect.objectContaining({ id: 2, version: current }),
    });
    const ok = await call(emulator, 'PUT', `${WEB}/pull-requests/2`, { as: 'bob', body: { version: current, title: 'Renamed' } });
    expect(ok.json).toMatchObject({ title: 'Renamed', version: current + 1 });
  });

  test('vetoes and conflicts block merging; a clean PR merges and its source branch stays', async () => {
    const vetoed = await call(emulator, 'POST', `${WEB}/pull-requests/1/merge?version=${emulator.store.pullRequest(webRepo(), 1)!.version}`);
    expect(vetoed.status).toBe(409);
    expect(vetoed.json.errors[0]).toMatchObject({ exceptionName: 'com.atlassian.bitbucket.pull.PullRequestMergeVetoedException', conflicted: false });
    expect(vetoed.json.errors[0].vetoes.map((v: { summaryMessage: string }) => v.summaryMessage)).toEqual(['Incomplete tasks', "Required report 'Security scan' has not passed"]);
    const conflicted = await call(emulator, 'GET', `${WEB}/pull-requests/3/merge`);
    expect(conflicted.json).toMatchObject({ canMerge: false, conflicted: true, outcome: 'CONFLICTED' });
    expect((await call(emulator, 'GET', `${WEB}/pull-requests/3`)).json.properties.mergeResult).toEqual({ outcome: 'CONFLICTED', current: true });
    const readOnly = await call(emulator, 'POST', `${WEB}/pull-requests/2/merge`, { as: 'user' });
    expect(readOnly.status).toBe(401);

    const repo = webRepo();
    const pr4 = emulator.store.pullRequest(repo, 4)!;
    expect(pr4.state).toBe('MERGED');
    expect(repo.branches[pr4.fromBranch]).toBeDefined();
    const status = await call(emulator, 'GET', `${WEB}/pull-requests/4/merge`);
    expect(status.status).toBe(409);
  });

  test('merging an approved, clean PR creates a merge commit on the target', async () => {
    const repo = webRepo();
    const pr = emulator.store.pullRequest(repo, 6)!;
    // The rescope test pushed a new head: the required report must be published for it first.
    const missing = await call(emulator, 'GET', `${WEB}/pull-requests/6/merge`);
    expect(missing.json.vetoes).toEqual([expect.objectContaining({ summaryMessage: 'Required report is missing' })]);
    const published = await call(emulator, 'PUT', `${WEB_INSIGHTS}/commits/${pr.fromCommit}/reports/com.yourcompany.security`, { body: { title: 'Security scan', result: 'PASS', data: [] } });
    expect(published.status).toBe(200);
    const merged = await call(emulator, 'POST', `${WEB}/pull-requests/6/merge?version=${pr.version}`, { as: 'carol' });
    expect(merged.status).toBe(200);
    expect(merged.json).toMatchObject({ state: 'MERGED', closed: true, version: pr.version });
    const tip = await call(emulator, 'GET', `${WEB}/commits/${repo.branches.main}`);
    expect(tip.json.parents).toHaveLength(2);
    expect(tip.json.parents[1].id).toBe(merged.json.fromRef.latestCommit);
  });

  test('decline and reopen follow the PR state machine', async () => {
    const v = emulator.store.pullRequest(webRepo(), 2)!.version;
    const declined = await call(emulator, 'POST', `${WEB}/pull-requests/2/decline?version=${v}`, { as: 'bob' });
    expect(declined.json).toMatchObject({ state: 'DECLINED', version: v + 1 });
    const again = await call(emulator, 'POST', `${WEB}/pull-requests/2/decline?version=${v + 1}`, { as: 'bob' });
    expect(again.status).toBe(409);
    expect(again.json.errors[0].exceptionName).toBe('com.atlassian.bitbucket.pull.IllegalPullRequestStateException');
    expect((await call(emulator, 'POST', `${WEB}/pull-requests/2/reopen?version=${v + 1}`, { as: 'user' })).status).toBe(401);
    const reopened = await call(emulator, 'POST', `${WEB}/pull-requests/2/reopen?version=${v + 1}`, { as: 'bob' });
    expect(reopened.json).toMatchObject({ state: 'OPEN', version: v + 2 });
  });

  test('review status: only for yourself, never by the author', async () => {
    expect((await call(emulator, 'PUT', `${WEB}/pull-requests/1/participants/carol`, { as: 'carol', body: { status: 'APPROVED' } })).json).toMatchObject({ status: 'APPROVED', approved: true });
    expect((await call(emulator, 'PUT', `${WEB}/pull-requests/1/participants/carol`, { as: 'dave', body: { status: 'APPROVED' } })).status).toBe(401);
    expect((await call(emulator, 'PUT', `${WEB}/pull-requests/1/participants/alice`, { as: 'alice', body: { status: 'APPROVED' } })).status).toBe(400);
  });
});

describe('comments, tasks and reactions', () => {
  test('comment CRUD with versions, tasks and reactions embedded in properties', async () => {
    const created = await call(emulator, 'POST', `${WEB}/pull-requests/1/blocker-comments`, { as: 'dave', body: { text: 'Please add tests' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ severity: 'BLOCKER', state: 'OPEN', version: 0 });
    const id = created.json.id;
    const stale = await call(emulator, 'PUT', `${WEB}/pull-requests/1/comments/${id}`, { as: 'dave', body: { version: 3, state: 'RESOLVED' } });
    expect(stale.status).toBe(409);
    const resolved = await call(emulator, 'PUT', `${WEB}/pull-requests/1/comments/${id}`, { as: 'alice', body: { version: 0, state: 'RESOLVED' } });
    expect(resolved.json).toMatchObject({ state: 'RESOLVED', version: 1, resolver: { slug: 'alice' } });
    const notAuthor = await call(emulator, 'PUT', `${WEB}/pull-requests/1/comments/${id}`, { as: 'alice', body: { version: 1, text: 'hijack' } });
    expect(notAuthor.status).toBe(401);

    const react = await call(emulator, 'PUT', `/rest/comment-likes/latest/projects/ACME/repos/web-app/pull-requests/1/comments/${id}/reactions/thumbsup`, { as: 'bob' });
    expect(react.status).toBe(200);
    expect(react.json).toMatchObject({ user: { slug: 'bob' }, emoticon: { shortcut: 'thumbsup' } });
    const comment = await call(emulator, 'GET', `${WEB}/pull-requests/1/comments/${id}`);
    expect(comment.json.properties.reactions).toEqual([expect.objectContaining({ emoticon: expect.objectContaining({ shortcut: 'thumbsup' }), users: [expect.objectContaining({ slug: 'bob' })] })]);
    expect((await call(emulator, 'DELETE', `/rest/comment-likes/latest/projects/ACME/repos/web-app/pull-requests/1/comments/${id}/reactions/thumbsup`, { as: 'bob' })).status).toBe(204);
    expect((await call(emulator, 'GET', `${WEB}/pull-requests/1/comments/${id}`)).json.properties.reactions).toBeUndefined();
    expect((await call(emulator, 'PUT', `/rest/comment-likes/latest/projects/ACME/repos/web-app/pull-requests/1/comments/${id}/reactions/Bad%20Name`, { as: 'bob' })).status).toBe(400);

    const commitComment = emulator.store.data.comments.find((c) => c.commitId)!;
    const onCommit = await call(emulator, 'PUT', `/rest/comment-likes/latest/projects/ACME/repos/web-app/commits/${commitComment.commitId}/comments/${commitComment.id}/reactions/rocket`, { as: 'dave' });
    expect(onCommit.status).toBe(200);

    const deleted = await call(emulator, 'DELETE', `${WEB}/pull-requests/1/comments/${id}?version=1`, { as: 'dave' });
    expect(deleted.status).toBe(204);
    const parent = emulator.store.data.comments.find((c) => c.pullRequestId === 1 && emulator.store.repliesOf(c).length > 0)!;
    expect((await call(emulator, 'DELETE', `${WEB}/pull-requests/1/comments/${parent.id}?version=${parent.version}`, { as: parent.authorSlug })).status).toBe(409);
  });

  test('activities page from an id', async () => {
    const all = await call(emulator, 'GET', `${WEB}/pull-requests/1/activities?limit=1000`);
    const third = all.json.values[2];
    const from = await call(emulator, 'GET', `${WEB}/pull-requests/1/activities?fromId=${third.id}&fromType=ACTIVITY&limit=2`);
    expect(from.json.values[0].id).toBe(third.id);
    expect(from.json).toMatchObject({ size: 2, isLastPage: false, nextPageStart: 2 });
  });
});

describe('paging envelope', () => {
  test('default limit 25, max 1000, nextPageStart only before the last page', async () => {
    const first = await call(emulator, 'GET', '/rest/api/latest/users?limit=5000');
    expect(first.json.limit).toBe(1000);
    expect(first.json.isLastPage).toBe(true);
    expect('nextPageStart' in first.json).toBe(false);
    const commits = await call(emulator, 'GET', `${WEB}/commits`);
    expect(commits.json.limit).toBe(25);
    const page = await call(emulator, 'GET', `${WEB}/branches?limit=2&start=1`);
    expect(page.json).toMatchObject({ start: 1, size: 2, limit: 2, isLastPage: false, nextPageStart: 3 });
  });
});

describe('branch utils', () => {
  test('delete refuses the default branch and a moved end point; dryRun keeps the branch', async () => {
    const repo = webRepo();
    expect((await call(emulator, 'DELETE', `${WEB_BRANCH_UTILS}/branches`, { body: { name: 'refs/heads/main' } })).status).toBe(400);
    const tip = repo.branches['feature/login-page'];
    const mismatch = await call(emulator, 'DELETE', `${WEB_BRANCH_UTILS}/branches`, { body: { name: 'feature/login-page', endPoint: repo.branches.main } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.errors[0].context).toBe('endPoint');
    expect((await call(emulator, 'DELETE', `${WEB_BRANCH_UTILS}/branches`, { body: { name: 'feature/login-page', dryRun: true, endPoint: tip } })).status).toBe(204);
    expect(repo.branches['feature/login-page']).toBe(tip);
    expect((await call(emulator, 'DELETE', `${WEB_BRANCH_UTILS}/branches`, { as: 'user', body: { name: 'feature/login-page' } })).status).toBe(401);
    expect((await call(emulator, 'DELETE', `${WEB_BRANCH_UTILS}/branches`, { body: { name: 'feature/login-page', endPoint: tip } })).status).toBe(204);
    expect(repo.branches['feature/login-page']).toBeUndefined();
    expect((await call(emulator, 'POST', `${WEB_BRANCH_UTILS}/branches`, { body: { name: 'bad..name', startPoint: 'main' } })).status).toBe(400);
  });

  test('branch model: effective view omits disabled types; unconfigured repos answer 404', async () => {
    const none = await call(emulator, 'GET', '/rest/branch-utils/latest/projects/OPS/repos/infra-tools/branchmodel');
    expect(none.status).toBe(404);
    expect(none.json.errors[0].exceptionName).toBe('com.atlassian.bitbucket.NoSuchEntityException');
    const config = (await call(emulator, 'GET', `${WEB_BRANCH_UTILS}/branchmodel/configuration`)).json;
    config.types[2].enabled = false;
    expect((await call(emulator, 'PUT', `${WEB_BRANCH_UTILS}/branchmodel/configuration`, { body: config })).status).toBe(200);
    const model = (await call(emulator, 'GET', `${WEB_BRANCH_UTILS}/branchmodel`)).json;
    expect(model.types.map((t: { id: string }) => t.id)).toEqual(['BUGFIX', 'FEATURE', 'RELEASE']);
    expect(model.development.displayId).toBe('main');
  });
});

describe('insights limits', () => {
  const commit = () => emulator.store.pullRequest(webRepo(), 1)!.fromCommit;
  const report = (key: string) => `${WEB_INSIGHTS}/commits/${commit()}/reports/${key}`;

  test('report validation messages and limits', async () => {
    const bad = await call(emulator, 'PUT', report('limits'), {
      body: {
        title: 'x'.repeat(451),
        details: 'd'.repeat(2001),
        link: 'javascript:alert(1)',
        data: [1, 2, 3, 4, 5, 6, 7].map((n) => ({ title: `t${n}`, type: 'NUMBER', value: n })),
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { context: string }) => e.context).sort()).toEqual(['data', 'details', 'link', 'title']);
    const typed = await call(emulator, 'PUT', report('limits'), { body: { title: 'T', data: [{ title: 'p', type: 'PERCENTAGE', value: 'lots' }, { title: 'o', value: { nested: true } }] } });
    expect(typed.json.errors.map((e: { message: string }) => e.message)).toEqual([expect.stringContaining('between 0 and 100'), 'data field contains unsupported objects']);
    expect((await call(emulator, 'PUT', `${WEB_INSIGHTS}/commits/abc123/reports/k`, { body: { title: 'T', data: [] } })).status).toBe(400);
  });

  test('only the creator replaces a report; delete needs author or REPO_ADMIN and cascades', async () => {
    expect((await call(emulator, 'PUT', report('owned'), { as: 'alice', body: { title: 'Mine', data: [] } })).status).toBe(200);
    expect((await call(emulator, 'PUT', report('owned'), { as: 'bob', body: { title: 'Theirs', data: [] } })).status).toBe(401);
    expect((await call(emulator, 'POST', `${report('owned')}/annotations`, { as: 'bob', body: { annotations: [{ message: 'm', severity: 'LOW' }] } })).status).toBe(401);
    expect((await call(emulator, 'POST', `${report('owned')}/annotations`, { as: 'alice', body: { annotations: [{ message: 'm', severity: 'LOW', externalId: 'a' }] } })).status).toBe(204);
    expect((await call(emulator, 'DELETE', report('owned'), { as: 'user' })).status).toBe(401);
    expect((await call(emulator, 'DELETE', report('owned'), { as: 'admin' })).status).toBe(204);
    expect((await call(emulator, 'GET', `${report('owned')}/annotations`)).status).toBe(404);
    expect(emulator.store.data.reports.find((r) => r.key === 'owned')).toBeUndefined();
  });

  test('annotations: field limits, 1000 per report all-or-nothing, filters', async () => {
    await call(emulator, 'PUT', report('many'), { body: { title: 'Many', data: [] } });
    const invalid = await call(emulator, 'POST', `${report('many')}/annotations`, {
      body: { annotations: [{ message: 'm'.repeat(2001), severity: 'LOW' }, { message: 'ok', severity: 'SEVERE', externalId: 'e'.repeat(450), path: 'p'.repeat(50001) }] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors.map((e: { context: string }) => e.context)).toEqual(['annotations[0].message', 'annotations[1].severity', 'annotations[1].path', 'annotations[1].externalId']);
    const batch = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => ({ message: `m${i}`, severity: 'MEDIUM', type: 'BUG', path: `f${(i + offset) % 7}.ts`, line: i, externalId: `id-${i + offset}` }));
    expect((await call(emulator, 'POST', `${report('many')}/annotations`, { body: { annotations: batch(999) } })).status).toBe(204);
    const over = await call(emulator, 'POST', `${report('many')}/annotations`, { body: { annotations: batch(2, 999) } });
    expect(over.status).toBe(400);
    expect((await call(emulator, 'GET', `${report('many')}/annotations`)).json.totalCount).toBe(999);
    expect((await call(emulator, 'POST', `${report('many')}/annotations`, { body: { annotations: batch(1, 999) } })).status).toBe(204);
    const filtered = await call(emulator, 'GET', `${WEB_INSIGHTS}/commits/${commit()}/annotations?key=many&path=f3.ts&externalId=id-3&externalId=id-10`);
    expect(filtered.json.annotations.map((a: { externalId: string }) => a.externalId)).toEqual(['id-3', 'id-10']);
    expect((await call(emulator, 'DELETE', `${report('many')}/annotations?externalId=id-3`)).status).toBe(204);
    expect((await call(emulator, 'GET', `${report('many')}/annotations`)).json.totalCount).toBe(999);
  });

  test('seeded showcase data: the 1000-annotation report and every data type', async () => {
    const pr2 = emulator.store.pullRequest(webRepo(), 2)!;
    const big = await call(emulator, 'GET', `${WEB_INSIGHTS}/commits/${pr2.fromCommit}/reports/com.yourcompany.static-analysis/annotations`);
    expect(big.json.totalCount).toBe(1000);
    expect(new Set(big.json.annotations.map((a: { path: string }) => a.path)).size).toBeGreaterThan(30);
    const reports = (await call(emulator, 'GET', `${WEB_INSIGHTS}/commits/${commit()}/reports?limit=100`)).json.values;
    const types = new Set(reports.flatMap((r: { data: { type?: string }[] }) => r.data.map((d) => d.type ?? 'UNTYPED')));
    expect([...types].sort()).toEqual(['BOOLEAN', 'DATE', 'DURATION', 'LINK', 'NUMBER', 'PERCENTAGE', 'TEXT', 'UNTYPED']);
  });
});

describe('permissions, XSRF and authentication', () => {
  test('user/user reads but every write answers 401', async () => {
    expect((await call(emulator, 'GET', WEB, { as: 'user' })).status).toBe(200);
    const tip = webRepo().branches.main;
    const form = multipart({ branch: 'main', content: 'x', message: 'm', sourceCommitId: tip });
    const writes = [
      await call(emulator, 'PUT', `${WEB}/browse/README.md`, { as: 'user', headers: { 'content-type': form.contentType }, body: form.payload }),
      await call(emulator, 'POST', `${WEB_BRANCH_UTILS}/branches`, { as: 'user', body: { name: 'feature/nope', startPoint: tip } }),
      await call(emulator, 'PUT', `${WEB}/default-branch`, { as: 'user', body: { id: 'refs/heads/release/1.4' } }),
      await call(emulator, 'DELETE', `${WEB}/commits/${tip}/builds?key=WEB-BUILD`, { as: 'user' }),
      await call(emulator, 'PUT', `${WEB_BRANCH_UTILS}/branchmodel/configuration`, { as: 'user', body: {} }),
    ];
    for (const response of writes) {
      expect(response.status).toBe(401);
      expect(response.json.errors[0]).toEqual({ context: null, message: 'You are not permitted to access this resource', exceptionName: 'com.atlassian.bitbucket.AuthorisationException' });
    }
    expect((await call(emulator, 'GET', WEB, { as: null })).status).toBe(401);
  });

  test('XSRF: a POST without the no-check header and a non-JSON or missing content type gets 403', async () => {
    const url = `${emulator.origin}/bitbucket${WEB}/pull-requests/1/approve`;
    const auth = { authorization: basic('carol') };
    const refused = await fetch(url, { method: 'POST', headers: auth });
    expect(refused.status).toBe(403);
    expect((await refused.json()).errors[0].exceptionName).toBe('com.atlassian.plugins.rest.common.security.XsrfCheckFailedException');
    const form = await fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
    expect(form.status).toBe(403);
    const crossOrigin = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 Chrome/120', origin: 'https://evil.example.com' },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
    expect((await fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '' })).status).toBe(200);
    expect((await fetch(url, { method: 'POST', headers: { ...auth, 'x-atlassian-token': 'no-check' } })).status).toBe(200);
    // PUT/DELETE are not enforced.
    expect((await fetch(`${emulator.origin}/bitbucket${WEB}/pull-requests/1/participants/carol`, { method: 'PUT', headers: { ...auth, 'content-type': 'text/plain' }, body: '' })).status).not.toBe(403);
  });

  test('Basic with password or token, Bearer token, session cookie; headers name the user', async () => {
    const token = emulator.adminToken;
    const bearer = await call(emulator, 'GET', WEB, { as: null, headers: { authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.headers).toMatchObject({ 'x-ausername': 'admin', 'x-auserid': '1', 'content-type': 'application/json;charset=UTF-8' });
    expect(bearer.headers['x-arequestid']).toMatch(/^@/);
    expect((await call(emulator, 'GET', WEB, { as: null, headers: { authorization: basic('admin', token) } })).status).toBe(200);
    const wrong = await call(emulator, 'GET', WEB, { as: null, headers: { authorization: basic('admin', 'nope') } });
    expect(wrong.status).toBe(401);
    expect((await call(emulator, 'GET', WEB, { as: null, headers: { authorization: 'Bearer nope' } })).status).toBe(401);

    const readToken = await call(emulator, 'PUT', '/rest/access-tokens/latest/users/alice', { as: 'alice', body: { name: 'ci', permissions: ['REPO_READ'] } });
    expect(readToken.status).toBe(200);
    const limited = { authorization: `Bearer ${readToken.json.token}` };
    expect((await call(emulator, 'GET', WEB, { as: null, headers: limited })).status).toBe(200);
    expect((await call(emulator, 'POST', `${WEB_BRANCH_UTILS}/branches`, { as: null, headers: limited, body: { name: 'feature/token', startPoint: 'main' } })).status).toBe(401);
    expect((await call(emulator, 'PUT', '/rest/access-tokens/latest/users/alice', { as: 'bob', body: { name: 'x', permissions: ['REPO_READ'] } })).status).toBe(401);

    const login = await fetch(`${emulator.origin}/bitbucket/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'j_username=bob&j_password=bob&next=%2Fbitbucket%2Fprojects',
      redirect: 'manual',
    });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/bitbucket/projects');
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const session = await call(emulator, 'GET', WEB, { as: null, headers: { cookie } });
    expect(session.headers['x-ausername']).toBe('bob');
    const evil = await fetch(`${emulator.origin}/bitbucket/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'j_username=bob&j_password=bob&next=%2F%2Fevil.example.com%2F',
      redirect: 'manual',
    });
    expect(evil.headers.get('location')).toBe('/bitbucket/dashboard');
    const badLogin = await fetch(`${emulator.origin}/bitbucket/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'j_username=bob&j_password=x' });
    expect(await badLogin.text()).toContain('incorrect');
    await fetch(`${emulator.origin}/bitbucket/logout`, { headers: { cookie }, redirect: 'manual' });
    expect((await call(emulator, 'GET', WEB, { as: null, headers: { cookie } })).status).toBe(401);
  });

  test('unknown resources: JSON 404 inside a module, HTML 404 for unknown modules', async () => {
    const inModule = await call(emulator, 'GET', '/rest/api/latest/nothing-here');
    expect(inModule.status).toBe(404);
    expect(inModule.json.errors[0].exceptionName).toBe('com.sun.jersey.api.NotFoundException');
    const unknownModule = await call(emulator, 'GET', '/rest/no-such-plugin/1.0/x');
    expect(unknownModule.headers['content-type']).toMatch(/^text\/html/);
    expect((await call(emulator, 'GET', '/rest/client-plugins/1.0/client-plugins/items?location=x', { as: null })).json).toEqual({ webItems: [] });
  });
});
