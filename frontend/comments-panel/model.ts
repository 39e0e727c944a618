/**
 * Pure rules of the comments panel's own list (excerpts, the optimistic like). The label's ranking is
 * `yourcompany/pr-summary`'s comments model; these load with the panel, not with the PR page.
 */
import { LIKE_EMOTICON } from 'yourcompany/pr-summary';
import type { RankedComment, ReactionView } from 'yourcompany/pr-summary';

/** Shortened comment text for the list (code points, so no split emoji); the full text stays one click away. */
export function excerpt(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}\u2026`;
}

/** Adds or removes the current user's 👍 (optimistic update); returns a new comment, the input is untouched. */
export function withLike(comment: RankedComment, user: { displayName: string }, like: boolean): RankedComment {
  const existing = comment.reactions.find((r) => r.shortcut === LIKE_EMOTICON);
  let reactions: ReactionView[];
  if (like) {
    if (existing?.mine) return comment;
    reactions = existing
      ? comment.reactions.map((r) => (r === existing ? { ...r, count: r.count + 1, names: [...r.names, user.displayName], mine: true } : r))
      : [...comment.reactions, { shortcut: LIKE_EMOTICON, emoji: '\u{1F44D}', count: 1, names: [user.displayName], mine: true }];
  } else {
    if (!existing?.mine) return comment;
    const index = existing.names.lastIndexOf(user.displayName);
    const names = index >= 0 ? [...existing.names.slice(0, index), ...existing.names.slice(index + 1)] : existing.names.slice(0, -1);
    reactions = comment.reactions.map((r) => (r === existing ? { ...r, count: r.count - 1, names, mine: false } : r)).filter((r) => r.count > 0);
  }
  const total = reactions.reduce((sum, r) => sum + r.count, 0);
  return { ...comment, reactions, total, likes: reactions.find((r) => r.shortcut === LIKE_EMOTICON)?.count ?? 0 };
}
