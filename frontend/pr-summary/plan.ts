/**
 * The PR page's one plan of requests. Whichever of our PR extensions asks first (a summary label or an
 * action-menu item), every request the labels need starts at once — the merge base first, as it heads the
 * only two-round-trip chain — instead of each label starting its own when its script happens to run.
 * The labels then join those requests (the client and `sharedLoad` de-duplicate), and the modals reuse them.
 * Each data file registers its step here, so this file depends on none of them.
 */
import type { BitbucketClient } from 'yourcompany/rest';

type PlanStep = (context: unknown, client: BitbucketClient, signal?: AbortSignal) => Promise<unknown> | undefined;

const steps: { order: number; step: PlanStep }[] = [];
/** The PR (repository, id, head) each client last planned for. */
const planned = new WeakMap<object, string>();

/** Adds a step; lower `order` starts first. */
export function planStep(order: number, step: PlanStep): void {
  steps.push({ order, step });
  steps.sort((a, b) => a.order - b.order);
}

/** `KEY/slug#id@head`, or null when the context has no usable pull request. */
export function pullRequestKey(context: unknown): string | null {
  const pr = (context as { pullRequest?: { id?: unknown; fromRef?: { latestCommit?: unknown }; toRef?: { repository?: { slug?: unknown; project?: { key?: unknown } } } } } | null)?.pullRequest;
  const repo = pr?.toRef?.repository;
  if (typeof pr?.id !== 'number' || typeof pr.fromRef?.latestCommit !== 'string' || typeof repo?.slug !== 'string' || typeof repo.project?.key !== 'string') return null;
  return `${repo.project.key}/${repo.slug}#${pr.id}@${pr.fromRef.latestCommit}`;
}

/**
 * Starts every step once per pull request and client. `signal` is the first asker's: aborting it drops
 * only the plan's interest, since every label and modal subscribes to the same requests itself.
 */
export function startSummaryPlan(context: unknown, client: BitbucketClient, signal?: AbortSignal): void {
  const key = pullRequestKey(context);
  if (!key || planned.get(client) === key || signal?.aborted) return;
  planned.set(client, key);
  for (const { step } of steps) {
    try {
      step(context, client, signal)?.catch(() => undefined);
    } catch {
      // A step that cannot start leaves its label to load (and fail) on its own.
    }
  }
}
