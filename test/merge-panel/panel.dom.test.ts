/** @jest-environment jsdom */
import { mount, summarize } from '../../frontend/merge-panel';
import { ENTRY_PAGE } from '../../frontend/merge-panel/view';
import { resetFakeHost } from '../fake-host/state';
import { axeViolations, flushPromises, renderInModal, renderInto } from '../support/dom';
import { HOSTILE_MARKUP as HOSTILE, FAILURE_KINDS } from '../support/wire';
import type { MergeStatus } from '../../frontend/rest/types';
import { build, context, fakeClient, page, participant, restError, task, HEAD } from './fixtures';

let container: HTMLElement;
beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket' });
  container = renderInto();
});

const headline = () => container.querySelector('.yc-merge-headline')?.textContent;
const checkEl = (id: string) => container.querySelector(`[data-check="${id}"]`) as HTMLElement;

describe('merge panel mount', () => {
  it('shows spinners while loading, announcing through a live region', () => {
    const fake = fakeClient({ mergeStatus: 'hang', tasks: 'hang', builds: 'hang' });
    mount(container, context(), { client: fake.client });
    expect(headline()).toBe('Checking whether this pull request can be merged\u2026');
    expect(container.querySelector('.yc-merge-headline')?.getAttribute('aria-live')).toBe('polite');
    expect(container.querySelectorAll('aui-spinner')).toHaveLength(3);
  });

  it('fires its three requests at once, with the PR, the open-task filter and the head commit', () => {
    const fake = fakeClient({ mergeStatus: 'hang', tasks: 'hang', builds: 'hang' });
    mount(container, context(), { client: fake.client });
    expect(fake.calls.map((c) => c.method).sort()).toEqual(['getBuildStatuses', 'getMergeStatus', 'listBlockerComments']);
    const repo = { projectKey: 'SOUR', repositorySlug: 'vegeta' };
    expect(fake.calls.find((c) => c.method === 'getMergeStatus')?.args).toEqual([repo, 7]);
    expect(fake.calls.find((c) => c.method === 'listBlockerComments')?.args).toEqual([repo, 7, { state: 'OPEN' }, 50]);
    expect(fake.calls.find((c) => c.method === 'getBuildStatuses')?.args).toEqual([repo, HEAD]);
  });

  it('renders a ready PR with reviewers, tasks and builds', async () => {
    const fake = fakeClient({ tasks: page([task(5, 'Update changelog')]), builds: [build('ci', 'SUCCESSFUL')] });
    mount(container, context({ reviewers: [participant('bob', 'APPROVED', 'REVIEWER', 'Bob'), participant('eve', 'NEEDS_WORK', 'REVIEWER', 'Eve')] }), { client: fake.client });
    await flushPromises();
    expect(headline()).toBe('Ready to merge: Bitbucket allows the merge.');
    expect(checkEl('merge').dataset.status).toBe('ok');
    expect(checkEl('reviews').textContent).toContain('Eve requested changes');
    const taskLink = checkEl('tasks').querySelector('a.yc-merge-entry-text') as HTMLAnchorElement;
    expect(taskLink.getAttribute('href')).toBe('/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/overview?commentId=5');
    const buildLink = checkEl('builds').querySelector('a.yc-merge-entry-text') as HTMLAnchorElement;
    expect(buildLink.getAttribute('href')).toBe('https://ci.example.com/ci');
    expect(buildLink.getAttribute('rel')).toBe('noopener noreferrer');
    expect(container.querySelector('.yc-merge')?.getAttribute('data-state')).toBe('ready');
  });

  it('explains vetoes and conflicts, with how to fix each', async () => {
    const blocked: MergeStatus = { canMerge: false, conflicted: true, outcome: 'CONFLICTED', vetoes: [{ summaryMessage: 'Needs 2 approvals', detailedMessage: 'You need 2 approvals, you have 1.' }] };
    mount(container, context(), { client: fakeClient({ mergeStatus: blocked }).client });
    await flushPromises();
    expect(headline()).toBe('2 things block the merge.');
    expect(checkEl('merge').textContent).toContain('You need 2 approvals, you have 1.');
    expect(checkEl('conflicts').querySelector('.yc-merge-fix')?.textContent).toContain('Merge master into feature/x');
    expect((checkEl('conflicts').querySelector('a') as HTMLAnchorElement).getAttribute('href')).toBe('/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/diff');
  });

  it('does not call the server for a merged PR', () => {
    const fake = fakeClient();
    mount(container, context({ state: 'MERGED', open: false, closed: true }), { client: fake.client });
    expect(fake.calls).toEqual([]);
    expect(headline()).toBe('This pull request is merged. Nothing left to do.');
  });

  it('treats 409 from the merge status as "no longer open", not as an error', async () => {
    mount(container, context(), { client: fakeClient({ mergeStatus: restError('conflict', 409) }).client });
    await flushPromises();
    expect(container.querySelector('[data-error-kind]')).toBeNull();
    expect(headline()).toBe('This pull request is no longer open. Reload the page to see its state.');
  });

  // A 409 on `…/merge` means the PR is no longer open, not a failure.
  const kinds = FAILURE_KINDS.filter(([kind]) => kind !== 'conflict');
  it.each(kinds)('a %s failure of one request shows its AUI message there and leaves the other checks working', async (kind, status) => {
    mount(container, context(), { client: fakeClient({ builds: restError(kind, status), tasks: page([task(1, 'one')]) }).client });
    await flushPromises();
    const message = checkEl('builds').querySelector('.aui-message') as HTMLElement;
    expect(message.getAttribute('data-error-kind')).toBe(kind);
    expect(checkEl('tasks').textContent).toContain('1 open task');
    expect(checkEl('merge').dataset.status).toBe('ok');
  });

  it.each(kinds)('a %s failure of the merge status says mergeability is unknown', async (kind, status) => {
    mount(container, context(), { client: fakeClient({ mergeStatus: restError(kind, status) }).client });
    await flushPromises();
    expect(checkEl('merge').querySelector('.aui-message')?.getAttribute('data-error-kind')).toBe(kind);
    expect(headline()).toBe('Bitbucket could not say whether this pull request can be merged.');
  });

  it('renders hostile server strings as inert text', async () => {
    const long = 'x'.repeat(10_000);
    const rtl = '\u202Egnp.exe\u200B😀';
    const fake = fakeClient({
      mergeStatus: { canMerge: false, conflicted: false, outcome: 'CLEAN', vetoes: [{ summaryMessage: HOSTILE, detailedMessage: long }] },
      tasks: page([task(1, HOSTILE), task(2, `[x](javascript:alert(1)) ${rtl}`)]),
      builds: [build(HOSTILE, 'FAILED', { url: 'javascript:alert(1)', name: rtl }), build('b2', 'FAILED', { url: 'data:text/html,<script>alert(1)</script>' })],
    });
    mount(container, context({ reviewers: [participant('x', 'APPROVED', 'REVIEWER', HOSTILE)] }), { client: fake.client });
    await flushPromises();
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.textContent).toContain(HOSTILE);
    expect(container.textContent).toContain(rtl);
    for (const a of Array.from(container.querySelectorAll('a'))) expect(a.getAttribute('href')).toMatch(/^(\/|https?:)/);
    const builds = Array.from(checkEl('builds').querySelectorAll('.yc-merge-entry-text'));
    expect(builds.map((b) => b.tagName)).toEqual(['SPAN', 'SPAN']);
    expect(checkEl('merge').textContent).toContain(long);
  });

  it('caps huge lists and reveals more from the keyboard, moving focus to the first new row', async () => {
    const builds = Array.from({ length: 5000 }, (_, i) => build(`b${String(i).padStart(4, '0')}`, 'SUCCESSFUL'));
    mount(container, context(), { client: fakeClient({ builds }).client });
    await flushPromises();
    const list = checkEl('builds');
    expect(list.querySelectorAll('.yc-merge-entry')).toHaveLength(ENTRY_PAGE);
    const more = list.querySelector('.yc-merge-entries-wrapper > button') as HTMLButtonElement;
    expect(more.textContent).toBe(`Show ${ENTRY_PAGE} more (of ${5000 - ENTRY_PAGE} hidden)`);
    more.click();
    const rows = list.querySelectorAll('.yc-merge-entry');
    expect(rows).toHaveLength(ENTRY_PAGE * 2);
    expect(document.activeElement).toBe(rows[ENTRY_PAGE]);
  });

  it('unmount aborts in-flight requests, empties the container and ignores late answers', async () => {
    const fake = fakeClient({ mergeStatus: 'hang', tasks: 'hang', builds: 'hang' });
    const unmount = mount(container, context(), { client: fake.client });
    unmount();
    expect(fake.calls.every((c) => c.signal?.aborted)).toBe(true);
    expect(container.childNodes).toHaveLength(0);
    fake.release('getMergeStatus', { canMerge: true, conflicted: false, outcome: 'CLEAN', vetoes: [] });
    await flushPromises();
    expect(container.childNodes).toHaveLength(0);
  });

  it('mounting again on the same container replaces the first mount', () => {
    const first = fakeClient({ mergeStatus: 'hang', tasks: 'hang', builds: 'hang' });
    mount(container, context(), { client: first.client });
    mount(container, context(), { client: fakeClient({ mergeStatus: 'hang', tasks: 'hang', builds: 'hang' }).client });
    expect(first.calls.every((c) => c.signal?.aborted)).toBe(true);
    expect(container.querySelectorAll('.yc-merge')).toHaveLength(1);
  });

  it('keeps focus in a check that did not change when another check updates', async () => {
    const fake = fakeClient({ builds: 'hang', tasks: page([task(9, 'Focus me')]) });
    mount(container, context(), { client: fake.client });
    await flushPromises();
    const link = checkEl('tasks').querySelector('a.yc-merge-entry-text') as HTMLAnchorElement;
    link.focus();
    fake.release('getBuildStatuses', [build('late', 'FAILED')]);
    await flushPromises();
    expect(checkEl('builds').textContent).toContain('late');
    expect(document.activeElement).toBe(link);
  });

  it('never throws into the host when the client itself is broken', () => {
    const broken = { core: {}, builds: {} } as never;
    expect(() => mount(container, context(), { client: broken })).not.toThrow();
    expect(container.querySelector('.aui-message')).not.toBeNull();
  });

  it('is axe-clean inside the host modal (heading levels included) with data and with errors', async () => {
    const blocked: MergeStatus = { canMerge: false, conflicted: true, outcome: 'CONFLICTED', vetoes: [{ summaryMessage: 'Veto', detailedMessage: 'Detail' }] };
    container = renderInModal('Merge readiness');
    mount(container, context({ reviewers: [participant('eve', 'NEEDS_WORK')] }), {
      client: fakeClient({ mergeStatus: blocked, tasks: page([task(1, 't')]), builds: restError('server', 502) }).client,
    });
    await flushPromises();
    expect(await axeViolations()).toEqual([]);
  });
});

