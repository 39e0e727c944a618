import fc from 'fast-check';
import { collectComments, emojiFromUrl, emojiOf, rankComments, reactorSummary, summarizeComments } from '../../frontend/pr-summary/comments-model';
import { excerpt, withLike } from '../../frontend/comments-panel/model';
import { loadComments, ACTIVITY_CAP } from '../../frontend/pr-summary/comments-data';
import { commentHref, readCommentsContext, summaryLabel } from '../../frontend/comments-panel';
import { resetFakeHost } from '../fake-host/state';
import { HEART_NO_VALUE, REPO, THUMBS, comment, commented, context, fakeCommentsClient, otherActivity, reaction, restError } from './fake-client';

describe('collectComments', () => {
  it('takes comments and nested replies from COMMENTED activities, once each, newest version winning', () => {
    const reply2 = comment(4, 'deep reply');
    const reply = comment(3, 'reply', [], [reply2]);
    const root = comment(1, 'root', [], [reply]);
    const rootV2 = { ...root, version: 2, text: 'root edited' };
    const comments = collectComments([
      commented(10, root),
      otherActivity(11),
      commented(12, rootV2, 'REPLIED'),
      commented(13, comment(5, 'deleted'), 'DELETED'),
      commented(14, reply),
    ]);
    expect(comments.map((c) => c.id).sort()).toEqual([1, 3, 4]);
    expect(comments.find((c) => c.id === 1)?.text).toBe('root edited');
  });

  it('tolerates junk: activities without comments, comments without ids, unknown actions', () => {
    const junk = [{ id: 1, action: 'COMMENTED' }, { id: 2, action: 'COMMENTED', comment: { text: 'no id' } }, { id: 3, action: 'SOMETHING_NEW', comment: comment(9, 'x') }, null];
    expect(collectComments(junk as never)).toEqual([]);
  });

  it('walks very deep reply chains without recursion', () => {
    let c = comment(100_000, 'leaf');
    for (let i = 99_999; i > 90_000; i--) c = comment(i, 'r', [], [c]);
    expect(collectComments([commented(1, c)])).toHaveLength(10_000);
  });
});

describe('emoji', () => {
  it('decodes twemoji file names, including sequences', () => {
    expect(emojiFromUrl('http://x/s/1f44d.svg')).toBe('\u{1F44D}');
    expect(emojiFromUrl('/emoji/1f468-200d-1f4bb.png?v=2')).toBe('\u{1F468}\u200D\u{1F4BB}');
    expect(emojiFromUrl('http://x/s/2764.svg')).toBe('\u2764');
    expect(emojiFromUrl('javascript:alert(1)')).toBeNull();
    expect(emojiFromUrl('http://x/s/d800.svg')).toBeNull(); // lone surrogate
    expect(emojiFromUrl('http://x/s/110000.svg')).toBeNull();
    expect(emojiFromUrl(42)).toBeNull();
  });

  it('prefers value, then the URL, then known shortcuts, then :shortcut:', () => {
    expect(emojiOf(THUMBS)).toBe('\u{1F44D}');
    expect(emojiOf(HEART_NO_VALUE)).toBe('\u2764');
    expect(emojiOf({ shortcut: 'thumbsup', url: 'http://x/weird' })).toBe('\u{1F44D}');
    expect(emojiOf({ shortcut: 'party_parrot', url: '' })).toBe(':party_parrot:');
    expect(emojiOf({ shortcut: 'x', url: '', value: '<img src=x onerror=alert(1)>'.repeat(3) })).toBe(':x:');
  });
});

describe('rankComments', () => {
  const alice = 'alice';
  const comments = [
    comment(1, 'two thumbs', [reaction(THUMBS, 'bob', 'dave')]),
    comment(2, 'three mixed', [reaction(THUMBS, 'bob'), reaction(HEART_NO_VALUE, 'dave', 'erin')]),
    comment(3, 'nothing'),
    comment(4, 'two thumbs, later', [reaction(THUMBS, alice, 'bob')]),
    comment(5, 'two hearts', [reaction(HEART_NO_VALUE, 'bob', 'dave')]),
  ];

  it('ranks by total reactions, then 👍, then age; drops comments nobody reacted to', () => {
    expect(rankComments(comments, alice).map((c) => c.id)).toEqual([2, 1, 4, 5]);
  });

  it('counts users per emoticon, names reactors and marks the current user', () => {
    const [top] = rankComments(comments, alice);
    expect(top.total).toBe(3);
    expect(top.reactions.map((r) => [r.emoji, r.count, r.names])).toEqual([
      ['\u2764', 2, ['Dave', 'Erin']],
      ['\u{1F44D}', 1, ['Bob']],
    ]);
    expect(rankComments(comments, alice).find((c) => c.id === 4)?.reactions[0].mine).toBe(true);
    expect(rankComments(comments).find((c) => c.id === 4)?.reactions[0].mine).toBe(false);
  });

  it('marks replies', () => {
    const reply = comment(9, 'reply', [reaction(THUMBS, 'bob')]);
    const ranked = rankComments([comment(8, 'root', [], [reply]), reply]);
    expect(ranked.map((c) => [c.id, c.isReply])).toEqual([[9, true]]);
  });

  it('is a permutation-independent order (deterministic ties)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(comments, { minLength: comments.length }), (shuffled) => {
        expect(rankComments(shuffled, alice).map((c) => c.id)).toEqual([2, 1, 4, 5]);
      }),
    );
  });
});

