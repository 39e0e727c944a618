/**
 * Issue 18 end to end: a pull request that renames a file with findings. The merge base has four findings in
 * `src/legacy/parser.js`; the pull request moves it to `src/core/parser.js` and rewrites one line, taking that
 * line's finding with it. Matched through the pull request's diff the label reads "0 new · 1 fixed"; matched
 * by path (the fallback) it would read "3 new · 4 fixed". Everything is created through the emulator's REST API,
 * except the rename commit, which Bitbucket's REST API cannot make (it edits one file per commit).
 */
import { startBrowserEnv, summaryItem, summaryLabel, MODAL_CONTENT, type BrowserEnv, type TrackedPage } from './support';

jest.setTimeout(90_000);

const REPO = { projectKey: 'ACME', repoSlug: 'web-app' };
const CORE = `/rest/api/latest/projects/${REPO.projectKey}/repos/${REPO.repoSlug}`;
const INSIGHTS = `/rest/insights/latest/projects/${REPO.projectKey}/repos/${REPO.repoSlug}`;
const BRANCHES = `/rest/branch-utils/latest/projects/${REPO.projectKey}/repos/${REPO.repoSlug}/branches`;
const OLD_PATH = 'src/legacy/parser.js';
const NEW_PATH = 'src/core/parser.js';
const REPORT = 'com.example.eslint';

const PARSER = Array.from({ length: 30 }, (_, i) => `const step${i + 1} = parse(input, ${i + 1});`).join('\n') + '\n';
const FINDINGS_AT = [5, 12, 20, 27];
/** The rewritten line: its finding is fixed. */
const FIXED_LINE = 27;

let env: BrowserEnv;
let prId: number;

async function rest(method: string, path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'X-Atlassian-Token': 'no-check' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(`${env.baseUrl}${path}`, { method, headers, body: payload });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

async function publish(commitId: string, path: string, lines: number[]): Promise<void> {
  await rest('PUT', `${INSIGHTS}/commits/${commitId}/reports/${REPORT}`, { title: 'ESLint', result: 'FAIL', data: [] });
  await rest('POST', `${INSIGHTS}/commits/${commitId}/reports/${REPORT}/annotations`, {
    annotations: lines.map((line) => ({ path, line, message: `'step${line}' is assigned a value but never used.`, severity: 'MEDIUM', type: 'CODE_SMELL' })),
  });
}

beforeAll(async () => {
  env = await startBrowserEnv();
  const main = ((await rest('GET', `${CORE}/commits?until=main&limit=1`)) as { values: { id: string }[] }).values[0].id;
  await rest('POST', BRANCHES, { name: 'rename/base', startPoint: main });
  const form = new FormData();
  form.append('branch', 'rename/base');
  form.append('content', PARSER);
  form.append('message', 'Add the parser');
  const base = (await rest('PUT', `${CORE}/browse/${OLD_PATH}`, form)) as { id: string };
  await rest('POST', BRANCHES, { name: 'rename/feature', startPoint: base.id });
  // The rename: one commit that deletes the old path and adds the new one with one line rewritten.
  const { store } = env.emulator;
  const repo = store.repository(REPO.projectKey, REPO.repoSlug)!;
  // Read back what was committed: a multipart text field arrives with CRLF line ends, as from a browser form.
  const committed = await (await fetch(`${env.baseUrl}${CORE}/raw/${OLD_PATH}?at=${base.id}`, { headers: { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } })).text();
  const moved = committed.replace(`const step${FIXED_LINE} = parse(input, ${FIXED_LINE});`, `const step${FIXED_LINE} = parseStrict(input);`);
  const head = store.createCommit(repo, { parents: [base.id], files: { [OLD_PATH]: null, [NEW_PATH]: moved }, message: 'Move the parser to core', author: { name: 'Admin', emailAddress: 'admin@example.com' } });
  store.setBranch(repo, 'rename/feature', head.id);
  const pr = (await rest('POST', `${CORE}/pull-requests`, { title: 'Move the parser', fromRef: { id: 'refs/heads/rename/feature' }, toRef: { id: 'refs/heads/rename/base' } })) as { id: number };
  prId = pr.id;
  await publish(base.id, OLD_PATH, FINDINGS_AT);
  await publish(head.id, NEW_PATH, FINDINGS_AT.filter((line) => line !== FIXED_LINE));
});
afterAll(async () => {
  await env?.close();
});

describe('a pull request that renames a file with findings', () => {
  let tracked: TrackedPage;
  afterEach(async () => {
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });

  it('the server reports the rename as one change and one diff entry', async () => {
    tracked = await env.newPage('alice');
    const changes = (await rest('GET', `${CORE}/pull-requests/${prId}/changes`)) as { values: { type: string; path: { toString: string }; srcPath?: { toString: string } }[] };
    expect(changes.values).toEqual([expect.objectContaining({ type: 'MOVE', path: expect.objectContaining({ toString: NEW_PATH }), srcPath: expect.objectContaining({ toString: OLD_PATH }) })]);
    const diff = (await rest('GET', `${CORE}/pull-requests/${prId}/diff?contextLines=0&withComments=false`)) as { diffs: { source?: { toString: string }; destination?: { toString: string } }[] };
    expect(diff.diffs.map((d) => [d.source?.toString, d.destination?.toString])).toEqual([[OLD_PATH, NEW_PATH]]);
  });

  it('label and modal read "0 new · 1 fixed", exact (no approximate note)', async () => {
    tracked = await env.newPage('alice');
    const { page } = tracked;
    await env.gotoPr(page, { ...REPO, id: prId });
    expect(await summaryLabel(page, 'insights')).toBe('Insights: 0 new \u00b7 1 fixed');
    await page.locator(summaryItem('insights')).click();
    await page.waitForFunction((selector) => {
      const body = document.querySelector(`${selector} .yc-insights-body`);
      return body !== null && !body.hasAttribute('aria-busy');
    }, MODAL_CONTENT);
    expect(await page.locator(`${MODAL_CONTENT} .yc-insights-report[data-report-key="${REPORT}"] .yc-insights-delta`).textContent()).toBe(
      'Compared with the merge base: 0 new, 1 fixed, 3 unchanged.',
    );
    expect(await page.locator(`${MODAL_CONTENT} .yc-approximate-note`).count()).toBe(0);
  });

  it('"Insights for this file" on the renamed file reads "0 new, 1 fixed in this file"', async () => {
    tracked = await env.newPage('alice');
    const { page } = tracked;
    await env.gotoPr(page, { ...REPO, id: prId }, 'diff');
    const button = page.locator('[data-testid="diff-toolbar-extensions"] [data-extension-key*="diff-toolbar-file-insights"]');
    await button.waitFor();
    expect((await page.locator('[data-testid="diff-file-path"]').textContent())?.trim()).toBe(NEW_PATH);
    await button.click();
    await page.waitForFunction((selector) => document.querySelector(`${selector} .yc-insights-body`)?.hasAttribute('aria-busy') === false, MODAL_CONTENT);
    expect(await page.locator(`${MODAL_CONTENT} .yc-insights-delta`).textContent()).toBe('Compared with the merge base: 0 new, 1 fixed in this file.');
  });
});
