/**
 * Repository and project administration over the store: each write is checked for its effect (what later
 * reads and the merge checks answer), its permission check and its errors, and every 2xx body is validated
 * against the 9.2 document (the coverage probe only sends empty bodies to writes).
 */
import { rmSync } from 'fs';
import { createServer, type IncomingHttpHeaders } from 'http';
import type { AddressInfo } from 'net';
import { gunzipSync } from 'zlib';
import { problems } from './spec-problems';
import { Store } from '../../emulator/store/store';
import { call, createEmulator, multipart, tempDir, WEB, WEB_BRANCH_UTILS, type CallOptions, type CallResult, type TestEmulator } from './helpers';

jest.setTimeout(60000);

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await createEmulator();
});
afterAll(() => emulator.dispose());

const ACME = '/rest/api/latest/projects/ACME';
const GIT = '/rest/git/latest/projects/ACME/repos/web-app';
const RESTRICTIONS = '/rest/branch-permissions/latest/projects/ACME/repos/web-app/restrictions';
const web = () => emulator.store.repository('ACME', 'web-app')!;

/** Calls and asserts the status; a 2xx body must be spec-valid. */
async function expectCall(method: string, url: string, status: number, options: CallOptions = {}): Promise<CallResult> {
  const response = await call(emulator, method, url, options);
  expect({ method, url, status: response.status, body: response.status === status ? undefined : response.text.slice(0, 300) }).toEqual({ method, url, status, body: undefined });
  if (status >= 200 && status < 300 && String(response.headers['content-type'] ?? '').includes('json')) expect(problems(method, url, status, response.json)).toEqual([]);
  if (status >= 400) expect(response.json.errors[0].message).toEqual(expect.any(String));
  return response;
}

describe('tags and labels', () => {
  test('the git module creates annotated tags, core lists and creates lightweight ones, deletes are recorded', async () => {
    const main = web().branches.main;
    const annotated = (await expectCall('POST', `${GIT}/tags`, 201, { body: { name: 'v2.0.0', startPoint: 'main', message: 'Release 2.0.0', type: 'ANNOTATED' } })).json;
    expect(annotated).toMatchObject({ id: 'refs/tags/v2.0.0', displayId: 'v2.0.0', type: 'TAG', latestCommit: main });
    expect(annotated.hash).not.toBe(main); // the tag object, not the commit
    const light = (await expectCall('POST', `${WEB}/tags`, 200, { body: { name: 'nightly', startPoint: main } })).json;
    expect(light.hash).toBe(main);
    await expectCall('POST', `${GIT}/tags`, 409, { body: { name: 'v2.0.0', startPoint: 'main' } });
    await expectCall('POST', `${GIT}/tags`, 400, { body: { name: 'bad..name', startPoint: 'main' } });
    await expectCall('POST', `${GIT}/tags`, 400, { body: { name: 'x', startPoint: 'no-such-branch' } });
    await expectCall('POST', `${GIT}/tags`, 401, { as: 'user', body: { name: 'mine', startPoint: 'main' } });
    const listed = (await expectCall('GET', `${WEB}/tags?filterText=v2&orderBy=ALPHABETICAL`, 200)).json;
    expect(listed.values.map((t: { displayId: string }) => t.displayId)).toEqual(['v2.0.0']);
    expect((await expectCall('GET', `${WEB}/tags/v2.0.0`, 200)).json.latestCommit).toBe(main);
    await expectCall('DELETE', `${GIT}/tags/v2.0.0`, 204);
    await expectCall('GET', `${WEB}/tags/v2.0.0`, 404);
    const activity = (await expectCall('GET', `${WEB}/ref-change-activities?ref=refs/tags/v2.0.0`, 200)).json.values;
    expect(activity.map((a: { refChange: { type: string } }) => a.refChange.type)).toEqual(['DELETE', 'ADD']);
  });

  test('labels: add (admin only), list, find labelled repositories, remove', async () => {
    await expectCall('POST', `${WEB}/labels`, 200, { body: { name: 'Demo-Label' } });
    await expectCall('POST', `${WEB}/labels`, 409, { body: { name: 'demo-label' } });
    await expectCall('POST', `${WEB}/labels`, 400, { body: { name: 'x' } });
    await expectCall('POST', `${WEB}/labels`, 401, { as: 'alice', body: { name: 'alice-label' } });
    expect((await expectCall('GET', `${WEB}/labels`, 200)).json.values.map((l: { name: string }) => l.name)).toContain('demo-label');
    expect((await expectCall('GET', '/rest/api/latest/labels?prefix=demo', 200)).json.values).toEqual([{ name: 'demo-label' }]);
    const labelled = (await expectCall('GET', '/rest/api/latest/labels/customer-facing/labeled', 200)).json.values.map((r: { slug: string }) => r.slug);
    expect(labelled.sort()).toEqual(['api-service', 'web-app']);
    await expectCall('DELETE', `${WEB}/labels/demo-label`, 204);
    await expectCall('GET', '/rest/api/latest/labels/demo-label', 404);
  });
});

