/**
 * `yourcompany/comments-panel`: the PR's comments ranked by reactions, who reacted, jump links, and a 👍
 * toggle for the current user (optimistic, rolled back with a message on failure).
 */
import { I18n, contextPath, currentUser, flag } from 'yourcompany/host';
import { bitbucketClient } from 'yourcompany/rest';
import { auiMessage, button, h, mountRegistry, render, spinner } from 'yourcompany/ui';
import { confirmInline, errorMessage } from 'yourcompany/ui-widgets';
import type { BitbucketClient } from 'yourcompany/rest';
import { ACTIVITY_CAP, LIKE_EMOTICON, loadSharedComments, notifySummaryChanged, rankComments, readCommentsContext } from 'yourcompany/pr-summary';
import { withLike } from './model';
import type { CommentsContext, RankedComment } from 'yourcompany/pr-summary';
import { commentRow } from './view';

export type { CommentsSummary, RankedComment } from 'yourcompany/pr-summary';
export { emojiOf, rankComments, collectComments, readCommentsContext, mountReactionLine } from 'yourcompany/pr-summary';
// The label's pieces live in the small summary module the PR page loads first; re-exported for the API.
export { commentsSummary as summarize, commentsLabel as summaryLabel } from 'yourcompany/pr-summary';

export interface PanelDeps {
  client?: BitbucketClient;
}

/** Rows rendered before "show more". */
export const ROWS_PER_PAGE = 20;

const clientOf = (deps?: PanelDeps): BitbucketClient => deps?.client ?? bitbucketClient();

/** `<PR overview>?commentId=<id>`: Bitbucket scrolls to and highlights that comment. */
export function commentHref(ctx: CommentsContext, commentId: number): string {
  const e = encodeURIComponent;
  return `${contextPath()}/projects/${e(ctx.repo.projectKey)}/repos/${e(ctx.repo.repositorySlug)}/pull-requests/${e(String(ctx.pullRequestId))}/overview?commentId=${e(String(commentId))}`;
}

const claim = mountRegistry();

export function mount(container: HTMLElement, context: unknown, deps?: PanelDeps): () => void {
  const { signal, unmount, guard } = claim(container);

  const ctx = readCommentsContext(context);
  if (!ctx) {
    render(container, auiMessage('warning', I18n.getText('yourcompany.comments.context.title'), I18n.getText('yourcompany.comments.context.body')));
    return unmount;
  }
  const client = clientOf(deps);
  const user = currentUser();
  render(container, spinner());

  void loadSharedComments(client, ctx.repo, ctx.pullRequestId, signal).then( // the label's answer
    guard((loaded) => {
      if (!signal.aborted) renderLoaded(container, ctx, client, user, loaded.comments.length, loaded.capped, loaded.activitiesRead, rankComments(loaded.comments, user?.slug), signal);
    }),
    (error: unknown) => {
      if (!signal.aborted) render(container, errorMessage(error));
    },
  );
  return unmount;
}

