/**
 * The shapes every `BitbucketClient` method resolves with: Bitbucket DC's JSON (bitbucket-dc-9.2-openapi.json
 * plus the fields rest-contracts.md §1–§6 says the spec lacks) AFTER ./normalize.ts. On the wire almost
 * every field may be missing, null or named differently (`latestChangeset`, `default`…); here a required
 * field is always present and optional means "the server may not know it". Wire aliases do not appear.
 */

export interface Page<T> {
  values: T[];
  size: number;
  limit: number;
  start: number;
  isLastPage: boolean;
  nextPageStart?: number;
}

export interface User {
  /** Numeric id; servers may leave it out (nothing here needs it). */
  id?: number;
  name: string;
  slug: string;
  displayName: string;
  emailAddress?: string;
  active?: boolean;
  type?: 'NORMAL' | 'SERVICE';
  links?: Links;
}

export interface Links {
  self?: { href: string }[];
  clone?: { href: string; name: string }[];
}

export interface Project {
  id?: number;
  key: string;
  name: string;
  description?: string;
  public?: boolean;
  type?: 'NORMAL' | 'PERSONAL';
  links?: Links;
}

export interface Repository {
  id?: number;
  slug: string;
  name: string;
  project: Project;
  scmId?: string;
  state?: string;
  statusMessage?: string;
  forkable?: boolean;
  public?: boolean;
  hierarchyId?: string;
  archived?: boolean;
  links?: Links;
}

/** Identifies a repository in every client call. */
export interface RepoRef {
  projectKey: string;
  repositorySlug: string;
}

export interface PullRequestRef {
  id: string; // refs/heads/...
  /** Derived from `id` when the server leaves it out. */
  displayId: string;
  /** `latestCommit`, or the older servers' `latestChangeset`; recorded PRs may leave it out of `toRef`. */
  latestCommit?: string;
  type?: 'BRANCH' | 'TAG';
  /** Left out by a server only when unknown; for a PR, a ref without one shares the other ref's repository. */
  repository?: Repository;
}

export type ParticipantStatus = 'UNAPPROVED' | 'NEEDS_WORK' | 'APPROVED';

export interface Participant {
  user: User;
  role: 'AUTHOR' | 'REVIEWER' | 'PARTICIPANT';
  approved: boolean;
  status: ParticipantStatus;
  lastReviewedCommit?: string;
}

export type PullRequestState = 'OPEN' | 'DECLINED' | 'MERGED';

export interface PullRequest {
  id: number;
  version: number;
  title: string;
  description?: string;
  state: PullRequestState;
  open: boolean;
  closed: boolean;
  draft?: boolean;
  createdDate: number;
  updatedDate: number;
  closedDate?: number;
  /** The source always names the PR head: a pull request without one cannot be read. */
  fromRef: PullRequestRef & { latestCommit: string };
  toRef: PullRequestRef;
  locked?: boolean;
  author?: Participant;
  reviewers: Participant[];
  participants: Participant[];
  properties?: {
    mergeResult?: { outcome: MergeOutcome; current: boolean };
    openTaskCount?: number;
    resolvedTaskCount?: number;
    commentCount?: number;
  };
  links?: Links;
}

export interface MergeVeto {
  summaryMessage: string;
  detailedMessage: string;
}

export type MergeOutcome = 'CLEAN' | 'CONFLICTED' | 'UNKNOWN';

export interface MergeStatus {
  /** Real servers send it (the spec lacks it); derived from outcome, conflicts and vetoes otherwise. */
  canMerge: boolean;
  conflicted: boolean;
  /** Null when the server did not say (older servers send no `outcome`). */
  outcome: MergeOutcome | null;
  vetoes: MergeVeto[];
}

export interface Emoticon {
  shortcut: string;
  url: string;
  value?: string;
}

export interface CommentReaction {
  emoticon: Emoticon;
  users: User[];
}

export interface CommentAnchor {
  path?: string;
  srcPath?: string;
  line?: number;
  lineType?: 'ADDED' | 'REMOVED' | 'CONTEXT';
  fileType?: 'FROM' | 'TO';
  diffType?: 'EFFECTIVE' | 'RANGE' | 'COMMIT';
  fromHash?: string;
  toHash?: string;
  orphaned?: boolean;
}

export interface Comment {
  id: number;
  version: number;
  text: string;
  author?: User;
  createdDate: number;
  updatedDate: number;
  comments: Comment[];
  severity: 'NORMAL' | 'BLOCKER';
  state: 'OPEN' | 'RESOLVED' | 'PENDING';
  threadResolved?: boolean;
  anchor?: CommentAnchor;
  properties?: { repositoryId?: number; reactions?: CommentReaction[] };
  permittedOperations?: { editable: boolean; transitionable?: boolean; deletable: boolean };
  html?: string;
}

export interface Activity {
  id: number;
  createdDate: number;
  user?: User;
  action: string; // APPROVED, COMMENTED, MERGED, RESCOPED, … (tolerate unknown values)
  commentAction?: 'ADDED' | 'EDITED' | 'DELETED' | 'REPLIED';
  comment?: Comment;
  commentAnchor?: CommentAnchor;
}

