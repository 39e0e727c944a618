/** @jest-environment jsdom */
import { mount, mountReactionLine, summarize } from '../../frontend/comments-panel';
import { ACTIVITY_CAP } from '../../frontend/pr-summary/comments-data';
import { resetFakeHost } from '../fake-host/state';
import { axeViolations, renderInModal, renderInto } from '../support/dom';
import { FAILURE_KINDS } from '../support/wire';
import { HEART_NO_VALUE, HOSTILE, REPO, THUMBS, comment, commented, context, fakeCommentsClient, flush, reaction, restError } from './fake-client';

const ALICE = { id: 35, name: 'alice', slug: 'alice', displayName: 'Alice' };
let container: HTMLElement;

beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket', currentUser: ALICE });
  container = renderInto();
});

const rows = (): HTMLElement[] => [...container.querySelectorAll<HTMLElement>('li.yc-comment')];
const row = (id: number): HTMLElement => container.querySelector<HTMLElement>(`li.yc-comment[data-comment-id="${id}"]`)!;
const likeButton = (id: number): HTMLButtonElement => row(id).querySelector<HTMLButtonElement>('[data-testid="yc-comment-like"]')!;
const flags = (): string[] => [...document.querySelectorAll('#aui-flag-container .aui-flag')].map((f) => f.textContent ?? '');

function standardActivities() {
  return [
    commented(1, comment(1, 'Great idea', [reaction(THUMBS, 'bob', 'dave', 'erin', 'frank', 'gina')])),
    commented(2, comment(2, 'Hmm', [reaction(THUMBS, 'bob')], [comment(3, 'A reply', [reaction(HEART_NO_VALUE, 'bob', 'dave')])])),
    commented(4, comment(4, 'No reactions')),
  ];
}

describe('comments panel: states', () => {
  it('shows a spinner while loading', () => {
    const fake = fakeCommentsClient({ activities: standardActivities(), hold: true });
    mount(container, context(), { client: fake.client });
    expect(container.querySelector('aui-spinner')).not.toBeNull();
    expect(fake.callsTo('listActivities.page')[0].slice(0, 2)).toEqual([REPO, 7]);
  });

  it('ranks comments by reactions with who reacted and jump links', async () => {
    const fake = fakeCommentsClient({ activities: standardActivities() });
    mount(container, context(), { client: fake.client });
    await flush();
    expect(rows().map((r) => r.getAttribute('data-comment-id'))).toEqual(['1', '3', '2']);
    const top = row(1);
    expect(top.querySelector('.yc-comment-text')?.textContent).toBe('Great idea');
    expect(top.querySelector('.yc-reactors')?.textContent).toBe('Bob, Dave, Erin and 2 more');
    expect(top.querySelector('.yc-reaction-count')?.textContent).toBe('5');
    expect(top.querySelector('.yc-comment-jump')?.getAttribute('href')).toBe('/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/overview?commentId=1');
    expect(row(3).querySelector('.yc-reaction-emoji')?.textContent).toBe('\u2764'); // derived from the twemoji URL
    expect(row(3).textContent).toContain('Reply');
    expect(container.querySelector('img')).toBeNull(); // emoji URLs are never rendered as images
    expect(container.querySelector('.yc-note')?.textContent).toBe('3 comments with reactions, out of 4, ranked by number of reactions.');
  });

  it('says so when no comment has reactions, and when there are no comments', async () => {
    mount(container, context(), { client: fakeCommentsClient({ activities: [commented(1, comment(1, 'x')), commented(2, comment(2, 'y'))] }).client });
    await flush();
    expect(container.querySelector('[data-testid="yc-comments-empty"]')?.textContent).toBe('No reactions yet on any of the 2 comments.');
    mount(container, context(), { client: fakeCommentsClient({ activities: [] }).client });
    await flush();
    expect(container.querySelector('[data-testid="yc-comments-empty"]')?.textContent).toBe('This pull request has no comments yet.');
  });

  it('says it ranked only the first N comments when the activity cap is hit', async () => {
    const activities = Array.from({ length: ACTIVITY_CAP + 10 }, (_, i) => commented(i + 1, comment(i + 1, `c${i}`, i % 100 === 0 ? [reaction(THUMBS, 'bob')] : [])));
    mount(container, context(), { client: fakeCommentsClient({ activities }).client });
    await flush(40);
    expect(container.querySelector('[data-testid="yc-comments-capped"]')?.textContent).toContain(`Showing the top of the first ${ACTIVITY_CAP} comments`);
  });

  const kinds = FAILURE_KINDS;
  it.each(kinds)('explains a %s failure', async (kind, status) => {
    mount(container, context(), { client: fakeCommentsClient({ activities: restError(kind, status) }).client });
    await flush();
    const message = container.querySelector('.aui-message');
    expect(message?.getAttribute('data-error-kind')).toBe(kind);
    expect(message?.textContent?.length).toBeGreaterThan(10);
  });

  it('explains a context without a pull request instead of throwing', () => {
    expect(() => mount(container, {}, { client: fakeCommentsClient().client })).not.toThrow();
    expect(container.textContent).toContain('Comments unavailable');
  });
});

