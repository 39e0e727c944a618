import { buildReadiness, truncateText } from '../../frontend/merge-panel/model';
import type { Outcome, ReadinessInput, Check } from '../../frontend/merge-panel/model';
import { summarizeMergeStatus, mergeLabel as summaryLabel } from '../../frontend/pr-summary/merge-summary';
import type { MergeStatusAnswer } from '../../frontend/pr-summary/merge-summary';
import { pullRequestLinks } from '../../frontend/merge-panel/context';
import { resetFakeHost } from '../fake-host/state';
import type { BuildStatus, Comment, MergeStatus, Page, PullRequest } from '../../frontend/rest/types';
import { build, canMerge, context, page, participant, restError, task } from './fixtures';

beforeEach(() => resetFakeHost({ contextPath: '/bitbucket' }));

const ok = <T>(value: T): Outcome<T> => ({ status: 'ok', value });

function input(patch: Partial<PullRequest> = {}, answers: { merge?: Outcome<MergeStatusAnswer>; tasks?: Outcome<Page<Comment>>; builds?: Outcome<BuildStatus[]> } = {}): ReadinessInput {
  const ctx = context(patch);
  return {
    pullRequest: ctx.pullRequest,
    links: pullRequestLinks(ctx),
    mergeStatus: answers.merge ?? ok<MergeStatusAnswer>(canMerge),
    openTasks: answers.tasks ?? ok(page<Comment>([])),
    builds: answers.builds ?? ok<BuildStatus[]>([]),
  };
}

