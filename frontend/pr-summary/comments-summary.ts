/** The top-comment summary label and the reaction line under each comment (no request per comment). */
import { I18n, currentUser } from 'yourcompany/host';
import { bitbucketClient, readComment } from 'yourcompany/rest';
import type { BitbucketClient, RepoRef } from 'yourcompany/rest';
import { h, render } from 'yourcompany/ui';
import { loadSharedComments } from './comments-data';
import { planStep, startSummaryPlan } from './plan';
import { rankComments, reactorSummary, summarizeComments, viewReactions } from './comments-model';
import type { CommentsSummary, ReactionView } from './comments-model';

export interface CommentsContext {
  repo: RepoRef;
  pullRequestId: number;
}

/** The PR lives in its target repository; fall back to the context's repository/project. */
export function readCommentsContext(context: unknown): CommentsContext | null {
  const ctx = (context ?? {}) as {
    pullRequest?: { id?: unknown; toRef?: { repository?: { slug?: unknown; project?: { key?: unknown } } } };
    repository?: { slug?: unknown; project?: { key?: unknown } };
    project?: { key?: unknown };
  };
  const id = ctx.pullRequest?.id;
  const repository = ctx.pullRequest?.toRef?.repository ?? ctx.repository;
  const slug = repository?.slug;
  const key = repository?.project?.key ?? ctx.project?.key;
  if (typeof id !== 'number' || typeof slug !== 'string' || !slug || typeof key !== 'string' || !key) return null;
  return { repo: { projectKey: key, repositorySlug: slug }, pullRequestId: id };
}

export async function commentsSummary(context: unknown, deps?: { client?: BitbucketClient; fresh?: boolean }, signal?: AbortSignal): Promise<CommentsSummary> {
  const ctx = readCommentsContext(context);
  if (!ctx) throw new Error('yourcompany/comments-panel: the extension context has no pull request');
  const client = deps?.client ?? bitbucketClient();
  startSummaryPlan(context, client, signal);
  const loaded = await loadSharedComments(client, ctx.repo, ctx.pullRequestId, signal, deps?.fresh);
  return summarizeComments(rankComments(loaded.comments), loaded.comments.length, loaded.capped);
}

/** The label counts reactions (all emoji) on the single most-reacted comment: "Top comment: 12 reactions". */
export function commentsLabel(summary: CommentsSummary): string {
  return summary.topReactions > 0 ? I18n.getText('yourcompany.comments.label.top', summary.topReactions) : I18n.getText('yourcompany.comments.label.none');
}

/** "Alice, Bob, Carol and 4 more". */
export function reactorsText(reaction: ReactionView): string {
  const { names, more } = reactorSummary(reaction.names);
  return more > 0 ? I18n.getText('yourcompany.comments.reactors.more', names.join(', '), more) : names.join(', ');
}

/** One compact line under a comment: "👍 Alice, Bob and 3 more · ❤️ Carol". Null when nobody reacted. */
export function reactionLine(reactions: ReactionView[]): HTMLElement | null {
  if (!reactions.length) return null;
  return h(
    'p',
    { class: 'yc-reaction-line', 'data-testid': 'yc-reaction-line' },
    reactions.map((reaction, index) => {
      const reactors = reactorsText(reaction);
      return [
        index ? h('span', { 'aria-hidden': 'true' }, ' \u00b7 ') : null,
        h('span', { 'aria-hidden': 'true' }, h('span', { class: 'yc-reaction-emoji' }, reaction.emoji), ' ', reactors),
        h('span', { class: 'assistive' }, I18n.getText('yourcompany.comments.reaction.label', reaction.count, reaction.shortcut, reactors), ' '),
      ];
    }),
  );
}

/**
 * Who reacted to one comment, from the comment JSON the host already has (the `comment.extra` context):
 * no request per comment. Renders nothing when the context has no comment or nobody reacted.
 */
export function mountReactionLine(container: HTMLElement, context: unknown): () => void {
  const comment = readComment((context as { comment?: unknown } | null)?.comment);
  const line = comment ? reactionLine(viewReactions(comment, currentUser()?.slug ?? undefined)) : null;
  render(container, line);
  return () => render(container);
}

planStep(3, (context, client, signal) => {
  const ctx = readCommentsContext(context);
  return ctx ? loadSharedComments(client, ctx.repo, ctx.pullRequestId, signal) : undefined;
});