describe('comments panel: hostile and huge data', () => {
  it.each(HOSTILE)('renders comment text and names %# as inert text', async (evil) => {
    const c = comment(1, evil, [{ emoticon: { shortcut: 'thumbsup', url: 'javascript:alert(1)', value: evil }, users: [{ ...reaction(THUMBS, 'bob').users[0], displayName: evil }] }], [], {
      author: { ...reaction(THUMBS, 'x').users[0], displayName: evil },
    });
    mount(container, context(), { client: fakeCommentsClient({ activities: [commented(1, c)] }).client });
    await flush();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.yc-comment-author')?.textContent).toBe(evil);
    expect(container.querySelector('.yc-reactors')?.textContent).toBe(evil);
    expect(Array.from(container.querySelector('.yc-comment-text')?.textContent ?? '').length).toBeLessThanOrEqual(280);
    for (const a of container.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^\/bitbucket\//);
  });

  it('renders 20 rows of thousands and reveals more on request', async () => {
    const activities = Array.from({ length: 1500 }, (_, i) => commented(i + 1, comment(i + 1, `c${i}`, [reaction(THUMBS, 'bob')])));
    mount(container, context(), { client: fakeCommentsClient({ activities }).client });
    await flush(30);
    expect(rows()).toHaveLength(20);
    (container.querySelector('[data-testid="yc-comments-more"]') as HTMLButtonElement).click();
    expect(rows()).toHaveLength(40);
    expect(document.activeElement?.closest('li')?.getAttribute('data-comment-id')).toBe(rows()[20].getAttribute('data-comment-id'));
  });
});

describe('comments panel: like / unlike', () => {
  it('likes optimistically, disables the button while in flight, and sends thumbsup', async () => {
    const fake = fakeCommentsClient({ activities: standardActivities() });
    mount(container, context(), { client: fake.client });
    await flush();
    fake.server.hold = true;
    likeButton(2).click();
    expect(likeButton(2).getAttribute('aria-disabled')).toBe('true');
    expect(likeButton(2).getAttribute('aria-pressed')).toBe('true');
    expect(row(2).getAttribute('data-total')).toBe('2');
    likeButton(2).click(); // busy: a second click must not send another request
    expect(fake.callsTo('addPullRequestReaction')).toEqual([[REPO, 7, 2, 'thumbsup']]);
    fake.server.hold = false;
    fake.server.release();
    await flush();
    expect(likeButton(2).hasAttribute('aria-disabled')).toBe(false);
    expect(row(2).querySelector('.yc-reactors')?.textContent).toBe('Bob, Alice');
    expect(container.querySelector('[data-testid="yc-comments-status"]')?.textContent).toBe('You liked the comment by Carol.');
  });

  it('rolls back and explains when the like fails', async () => {
    const fake = fakeCommentsClient({ activities: standardActivities(), reactResult: restError('unauthorized', 401) });
    mount(container, context(), { client: fake.client });
    await flush();
    likeButton(2).click();
    await flush();
    expect(row(2).getAttribute('data-total')).toBe('1');
    expect(likeButton(2).getAttribute('aria-pressed')).toBe('false');
    expect(container.querySelector('.yc-comments-messages .aui-message-error')?.textContent).toContain('Your like was not saved');
    expect(container.querySelector('.yc-comments-messages [data-error-kind="unauthorized"]')).not.toBeNull();
    expect(flags()).toEqual(['Your like was not saved']);
  });

  it('confirms an unlike (Cancel focused), and only then removes the reaction', async () => {
    const activities = [commented(1, comment(1, 'mine', [reaction(THUMBS, 'alice', 'bob')]))];
    const fake = fakeCommentsClient({ activities });
    mount(container, context(), { client: fake.client });
    await flush();
    expect(likeButton(1).getAttribute('aria-pressed')).toBe('true');
    likeButton(1).click();
    expect(row(1).querySelector('[role="alertdialog"]')?.textContent).toContain('Remove your \u{1F44D} from this comment?');
    expect(document.activeElement?.textContent).toBe('Cancel');
    likeButton(1).click(); // while confirming, the toggle does nothing
    expect(container.querySelectorAll('[role="alertdialog"]')).toHaveLength(1);
    (document.activeElement as HTMLButtonElement).click();
    await flush();
    expect(fake.callsTo('removePullRequestReaction')).toHaveLength(0);
    expect(row(1).getAttribute('data-total')).toBe('2');

    likeButton(1).click();
    (row(1).querySelector('[data-testid="yc-unlike-confirm-confirm"]') as HTMLButtonElement).click();
    await flush();
    expect(fake.callsTo('removePullRequestReaction')).toEqual([[REPO, 7, 1, 'thumbsup']]);
    expect(row(1).getAttribute('data-total')).toBe('1');
    expect(likeButton(1).getAttribute('aria-pressed')).toBe('false');
    expect(document.activeElement).toBe(likeButton(1));
  });

  it('rolls back a failed unlike', async () => {
    const fake = fakeCommentsClient({ activities: [commented(1, comment(1, 'mine', [reaction(THUMBS, 'alice')]))], unreactResult: restError('server', 500) });
    mount(container, context(), { client: fake.client });
    await flush();
    likeButton(1).click();
    (row(1).querySelector('[data-testid="yc-unlike-confirm-confirm"]') as HTMLButtonElement).click();
    await flush();
    expect(row(1).getAttribute('data-total')).toBe('1');
    expect(likeButton(1).getAttribute('aria-pressed')).toBe('true');
    expect(container.querySelector('.yc-comments-messages')?.textContent).toContain('Your like was not removed');
  });

  it('offers no like button to anonymous users', async () => {
    resetFakeHost({ contextPath: '/bitbucket', currentUser: false });
    mount(container, context(), { client: fakeCommentsClient({ activities: standardActivities() }).client });
    await flush();
    expect(rows()).toHaveLength(3);
    expect(container.querySelector('[data-testid="yc-comment-like"]')).toBeNull();
  });
});

describe('comments panel: lifecycle, summary, a11y', () => {
  it('unmount aborts in-flight requests, including a pending like', async () => {
    const fake = fakeCommentsClient({ activities: standardActivities(), hold: true });
    const unmount = mount(container, context(), { client: fake.client });
    expect(fake.server.pending()).toBe(1);
    unmount();
    expect(fake.server.pending()).toBe(0);
    expect(container.childNodes).toHaveLength(0);

    const second = fakeCommentsClient({ activities: standardActivities() });
    const unmount2 = mount(container, context(), { client: second.client });
    await flush();
    second.server.hold = true;
    likeButton(2).click();
    expect(second.server.pending()).toBe(1);
    unmount2();
    expect(second.server.pending()).toBe(0);
    await flush();
    expect(flags()).toEqual([]); // an aborted like is not reported as a failure
  });

  it('the panel reuses the summary data (no request repeated) and the summary counts the top comment', async () => {
    const fake = fakeCommentsClient({ activities: standardActivities(), maxPageSize: 2 });
    await expect(summarize(context(), { client: fake.client })).resolves.toMatchObject({ topReactions: 5, topCommentId: 1, commentsWithReactions: 3, scannedComments: 4 });
    const fromSummary = fake.callsTo('listActivities.page');
    expect(fromSummary).toHaveLength(2); // both pages
    mount(container, context(), { client: fake.client });
    await flush();
    expect(fake.callsTo('listActivities.page')).toEqual(fromSummary);
    expect(container.querySelectorAll('li.yc-comment')).toHaveLength(3);
  });

  it('is axe-clean inside the host modal (heading levels included)', async () => {
    container = renderInModal('Most-liked comments');
    mount(container, context(), { client: fakeCommentsClient({ activities: standardActivities() }).client });
    await flush();
    expect(await axeViolations()).toEqual([]);
  });
});

describe('comment.extra reaction line', () => {
  it('lists who reacted from the comment in the context, without any request', () => {
    const c = comment(1, 'x', [reaction(THUMBS, 'bob', 'dave', 'erin', 'frank'), reaction(HEART_NO_VALUE, 'gina')]);
    const unmount = mountReactionLine(container, { comment: c });
    expect(container.querySelector('[data-testid="yc-reaction-line"]')?.textContent).toContain('Bob, Dave, Erin and 1 more');
    expect(container.textContent).toContain('\u2764');
    unmount();
    expect(container.childNodes).toHaveLength(0);
  });

  it('renders nothing without reactions or without a comment', () => {
    mountReactionLine(container, { comment: comment(1, 'x') });
    expect(container.childNodes).toHaveLength(0);
    mountReactionLine(container, {});
    expect(container.childNodes).toHaveLength(0);
  });
});
