/**
 * `yourcompany/pr-summary`: everything the PR page needs before any modal opens — the four summary
 * labels, the reaction line under comments and the action menu's availability — from one shared plan
 * of requests on the page-wide client. The panels (loaded through WRM when their modal opens) reuse
 * the same loads, so opening a modal repeats no request.
 */
export { MAX_REPORTS, loadCommitInsights, loadPullRequestInsights, sharedLoad, replaceShared, forgetSharedLoads, SHARED_TTL_MS } from './insights-data';
export type { CommitInsights, BaselineOutcome, DiffOutcome, PullRequestInsights } from './insights-data';
export { readContext, repoRefOf, changePathOf, contextUnavailable } from './insights-context';
export type { PullRequestContext, DiffToolbarContext } from './insights-context';
export { withAnnotations, compare, summarizePullRequestInsights, insightsLabel, loadInsights, insightsSummary, insightsLive, insightsSummarySource } from './insights-summary';

export { summarizeMergeStatus, isConflicted, mergeLabel, fetchMergeStatus, loadMergeStatus, mergeSummary, mergeLive } from './merge-summary';
export type { MergeStatusAnswer, SummaryState, MergeSummary } from './merge-summary';

export {
  BRANCH_REF_PREFIX,
  branchNameOf,
  readPullRequestFacts,
  AHEAD_BEHIND_KEY,
  aheadBehindOf,
  sourcePosition,
  truncateMiddle,
  summarizeBranch,
} from './branch-model';
export type { PullRequestContext as BranchPullRequestContext, PullRequestFacts, AheadBehind, SourcePosition, BranchSummary } from './branch-model';
export { findBranch, findSourceBranch, loadSourceBranch, loadPermissions, NO_PERMISSIONS } from './branch-data';
export type { BranchPermissions } from './branch-data';
export { branchSummary, branchLabel, canOfferDeleteOf, actionAvailability } from './branch-summary';

export { LIKE_EMOTICON, collectComments, emojiFromUrl, emojiOf, viewReactions, toRanked, rankComments, reactorSummary, summarizeComments } from './comments-model';
export type { ReactionView, RankedComment, CommentsSummary } from './comments-model';
export { ACTIVITY_CAP, loadComments, loadSharedComments } from './comments-data';
export type { LoadedComments } from './comments-data';
export { readCommentsContext, commentsSummary, commentsLabel, reactorsText, reactionLine, mountReactionLine } from './comments-summary';
export type { CommentsContext } from './comments-summary';
export { startSummaryPlan, pullRequestKey } from './plan';
export { notifySummaryChanged, onSummaryChanged } from './changes';