describe('permissions', () => {
  test('a project grant gives write access; revoking it takes it away', async () => {
    const branch = (name: string) => call(emulator, 'POST', `${WEB_BRANCH_UTILS}/branches`, { as: 'user', body: { name, startPoint: 'main' } });
    expect((await branch('feature/user-1')).status).toBe(401);
    await expectCall('PUT', `${ACME}/permissions/users?name=user&permission=PROJECT_WRITE`, 204);
    const users = (await expectCall('GET', `${ACME}/permissions/users?filter=user`, 200)).json.values;
    expect(users).toEqual([expect.objectContaining({ permission: 'PROJECT_WRITE', user: expect.objectContaining({ name: 'user' }) })]);
    expect((await branch('feature/user-1')).status).toBe(201);
    await expectCall('DELETE', `${ACME}/permissions?user=user`, 204);
    expect((await branch('feature/user-2')).status).toBe(401);
    expect((await expectCall('GET', `${ACME}/permissions/users/none?filter=user`, 200)).json.values.map((u: { name: string }) => u.name)).toEqual(['user']);
    await expectCall('PUT', `${ACME}/permissions/users?name=nobody&permission=PROJECT_READ`, 404);
    await expectCall('PUT', `${ACME}/permissions/users?name=user&permission=REPO_READ`, 400);
    await expectCall('GET', `${ACME}/permissions/users`, 401, { as: 'alice' }); // PROJECT_WRITE is not admin
  });

  test('group grants count for members; all-users permission; an admin cannot lock themselves out', async () => {
    const ops = '/rest/api/latest/projects/OPS/repos/infra-tools';
    await expectCall('PUT', `${ops}/permissions/groups?name=qa&permission=REPO_ADMIN`, 204);
    expect((await expectCall('GET', `${ops}/permissions/groups`, 200)).json.values).toEqual(expect.arrayContaining([{ group: { name: 'qa' }, permission: 'REPO_ADMIN' }]));
    await expectCall('GET', `${ops}/permissions/users`, 200, { as: 'frank' }); // frank is in qa
    await expectCall('DELETE', `${ops}/permissions/groups?name=qa`, 204);
    await expectCall('GET', `${ops}/permissions/users`, 401, { as: 'frank' });
    await expectCall('PUT', `${ops}/permissions/groups?name=no-such-group&permission=REPO_READ`, 404);
    const lib = '/rest/api/latest/projects/LIB';
    expect((await expectCall('GET', `${lib}/permissions/PROJECT_READ/all`, 200)).json).toEqual({ permitted: true });
    expect((await expectCall('GET', `${lib}/permissions/PROJECT_WRITE/all`, 200)).json).toEqual({ permitted: false });
    await expectCall('POST', `${lib}/permissions/PROJECT_READ/all?allow=false`, 204);
    expect((await expectCall('GET', `${lib}/permissions/PROJECT_READ/all`, 200)).json).toEqual({ permitted: false });
    expect((await expectCall('GET', `${ACME}/permissions/search?type=GROUP`, 200)).json.values).toEqual([{ group: { name: 'developers' }, permission: 'PROJECT_WRITE' }]);
    await expectCall('DELETE', `${ACME}/permissions/users?name=erin`, 409, { as: 'erin' });
  });
});

