/**
 * Merge readiness: pure mapping from the server's answers (merge status, open tasks, build
 * statuses, the PR's reviewers) to one list of checks, each saying what blocks and how to fix it.
 */
import { I18n } from 'yourcompany/host';
import type { BuildStatus, Comment, MergeStatus, Page, Participant, PullRequest } from 'yourcompany/rest';
import { isConflicted, summarizeMergeStatus } from 'yourcompany/pr-summary';
import type { MergeStatusAnswer, MergeSummary } from 'yourcompany/pr-summary';
import type { PullRequestLinks } from './context';

/** The state of one request while the panel is open. */
export type Outcome<T> = { status: 'pending' } | { status: 'ok'; value: T } | { status: 'error'; error: unknown };

export type CheckStatus = 'ok' | 'blocker' | 'warning' | 'pending' | 'info';

export interface CheckLink {
  text: string;
  href: string;
}

export interface CheckEntry {
  status: CheckStatus;
  /** Short status word shown in a lozenge next to the entry. */
  statusText: string;
  text: string;
  detail?: string;
  href?: string;
}

export type CheckId = 'state' | 'merge' | 'conflicts' | 'reviews' | 'tasks' | 'builds';

export interface Check {
  id: CheckId;
  status: CheckStatus;
  title: string;
  /** How to fix it; absent when nothing needs doing. */
  fix?: string;
  links: CheckLink[];
  entries: CheckEntry[];
  /** Entries the server has but we did not load (e.g. open tasks beyond the first page). */
  moreOnServer?: number;
  loading?: boolean;
  error?: unknown;
}

export interface ReadinessView {
  summary: MergeSummary;
  headline: string;
  checks: Check[];
}

export interface ReadinessInput {
  pullRequest: PullRequest;
  links: PullRequestLinks;
  mergeStatus: Outcome<MergeStatusAnswer>;
  openTasks: Outcome<Page<Comment>>;
  builds: Outcome<BuildStatus[]>;
}


function headlineOf(summary: MergeSummary): string {
  switch (summary.state) {
    case 'ready':
      return I18n.getText('yourcompany.merge.headline.ready');
    case 'blocked':
      return I18n.getText('yourcompany.merge.headline.blocked', summary.blockers);
    case 'checking':
      return I18n.getText('yourcompany.merge.headline.checking');
    case 'merged':
      return I18n.getText('yourcompany.merge.headline.merged');
    case 'declined':
      return I18n.getText('yourcompany.merge.headline.declined');
    case 'closed':
      return I18n.getText('yourcompany.merge.headline.closed');
  }
}

export function buildReadiness(input: ReadinessInput): ReadinessView {
  const { pullRequest } = input;
  if (pullRequest.state !== 'OPEN' || (input.mergeStatus.status === 'ok' && input.mergeStatus.value === 'not-open')) {
    const summary = summarizeMergeStatus(pullRequest, 'not-open');
    return {
      summary,
      headline: headlineOf(summary),
      checks: [{ id: 'state', status: 'info', title: headlineOf(summary), links: [{ text: I18n.getText('yourcompany.merge.link.overview'), href: input.links.overview }], entries: [] }],
    };
  }
  const merge = input.mergeStatus;
  const summary: MergeSummary = merge.status === 'ok' ? summarizeMergeStatus(pullRequest, merge.value) : { state: 'checking', blockers: 0 };
  const headline =
    merge.status === 'pending' ? I18n.getText('yourcompany.merge.headline.loading') : merge.status === 'error' ? I18n.getText('yourcompany.merge.headline.error') : headlineOf(summary);
  const checks: Check[] = [mergeCheck(input)];
  const conflicts = conflictCheck(input);
  if (conflicts) checks.push(conflicts);
  checks.push(reviewsCheck(input), tasksCheck(input), buildsCheck(input));
  return { summary, headline, checks };
}