function renderLoaded(
  container: HTMLElement,
  ctx: CommentsContext,
  client: BitbucketClient,
  user: { slug: string; displayName: string } | null,
  scanned: number,
  capped: boolean,
  activitiesRead: number,
  ranked: RankedComment[],
  signal: AbortSignal,
): void {
  const status = h('div', { class: 'assistive', role: 'status', 'aria-live': 'polite', 'data-testid': 'yc-comments-status' });
  const messages = h('div', { class: 'yc-comments-messages' });
  const note = capped ? h('p', { class: 'yc-note', 'data-testid': 'yc-comments-capped' }, I18n.getText('yourcompany.comments.capped', scanned, activitiesRead, ACTIVITY_CAP)) : null;
  if (!ranked.length) {
    render(
      container,
      h(
        'div',
        { class: 'yc-comments-panel', 'data-testid': 'yc-comments-panel' },
        note,
        h('p', { class: 'yc-empty', 'data-testid': 'yc-comments-empty' }, scanned ? I18n.getText('yourcompany.comments.empty.noreactions', scanned) : I18n.getText('yourcompany.comments.empty.nocomments')),
      ),
    );
    return;
  }

  const state = new Map<number, RankedComment>(ranked.map((c) => [c.id, c]));
  const busy = new Set<number>();
  const rows = new Map<number, HTMLElement>();
  const list = h('ol', { class: 'yc-comment-list', 'aria-label': I18n.getText('yourcompany.comments.list.label') });
  let shown = 0;

  const rowFor = (comment: RankedComment, rank: number): HTMLElement =>
    commentRow(comment, rank, { href: commentHref(ctx, comment.id), canLike: !!user, busy: busy.has(comment.id), onToggleLike: (c, trigger, row) => void toggleLike(c.id, trigger, row) });

  const redrawRow = (id: number): void => {
    const old = rows.get(id);
    const comment = state.get(id);
    if (!old || !comment || !old.isConnected) return;
    const hadFocus = old.contains(old.ownerDocument.activeElement);
    const fresh = rowFor(comment, ranked.findIndex((c) => c.id === id) + 1);
    old.replaceWith(fresh);
    rows.set(id, fresh);
    if (hadFocus) (fresh.querySelector('.yc-like') as HTMLElement | null)?.focus();
  };

  const toggleLike = async (id: number, trigger: HTMLElement, row: HTMLElement): Promise<void> => {
    const before = state.get(id);
    if (!before || !user || busy.has(id) || signal.aborted) return;
    const liking = !before.reactions.some((r) => r.shortcut === LIKE_EMOTICON && r.mine);
    if (!liking) {
      // Removing your own 👍 can be redone with one click, but the standards treat "unlike" as destructive
      // and in a dense list the toggle is easy to hit by mistake, so it gets a light inline confirmation.
      busy.add(id);
      trigger.setAttribute('aria-disabled', 'true');
      const confirmed = await confirmInline(row.querySelector('.yc-comment-confirm') as HTMLElement, {
        title: I18n.getText('yourcompany.comments.unlike.confirm.title'),
        confirmText: I18n.getText('yourcompany.comments.unlike.confirm.button'),
        signal,
        testId: 'yc-unlike-confirm',
      });
      busy.delete(id);
      trigger.removeAttribute('aria-disabled');
      // Back to the toggle whatever the answer (browsers do not always focus a clicked button).
      if (trigger.isConnected) trigger.focus();
      if (!confirmed || signal.aborted) return;
    }
    busy.add(id);
    state.set(id, withLike(before, user, liking));
    redrawRow(id);
    render(messages);
    try {
      if (liking) await client.likes.addPullRequestReaction(ctx.repo, ctx.pullRequestId, id, LIKE_EMOTICON, { signal });
      else await client.likes.removePullRequestReaction(ctx.repo, ctx.pullRequestId, id, LIKE_EMOTICON, { signal });
      render(status, liking ? I18n.getText('yourcompany.comments.liked', before.authorName) : I18n.getText('yourcompany.comments.unliked', before.authorName));
      notifySummaryChanged('comments'); // the summary label's top count follows without a reload
    } catch (error) {
      if (signal.aborted) return;
      state.set(id, before); // roll back the optimistic change
      const title = liking ? I18n.getText('yourcompany.comments.like.failed') : I18n.getText('yourcompany.comments.unlike.failed');
      render(messages, auiMessage('error', title, errorMessage(error)));
      flag({ type: 'error', title });
    } finally {
      busy.delete(id);
      if (!signal.aborted) redrawRow(id);
    }
  };

  const showMore = button(I18n.getText('yourcompany.common.showmore'), () => renderNext(true), { subtle: true, testId: 'yc-comments-more' });
  const renderNext = (moveFocus: boolean): void => {
    const added: HTMLElement[] = [];
    for (const comment of ranked.slice(shown, shown + ROWS_PER_PAGE)) {
      const row = rowFor(state.get(comment.id) ?? comment, ++shown);
      rows.set(comment.id, row);
      list.appendChild(row);
      added.push(row);
    }
    if (shown >= ranked.length) showMore.remove();
    if (moveFocus) (added[0]?.querySelector('a') as HTMLElement | null)?.focus();
  };
  renderNext(false);

  render(
    container,
    h(
      'div',
      { class: 'yc-comments-panel', 'data-testid': 'yc-comments-panel' },
      status,
      note,
      messages,
      h('p', { class: 'yc-note' }, I18n.getText('yourcompany.comments.intro', ranked.length, scanned)),
      list,
      shown < ranked.length ? showMore : null,
    ),
  );
}
