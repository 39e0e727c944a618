/**
 * `yourcompany/branch-panel`: source/target branches of a PR with their branch-model category, where the
 * source branch points relative to the PR head, ahead/behind, other branches containing the head, and the
 * permission-gated create/delete actions.
 */
import { I18n, currentUser } from 'yourcompany/host';
import { bitbucketClient } from 'yourcompany/rest';
import { auiMessage, h, mountRegistry, render, spinner } from 'yourcompany/ui';
import type { BitbucketClient } from 'yourcompany/rest';
import { NO_PERMISSIONS, loadPermissions, loadSourceBranch, notifySummaryChanged, readPullRequestFacts } from 'yourcompany/pr-summary';
import type { BranchPermissions, PullRequestFacts } from 'yourcompany/pr-summary';
import { runDeleteFlow, renderCreateForm, showCreateRefused, DeleteOutcome } from './actions';
import { countNewCommits, loadContaining, loadModels } from './data';
import { BranchPanelData, Settled, branchPanelView, positionOf } from './view';

export type { BranchSummary, BranchPullRequestContext as PullRequestContext, PullRequestFacts } from 'yourcompany/pr-summary';
export { readPullRequestFacts, truncateMiddle, actionAvailability } from 'yourcompany/pr-summary';
export { refNameProblem, categorize } from './model';
// The label's pieces live in the small summary module the PR page loads first; re-exported for the API.
export { branchSummary as summarize, branchLabel as summaryLabel } from 'yourcompany/pr-summary';
export type { DeleteOutcome } from './actions';

export interface PanelDeps {
  client?: BitbucketClient;
}

const clientOf = (deps?: PanelDeps): BitbucketClient => deps?.client ?? bitbucketClient();

const settle = <T>(promise: Promise<T>): Promise<Settled<T>> => promise.then(
  (value) => ({ ok: true as const, value }),
  (error: unknown) => ({ ok: false as const, error }),
);

function contextError(): HTMLElement {
  return auiMessage('warning', I18n.getText('yourcompany.branch.context.title'), I18n.getText('yourcompany.branch.context.body'));
}

const claim = mountRegistry();

/** Claims `container` for one of the branch surfaces; without PR facts in the context it shows why and stops there. */
function begin(container: HTMLElement, context: unknown): { facts: PullRequestFacts | null; signal: AbortSignal; unmount: () => void; guard: ReturnType<typeof claim>['guard'] } {
  const { signal, unmount, guard } = claim(container);
  const facts = readPullRequestFacts(context);
  if (!facts) render(container, contextError());
  return { facts, signal, unmount, guard };
}

