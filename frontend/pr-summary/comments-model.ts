/**
 * Pure mapping for the most-liked comments panel: activities → unique comments → ranked by reactions.
 * Reactions live in `comment.properties.reactions` (rest-contracts.md §4); there is no list endpoint.
 */
import type { Activity, Comment, CommentReaction, Emoticon, User } from 'yourcompany/rest';

export const LIKE_EMOTICON = 'thumbsup';

/**
 * Every comment of the PR, replies included, once each. Only COMMENTED activities carry comments; a
 * comment can appear in several (its own ADDED activity and, as a parent, in replies' activities), and
 * the snapshot with the highest `version` wins. Iterative walk: reply chains can be deep.
 */
export function collectComments(activities: readonly Activity[]): Comment[] {
  const byId = new Map<number, Comment>();
  const stack: unknown[] = [];
  for (const activity of activities) {
    if (activity?.action !== 'COMMENTED' || activity.commentAction === 'DELETED') continue;
    if (activity.comment) stack.push(activity.comment);
    while (stack.length) {
      const comment = stack.pop() as Partial<Comment> | null;
      if (!comment || typeof comment.id !== 'number') continue;
      const known = byId.get(comment.id);
      if (!known || (comment.version ?? 0) > (known.version ?? 0)) byId.set(comment.id, comment as Comment);
      if (Array.isArray(comment.comments)) for (const reply of comment.comments) stack.push(reply);
    }
  }
  return [...byId.values()];
}

/** Twemoji-style file names (`1f44d.svg`, `1f468-200d-1f4bb.png`) back to the emoji they draw. */
export function emojiFromUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  const match = /\/([0-9a-f]{2,6}(?:-[0-9a-f]{2,6}){0,9})\.(?:svg|png)(?:[?#].*)?$/i.exec(url);
  if (!match) return null;
  const points = match[1].split('-').map((hex) => parseInt(hex, 16));
  if (points.some((p) => !Number.isFinite(p) || p > 0x10ffff || (p >= 0xd800 && p <= 0xdfff) || p < 0x20)) return null;
  return String.fromCodePoint(...points);
}

const SHORTCUT_EMOJI: Record<string, string> = { thumbsup: '\u{1F44D}', '+1': '\u{1F44D}', thumbsdown: '\u{1F44E}', heart: '\u2764\uFE0F', laughing: '\u{1F606}', smile: '\u{1F604}' };

/** The emoji to show as text: `value`, else decoded from the image URL, else a known shortcut, else `:shortcut:`. Never an <img>. */
export function emojiOf(emoticon: Partial<Emoticon> | undefined): string {
  const value = typeof emoticon?.value === 'string' ? emoticon.value.trim() : '';
  // A real emoji is a few code points; anything longer is not an emoji and would wreck the layout.
  if (value && Array.from(value).length <= 12) return value;
  const fromUrl = emojiFromUrl(emoticon?.url);
  if (fromUrl) return fromUrl;
  const shortcut = typeof emoticon?.shortcut === 'string' ? emoticon.shortcut : '';
  return SHORTCUT_EMOJI[shortcut] ?? `:${Array.from(shortcut).slice(0, 40).join('')}:`;
}

export interface ReactionView {
  shortcut: string;
  emoji: string;
  count: number;
  /** Display names of everyone who reacted, in server order. */
  names: string[];
  mine: boolean;
}

export interface RankedComment {
  id: number;
  authorName: string;
  text: string;
  createdDate: number;
  total: number;
  likes: number;
  reactions: ReactionView[];
  isReply: boolean;
}

const userName = (user: Partial<User> | undefined): string =>
  typeof user?.displayName === 'string' && user.displayName ? user.displayName : typeof user?.name === 'string' ? user.name : '?';

function reactionsOf(comment: Comment): CommentReaction[] {
  const raw = comment.properties?.reactions;
  return Array.isArray(raw) ? raw.filter((r) => r && typeof r.emoticon?.shortcut === 'string' && Array.isArray(r.users)) : [];
}

export function viewReactions(comment: Comment, currentUserSlug?: string): ReactionView[] {
  return reactionsOf(comment)
    .map((reaction) => ({
      shortcut: reaction.emoticon.shortcut,
      emoji: emojiOf(reaction.emoticon),
      count: reaction.users.length,
      names: reaction.users.map(userName),
      mine: !!currentUserSlug && reaction.users.some((u) => u?.slug === currentUserSlug),
    }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || a.shortcut.localeCompare(b.shortcut));
}

export function toRanked(comment: Comment, currentUserSlug: string | undefined, replyIds: ReadonlySet<number>): RankedComment {
  const reactions = viewReactions(comment, currentUserSlug);
  return {
    id: comment.id,
    authorName: userName(comment.author),
    text: typeof comment.text === 'string' ? comment.text : '',
    createdDate: typeof comment.createdDate === 'number' ? comment.createdDate : 0,
    total: reactions.reduce((sum, r) => sum + r.count, 0),
    likes: reactions.find((r) => r.shortcut === LIKE_EMOTICON)?.count ?? 0,
    reactions,
    isReply: replyIds.has(comment.id),
  };
}

/** Comments with at least one reaction, most reactions first; ties: more 👍, then older first (stable, deterministic). */
export function rankComments(comments: readonly Comment[], currentUserSlug?: string): RankedComment[] {
  const replyIds = new Set<number>();
  for (const comment of comments) for (const reply of Array.isArray(comment.comments) ? comment.comments : []) if (typeof reply?.id === 'number') replyIds.add(reply.id);
  return comments
    .map((c) => toRanked(c, currentUserSlug, replyIds))
    .filter((c) => c.total > 0)
    .sort((a, b) => b.total - a.total || b.likes - a.likes || a.createdDate - b.createdDate || a.id - b.id);
}

/** "Alice, Bob, Carol and 4 more": the names to list and how many are left over. */
export function reactorSummary(names: readonly string[], shown = 3): { names: string[]; more: number } {
  return { names: names.slice(0, shown), more: Math.max(0, names.length - shown) };
}

/** What the summary label shows: reactions on the single most-reacted comment. */
export interface CommentsSummary {
  topReactions: number;
  topCommentId: number | null;
  commentsWithReactions: number;
  scannedComments: number;
  capped: boolean;
}

export function summarizeComments(ranked: readonly RankedComment[], scannedComments: number, capped: boolean): CommentsSummary {
  return {
    topReactions: ranked[0]?.total ?? 0,
    topCommentId: ranked[0]?.id ?? null,
    commentsWithReactions: ranked.length,
    scannedComments,
    capped,
  };
}
