/**
 * Every PR-page surface and the viewer, run over a `realServer()` through the real REST client, and what
 * "settled" means for each: no spinner or `aria-busy` left, and either content or an AUI message; for the
 * summary labels, a label or a rejection the label turns into "unavailable" (a RestError or the panel's own
 * "no usable pull request"), never a TypeError.
 */
import { setImmediate as nodeSetImmediate } from 'timers';
import { createBitbucketClient, isRestError } from '../../frontend/rest';
import type { BitbucketClient } from '../../frontend/rest';
import * as branchPanel from '../../frontend/branch-panel';
import * as mergePanel from '../../frontend/merge-panel';
import * as insightsPanel from '../../frontend/insights-panel';
import * as commentsPanel from '../../frontend/comments-panel';
import { mount as mountViewer } from '../../frontend/viewer/index';
import { resetOverviewCache } from '../../frontend/viewer/overview';
import type { ViewerTab } from '../../frontend/viewer/index';
import { resetFakeHost } from '../fake-host/state';
import * as fx from '../rest/fixtures';
import { CONTEXT_PATH, ROUTES, mutate, realServer, type Mutation, type RealServer, type RouteName } from './real-server';

export interface Outcome {
  /** Why the surface did not settle; empty when it did. */
  problems: string[];
  /** What it showed (for the base case: real content, no error message). */
  text: string;
  errorMessages: number;
  server: RealServer;
  /** A copy of what a DOM surface showed once settled (before unmounting). */
  dom?: HTMLElement;
}

/** What a run varies: fields of the real-shaped answers, whole answers, and the PR the page hands over. */
export interface Variation {
  answers?: Partial<Record<RouteName, unknown>>;
  /** The pull request in the page's context (default: the `pullRequest` route's body). */
  pullRequest?: unknown;
}

export interface Surface {
  name: string;
  /** The answers the surface reads; `pullRequest` is also the PR a PR-page surface gets from the page. */
  routes: RouteName[];
  /**
   * Whether the one-field-at-a-time pass runs for it. The viewer's tabs share one data layer: the sweep runs
   * on its first tab only (each viewer run costs the most), the random pass on every tab.
   */
  sweep: boolean;
  /** The answers the one-at-a-time pass varies (default: all of `routes`). */
  sweepRoutes?: RouteName[];
  run(mutations: readonly Mutation[], variation?: Variation): Promise<Outcome>;
}

/**
 * How long a surface gets to settle. The fake server answers at once, so this is only reached by a surface
 * that never settles; it is wall-clock time because jsdom's requestAnimationFrame (the virtual lists) runs on
 * a real 16 ms clock that a fixed number of turns could outrun on a fast machine.
 */
const SETTLE_MS = 3000;
/**
 * Node's own setImmediate, not jsdom's timers: jsdom clamps nested `setTimeout(0)` to 4 ms (as browsers do),
 * which made thousands of runs crawl. Surfaces' own jsdom timers still fire in real time meanwhile.
 */
const macrotask = (): Promise<void> => new Promise((resolve) => nodeSetImmediate(resolve));
/** Drains queued promise work first (cheap), then lets timers and I/O run once. */
async function tick(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
  await macrotask();
}

async function until(done: () => boolean): Promise<void> {
  const deadline = performance.now() + SETTLE_MS;
  while (!done() && performance.now() < deadline) await tick();
}

export function resetPage(): void {
  resetFakeHost({ contextPath: CONTEXT_PATH, currentUser: { id: fx.user.id ?? 101, name: fx.user.name, slug: fx.user.slug, displayName: fx.user.displayName } });
  document.body.replaceChildren();
  resetOverviewCache(); // the overview caches per page session: every run starts from the server
}

/** The PR-page extension context (host-anatomy.md §1.6) of the (possibly mutated) pull request. */
function pageContext(mutations: readonly Mutation[], variation: Variation = {}): { pullRequest: never; repository: typeof fx.repository; project: typeof fx.project } {
  const pullRequest = mutate(variation.pullRequest ?? ROUTES.pullRequest.body(), mutations.filter((m) => m.route === 'pullRequest')) as never;
  return { pullRequest, repository: fx.repository, project: fx.project };
}

function clientOver(server: RealServer): BitbucketClient {
  return createBitbucketClient({ contextPath: CONTEXT_PATH, fetch: server.fetch, origin: 'http://localhost', cacheTtlMs: 0 });
}

const busy = (root: Element): boolean => root.querySelector('aui-spinner, .yc-loading, [aria-busy="true"]') !== null;