export function mount(container: HTMLElement, context: unknown, deps?: PanelDeps): () => void {
  const { facts, signal, unmount, guard } = begin(container, context);
  if (!facts) return unmount;
  const client = clientOf(deps);
  render(container, spinner());

  const status = h('div', { class: 'assistive', role: 'status', 'aria-live': 'polite', 'data-testid': 'yc-branch-status' });
  const flowRegion = h('div', { class: 'yc-branch-flow' });
  let data: BranchPanelData | undefined;
  let flow: AbortController | undefined;

  const startFlow = (): AbortSignal => {
    flow?.abort();
    flow = new AbortController();
    const abortFlow = (): void => flow?.abort();
    signal.addEventListener('abort', abortFlow, { once: true });
    return flow.signal;
  };

  const redraw = guard((): void => {
    if (!data || signal.aborted) return;
    render(container, branchPanelView(data, { onCreate, onDelete }, flowRegion, status));
  });

  const onDelete = (trigger: HTMLElement): void => {
    if (!data) return;
    const flowSignal = startFlow();
    trigger.setAttribute('aria-disabled', 'true');
    trigger.toggleAttribute('disabled', true);
    void runDeleteFlow(flowRegion, facts, client, flowSignal).then((outcome: DeleteOutcome) => {
      if (!data || signal.aborted) return;
      if (outcome === 'deleted' || outcome === 'already-deleted') {
        notifySummaryChanged('branch'); // the summary label says "deleted" without a reload
        data = { ...data, deletedHere: true };
        render(status, I18n.getText('yourcompany.branch.delete.done.title', facts.sourceName));
        redraw(); // the flow region (with its success message) is reused, so the outcome stays visible
        return;
      }
      if (trigger.isConnected) {
        trigger.removeAttribute('aria-disabled');
        trigger.removeAttribute('disabled');
        if (outcome === 'cancelled') trigger.focus();
      }
    });
  };

  const onCreate = (trigger: HTMLElement): void => {
    if (!data) return;
    const flowSignal = startFlow();
    renderCreateForm(flowRegion, facts, client, data.models?.source ?? null, flowSignal, {
      onCreated: () => render(status, I18n.getText('yourcompany.branch.create.announce')),
      onCancel: () => {
        flow?.abort();
        render(flowRegion);
        trigger.focus();
      },
    });
  };

  const user = currentUser();
  void Promise.all([
    settle(loadSourceBranch(client, facts, signal)), // the label's answer
    loadModels(client, facts, signal).catch(() => null),
    settle(loadContaining(client, facts, signal)),
    // Fail closed: without a definite answer nobody gets write actions.
    loadPermissions(client, facts.sourceRepo, user?.slug, signal).catch((): BranchPermissions => NO_PERMISSIONS),
  ]).then(guard(([source, models, containing, permissions]) => {
    if (signal.aborted) return;
    data = { facts, source, models, containing, permissions };
    redraw();
    const position = positionOf(data);
    if (position?.kind === 'moved') {
      void settle(countNewCommits(client, facts.sourceRepo, position.tip, facts.headCommit, signal)).then((newCommits) => {
        if (!data || signal.aborted || (!newCommits.ok && (newCommits.error as { kind?: string })?.kind === 'aborted')) return;
        data = { ...data, newCommits };
        redraw();
      });
    }
  }));

  return unmount;
}

/** The delete flow on its own (PR action menu modal). Runs the checks straight away. */
export function mountDeleteSourceBranch(container: HTMLElement, context: unknown, deps?: PanelDeps, options: { onDone?(outcome: DeleteOutcome): void } = {}): () => void {
  const { facts, signal, unmount } = begin(container, context);
  if (!facts) return unmount;
  const region = h('div', { class: 'yc-branch-flow', 'data-testid': 'yc-branch-delete-flow' });
  render(container, region);
  void runDeleteFlow(region, facts, clientOf(deps), signal).then((outcome) => {
    if (outcome === 'deleted' || outcome === 'already-deleted') notifySummaryChanged('branch');
    if (!signal.aborted) options.onDone?.(outcome);
  });
  return unmount;
}

/**
 * The create form on its own (PR action menu modal); loads the branch model for the prefixes and asks for write
 * permission now that the user wants to write (a failed probe shows the form: the server decides on submit).
 */
export function mountCreateBranch(container: HTMLElement, context: unknown, deps?: PanelDeps, options: { onCancel?(): void } = {}): () => void {
  const { facts, signal, unmount } = begin(container, context);
  if (!facts) return unmount;
  const client = clientOf(deps);
  const region = h('div', { class: 'yc-branch-flow', 'data-testid': 'yc-branch-create-flow' });
  render(container, spinner());
  void Promise.all([
    loadModels(client, facts, signal).catch(() => null),
    loadPermissions(client, facts.sourceRepo, currentUser()?.slug, signal).catch((): BranchPermissions => ({ write: true })),
  ]).then(([models, permissions]) => {
    if (signal.aborted) return;
    render(container, region);
    if (!permissions.write) showCreateRefused(region, facts);
    else renderCreateForm(region, facts, client, models?.source ?? null, signal, { onCancel: options.onCancel });
  });
  return unmount;
}
