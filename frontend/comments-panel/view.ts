/** DOM for the most-liked comments panel, only through h(): comment text and names stay text nodes. */
import { I18n } from 'yourcompany/host';
import { h, lozenge } from 'yourcompany/ui';
import { LIKE_EMOTICON, reactorsText } from 'yourcompany/pr-summary';
import { excerpt } from './model';
import type { RankedComment, ReactionView } from 'yourcompany/pr-summary';

export interface RowOptions {
  href: string;
  /** Signed-in users can react (reacting needs only read access, which seeing the PR proves). */
  canLike: boolean;
  busy: boolean;
  onToggleLike(comment: RankedComment, trigger: HTMLElement, row: HTMLElement): void;
}

function reactionItem(reaction: ReactionView): HTMLElement {
  const reactors = reactorsText(reaction);
  return h(
    'li',
    { class: 'yc-reaction', 'data-shortcut': reaction.shortcut, 'data-count': reaction.count },
    h(
      'span',
      { 'aria-hidden': 'true' },
      h('span', { class: 'yc-reaction-emoji' }, reaction.emoji),
      ' ',
      h('span', { class: 'yc-reaction-count' }, String(reaction.count)),
      ' ',
      h('span', { class: 'yc-reactors' }, reactors),
    ),
    h('span', { class: 'assistive' }, I18n.getText('yourcompany.comments.reaction.label', reaction.count, reaction.shortcut, reactors)),
  );
}

export function commentRow(comment: RankedComment, rank: number, options: RowOptions): HTMLElement {
  const headingId = `yc-comment-${comment.id}-author`;
  const mine = comment.reactions.some((r) => r.shortcut === LIKE_EMOTICON && r.mine);
  const like = options.canLike
    ? h(
        'button',
        {
          type: 'button',
          class: `aui-button aui-button-subtle yc-like${mine ? ' yc-like-active' : ''}`,
          'aria-pressed': String(mine),
          // aria-disabled rather than `disabled`: a disabled button drops keyboard focus mid-request.
          // Clicks while busy are ignored by the caller, so there are no double submits either way.
          'aria-busy': options.busy ? 'true' : undefined,
          'aria-disabled': options.busy ? 'true' : undefined,
          'data-testid': 'yc-comment-like',
          onclick: (event: Event) => {
            const trigger = event.currentTarget as HTMLElement;
            options.onToggleLike(comment, trigger, trigger.closest('li.yc-comment') as HTMLElement);
          },
        },
        h('span', { 'aria-hidden': 'true' }, '\u{1F44D} '),
        I18n.getText('yourcompany.comments.like'),
      )
    : null;
  return h(
    'li',
    { class: 'yc-comment', 'data-comment-id': comment.id, 'data-total': comment.total, 'aria-labelledby': headingId, 'data-testid': 'yc-comment' },
    h(
      'div',
      { class: 'yc-comment-head' },
      h('span', { class: 'yc-comment-rank', 'aria-hidden': 'true' }, `${rank}.`),
      ' ',
      h('strong', { id: headingId, class: 'yc-comment-author' }, comment.authorName),
      comment.isReply ? [' ', lozenge('default', I18n.getText('yourcompany.comments.reply'), true)] : null,
      ' ',
      h('span', { class: 'yc-comment-total' }, I18n.getText('yourcompany.comments.total', comment.total)),
    ),
    h('p', { class: 'yc-comment-text' }, excerpt(comment.text)),
    h('ul', { class: 'yc-reactions', 'aria-label': I18n.getText('yourcompany.comments.reactions.label') }, comment.reactions.map(reactionItem)),
    h(
      'div',
      { class: 'yc-comment-actions' },
      h('a', { href: options.href, class: 'yc-comment-jump', 'data-testid': 'yc-comment-jump' }, I18n.getText('yourcompany.comments.jump'), h('span', { class: 'assistive' }, ` ${I18n.getText('yourcompany.comments.jump.by', comment.authorName)}`)),
      like ? [' ', like] : null,
      h('div', { class: 'yc-comment-confirm' }),
    ),
  );
}