export interface UserReaction {
  user: User;
  emoticon: Emoticon;
  comment?: Comment;
}

export interface CommitPerson {
  name: string;
  emailAddress?: string;
  displayName?: string;
  slug?: string;
  id?: number;
}

export interface Commit {
  id: string;
  displayId: string;
  author: CommitPerson;
  authorTimestamp: number;
  committer?: CommitPerson;
  committerTimestamp?: number;
  message: string;
  parents: { id: string; displayId: string }[];
}

export interface Path {
  components: string[];
  parent: string;
  name: string;
  extension?: string;
  toString: string;
}

/**
 * A JSON diff body as received (`{ fromHash, toHash, contextLines, whitespace, diffs, truncated }`). Only the
 * `diffs` list is checked here: the matcher in `yourcompany/insights-compare` reads everything in it defensively.
 */
export interface Diff {
  diffs: unknown[];
  truncated?: unknown;
  [field: string]: unknown;
}

export interface Change {
  contentId?: string;
  fromContentId?: string;
  path: Path;
  srcPath?: Path;
  type: 'ADD' | 'COPY' | 'DELETE' | 'MODIFY' | 'MOVE' | 'UNKNOWN';
  nodeType: 'FILE' | 'DIRECTORY' | 'SUBMODULE';
  executable?: boolean;
  percentUnchanged?: number;
  properties?: { activeComments?: number; orphanedComments?: number };
}

export interface Branch {
  id: string; // refs/heads/…
  /** Derived from `id` when the server leaves it out. */
  displayId: string;
  type: 'BRANCH' | 'TAG';
  /** The tip: `latestCommit`, or the older servers' `latestChangeset`; null when the entry names neither. */
  latestCommit: string | null;
  /** `isDefault` on the wire (the spec's `default` is read too). */
  isDefault: boolean;
  metadata?: Record<string, unknown>;
}

export interface MinimalRef {
  id: string;
  displayId: string;
  type: 'BRANCH' | 'TAG';
}

export type BranchCategory = 'BUGFIX' | 'FEATURE' | 'HOTFIX' | 'RELEASE';

export interface BranchModel {
  development?: Branch;
  production?: Branch;
  /** Enabled types only; disabled ones are omitted by the server. */
  types: { id: BranchCategory; displayName: string; prefix: string }[];
}

export type InsightResult = 'PASS' | 'FAIL';
export type InsightDataType = 'BOOLEAN' | 'DATE' | 'DURATION' | 'LINK' | 'NUMBER' | 'PERCENTAGE' | 'TEXT';

export interface InsightDataField {
  title: string;
  type?: InsightDataType;
  /** Real servers send numbers, strings, booleans, or `{linktext, href}` for LINK. */
  value: unknown;
}

export interface InsightReport {
  key: string;
  title: string;
  details?: string;
  result?: InsightResult;
  reporter?: string;
  link?: string;
  logoUrl?: string;
  createdDate: number;
  data: InsightDataField[];
}

export type AnnotationSeverity = 'LOW' | 'MEDIUM' | 'HIGH';
export type AnnotationType = 'VULNERABILITY' | 'CODE_SMELL' | 'BUG';

export interface InsightAnnotation {
  reportKey: string;
  externalId?: string;
  path?: string;
  line: number;
  message: string;
  severity: AnnotationSeverity;
  type?: AnnotationType;
  link?: string;
}

export interface AnnotationList {
  totalCount?: number;
  annotations: InsightAnnotation[];
}

export interface SetReportRequest {
  title: string;
  details?: string;
  result?: InsightResult;
  reporter?: string;
  link?: string;
  logoUrl?: string;
  data: InsightDataField[];
}

export interface AddAnnotationRequest {
  message: string;
  severity: AnnotationSeverity;
  path?: string;
  line?: number;
  type?: AnnotationType;
  link?: string;
  externalId?: string;
}

export interface AnnotationFilter {
  path?: string[];
  severity?: AnnotationSeverity[];
  type?: AnnotationType[];
  key?: string[];
  externalId?: string[];
}

export type BuildState = 'SUCCESSFUL' | 'FAILED' | 'INPROGRESS' | 'CANCELLED' | 'UNKNOWN';

export interface BuildStatus {
  /** Legacy rows may lack it: then the name or URL, else ''. */
  key: string;
  /** Any case and aliases (`STOPPED`, `IN_PROGRESS`) mapped; an unknown state is UNKNOWN. */
  state: BuildState;
  url?: string;
  name?: string;
  description?: string;
  buildNumber?: string;
  parent?: string;
  ref?: string;
  duration?: number;
  testResults?: { successful: number; failed: number; skipped: number };
  createdDate?: number;
  /** The legacy resource's `dateAdded` lands in both dates. */
  updatedDate?: number;
}

export type Permission = 'REPO_READ' | 'REPO_WRITE' | 'REPO_ADMIN' | 'PROJECT_READ' | 'PROJECT_WRITE' | 'PROJECT_ADMIN' | 'SYS_ADMIN' | 'ADMIN' | 'LICENSED_USER';

/** What the current user may do in a repository, derived once and cached. */
export interface RepoPermissions {
  read: boolean;
  write: boolean;
  admin: boolean;
}