function mergeCheck(input: ReadinessInput): Check {
  const { mergeStatus: merge, links, pullRequest } = input;
  const title = I18n.getText('yourcompany.merge.check.merge.title');
  if (merge.status === 'pending') return { id: 'merge', status: 'pending', title, links: [], entries: [], loading: true };
  if (merge.status === 'error') return { id: 'merge', status: 'warning', title, links: [], entries: [], error: merge.error };
  const status = merge.value as MergeStatus;
  if (status.canMerge) {
    return { id: 'merge', status: 'ok', title: I18n.getText('yourcompany.merge.check.merge.ok'), links: [], entries: [] };
  }
  const vetoes = Array.isArray(status.vetoes) ? status.vetoes : [];
  const entries: CheckEntry[] = vetoes.map((veto) => ({
    status: 'blocker',
    statusText: I18n.getText('yourcompany.merge.status.blocker'),
    text: String(veto.summaryMessage ?? ''),
    detail: veto.detailedMessage && veto.detailedMessage !== veto.summaryMessage ? String(veto.detailedMessage) : undefined,
  }));
  if (vetoes.length === 0 && !isConflicted(status)) {
    if (status.outcome === 'UNKNOWN') {
      return {
        id: 'merge',
        status: 'pending',
        title: I18n.getText('yourcompany.merge.check.merge.checking'),
        fix: I18n.getText('yourcompany.merge.check.merge.checking.fix'),
        links: [],
        entries: [],
      };
    }
    return {
      id: 'merge',
      status: 'blocker',
      title: pullRequest.draft ? I18n.getText('yourcompany.merge.check.merge.draft') : I18n.getText('yourcompany.merge.check.merge.refused'),
      fix: pullRequest.draft ? I18n.getText('yourcompany.merge.check.merge.draft.fix') : I18n.getText('yourcompany.merge.check.merge.refused.fix'),
      links: [{ text: I18n.getText('yourcompany.merge.link.overview'), href: links.overview }],
      entries: [],
    };
  }
  if (vetoes.length === 0) {
    return { id: 'merge', status: 'blocker', title: I18n.getText('yourcompany.merge.check.merge.conflictsonly'), links: [], entries: [] };
  }
  return {
    id: 'merge',
    status: 'blocker',
    title: I18n.getText('yourcompany.merge.check.merge.vetoed', vetoes.length),
    fix: I18n.getText('yourcompany.merge.check.merge.vetoed.fix'),
    links: [{ text: I18n.getText('yourcompany.merge.link.overview'), href: links.overview }],
    entries,
  };
}

function conflictCheck(input: ReadinessInput): Check | null {
  const merge = input.mergeStatus;
  if (merge.status !== 'ok' || merge.value === 'not-open' || !isConflicted(merge.value)) return null;
  const { pullRequest } = input;
  return {
    id: 'conflicts',
    status: 'blocker',
    title: I18n.getText('yourcompany.merge.check.conflicts.title'),
    fix: I18n.getText('yourcompany.merge.check.conflicts.fix', pullRequest.toRef.displayId, pullRequest.fromRef.displayId),
    links: [{ text: I18n.getText('yourcompany.merge.link.diff'), href: input.links.diff }],
    entries: [],
  };
}

const REVIEW_ORDER: Record<string, number> = { NEEDS_WORK: 0, UNAPPROVED: 1, APPROVED: 2 };

function reviewerStatus(reviewer: Participant): 'APPROVED' | 'NEEDS_WORK' | 'UNAPPROVED' {
  if (reviewer.status === 'NEEDS_WORK') return 'NEEDS_WORK';
  if (reviewer.status === 'APPROVED' || reviewer.approved) return 'APPROVED';
  return 'UNAPPROVED';
}

function personName(participant: Participant): string {
  return participant.user?.displayName || participant.user?.name || participant.user?.slug || '?';
}