describe('withLike (optimistic update)', () => {
  const me = { displayName: 'Alice' };
  it('adds and removes exactly the current user, never below zero, without touching the input', () => {
    const [c] = rankComments([comment(1, 'x', [reaction(HEART_NO_VALUE, 'bob')])], 'alice');
    const liked = withLike(c, me, true);
    expect(liked.total).toBe(2);
    expect(liked.likes).toBe(1);
    expect(liked.reactions.find((r) => r.shortcut === 'thumbsup')).toMatchObject({ count: 1, names: ['Alice'], mine: true });
    expect(withLike(liked, me, true)).toBe(liked); // already liked: no double count
    const unliked = withLike(liked, me, false);
    expect(unliked.total).toBe(1);
    expect(unliked.reactions.some((r) => r.shortcut === 'thumbsup')).toBe(false);
    expect(withLike(unliked, me, false)).toBe(unliked);
    expect(c.total).toBe(1);
  });
});

describe('helpers', () => {
  it('summarizes reactors as "first three and N more"', () => {
    expect(reactorSummary(['A', 'B'])).toEqual({ names: ['A', 'B'], more: 0 });
    expect(reactorSummary(['A', 'B', 'C', 'D', 'E'])).toEqual({ names: ['A', 'B', 'C'], more: 2 });
  });

  it('shortens text by code points and flattens whitespace', () => {
    expect(excerpt('a\n\n b')).toBe('a b');
    const long = excerpt('\u{1F600}'.repeat(500), 10);
    expect(Array.from(long)).toHaveLength(10);
    expect(long.endsWith('\u2026')).toBe(true);
  });

  it('labels the reactions of the top comment', () => {
    expect(summaryLabel(summarizeComments([], 3, false))).toBe('Comments: no reactions yet');
    const ranked = rankComments([comment(1, 'x', [reaction(THUMBS, 'a', 'b'), reaction(HEART_NO_VALUE, 'c')])]);
    expect(summaryLabel(summarizeComments(ranked, 1, false))).toBe('Top comment: 3 reactions');
    expect(summaryLabel(summarizeComments(rankComments([comment(1, 'x', [reaction(THUMBS, 'a')])]), 1, false))).toBe('Top comment: 1 reaction');
  });

  it('reads the PR repository from the context and builds jump links', () => {
    resetFakeHost({ contextPath: '/bitbucket' });
    const ctx = readCommentsContext(context(7))!;
    expect(ctx).toEqual({ repo: REPO, pullRequestId: 7 });
    expect(commentHref(ctx, 42)).toBe('/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/overview?commentId=42');
    expect(readCommentsContext({})).toBeNull();
    expect(readCommentsContext({ pullRequest: { id: '7' } })).toBeNull();
  });
});

describe('loadComments paging', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => commented(i + 1, comment(i + 1, `c${i}`)));

  it('follows nextPageStart with the limit the server applies', async () => {
    const fake = fakeCommentsClient({ activities: many(130), maxPageSize: 50 });
    const loaded = await loadComments(fake.client, REPO, 7);
    expect(loaded).toMatchObject({ activitiesRead: 130, capped: false });
    expect(loaded.comments).toHaveLength(130);
    expect(fake.callsTo('listActivities.page').map((c) => (c[2] as { start: number }).start)).toEqual([0, 50, 100]);
  });

  it(`stops at ${ACTIVITY_CAP} activities and says so`, async () => {
    const fake = fakeCommentsClient({ activities: many(ACTIVITY_CAP + 500) });
    const loaded = await loadComments(fake.client, REPO, 7);
    expect(loaded).toMatchObject({ activitiesRead: ACTIVITY_CAP, capped: true });
    expect(fake.callsTo('listActivities.page')).toHaveLength(ACTIVITY_CAP / 250);
  });

  it('does not claim a cap for exactly the cap', async () => {
    const loaded = await loadComments(fakeCommentsClient({ activities: many(ACTIVITY_CAP) }).client, REPO, 7);
    expect(loaded).toMatchObject({ activitiesRead: ACTIVITY_CAP, capped: false });
  });

  it('stops on a page that makes no progress', async () => {
    const fake = fakeCommentsClient();
    (fake.client.core.listActivities as unknown) = () => ({
      page: async () => ({ values: [commented(1, comment(1, 'x'))], size: 1, limit: 25, start: 0, isLastPage: false, nextPageStart: 0 }),
    });
    await expect(loadComments(fake.client, REPO, 7)).resolves.toMatchObject({ activitiesRead: 1 });
  });

  it('rejects with the RestError', async () => {
    await expect(loadComments(fakeCommentsClient({ activities: restError('unavailable', 404) }).client, REPO, 7)).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