const check = (checks: Check[], id: string): Check => {
  const found = checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${checks.map((c) => c.id).join(',')}`);
  return found;
};

describe('summarizeMergeStatus / summaryLabel', () => {
  const vetoed: MergeStatus = {
    canMerge: false,
    conflicted: false,
    outcome: 'CLEAN',
    vetoes: [
      { summaryMessage: 'Not enough approvals', detailedMessage: 'Requires 2 approvals' },
      { summaryMessage: 'Required report not passed', detailedMessage: 'Report com.sonarsource.sonarqube must pass' },
    ],
  };
  it.each<[Partial<PullRequest>, MergeStatusAnswer, string]>([
    [{}, canMerge, 'Merge: ready'],
    [{}, vetoed, 'Merge: 2 blockers'],
    [{}, { canMerge: false, conflicted: true, outcome: 'CONFLICTED', vetoes: [] }, 'Merge: 1 blocker'],
    [{}, { ...vetoed, conflicted: true, outcome: 'CONFLICTED' }, 'Merge: 3 blockers'],
    [{}, { canMerge: false, conflicted: false, outcome: 'UNKNOWN', vetoes: [] }, 'Merge: checking'],
    [{}, { canMerge: false, conflicted: false, outcome: 'CLEAN', vetoes: [] }, 'Merge: 1 blocker'],
    [{ state: 'MERGED', open: false, closed: true }, 'not-open', 'Merge: merged'],
    [{ state: 'DECLINED', open: false, closed: true }, 'not-open', 'Merge: declined'],
    [{}, 'not-open', 'Merge: not open'],
  ])('%j + %j → %s', (patch, answer, label) => {
    expect(summaryLabel(summarizeMergeStatus(context(patch).pullRequest, answer))).toBe(label);
  });

  it('tolerates a merge status without vetoes array (older servers)', () => {
    const status = { canMerge: false, conflicted: false, outcome: 'CLEAN' } as unknown as MergeStatus;
    expect(summarizeMergeStatus(context().pullRequest, status)).toEqual({ state: 'blocked', blockers: 1 });
  });
});

describe('buildReadiness', () => {
  it('a merged PR says so and makes no other claims', () => {
    const view = buildReadiness(input({ state: 'MERGED', open: false, closed: true }, { merge: ok<MergeStatusAnswer>('not-open') }));
    expect(view.summary.state).toBe('merged');
    expect(view.checks.map((c) => c.id)).toEqual(['state']);
    expect(view.headline).toMatch(/merged/i);
  });

  it('an open PR whose merge status answered 409 is reported as no longer open', () => {
    const view = buildReadiness(input({}, { merge: ok<MergeStatusAnswer>('not-open') }));
    expect(view.summary.state).toBe('closed');
    expect(view.checks[0].links[0].href).toBe('/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/overview');
  });

  it('lists every veto with its detail and how to fix it', () => {
    const merge = ok<MergeStatusAnswer>({
      canMerge: false,
      conflicted: false,
      outcome: 'CLEAN',
      vetoes: [{ summaryMessage: 'Required report failed', detailedMessage: 'The report "Security scan" must pass before merging.' }],
    });
    const view = buildReadiness(input({}, { merge }));
    const mergeCheck = check(view.checks, 'merge');
    expect(mergeCheck.status).toBe('blocker');
    expect(mergeCheck.title).toBe('1 merge check fails');
    expect(mergeCheck.fix).toBeTruthy();
    expect(mergeCheck.entries).toEqual([expect.objectContaining({ status: 'blocker', text: 'Required report failed', detail: 'The report "Security scan" must pass before merging.' })]);
    expect(view.headline).toBe('1 thing blocks the merge.');
  });

  it('a conflicted PR gets a conflict check naming both branches and linking to the diff', () => {
    const view = buildReadiness(input({}, { merge: ok<MergeStatusAnswer>({ canMerge: false, conflicted: true, outcome: 'CONFLICTED', vetoes: [] }) }));
    const conflicts = check(view.checks, 'conflicts');
    expect(conflicts.status).toBe('blocker');
    expect(conflicts.fix).toContain('master');
    expect(conflicts.fix).toContain('feature/x');
    expect(conflicts.links[0].href).toBe('/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/diff');
    expect(view.summary).toEqual({ state: 'blocked', blockers: 1 });
  });

  it('no conflict check on a clean PR', () => {
    expect(buildReadiness(input()).checks.map((c) => c.id)).toEqual(['merge', 'reviews', 'tasks', 'builds']);
  });

  it('a draft refused without vetoes says to publish the draft', () => {
    const view = buildReadiness(input({ draft: true }, { merge: ok<MergeStatusAnswer>({ canMerge: false, conflicted: false, outcome: 'CLEAN', vetoes: [] }) }));
    expect(check(view.checks, 'merge').title).toMatch(/draft/);
  });

  it('reviews: NEEDS_WORK first, names who asked for changes', () => {
    const reviewers = [participant('bob', 'APPROVED', 'REVIEWER', 'Bob'), participant('dan', 'UNAPPROVED', 'REVIEWER', 'Dan'), participant('eve', 'NEEDS_WORK', 'REVIEWER', 'Eve')];
    const reviews = check(buildReadiness(input({ reviewers })).checks, 'reviews');
    expect(reviews.status).toBe('warning');
    expect(reviews.title).toBe('1 of 3 reviewers approved');
    expect(reviews.fix).toContain('Eve requested changes');
    expect(reviews.entries.map((e) => [e.text, e.statusText])).toEqual([
      ['Eve', 'Requested changes'],
      ['Dan', 'Not approved yet'],
      ['Bob', 'Approved'],
    ]);
  });

  it('reviews: all approved is ok, none is an info with a fix', () => {
    expect(check(buildReadiness(input()).checks, 'reviews')).toMatchObject({ status: 'ok', title: '1 of 1 reviewer approved' });
    expect(check(buildReadiness(input({ reviewers: [] })).checks, 'reviews')).toMatchObject({ status: 'info', title: 'No reviewers' });
  });

  it('tasks: lists open tasks linking to each comment, counts beyond the first page', () => {
    const tasks = ok(page([task(101, 'Fix the <b>tests</b>'), task(102, 'Rename')], false));
    const view = buildReadiness(input({ properties: { openTaskCount: 75 } }, { tasks }));
    const tasksCheck = check(view.checks, 'tasks');
    expect(tasksCheck.title).toBe('75 open tasks');
    expect(tasksCheck.moreOnServer).toBe(73);
    expect(tasksCheck.entries[0]).toMatchObject({ text: 'Fix the <b>tests</b>', href: '/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/overview?commentId=101', detail: 'Carol' });
  });

  it('tasks: without a server count a partial page says "at least"', () => {
    const view = buildReadiness(input({ properties: {} }, { tasks: ok(page([task(1, 'x')], false)) }));
    expect(check(view.checks, 'tasks').title).toBe('At least 1 open task');
  });

  it('tasks: none open is ok', () => {
    expect(check(buildReadiness(input()).checks, 'tasks')).toMatchObject({ status: 'ok', title: 'No open tasks' });
  });

  it('builds: failed first with test counts, then in progress, then successful', () => {
    const builds = ok([build('ok-1', 'SUCCESSFUL'), build('run-1', 'INPROGRESS'), build('bad-1', 'FAILED', { buildNumber: '42', testResults: { successful: 8, failed: 2, skipped: 0 } })]);
    const buildsCheck = check(buildReadiness(input({}, { builds })).checks, 'builds');
    expect(buildsCheck.status).toBe('warning');
    expect(buildsCheck.title).toBe('Builds: 1 failed, 1 in progress, 1 successful');
    expect(buildsCheck.entries.map((e) => e.text)).toEqual(['bad-1 #42', 'run-1', 'ok-1']);
    expect(buildsCheck.entries[0]).toMatchObject({ statusText: 'Failed', detail: '2 of 10 tests failed', href: 'https://ci.example.com/bad-1' });
  });

  it('builds: only running → pending; all green → ok; none → info', () => {
    expect(check(buildReadiness(input({}, { builds: ok([build('a', 'INPROGRESS')]) })).checks, 'builds').status).toBe('pending');
    expect(check(buildReadiness(input({}, { builds: ok([build('a', 'SUCCESSFUL')]) })).checks, 'builds').status).toBe('ok');
    expect(check(buildReadiness(input()).checks, 'builds')).toMatchObject({ status: 'info', title: 'No builds reported for the latest commit' });
  });

  it('keeps each failure to its own check', () => {
    const error = restError('server', 503);
    const view = buildReadiness(input({}, { builds: { status: 'error', error }, tasks: { status: 'pending' } }));
    expect(check(view.checks, 'builds').error).toBe(error);
    expect(check(view.checks, 'tasks').loading).toBe(true);
    expect(check(view.checks, 'merge').status).toBe('ok');
    expect(view.summary.state).toBe('ready');
  });

  it('a failed merge status request does not claim anything about mergeability', () => {
    const view = buildReadiness(input({}, { merge: { status: 'error', error: restError('unauthorized', 401) } }));
    expect(view.summary.state).toBe('checking');
    expect(view.headline).toMatch(/could not/);
  });

  it('handles 5 000 builds without trouble', () => {
    const builds = ok(Array.from({ length: 5000 }, (_, i) => build(`b${i}`, i % 7 === 0 ? 'FAILED' : 'SUCCESSFUL')));
    const started = Date.now();
    const buildsCheck = check(buildReadiness(input({}, { builds })).checks, 'builds');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(buildsCheck.entries).toHaveLength(5000);
    expect(buildsCheck.entries[0].statusText).toBe('Failed');
  });
});

describe('truncateText', () => {
  it('keeps emoji whole and collapses whitespace', () => {
    expect(truncateText('👍🏽👍🏽👍🏽', 2)).toBe('👍\u2026');
    expect(truncateText('a\n\n b', 10)).toBe('a b');
    expect(Array.from(truncateText('x'.repeat(10_000), 200))).toHaveLength(200);
  });
});
