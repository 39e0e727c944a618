/**
 * `pr.idle10min.requests`: what a PR page left open for 10 minutes costs in plugin REST requests, with
 * playwright's page clock moving time in 15 s steps (the labels' timers fire; their requests are real).
 * Once with every report on the head commit final (goal: 0), once with one report still pending.
 */
import type { APIRequestContext, Page } from 'playwright-core';

const IDLE_MS = 10 * 60_000;
const STEP_MS = 15_000;

export interface PullRequestRef {
  projectKey: string;
  repositorySlug: string;
  pullRequestId: number;
}

const ADMIN = { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` };

function insightsBase(contextPath: string, pr: PullRequestRef, commit: string): string {
  return `${contextPath}/rest/insights/latest/projects/${pr.projectKey}/repos/${pr.repositorySlug}/commits/${commit}/reports`;
}

async function headCommit(request: APIRequestContext, contextPath: string, pr: PullRequestRef): Promise<string> {
  const response = await request.get(`${contextPath}/rest/api/latest/projects/${pr.projectKey}/repos/${pr.repositorySlug}/pull-requests/${pr.pullRequestId}`, { headers: ADMIN });
  if (!response.ok()) throw new Error(`PR lookup failed: HTTP ${response.status()}`);
  return ((await response.json()) as { fromRef: { latestCommit: string } }).fromRef.latestCommit;
}

/** Gives every report on the PR head a result (PASS where none), as CI does when it finishes. */
export async function finishAllReports(request: APIRequestContext, contextPath: string, pr: PullRequestRef): Promise<void> {
  const base = insightsBase(contextPath, pr, await headCommit(request, contextPath, pr));
  const list = (await (await request.get(`${base}?limit=1000`, { headers: ADMIN })).json()) as { values: { key: string; result?: string; [field: string]: unknown }[] };
  for (const report of list.values) {
    if (report.result === 'PASS' || report.result === 'FAIL') continue;
    const { key, title, details, reporter, link, logoUrl, data } = report as Record<string, unknown>;
    const body = Object.fromEntries(Object.entries({ title, details, reporter, link, logoUrl, data, result: 'PASS' }).filter(([, v]) => v !== undefined && v !== null));
    const put = await request.put(`${base}/${encodeURIComponent(String(key))}`, { headers: { ...ADMIN, 'Content-Type': 'application/json' }, data: body });
    if (!put.ok()) throw new Error(`could not finish report ${String(key)}: HTTP ${put.status()}`);
  }
}

/** Publishes a report without a result on the PR head (CI has started, not finished). */
export async function publishPendingReport(request: APIRequestContext, contextPath: string, pr: PullRequestRef): Promise<void> {
  const base = insightsBase(contextPath, pr, await headCommit(request, contextPath, pr));
  const put = await request.put(`${base}/com.example.bench.pending`, { headers: { ...ADMIN, 'Content-Type': 'application/json' }, data: { title: 'Still running', data: [] } });
  if (!put.ok()) throw new Error(`could not publish the pending report: HTTP ${put.status()}`);
}

/**
 * Plugin requests made after the labels were final, during 10 minutes of idle time. The page must have
 * been opened with `page.clock.install()` before navigation; `requests()` reads the page's request log.
 */
export async function idleRequests(page: Page, requests: () => Promise<number>): Promise<number> {
  const before = await requests();
  for (let elapsed = 0; elapsed < IDLE_MS; elapsed += STEP_MS) {
    await page.clock.runFor(STEP_MS);
    // Real time for a refresh's requests to answer (the emulator's latency) before time moves on.
    await page.waitForTimeout(400);
  }
  return (await requests()) - before;
}