describe('settings', () => {
  test('pull-request settings are the merge checks: requiring more approvers vetoes a mergeable PR', async () => {
    const merge = async () => (await call(emulator, 'GET', `${WEB}/pull-requests/6/merge`)).json;
    expect((await merge()).canMerge).toBe(true);
    const settings = (await expectCall('POST', `${WEB}/settings/pull-requests`, 200, { body: { requiredApprovers: { enabled: true, count: '2' }, mergeConfig: { defaultStrategy: { id: 'squash' }, strategies: [{ id: 'squash' }, { id: 'no-ff' }] } } })).json;
    expect(settings).toMatchObject({ requiredApprovers: { enabled: true, count: '2' }, mergeConfig: { type: 'REPOSITORY', defaultStrategy: { id: 'squash', enabled: true } } });
    expect(await merge()).toMatchObject({ canMerge: false, vetoes: [expect.objectContaining({ summaryMessage: 'Not enough approvals' })] });
    await expectCall('POST', `${WEB}/settings/pull-requests`, 200, { body: { requiredApprovers: { enabled: false } } });
    expect((await merge()).canMerge).toBe(true);
    await expectCall('POST', `${WEB}/settings/pull-requests`, 400, { body: { mergeConfig: { defaultStrategy: { id: 'octopus' } } } });
    await expectCall('POST', `${WEB}/settings/pull-requests`, 401, { as: 'alice', body: {} });
  });

  test('required builds veto until the build succeeds on the head', async () => {
    const pr6 = emulator.store.pullRequest(web(), 6)!;
    const condition = (await expectCall('POST', '/rest/required-builds/latest/projects/ACME/repos/web-app/condition', 200, { body: { buildParentKeys: ['WEB-E2E'], refMatcher: { id: 'refs/heads/main', type: { id: 'BRANCH' } } } })).json;
    const merge = async () => (await call(emulator, 'GET', `${WEB}/pull-requests/6/merge`)).json;
    expect((await merge()).vetoes.map((v: { summaryMessage: string }) => v.summaryMessage)).toEqual(['Required builds have not succeeded']);
    await expectCall('POST', `${WEB}/commits/${pr6.fromCommit}/builds`, 204, { body: { key: 'WEB-E2E', state: 'SUCCESSFUL', url: 'https://ci.example.com/e2e/1' } });
    expect((await merge()).canMerge).toBe(true);
    await expectCall('DELETE', `/rest/required-builds/latest/projects/ACME/repos/web-app/condition/${condition.id}`, 204);
  });

  test('auto-decline and auto-merge inherit from the project until the repository sets its own', async () => {
    expect((await expectCall('GET', `${WEB}/settings/auto-decline`, 200)).json).toMatchObject({ enabled: true, inactivityWeeks: 8, scope: { type: 'PROJECT' } });
    expect((await expectCall('PUT', `${WEB}/settings/auto-decline`, 200, { body: { enabled: false, inactivityWeeks: 2 } })).json).toMatchObject({ enabled: false, scope: { type: 'REPOSITORY', resourceId: web().id } });
    await expectCall('PUT', `${WEB}/settings/auto-decline`, 400, { body: { enabled: true, inactivityWeeks: 3 } });
    await expectCall('DELETE', `${WEB}/settings/auto-decline`, 204);
    expect((await expectCall('GET', `${WEB}/settings/auto-decline`, 200)).json.scope.type).toBe('PROJECT');
    expect((await expectCall('PUT', `${ACME}/settings/auto-merge`, 200, { body: { enabled: true } })).json).toMatchObject({ enabled: true, scope: { type: 'PROJECT' } });
  });

  test('hooks: a repository inherits the project state, enables and configures its own, and deletes back to inherited', async () => {
    const key = 'com.atlassian.bitbucket.server.bitbucket-bundled-hooks:verify-committer-hook';
    const api = '/rest/api/latest/projects/ACME/repos/api-service';
    expect((await expectCall('GET', `${api}/settings/hooks/${key}`, 200)).json).toMatchObject({ enabled: false });
    await expectCall('PUT', `${ACME}/settings/hooks/${key}/enabled`, 200);
    expect((await expectCall('GET', `${api}/settings/hooks/${key}`, 200)).json).toMatchObject({ enabled: true, scope: { type: 'PROJECT' } });
    await expectCall('DELETE', `${api}/settings/hooks/${key}/enabled`, 200);
    expect((await expectCall('GET', `${api}/settings/hooks/${key}`, 200)).json).toMatchObject({ enabled: false, scope: { type: 'REPOSITORY' } });
    await expectCall('PUT', `${api}/settings/hooks/${key}/settings`, 200, { body: { excludeMergeCommits: true } });
    expect((await expectCall('GET', `${api}/settings/hooks/${key}/settings`, 200)).json).toEqual({ excludeMergeCommits: true });
    await expectCall('DELETE', `${api}/settings/hooks/${key}`, 204);
    expect((await expectCall('GET', `${api}/settings/hooks/${key}`, 200)).json.enabled).toBe(true);
    await expectCall('GET', `${api}/settings/hooks/no.such:hook`, 404);
  });

  test('a project settings restriction keeps a hook at the project level', async () => {
    const key = 'com.atlassian.bitbucket.server.bitbucket-bundled-hooks:force-push-hook';
    const api = '/rest/api/latest/projects/ACME/repos/api-service';
    const query = '?namespace=com.atlassian.bitbucket.server.bitbucket-bundled-hooks&featureKey=force-push-hook';
    expect((await expectCall('GET', `${ACME}/settings-restriction${query}`, 200)).json).toMatchObject({ featureKey: 'force-push-hook', project: { key: 'ACME' } });
    await expectCall('DELETE', `${api}/settings/hooks/${key}/enabled`, 403);
    await expectCall('DELETE', `${ACME}/settings-restriction${query}`, 204);
    await expectCall('DELETE', `${api}/settings/hooks/${key}/enabled`, 200);
    await expectCall('POST', `${ACME}/settings-restriction`, 200, { body: { namespace: 'com.atlassian.bitbucket.server.bitbucket-bundled-hooks', featureKey: 'force-push-hook' } });
    expect((await expectCall('GET', `${ACME}/settings-restriction/all`, 200)).json.values).toHaveLength(1);
    await expectCall('POST', `${ACME}/settings-restriction`, 400, { body: { namespace: 'x' } });
  });

  test('reviewer groups: repository lists include the project ones; users are checked', async () => {
    const created = (await expectCall('POST', `${WEB}/settings/reviewer-groups`, 201, { body: { name: 'docs', users: [{ name: 'carol' }, 'frank'] } })).json;
    expect(created.users.map((u: { name: string }) => u.name)).toEqual(['carol', 'frank']);
    const names = (await expectCall('GET', `${WEB}/settings/reviewer-groups`, 200)).json.values.map((g: { name: string }) => g.name);
    expect(names).toEqual(expect.arrayContaining(['frontend-reviewers', 'security', 'docs']));
    await expectCall('POST', `${WEB}/settings/reviewer-groups`, 400, { body: { name: 'ghosts', users: ['nobody'] } });
    await expectCall('PUT', `${WEB}/settings/reviewer-groups/${created.id}`, 200, { body: { users: ['dave'] } });
    expect((await call(emulator, 'GET', `${WEB}/settings/reviewer-groups/${created.id}/users`)).json.map((u: { name: string }) => u.name)).toEqual(['dave']);
    await expectCall('DELETE', `${WEB}/settings/reviewer-groups/${created.id}`, 204);
    await expectCall('GET', `${WEB}/settings/reviewer-groups/${created.id}`, 404);
  });
});

