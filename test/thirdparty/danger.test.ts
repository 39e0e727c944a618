/**
 * A real third-party Bitbucket Server client against the emulator: Danger JS (the npm package `danger`,
 * pinned in package.json). `danger pr <url>` runs test/thirdparty/fixtures/dangerfile.js with Danger's
 * Bitbucket Server platform; what Danger read must agree with what the REST API answers for the same PR.
 * Then Danger's own comment path (create, find by danger-id, update, delete) runs against the same server.
 */
import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { call, createEmulator, WEB, type TestEmulator } from '../emulator/helpers';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const DANGER_PR = join(ROOT, 'node_modules', 'danger', 'distribution', 'commands', 'danger-pr.js');
const DANGERFILE = join(__dirname, 'fixtures', 'dangerfile.js');

jest.setTimeout(60000);

let emulator: TestEmulator;
let workDir: string;
beforeAll(async () => {
  emulator = await createEmulator({ faults: true });
  workDir = mkdtempSync(join(tmpdir(), 'danger-run-'));
});
afterAll(async () => {
  await emulator.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

interface DiffHunkJson {
  sourceLine: number;
  sourceSpan: number;
  destinationLine: number;
  destinationSpan: number;
  segments: { type: string; lines: { line: string }[] }[];
}

/** The REST diff in the shape the dangerfile reduces Danger's structured diff to. */
function asChunks(hunks: DiffHunkJson[]) {
  const mark: Record<string, string> = { ADDED: '+', REMOVED: '-', CONTEXT: ' ' };
  return hunks.map((h) => ({
    oldStart: h.sourceLine,
    oldLines: h.sourceSpan,
    newStart: h.destinationLine,
    newLines: h.destinationSpan,
    lines: h.segments.flatMap((s) => s.lines.map((l) => `${mark[s.type]}${l.line}`)),
  }));
}

async function dangerPr(prUrl: string, credentials: Record<string, string>) {
  const report = join(workDir, `report-${Date.now()}.json`);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: workDir, DANGER_BITBUCKETSERVER_HOST: `${emulator.origin}/bitbucket`, DANGER_EMULATOR_REPORT: report, ...credentials };
  const { stdout } = await run(process.execPath, [DANGER_PR, prUrl, '--dangerfile', DANGERFILE], { cwd: workDir, env, timeout: 45000 });
  return { stdout, report: JSON.parse(readFileSync(report, 'utf8')) };
}

test('danger pr reads PR metadata, commits, comments, Jira issues, files and structured diffs that agree with the REST API', async () => {
  // Give the PR a fresh reply so comments include a REPLIED activity.
  expect((await call(emulator, 'POST', `${WEB}/pull-requests/1/comments`, { as: 'bob', body: { text: 'Danger sees this reply', parent: { id: 1 } } })).status).toBe(201);
  emulator.faults.clearRequests();

  const { stdout, report } = await dangerPr(`${emulator.origin}/bitbucket/projects/ACME/repos/web-app/pull-requests/1/overview`, {
    DANGER_BITBUCKETSERVER_USERNAME: 'alice',
    DANGER_BITBUCKETSERVER_PASSWORD: 'alice',
  });
  expect(stdout).toContain('Danger read PR #1 "Add search to the web app"');
  expect(stdout).toContain('Jira: WEB-57, WEB-42');

  const rest = async (path: string) => {
    const response = await call(emulator, 'GET', path, { as: 'alice' });
    expect(response.status).toBe(200);
    return response.json;
  };
  expect(report.metadata).toEqual({ repoSlug: 'projects/ACME/repos/web-app', pullRequestID: '1' });
  expect(report.pr).toEqual(await rest(`${WEB}/pull-requests/1`));
  expect(report.issues).toEqual(await rest('/rest/jira/latest/projects/ACME/repos/web-app/pull-requests/1/issues'));
  expect(report.issues.length).toBe(2);

  const commits = (await rest(`${WEB}/pull-requests/1/commits?limit=1000`)).values;
  expect(report.commits).toEqual(commits.map((c: { id: string; message: string; parents: { id: string }[] }) => ({ id: c.id, message: c.message, parents: c.parents.map((p) => p.id) })));
  expect(report.gitCommits.map((c: { sha: string }) => c.sha)).toEqual(commits.map((c: { id: string }) => c.id));
  expect(report.gitCommits[0].authorEmail).toBe(commits[0].author.emailAddress);

  const activities = (await rest(`${WEB}/pull-requests/1/activities?limit=1000`)).values;
  const restComments = activities
    .filter((a: { action: string; comment?: unknown }) => a.action === 'COMMENTED' && a.comment)
    .map((a: { comment: { id: number; text: string; author: { name: string } }; commentAction: string }) => ({ id: a.comment.id, text: a.comment.text, author: a.comment.author.name, commentAction: a.commentAction }));
  expect(report.comments).toEqual(restComments);
  expect(report.comments).toContainEqual(expect.objectContaining({ text: 'Danger sees this reply', commentAction: 'REPLIED' }));

  const changes = (await rest(`${WEB}/pull-requests/1/changes?limit=1000`)).values as { type: string; path: { toString: string } }[];
  const ofType = (type: string) => changes.filter((c) => c.type === type).map((c) => c.path.toString);
  expect(report.files).toEqual({ modified: ofType('MODIFY'), created: ofType('ADD'), deleted: ofType('DELETE') });
  expect(Object.keys(report.diffs).sort()).toEqual(changes.map((c) => c.path.toString).sort());
  for (const [file, chunks] of Object.entries(report.diffs)) {
    const diff = await rest(`${WEB}/pull-requests/1/diff/${file}`);
    expect({ file, chunks }).toEqual({ file, chunks: asChunks(diff.diffs[0].hunks) });
    expect((chunks as unknown[]).length).toBeGreaterThan(0);
  }

  // `danger pr` is a dry run: it only read (and called the Jira module as /rest/jira/1.0, like real Danger).
  const requests = emulator.faults.requests();
  expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
  expect(requests.filter((r) => r.status >= 400)).toEqual([]);
  expect(requests.map((r) => r.url)).toContainEqual(expect.stringContaining('/rest/jira/1.0/projects/ACME/repos/web-app/pull-requests/1/issues'));
  expect(requests.map((r) => r.url)).toContainEqual(expect.stringContaining('/rest/api/1.0/projects/ACME/repos/web-app/compare/diff/'));
});

test('danger pr works with a personal access token too, on a PR created through the API', async () => {
  const created = await call(emulator, 'POST', `${WEB}/pull-requests`, { body: { title: 'WEB-99 Danger token run', fromRef: { id: 'refs/heads/hotfix/typo' }, toRef: { id: 'refs/heads/release/1.4' } } });
  // hotfix/typo → release/1.4 may be a duplicate of nothing; it must open.
  expect(created.status).toBe(201);
  const { report } = await dangerPr(`${emulator.origin}/bitbucket/projects/ACME/repos/web-app/pull-requests/${created.json.id}`, { DANGER_BITBUCKETSERVER_TOKEN: emulator.adminToken });
  expect(report.pr.title).toBe('WEB-99 Danger token run');
  expect(report.issues.map((i: { key: string }) => i.key)).toEqual(['WEB-99']);
  expect(report.files.modified.length + report.files.created.length).toBeGreaterThan(0);
});

test("Danger's comment path: create the summary comment, find it by danger-id, update it, delete it", async () => {
  // Danger's own classes, as `danger ci` uses them to post its results.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BitBucketServerAPI } = require('danger/distribution/platforms/bitbucket_server/BitBucketServerAPI');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BitBucketServer } = require('danger/distribution/platforms/BitBucketServer');
  // Danger's fetch refuses hosts other than `localhost` under jest (its own test guard).
  const host = `${emulator.origin.replace('127.0.0.1', 'localhost')}/bitbucket`;
  const api = new BitBucketServerAPI({ repoSlug: 'projects/ACME/repos/web-app', pullRequestID: '1' }, { host, username: 'carol', password: 'carol' });
  const platform = new BitBucketServer(api);
  const body = (text: string) => `${text}\n\nGenerated by Danger\n\n[](http://danger-id-emulator-test;)\n`;

  const url: string = await platform.updateOrCreateComment('emulator-test', body('first run'));
  const id = Number(/commentId=(\d+)/.exec(url)?.[1]);
  expect((await call(emulator, 'GET', `${WEB}/pull-requests/1/comments/${id}`)).json).toMatchObject({ text: body('first run'), author: { slug: 'carol' } });

  await platform.updateOrCreateComment('emulator-test', body('second run'));
  const updated = await call(emulator, 'GET', `${WEB}/pull-requests/1/comments/${id}`);
  expect(updated.json).toMatchObject({ text: body('second run'), version: 1 });

  // A third run edits the same comment again (it is listed once, so nothing is deleted as a duplicate).
  await platform.updateOrCreateComment('emulator-test', body('third run'));
  expect((await call(emulator, 'GET', `${WEB}/pull-requests/1/comments/${id}`)).json).toMatchObject({ text: body('third run'), version: 2 });

  expect(await platform.deleteMainComment('emulator-test')).toBe(true);
  expect((await call(emulator, 'GET', `${WEB}/pull-requests/1/comments/${id}`)).status).toBe(404);
});