async function settleDom(root: HTMLElement, server: RealServer, unmount: () => void): Promise<Outcome> {
  await until(() => !busy(root));
  // More turns: a surface that renders, then starts a follow-up step (or throws in one), must show it here.
  for (let i = 0; i < 2; i++) await tick();
  await until(() => !busy(root));
  const problems: string[] = [];
  if (busy(root)) problems.push('a spinner (or aria-busy) is left');
  const text = (root.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (!text && !root.querySelector('.aui-message')) problems.push('nothing is shown');
  const dom = root.cloneNode(true) as HTMLElement;
  unmount();
  return { problems, text, errorMessages: dom.querySelectorAll('[data-error-kind]').length, server, dom };
}

/** A summary label's data: resolves, or rejects with something the label reports as "unavailable". */
async function settleSummary<T>(server: RealServer, load: Promise<T>, label: (summary: T) => string): Promise<Outcome> {
  let state: { done: true; text?: string; error?: unknown } | { done: false } = { done: false };
  load.then(
    (summary) => (state = { done: true, text: label(summary) }),
    (error: unknown) => (state = { done: true, error }),
  );
  await until(() => state.done);
  const final = state as { done: boolean; text?: string; error?: unknown };
  const problems: string[] = [];
  if (!final.done) problems.push('the summary never settles (the label would say "…" forever)');
  else if (final.error !== undefined) {
    const expected = isRestError(final.error) || (final.error instanceof Error && /^yourcompany\/[a-z-]+: /.test(final.error.message));
    if (!expected) problems.push(`the summary throws ${String(final.error)}`);
  } else if (!final.text?.trim()) problems.push('the label is empty');
  return { problems, text: final.text ?? '', errorMessages: final.error === undefined ? 0 : 1, server };
}

function container(): HTMLElement {
  const element = document.createElement('div');
  document.body.appendChild(element);
  return element;
}

function panel(name: string, routes: RouteName[], mount: (element: HTMLElement, context: never, client: BitbucketClient) => () => void): Surface {
  return {
    name,
    routes: ['pullRequest', ...routes],
    sweep: true,
    run(mutations, variation = {}) {
      const server = realServer(mutations, variation.answers);
      const element = container();
      const unmount = mount(element, pageContext(mutations, variation) as never, clientOver(server));
      return settleDom(element, server, unmount);
    },
  };
}

function summary<T>(name: string, routes: RouteName[], summarize: (context: never, client: BitbucketClient) => Promise<T>, label: (summary: T) => string): Surface {
  return {
    name,
    routes: ['pullRequest', ...routes],
    sweep: true,
    run(mutations, variation = {}) {
      const server = realServer(mutations, variation.answers);
      return settleSummary(server, summarize(pageContext(mutations, variation) as never, clientOver(server)), label);
    },
  };
}

function viewer(tab: ViewerTab, scope: 'pr' | 'branch' | 'overview', routes: RouteName[], sweep = false): Surface {
  const scopeName = scope === 'pr' ? 'pull request' : scope === 'branch' ? 'branch' : 'cross-repository overview';
  return {
    name: scope === 'overview' ? `viewer, ${scopeName}` : `viewer, ${tab} tab, ${scopeName} scope`,
    routes,
    sweep,
    // The overview lists repositories itself: there the repository list is data, not a picker.
    sweepRoutes: scope === 'overview' ? routes : routes.filter((route) => !VIEWER_PICKER_ROUTES.includes(route)),
    run(mutations, variation = {}) {
      const server = realServer(mutations, variation.answers);
      const element = container();
      const repo = { projectKey: fx.REPO.projectKey, repositorySlug: fx.REPO.repositorySlug };
      const state = scope === 'pr' ? { repo, pr: 7, tab } : scope === 'branch' ? { repo, branch: 'feature/x', tab } : { scope: 'overview' as const };
      const unmount = mountViewer(element, state, { client: clientOver(server) });
      return settleDom(element, server, unmount);
    },
  };
}

const BRANCH_ROUTES: RouteName[] = ['branches', 'branchModel', 'containing', 'users', 'commits'];
const MERGE_ROUTES: RouteName[] = ['mergeStatus', 'openTasks', 'builds'];
const INSIGHTS_ROUTES: RouteName[] = ['headReports', 'headAnnotations', 'mergeBase', 'pullRequestDiff', 'baseReports', 'baseAnnotations'];
/** Answers that only fill the viewer's scope pickers: left to the random pass, to keep the sweep affordable. */
const VIEWER_PICKER_ROUTES: RouteName[] = ['repositories', 'branches', 'pullRequests', 'defaultBranch'];
const VIEWER_ROUTES: RouteName[] = ['pullRequest', 'repositories', 'branches', 'pullRequests', 'pullRequestCommits', 'headReports', 'headAnnotations', 'mergeBase', 'baseReports', 'baseAnnotations', 'users', 'defaultBranch', 'commitDiff'];

export const SURFACES: Surface[] = [
  panel('branch panel', BRANCH_ROUTES, (element, context, client) => branchPanel.mount(element, context, { client })),
  summary('branch summary label', ['branches'], (context, client) => branchPanel.summarize(context, { client }), branchPanel.summaryLabel),
  panel('merge panel', MERGE_ROUTES, (element, context, client) => mergePanel.mount(element, context, { client })),
  summary('merge summary label', ['mergeStatus'], (context, client) => mergePanel.summarize(context, { client }), mergePanel.summaryLabel),
  panel('insights panel', INSIGHTS_ROUTES, (element, context, client) => insightsPanel.mount(element, context, { client })),
  summary('insights summary label', INSIGHTS_ROUTES, (context, client) => insightsPanel.summarize(context, { client }), insightsPanel.summaryLabel),
  panel('file insights (diff toolbar)', INSIGHTS_ROUTES, (element, context, client) =>
    insightsPanel.mountFileInsights(element, { ...(context as object), change: { path: { components: ['src', 'a b.ts'], toString: 'src/a b.ts' } } } as never, { client }),
  ),
  panel('comments panel', ['activities'], (element, context, client) => commentsPanel.mount(element, context, { client })),
  summary('comments summary label', ['activities'], (context, client) => commentsPanel.summarize(context, { client }), commentsPanel.summaryLabel),
  viewer('annotations', 'pr', VIEWER_ROUTES, true),
  viewer('reports', 'pr', VIEWER_ROUTES),
  viewer('compare', 'pr', VIEWER_ROUTES),
  viewer('trend', 'branch', [...VIEWER_ROUTES, 'commits']),
  viewer('annotations', 'overview', ['repositories', 'defaultBranch', 'commits', 'headReports', 'baseReports', 'headAnnotations'], true),
];