describe('hook scripts', () => {
  test('a system admin uploads a script; repository admins turn it on; repositories list the project ones too', async () => {
    const form = multipart({ name: 'check-messages.sh', description: 'Checks commit messages', type: 'PRE', content: '#!/bin/sh\nexit 0\n' });
    const upload = (as: string) => call(emulator, 'POST', '/rest/api/latest/hook-scripts', { as, headers: { 'content-type': form.contentType }, body: form.payload });
    expect((await upload('erin')).status).toBe(401);
    const script = (await upload('admin')).json;
    expect(script).toMatchObject({ name: 'check-messages.sh', type: 'PRE', version: 1 });
    expect((await call(emulator, 'GET', `/rest/api/latest/hook-scripts/${script.id}/content`)).text).toBe('#!/bin/sh\nexit 0\n');
    const configured = (await expectCall('PUT', `${WEB}/hook-scripts/${script.id}`, 200, { as: 'erin', body: { triggerIds: ['push', 'pull-request-merge'] } })).json;
    expect(configured).toMatchObject({ scope: { type: 'REPOSITORY' }, script: { id: script.id }, triggerIds: ['push', 'pull-request-merge'] });
    await expectCall('PUT', `${WEB}/hook-scripts/${script.id}`, 400, { body: { triggerIds: ['on-a-whim'] } });
    const names = (await expectCall('GET', `${WEB}/hook-scripts`, 200)).json.values.map((c: { script: { name: string } }) => c.script.name);
    expect(names.sort()).toEqual(['check-messages.sh', 'reject-large-files.sh']);
    await expectCall('DELETE', `${WEB}/hook-scripts/${script.id}`, 204);
    await expectCall('DELETE', `${WEB}/hook-scripts/${script.id}`, 404);
    await expectCall('GET', `${WEB}/hook-scripts`, 401, { as: 'alice' });
  });
});