function reviewsCheck(input: ReadinessInput): Check {
  const reviewers = Array.isArray(input.pullRequest.reviewers) ? input.pullRequest.reviewers : [];
  const links = [{ text: I18n.getText('yourcompany.merge.link.overview'), href: input.links.overview }];
  if (reviewers.length === 0) {
    return {
      id: 'reviews',
      status: 'info',
      title: I18n.getText('yourcompany.merge.check.reviews.none'),
      fix: I18n.getText('yourcompany.merge.check.reviews.none.fix'),
      links,
      entries: [],
    };
  }
  const sorted = [...reviewers].sort(
    (a, b) => REVIEW_ORDER[reviewerStatus(a)] - REVIEW_ORDER[reviewerStatus(b)] || personName(a).localeCompare(personName(b)),
  );
  const entries: CheckEntry[] = sorted.map((reviewer) => {
    const status = reviewerStatus(reviewer);
    return {
      status: status === 'APPROVED' ? 'ok' : status === 'NEEDS_WORK' ? 'warning' : 'pending',
      statusText:
        status === 'APPROVED'
          ? I18n.getText('yourcompany.merge.reviewer.approved')
          : status === 'NEEDS_WORK'
            ? I18n.getText('yourcompany.merge.reviewer.needswork')
            : I18n.getText('yourcompany.merge.reviewer.unapproved'),
      text: personName(reviewer),
    };
  });
  const approved = reviewers.filter((r) => reviewerStatus(r) === 'APPROVED').length;
  const needsWork = sorted.filter((r) => reviewerStatus(r) === 'NEEDS_WORK');
  const title = I18n.getText('yourcompany.merge.check.reviews.title', approved, reviewers.length);
  if (needsWork.length > 0) {
    return {
      id: 'reviews',
      status: 'warning',
      title,
      fix: I18n.getText('yourcompany.merge.check.reviews.needswork.fix', needsWork.length, personName(needsWork[0])),
      links,
      entries,
    };
  }
  if (approved < reviewers.length) {
    return { id: 'reviews', status: 'pending', title, fix: I18n.getText('yourcompany.merge.check.reviews.pending.fix'), links, entries };
  }
  return { id: 'reviews', status: 'ok', title, links: [], entries };
}

const TASK_TEXT_LIMIT = 200;

/** Cuts at a code-point boundary so emoji and surrogate pairs stay whole. */
export function truncateText(text: string, limit: number): string {
  const points = Array.from(text.replace(/\s+/g, ' ').trim());
  return points.length <= limit ? points.join('') : `${points.slice(0, limit - 1).join('')}\u2026`;
}

function tasksCheck(input: ReadinessInput): Check {
  const outcome = input.openTasks;
  const title = I18n.getText('yourcompany.merge.check.tasks.title');
  if (outcome.status === 'pending') return { id: 'tasks', status: 'pending', title, links: [], entries: [], loading: true };
  if (outcome.status === 'error') return { id: 'tasks', status: 'warning', title, links: [], entries: [], error: outcome.error };
  const tasks = Array.isArray(outcome.value.values) ? outcome.value.values.filter((task) => task.state === 'OPEN' || task.state === undefined) : [];
  const knownTotal = input.pullRequest.properties?.openTaskCount;
  const total = outcome.value.isLastPage ? tasks.length : Math.max(tasks.length, typeof knownTotal === 'number' ? knownTotal : tasks.length);
  if (total === 0) {
    return { id: 'tasks', status: 'ok', title: I18n.getText('yourcompany.merge.check.tasks.none'), links: [], entries: [] };
  }
  return {
    id: 'tasks',
    status: 'warning',
    title: outcome.value.isLastPage || total > tasks.length ? I18n.getText('yourcompany.merge.check.tasks.open', total) : I18n.getText('yourcompany.merge.check.tasks.atleast', total),
    fix: I18n.getText('yourcompany.merge.check.tasks.fix'),
    links: [{ text: I18n.getText('yourcompany.merge.link.overview'), href: input.links.overview }],
    entries: tasks.map((task) => ({
      status: 'warning',
      statusText: I18n.getText('yourcompany.merge.task.open'),
      text: truncateText(String(task.text ?? ''), TASK_TEXT_LIMIT),
      detail: task.author ? task.author.displayName || task.author.name : undefined,
      href: typeof task.id === 'number' ? input.links.task(task.id) : undefined,
    })),
    moreOnServer: total > tasks.length ? total - tasks.length : undefined,
  };
}

