/**
 * Most-liked comments on the emulator's seeded PRs (emulator/seed/index.ts): ACME/web-app PR 1 has six
 * comments; bob's top comment has 👍 from alice, carol, dave, erin and ❤️ from alice (5 reactions), carol's
 * inline comment 👀×2 + 👍×3 (5, fewer likes), alice's reply 👍×1, erin's XSS probe 😆×1. frank has not
 * liked the top comment. PR 3 has no comments. The store is reseeded before every test.
 */
import type { Page, Route } from 'playwright-core';
import { startBrowserEnv, type BrowserEnv, type LoggedRequest, type TrackedPage, summaryLabel, summaryItem, webApp, MODAL_CONTENT } from './support';

jest.setTimeout(60_000);

const web = webApp;
const REPO = '/projects/ACME/repos/web-app';
const LABEL = summaryItem('comments');
const MODAL = MODAL_CONTENT;
const ADMIN = { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, Accept: 'application/json' };

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => {
  await env?.close();
});

// ------------------------------------------------------------------------------------------- REST

interface RestComment {
  id: number;
  text: string;
  author: { slug: string };
  comments?: RestComment[];
  properties?: { reactions?: { emoticon: { shortcut: string }; users: { slug: string }[] }[] };
}

async function rest<T>(method: string, path: string): Promise<T> {
  const response = await fetch(`${env.baseUrl}${path}`, { method, headers: { ...ADMIN, 'X-Atlassian-Token': 'no-check' } });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Every comment of PR 1 as the server has it now (activities, replies flattened). */
async function commentsOfPr1(): Promise<RestComment[]> {
  const page = await rest<{ values: { action: string; comment?: RestComment }[]; isLastPage: boolean }>('GET', `/rest/api/latest${REPO}/pull-requests/1/activities?limit=1000`);
  expect(page.isLastPage).toBe(true);
  const byId = new Map<number, RestComment>();
  const visit = (comment: RestComment) => {
    byId.set(comment.id, comment);
    for (const reply of comment.comments ?? []) visit(reply);
  };
  for (const activity of page.values) if (activity.action === 'COMMENTED' && activity.comment) visit(activity.comment);
  return [...byId.values()];
}

async function commentByText(prefix: string): Promise<RestComment> {
  const found = (await commentsOfPr1()).find((c) => c.text.startsWith(prefix));
  if (!found) throw new Error(`no comment starting with "${prefix}"`);
  return found;
}

const TOP = 'Nice work, the search module reads well.';

async function likersOfTop(): Promise<string[]> {
  const top = await commentByText(TOP);
  return (top.properties?.reactions ?? []).find((r) => r.emoticon.shortcut === 'thumbsup')?.users.map((u) => u.slug) ?? [];
}

const reactionWrites = (log: LoggedRequest[]) => log.filter((r) => r.method !== 'GET' && r.url.includes('/rest/comment-likes/'));

// ------------------------------------------------------------------------------------------- page

const labelOf = (page: Page): Promise<string> => summaryLabel(page, 'comments');

async function openPanel(page: Page): Promise<void> {
  await page.locator(LABEL).click();
  await page.waitForSelector(`${MODAL} [data-testid="yc-comments-panel"]`);
}

async function openPr1Panel(page: Page): Promise<void> {
  await env.gotoPr(page, web(1));
  await labelOf(page);
  await openPanel(page);
}

const row = (page: Page, commentId: number) => page.locator(`${MODAL} li.yc-comment[data-comment-id="${commentId}"]`);

/** What the top comment's row shows: 👍 count, whether it is pressed, total and who liked. */
async function rowState(page: Page, commentId: number): Promise<{ likes: string | null; pressed: string | null; total: string | null; likers: string | null }> {
  const r = row(page, commentId);
  const thumbs = r.locator('.yc-reaction[data-shortcut="thumbsup"]');
  return {
    likes: (await thumbs.count()) ? await thumbs.getAttribute('data-count') : null,
    pressed: await r.locator('[data-testid="yc-comment-like"]').getAttribute('aria-pressed'),
    total: await r.getAttribute('data-total'),
    likers: (await thumbs.count()) ? await thumbs.locator('.yc-reactors').textContent() : null,
  };
}

describe('most-liked comments on the PR page', () => {
  let tracked: TrackedPage | undefined;
  beforeEach(async () => {
    await rest('POST', '/rest/emulator/1.0/reset');
  });
  afterEach(async () => {
    if (!tracked) return; // the test failed before opening a page
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
    tracked = undefined;
  });

  it.each<[number, string]>([
    [1, 'Top comment: 5 reactions'],
    [3, 'Comments: no reactions yet'],
  ])('PR %i shows "%s"', async (id, expected) => {
    tracked = await env.newPage('alice');
    await env.gotoPr(tracked.page, web(id));
    expect(await labelOf(tracked.page)).toBe(expected);
  });

  it('PR 3 without comments says so in the modal', async () => {
    tracked = await env.newPage('alice');
    await env.gotoPr(tracked.page, web(3));
    await labelOf(tracked.page);
    await openPanel(tracked.page);
    expect(await tracked.page.locator(`${MODAL} [data-testid="yc-comments-empty"]`).textContent()).toBe('This pull request has no comments yet.');
  });

  it('ranks the top comment first with who reacted and jump links, from the label\u2019s data; axe-clean', async () => {
    const comments = await commentsOfPr1();
    const idOf = (prefix: string) => comments.find((c) => c.text.startsWith(prefix))!.id;
    tracked = await env.newPage('alice');
    const { page } = tracked;
    await env.gotoPr(page, web(1));
    await labelOf(page);
    await env.clearRequestLog();
    await openPanel(page);
    // The label already read the activities: the modal reuses them.
    expect((await env.requestLog()).filter((r) => r.url.includes('/activities'))).toEqual([]);

    const rows = page.locator(`${MODAL} li.yc-comment`);
    expect(await rows.locator('.yc-comment-author').allTextContents()).toEqual(['Bob Brown', 'Carol Chen', 'Alice Anderson', 'Erin Evans']);
    expect(await rows.evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-comment-id'))))).toEqual([
      idOf(TOP),
      idOf('This concatenates user input'),
      idOf('Thanks! I will follow up'),
      idOf('<script>'),
    ]);
    expect(await page.locator(`${MODAL} .yc-comments-panel > .yc-note`).last().textContent()).toBe(`4 comments with reactions, out of ${comments.length}, ranked by number of reactions.`);

    const top = row(page, idOf(TOP));
    expect(await top.locator('.yc-comment-total').textContent()).toBe('5 reactions');
    expect(await top.locator('.yc-reaction[data-shortcut="thumbsup"] .yc-reactors').textContent()).toBe('Alice Anderson, Carol Chen, Dave Diaz and 1 more');
    expect(await top.locator('.yc-reaction[data-shortcut="heart"] .yc-reactors').textContent()).toBe('Alice Anderson');
    // alice is among the likers: her toggle shows as pressed.
    expect(await top.locator('[data-testid="yc-comment-like"]').getAttribute('aria-pressed')).toBe('true');
    expect(await row(page, idOf('Thanks! I will follow up')).locator('.aui-lozenge').textContent()).toBe('Reply');
    // The XSS probe stays text.
    expect(await row(page, idOf('<script>')).locator('.yc-comment-text').textContent()).toBe('<script>alert("xss")</script> & "quotes" should render as text');
    expect(await page.locator(`${MODAL} script`).count()).toBe(0);

    const hrefs = await rows.locator('[data-testid="yc-comment-jump"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const ids = await rows.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-comment-id')));
    expect(hrefs).toEqual(ids.map((id) => `/bitbucket${REPO}/pull-requests/1/overview?commentId=${id}`));
    expect(await env.runAxe(page, MODAL)).toEqual([]);

    // The link lands on the overview that shows that comment.
    await top.locator('[data-testid="yc-comment-jump"]').click();
    await page.waitForURL(`**/pull-requests/1/overview?commentId=${idOf(TOP)}`);
    await page.waitForSelector(`[data-testid="comment-${idOf(TOP)}"]`);
  });

  it('like \u2192 optimistic +1 \u2192 persisted; unlike asks first, then removes it (frank, one request each)', async () => {
    const topId = (await commentByText(TOP)).id;
    expect(await likersOfTop()).not.toContain('frank');
    tracked = await env.newPage('frank');
    const { page } = tracked;
    await openPr1Panel(page);
    expect(await rowState(page, topId)).toEqual({ likes: '4', pressed: 'false', total: '5', likers: 'Alice Anderson, Carol Chen, Dave Diaz and 1 more' });

    // Hold the PUT in the browser, so the optimistic state is observable whatever the machine's speed.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const heldWrites: string[] = [];
    const hold = async (route: Route) => {
      heldWrites.push(`${route.request().method()} ${new URL(route.request().url()).pathname}`);
      await held;
      await route.continue();
    };
    await page.route('**/rest/comment-likes/**/reactions/thumbsup', hold);
    await env.clearRequestLog();
    await row(page, topId).locator('[data-testid="yc-comment-like"]').click();
    await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('aria-pressed') === 'true', `${MODAL} li.yc-comment[data-comment-id="${topId}"] [data-testid="yc-comment-like"]`);
    expect(await rowState(page, topId)).toEqual({ likes: '5', pressed: 'true', total: '6', likers: 'Alice Anderson, Carol Chen, Dave Diaz and 2 more' });
    expect(await row(page, topId).locator('[data-testid="yc-comment-like"]').getAttribute('aria-busy')).toBe('true');
    // The PUT was sent and is still held (this route, not the server, has it): the +1 came before any answer.
    for (let i = 0; i < 100 && heldWrites.length === 0; i++) await page.waitForTimeout(50);
    expect(heldWrites).toEqual([`PUT /bitbucket/rest/comment-likes/latest${REPO}/pull-requests/1/comments/${topId}/reactions/thumbsup`]);
    // A second click while busy is ignored (no double submit). `force`: Playwright itself refuses aria-disabled buttons.
    await row(page, topId).locator('[data-testid="yc-comment-like"]').click({ force: true });
    release();
    await page.waitForFunction((selector) => {
      const like = document.querySelector(selector);
      return !!like && !like.hasAttribute('aria-busy');
    }, `${MODAL} li.yc-comment[data-comment-id="${topId}"] [data-testid="yc-comment-like"]`);
    await page.unroute('**/rest/comment-likes/**/reactions/thumbsup', hold);
    expect(await page.locator(`${MODAL} [data-testid="yc-comments-status"]`).textContent()).toBe('You liked the comment by Bob Brown.');
    const puts = reactionWrites(await env.requestLog());
    expect(puts.map((r) => `${r.method} ${r.status} ${r.url}`)).toEqual([
      `PUT 200 /bitbucket/rest/comment-likes/latest${REPO}/pull-requests/1/comments/${topId}/reactions/thumbsup`,
    ]);
    expect(await likersOfTop()).toContain('frank');
    // The summary label behind the modal follows our own write, without a reload.
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.trim() === 'Top comment: 6 reactions', LABEL);

    await openPr1Panel(page);
    expect(await rowState(page, topId)).toEqual({ likes: '5', pressed: 'true', total: '6', likers: 'Alice Anderson, Carol Chen, Dave Diaz and 2 more' });
    expect(await env.runAxe(page, MODAL)).toEqual([]);

    // Unlike: cancelling the confirmation sends nothing and keeps the like.
    await env.clearRequestLog();
    const like = row(page, topId).locator('[data-testid="yc-comment-like"]');
    await like.click();
    const confirm = row(page, topId).locator('[data-testid="yc-unlike-confirm"]');
    await confirm.waitFor();
    expect(await confirm.locator('.yc-confirm-title').textContent()).toBe('Remove your \u{1F44D} from this comment?');
    await confirm.locator('[data-testid="yc-unlike-confirm-cancel"]').click();
    await confirm.waitFor({ state: 'detached' });
    expect(await rowState(page, topId)).toMatchObject({ likes: '5', pressed: 'true' });
    expect(reactionWrites(await env.requestLog())).toEqual([]);

    await like.click();
    await confirm.waitFor();
    await confirm.locator('[data-testid="yc-unlike-confirm-confirm"]').click();
    await page.waitForFunction((selector) => {
      const button = document.querySelector(selector);
      return button?.getAttribute('aria-pressed') === 'false' && !button.hasAttribute('aria-busy');
    }, `${MODAL} li.yc-comment[data-comment-id="${topId}"] [data-testid="yc-comment-like"]`);
    expect(await rowState(page, topId)).toEqual({ likes: '4', pressed: 'false', total: '5', likers: 'Alice Anderson, Carol Chen, Dave Diaz and 1 more' });
    expect(reactionWrites(await env.requestLog()).map((r) => `${r.method} ${r.status}`)).toEqual(['DELETE 204']);
    expect(await likersOfTop()).not.toContain('frank');

    await openPr1Panel(page);
    expect(await rowState(page, topId)).toEqual({ likes: '4', pressed: 'false', total: '5', likers: 'Alice Anderson, Carol Chen, Dave Diaz and 1 more' });
  });

  it('the read-only user may react, as Bitbucket allows REPO_READ users to: the panel offers the like and the server keeps it', async () => {
    const topId = (await commentByText(TOP)).id;
    tracked = await env.newPage('user');
    const { page } = tracked;
    await openPr1Panel(page);
    const like = row(page, topId).locator('[data-testid="yc-comment-like"]');
    expect(await like.getAttribute('aria-pressed')).toBe('false');
    await env.clearRequestLog();
    await like.click();
    await page.waitForFunction((selector) => {
      const button = document.querySelector(selector);
      return button?.getAttribute('aria-pressed') === 'true' && !button.hasAttribute('aria-busy');
    }, `${MODAL} li.yc-comment[data-comment-id="${topId}"] [data-testid="yc-comment-like"]`);
    expect(reactionWrites(await env.requestLog()).map((r) => `${r.method} ${r.status} ${r.user}`)).toEqual(['PUT 200 user']);
    expect(await page.locator(`${MODAL} .yc-comments-messages`).textContent()).toBe(''); // no rollback message
    expect(await likersOfTop()).toContain('user');
  });
});