describe('webhooks', () => {
  test('create, test against a real endpoint, read statistics, update, delete; the password never comes back', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(202).end('accepted');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const hook = (await expectCall('POST', `${WEB}/webhooks`, 200, { body: { name: 'Local', url, events: ['pr:merged'], credentials: { username: 'u', password: 'secret' } } })).json;
      expect(hook).toMatchObject({ name: 'Local', active: true, scopeType: 'repository', credentials: { username: 'u' } });
      expect(JSON.stringify(hook)).not.toContain('secret');
      await expectCall('POST', `${WEB}/webhooks`, 400, { body: { name: 'Bad', url: 'ftp://x', events: ['pr:nope'] } });
      const test = (await expectCall('POST', `${WEB}/webhooks/test?url=${encodeURIComponent(url)}`, 200, { body: { username: 'u', password: 'secret' } })).json;
      expect(test.response.statusCode).toBe(202);
      expect(received[0].headers['x-event-key']).toBe('diagnostics:ping');
      expect(received[0].headers.authorization).toBe(`Basic ${Buffer.from('u:secret').toString('base64')}`);
      await expectCall('GET', `${WEB}/webhooks/${hook.id}/latest`, 204); // never delivered yet
      const seeded = (await expectCall('GET', `${WEB}/webhooks?statistics=true`, 200)).json.values.find((w: { name: string }) => w.name === 'CI trigger');
      expect(seeded.statistics.counts).toMatchObject({ successes: 2, failures: 1, errors: 0 });
      expect((await expectCall('GET', `${WEB}/webhooks/${seeded.id}/latest?outcome=SUCCESS`, 200)).json.event).toBe('pr:opened');
      expect((await expectCall('GET', `${WEB}/webhooks/search?scopeType=project`, 200)).json.values.map((w: { name: string }) => w.name)).toEqual(['Audit log']);
      expect((await expectCall('PUT', `${WEB}/webhooks/${hook.id}`, 200, { body: { active: false } })).json.active).toBe(false);
      await expectCall('DELETE', `${WEB}/webhooks/${hook.id}`, 204);
      await expectCall('GET', `${WEB}/webhooks/${hook.id}`, 404);
      await expectCall('GET', `${WEB}/webhooks`, 401, { as: 'alice' });
    } finally {
      server.close();
    }
  });
});

describe('branch restrictions', () => {
  test('no-deletes on release/* refuses the delete until the restriction is removed; pull-request-only protects main', async () => {
    await expectCall('DELETE', `${WEB_BRANCH_UTILS}/branches`, 401, { body: { name: 'refs/heads/release/1.4' } });
    const form = multipart({ branch: 'main', content: 'x\n', message: 'direct push', sourceCommitId: web().branches.main });
    await expectCall('PUT', `${WEB}/browse/README.md`, 401, { headers: { 'content-type': form.contentType }, body: form.payload });
    await expectCall('PUT', `${WEB}/browse/README.md`, 200, { as: 'erin', headers: { 'content-type': form.contentType }, body: form.payload }); // exempt
    const project = (await expectCall('GET', '/rest/branch-permissions/latest/projects/ACME/restrictions?type=no-deletes', 200)).json.values;
    expect(project).toHaveLength(1);
    await expectCall('DELETE', `/rest/branch-permissions/latest/projects/ACME/restrictions/${project[0].id}`, 204);
    await expectCall('DELETE', `${WEB_BRANCH_UTILS}/branches`, 204, { body: { name: 'refs/heads/release/1.4', dryRun: true } });
  });

  test('restrictions are created one at a time or in bulk, with users and groups checked', async () => {
    const one = (await expectCall('POST', RESTRICTIONS, 200, { body: { type: 'no-creates', matcher: { id: 'experiment/*', type: { id: 'PATTERN' } }, groups: ['developers'] } })).json;
    expect(one).toMatchObject({ type: 'no-creates', matcher: { id: 'experiment/*', type: { id: 'PATTERN' } }, groups: ['developers'], scope: { type: 'REPOSITORY' } });
    expect((await call(emulator, 'POST', `${WEB_BRANCH_UTILS}/branches`, { as: 'erin', body: { name: 'experiment/x', startPoint: 'main' } })).status).toBe(401);
    expect((await call(emulator, 'POST', `${WEB_BRANCH_UTILS}/branches`, { as: 'alice', body: { name: 'experiment/x', startPoint: 'main' } })).status).toBe(201); // developers are exempt
    const bulk = await call(emulator, 'POST', RESTRICTIONS, { headers: { 'content-type': 'application/vnd.atl.bitbucket.bulk+json' }, body: JSON.stringify([{ type: 'read-only', matcher: { id: 'ANY_REF_MATCHER_ID', type: { id: 'ANY_REF' } }, users: ['admin'] }]) });
    expect(bulk.status).toBe(200);
    expect(bulk.json).toEqual([expect.objectContaining({ type: 'read-only', users: [expect.objectContaining({ name: 'admin' })] })]);
    await expectCall('POST', RESTRICTIONS, 400, { body: { type: 'read-only', matcher: { id: 'main', type: { id: 'BRANCH' } }, groups: ['no-such-group'] } });
    await expectCall('DELETE', `${RESTRICTIONS}/${bulk.json[0].id}`, 204);
    await expectCall('GET', `${RESTRICTIONS}/${bulk.json[0].id}`, 404);
  });
});