const BUILD_ORDER: Record<string, number> = { FAILED: 0, INPROGRESS: 1, CANCELLED: 2, UNKNOWN: 3, SUCCESSFUL: 4 };

function buildEntry(build: BuildStatus): CheckEntry {
  const state = BUILD_ORDER[build.state] === undefined ? 'UNKNOWN' : build.state;
  const name = build.name || build.key || '?';
  const number = build.buildNumber ? ` #${build.buildNumber}` : '';
  const statusByState: Record<string, { status: CheckStatus; text: string }> = {
    FAILED: { status: 'blocker', text: I18n.getText('yourcompany.merge.build.failed') },
    INPROGRESS: { status: 'pending', text: I18n.getText('yourcompany.merge.build.inprogress') },
    CANCELLED: { status: 'info', text: I18n.getText('yourcompany.merge.build.cancelled') },
    UNKNOWN: { status: 'info', text: I18n.getText('yourcompany.merge.build.unknown') },
    SUCCESSFUL: { status: 'ok', text: I18n.getText('yourcompany.merge.build.successful') },
  };
  const { status, text } = statusByState[state];
  const tests = build.testResults;
  return {
    status,
    statusText: text,
    text: `${name}${number}`,
    detail:
      tests && tests.failed > 0
        ? I18n.getText('yourcompany.merge.build.testsfailed', tests.failed, tests.successful + tests.failed + tests.skipped)
        : build.description || undefined,
    // The view drops anything that is not http(s) or relative (safeHref).
    href: build.url || undefined,
  };
}

function buildsCheck(input: ReadinessInput): Check {
  const outcome = input.builds;
  const title = I18n.getText('yourcompany.merge.check.builds.title');
  if (outcome.status === 'pending') return { id: 'builds', status: 'pending', title, links: [], entries: [], loading: true };
  if (outcome.status === 'error') return { id: 'builds', status: 'warning', title, links: [], entries: [], error: outcome.error };
  const builds = Array.isArray(outcome.value) ? [...outcome.value] : [];
  const commitsLink = [{ text: I18n.getText('yourcompany.merge.link.commits'), href: input.links.commits }];
  if (builds.length === 0) {
    return { id: 'builds', status: 'info', title: I18n.getText('yourcompany.merge.check.builds.none'), links: [], entries: [] };
  }
  builds.sort((a, b) => (BUILD_ORDER[a.state] ?? 3) - (BUILD_ORDER[b.state] ?? 3) || String(a.name ?? a.key).localeCompare(String(b.name ?? b.key)));
  const count = (state: string) => builds.filter((b) => b.state === state).length;
  const failed = count('FAILED');
  const running = count('INPROGRESS');
  const successful = count('SUCCESSFUL');
  const entries = builds.map(buildEntry);
  const summaryTitle = I18n.getText('yourcompany.merge.check.builds.summary', failed, running, successful);
  if (failed > 0) {
    return { id: 'builds', status: 'warning', title: summaryTitle, fix: I18n.getText('yourcompany.merge.check.builds.failed.fix', failed), links: commitsLink, entries };
  }
  if (running > 0) {
    return { id: 'builds', status: 'pending', title: summaryTitle, fix: I18n.getText('yourcompany.merge.check.builds.running.fix'), links: [], entries };
  }
  return { id: 'builds', status: successful === builds.length ? 'ok' : 'info', title: summaryTitle, links: [], entries };
}