describe('summarize', () => {
  it('asks only for the merge status', async () => {
    const fake = fakeClient({ mergeStatus: { canMerge: false, conflicted: false, outcome: 'CLEAN', vetoes: [{ summaryMessage: 'a', detailedMessage: 'a' }] } });
    await expect(summarize(context(), { client: fake.client })).resolves.toEqual({ state: 'blocked', blockers: 1 });
    expect(fake.calls.map((c) => c.method)).toEqual(['getMergeStatus']);
  });

  it('needs no request for a declined PR and maps 409 to "closed"', async () => {
    const fake = fakeClient({ mergeStatus: restError('conflict', 409) });
    await expect(summarize(context({ state: 'DECLINED', open: false, closed: true }), { client: fake.client })).resolves.toEqual({ state: 'declined', blockers: 0 });
    expect(fake.calls).toEqual([]);
    await expect(summarize(context(), { client: fake.client })).resolves.toEqual({ state: 'closed', blockers: 0 });
  });

  it('rejects on real failures so the label can say "unavailable"', async () => {
    await expect(summarize(context(), { client: fakeClient({ mergeStatus: restError('server', 500) }).client })).rejects.toMatchObject({ kind: 'server' });
  });

  it('passes the abort signal through', async () => {
    const fake = fakeClient({ mergeStatus: 'hang' });
    const controller = new AbortController();
    const pending = summarize(context(), { client: fake.client }, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });
});