describe('access tokens of projects and repositories', () => {
  test('a repository token reads only its repository, cannot write with REPO_READ, and stops working when deleted', async () => {
    const created = (await expectCall('PUT', '/rest/access-tokens/latest/projects/ACME/repos/web-app', 200, { body: { name: 'reader', permissions: ['REPO_READ'] } })).json;
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await call(emulator, 'GET', WEB, { headers: bearer })).status).toBe(200);
    expect((await call(emulator, 'GET', '/rest/api/latest/projects/ACME/repos/api-service', { headers: bearer })).status).toBe(401); // its bot has no permission there
    expect((await call(emulator, 'POST', `${WEB_BRANCH_UTILS}/branches`, { headers: bearer, body: { name: 'feature/token', startPoint: 'main' } })).status).toBe(401);
    await expectCall('PUT', '/rest/access-tokens/latest/projects/ACME/repos/web-app', 400, { body: { name: 'x', permissions: ['PROJECT_ADMIN'] } });
    expect((await expectCall('GET', `/rest/access-tokens/latest/projects/ACME/repos/web-app/${created.id}`, 200)).json.token).toBeUndefined();
    await expectCall('DELETE', `/rest/access-tokens/latest/projects/ACME/repos/web-app/${created.id}`, 204);
    expect((await call(emulator, 'GET', WEB, { headers: bearer })).status).toBe(401);
  });

  test('a project token covers every repository of its project', async () => {
    const created = (await expectCall('PUT', '/rest/access-tokens/latest/projects/OPS', 200, { body: { name: 'ops ci', permissions: ['PROJECT_READ', 'REPO_WRITE'] } })).json;
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await call(emulator, 'GET', '/rest/api/latest/projects/OPS/repos/infra-tools', { headers: bearer })).status).toBe(200);
    expect((await call(emulator, 'GET', WEB, { headers: bearer })).status).toBe(401);
    expect((await expectCall('GET', '/rest/access-tokens/latest/projects/OPS', 200)).json.values.map((t: { name: string }) => t.name)).toContain('ops ci');
    await expectCall('GET', '/rest/access-tokens/latest/projects/OPS', 401, { headers: bearer }); // tokens cannot manage tokens
  });
});

describe('repository resources', () => {
  test('fork, then forks and related list each other', async () => {
    const fork = (await expectCall('POST', WEB, 201, { body: { name: 'web-app-ops', project: { key: 'OPS' } } })).json;
    expect(fork).toMatchObject({ slug: 'web-app-ops', project: { key: 'OPS' }, origin: { slug: 'web-app' } });
    expect((await expectCall('GET', `${WEB}/forks`, 200)).json.values.map((r: { slug: string }) => r.slug)).toEqual(['web-app-ops']);
    expect((await expectCall('GET', '/rest/api/latest/projects/OPS/repos/web-app-ops/related', 200)).json.values.map((r: { slug: string }) => r.slug)).toEqual(['web-app']);
    expect((await expectCall('GET', '/rest/api/latest/projects/OPS/repos/web-app-ops/commits?limit=1', 200)).json.values[0].id).toBe(web().branches.main);
    await expectCall('POST', WEB, 409, { body: { name: 'web-app-ops', project: { key: 'OPS' } } });
  });

  test('deployments are recorded per commit, environment and sequence number', async () => {
    const head = emulator.store.pullRequest(web(), 1)!.fromCommit;
    const body = { key: 'WEB-DEPLOY', deploymentSequenceNumber: 18, displayName: 'Deploy 18', description: 'Preview again', url: 'https://ci.example.com/deploy/18', state: 'SUCCESSFUL', environment: { key: 'preview', displayName: 'Preview', type: 'TESTING' } };
    expect((await expectCall('POST', `${WEB}/commits/${head}/deployments`, 200, { body })).json).toMatchObject({ state: 'SUCCESSFUL', fromCommit: { id: head } });
    const query = '?key=WEB-DEPLOY&environmentKey=preview&deploymentSequenceNumber=18';
    expect((await expectCall('GET', `${WEB}/commits/${head}/deployments${query}`, 200)).json.description).toBe('Preview again');
    await expectCall('POST', `${WEB}/commits/${head}/deployments`, 400, { body: { ...body, state: 'DONE' } });
    await expectCall('DELETE', `${WEB}/commits/${head}/deployments${query}`, 204);
    await expectCall('GET', `${WEB}/commits/${head}/deployments${query}`, 404);
  });

  test('archives hold the tree at the commit', async () => {
    const zip = await call(emulator, 'GET', `${WEB}/archive?format=zip&path=src/util`);
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const zipBytes = await fetch(`${emulator.origin}/bitbucket${WEB}/archive?format=zip&path=src/util`, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } });
    const zipText = Buffer.from(await zipBytes.arrayBuffer()).toString('latin1');
    expect(zipText.startsWith('PK')).toBe(true);
    expect(zipText).toContain('src/util/format.ts');
    expect(zipText).not.toContain('src/app.ts');
    const tgz = await fetch(`${emulator.origin}/bitbucket${WEB}/archive?format=tgz&prefix=web`, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } });
    const tar = gunzipSync(Buffer.from(await tgz.arrayBuffer())).toString('latin1');
    expect(tar).toContain('web/LICENSE');
    expect(tar).toContain('Licensed under the Apache License');
    await expectCall('GET', `${WEB}/archive?format=rar`, 400);
  });

  test('raw diff, patch and PR .diff come from the same commits', async () => {
    const pr = emulator.store.pullRequest(web(), 1)!;
    const diff = await call(emulator, 'GET', `${WEB}/pull-requests/1.diff`);
    expect(diff.text).toContain('+++ b/src/feature/search.ts');
    const patch = await call(emulator, 'GET', `${WEB}/pull-requests/1.patch`);
    expect(patch.text.match(/^From [0-9a-f]{40} /gm)).toHaveLength(2);
    expect(patch.text).toContain(`From ${pr.fromCommit} `);
    expect((await expectCall('GET', `${WEB}/pull-requests/1/diff-stats-summary/src`, 200)).json).toMatchObject({ filesChanged: 3 });
  });

  test('rebase replays the source commits on the target; canRebase says why not afterwards', async () => {
    const pr = emulator.store.pullRequest(web(), 1)!;
    const before = await expectCall('GET', `${GIT}/pull-requests/1/rebase`, 200);
    expect(before.json).toEqual({ canRebase: true, canWrite: true, vetoes: [] });
    await expectCall('POST', `${GIT}/pull-requests/1/rebase`, 409, { body: { version: pr.version + 5 } });
    const result = (await expectCall('POST', `${GIT}/pull-requests/1/rebase`, 200, { body: { version: pr.version } })).json;
    expect(emulator.store.isAncestor(web(), web().branches.main, result.refChange.toHash)).toBe(true);
    expect(emulator.store.pullRequest(web(), 1)!.fromCommit).toBe(result.refChange.toHash);
    expect((await expectCall('GET', `${GIT}/pull-requests/1/rebase`, 200)).json.vetoes.map((v: { summaryMessage: string }) => v.summaryMessage)).toEqual(['Already up to date']);
    expect((await expectCall('GET', `${GIT}/pull-requests/1/rebase`, 200, { as: 'user' })).json.canWrite).toBe(false);
  });
});

describe('user resources', () => {
  test('settings are private to their user', async () => {
    expect((await expectCall('GET', '/rest/api/latest/users/alice/settings', 200, { as: 'alice' })).json).toMatchObject({ 'diff.view': 'side-by-side' });
    await expectCall('POST', '/rest/api/latest/users/alice/settings', 204, { as: 'alice', body: { 'diff.view': null, theme: 'dark' } });
    expect((await expectCall('GET', '/rest/api/latest/users/alice/settings', 200, { as: 'alice' })).json).toEqual({ 'notifications.email': true, theme: 'dark' });
    await expectCall('GET', '/rest/api/latest/users/alice/settings', 401, { as: 'bob' });
  });

  test('recently accessed repositories follow what the user did', async () => {
    const recent = (await expectCall('GET', '/rest/api/latest/profile/recent/repos', 200, { as: 'frank' })).json.values.map((r: { slug: string }) => r.slug);
    expect(recent[0]).toBe('infra-tools');
  });
});

describe('projects, repositories and the caller', () => {
  test('create a project and an empty repository, update, refuse deleting a non-empty project, delete', async () => {
    await expectCall('POST', '/rest/api/latest/projects', 401, { as: 'alice', body: { key: 'NEW', name: 'New' } });
    const project = (await expectCall('POST', '/rest/api/latest/projects', 201, { body: { key: 'new', name: 'New things', description: 'd' } })).json;
    expect(project).toMatchObject({ key: 'NEW', name: 'New things' });
    await expectCall('POST', '/rest/api/latest/projects', 409, { body: { key: 'NEW', name: 'Other' } });
    await expectCall('POST', '/rest/api/latest/projects', 400, { body: { key: '1bad', name: 'Bad' } });
    const repo = (await expectCall('POST', '/rest/api/latest/projects/NEW/repos', 201, { body: { name: 'My Repo', scmId: 'git' } })).json;
    expect(repo).toMatchObject({ slug: 'my-repo', project: { key: 'NEW' } });
    expect((await expectCall('GET', '/rest/api/latest/projects/NEW/repos/my-repo/branches', 200)).json.values).toEqual([]);
    const renamed = (await expectCall('PUT', '/rest/api/latest/projects/NEW/repos/my-repo', 201, { body: { name: 'Renamed', forkable: false } })).json;
    expect(renamed).toMatchObject({ slug: 'renamed', forkable: false });
    await expectCall('DELETE', '/rest/api/latest/projects/NEW', 409);
    await expectCall('DELETE', '/rest/api/latest/projects/NEW/repos/renamed', 202);
    await expectCall('GET', '/rest/api/latest/projects/NEW/repos/renamed', 404);
    expect((await expectCall('PUT', '/rest/api/latest/projects/NEW', 200, { body: { name: 'Newer' } })).json.name).toBe('Newer');
    await expectCall('DELETE', '/rest/api/latest/projects/NEW', 204);
  });

  test('users change their own details and password', async () => {
    expect((await expectCall('PUT', '/rest/api/latest/users', 200, { as: 'dave', body: { displayName: 'David Diaz' } })).json.displayName).toBe('David Diaz');
    await expectCall('PUT', '/rest/api/latest/users', 400, { as: 'dave', body: { name: 'alice', displayName: 'Not Alice' } });
    await expectCall('PUT', '/rest/api/latest/users/credentials', 400, { as: 'dave', body: { oldPassword: 'wrong', password: 'n', passwordConfirm: 'n' } });
    await expectCall('PUT', '/rest/api/latest/users/credentials', 204, { as: 'dave', body: { oldPassword: 'dave', password: 'new-pass', passwordConfirm: 'new-pass' } });
    expect((await call(emulator, 'GET', '/rest/api/latest/users/dave', { headers: { authorization: `Basic ${Buffer.from('dave:new-pass').toString('base64')}` } })).status).toBe(200);
  });
});

describe('persistence', () => {
  test('administration data survives a restart; a store written before it existed loads with empty collections', async () => {
    const dataDir = tempDir();
    const first = await createEmulator({ dataDir });
    expect((await call(first, 'POST', `${WEB}/labels`, { body: { name: 'persisted' } })).status).toBe(200);
    await first.dispose();
    const second = await createEmulator({ dataDir, reset: false });
    try {
      expect((await call(second, 'GET', `${WEB}/labels`)).json.values.map((l: { name: string }) => l.name)).toContain('persisted');
    } finally {
      await second.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const old = new Store({ ...second.store.data, admin: undefined });
    expect(old.admin.labels).toEqual([]);
    expect(old.admin.settingsRestrictions).toEqual([]);
  });
});
