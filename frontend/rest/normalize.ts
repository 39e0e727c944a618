/**
 * The one place where wire JSON becomes the clean shapes of ./types.ts. Every body the client hands out
 * went through a normaliser here, so panels and the viewer read one shape and never guard against the
 * variants real servers send (rest-contracts.md §0 "Fields the spec lacks", §1.3, §1.4, §2.2, §6.2):
 *
 * - branch entries with `latestChangeset` but no `latestCommit` (older servers), or with neither;
 * - refs without `displayId` (derived from `id`: `refs/heads/` / `refs/tags/` stripped);
 * - `default` (the spec's name) instead of `isDefault` (what servers send);
 * - pull requests without `properties`, `reviewers`, `participants`, with `latestChangeset` in a ref;
 * - merge statuses without `outcome`, `canMerge` (the spec lacks it), `conflicted` or `vetoes`;
 * - legacy build statuses (`/rest/build-status/1.0`): `dateAdded`, no `key`/`name`, states in any case,
 *   Cloud-style `STOPPED`, unknown states;
 * - pages without `isLastPage`, with `nextPageStart: null`, or `isLastPage:false` without `nextPageStart`;
 * - `null` where a field is optional, and empty strings where a name is expected.
 *
 * A body that lacks what identifies it (a pull request without `id`, a page without `values`, a branch
 * without `id` or `displayId`) is not tolerated by guessing: the normaliser throws `ShapeError`, which the
 * client reports as a `malformed` RestError, so the surface shows its error message instead of wrong data.
 */
import type {
  Activity,
  AnnotationList,
  AnnotationType,
  Branch,
  BranchCategory,
  BranchModel,
  BuildState,
  BuildStatus,
  Change,
  Diff,
  Comment,
  CommentAnchor,
  CommentReaction,
  Commit,
  CommitPerson,
  InsightAnnotation,
  InsightDataField,
  InsightDataType,
  InsightReport,
  MergeOutcome,
  MergeStatus,
  MergeVeto,
  MinimalRef,
  Page,
  Participant,
  ParticipantStatus,
  Path,
  Project,
  PullRequest,
  PullRequestRef,
  PullRequestState,
  RepoRef,
  Repository,
  User,
  UserReaction,
} from './types';

/**
 * What a server may send where the clean shape has `T`: any field missing or null (the 9.2 document
 * requires almost nothing), plus the aliases below. Tests type their recorded wire JSON with these.
 */
export type Wire<T> = T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]?: Wire<T[K]> | null } : T;
/** Older servers' `latestChangeset`; the spec's `default` for what servers call `isDefault`. */
export type WireBranch = Wire<Branch> & { latestChangeset?: string | null; default?: boolean | null };
export type WirePullRequestRef = Wire<PullRequestRef> & { latestChangeset?: string | null };
/** Legacy `/rest/build-status/1.0` rows: `dateAdded`, states in any case. */
export type WireBuildStatus = Omit<Wire<BuildStatus>, 'state'> & { state?: string | null; dateAdded?: number | null };
export type WireMergeStatus = Wire<MergeStatus>;

/** A body that lacks what identifies it. The client turns it into `RestError('malformed')`. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

export type Normalizer<T> = (raw: unknown) => T;

type Json = Record<string, unknown>;

const obj = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
/** A non-empty string; `''` and `null` count as absent. */
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
/** Free text: any string, `''` when absent. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
/** A finite number (`Number.isFinite` takes no strings, so `'5'` is absent too). */
const num = (value: unknown): number | undefined => (Number.isFinite(value) ? (value as number) : undefined);
const int = (value: unknown): number | undefined => (Number.isInteger(value) ? (value as number) : undefined);
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/**
 * `value` trimmed and upper-cased when it is one of `allowed`. Where a caller falls back to a default
 * (`?? 'OPEN'`), `allowed` lists only the other values: listing the default too would change nothing.
 */
const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined => {
  const upper = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
  return (allowed as readonly unknown[]).includes(upper) ? (upper as T) : undefined;
};
/** Drops `undefined` values so normalised objects have no keys for absent optionals. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ShapeError(`missing ${what}`);
  return value;
}

function object(raw: unknown, what: string): Json {
  return required(obj(raw), what);
}

/** Normalises every element; one element that cannot be read makes the whole list unreadable (no silent gaps). */
function each<T>(raw: unknown, normalize: Normalizer<T>): T[] {
  return list(raw).map(normalize);
}

/**
 * What `normalize` reads from `raw`, or undefined when it cannot be read (a ShapeError, or a reader's own
 * undefined): for decoration that may be absent. Any other error is a bug and propagates.
 */
function readable<T>(raw: unknown, normalize: (raw: unknown) => T | undefined): T | undefined {
  try {
    return normalize(raw);
  } catch (error) {
    if (error instanceof ShapeError) return undefined;
    throw error;
  }
}

/** Normalises what it can and leaves out what it cannot: for decoration (reactions, reviewers, data fields). */
function eachReadable<T>(raw: unknown, normalize: (raw: unknown) => T | undefined): T[] {
  return list(raw).flatMap((item) => readable(item, normalize) ?? []);
}

const REF_PREFIXES = ['refs/heads/', 'refs/tags/'];

/** `refs/heads/feature/x` → `feature/x`; other ids stay as they are. */
export function displayIdOf(refId: string): string {
  for (const prefix of REF_PREFIXES) if (refId.startsWith(prefix) && refId.length > prefix.length) return refId.slice(prefix.length);
  return refId;
}

/** `id` and `displayId` of a ref; either may be missing on the wire (a bare `displayId` is a branch name). */
function refIds(raw: Json, what: string): { id: string; displayId: string } {
  const displayId = str(raw.displayId);
  const id = required(str(raw.id) ?? (displayId && `refs/heads/${displayId}`), `${what}.id`);
  return { id, displayId: displayId ?? displayIdOf(id) };
}

// ---------------------------------------------------------------------------------------------------------
// Paging

/**
 * `values` must be a list. `isLastPage` missing → last unless a usable `nextPageStart` says otherwise;
 * `nextPageStart` null or absent → none (./paging.ts then stops instead of looping).
 */
export function normalizePage<T>(raw: unknown, item: Normalizer<T>): Page<T> {
  const body = object(raw, 'page');
  if (!Array.isArray(body.values)) throw new ShapeError('page without values');
  const values = each(body.values, item);
  const start = int(body.start) ?? 0;
  const next = int(body.nextPageStart);
  const isLastPage = bool(body.isLastPage) ?? next === undefined;
  return compact<Page<T>>({
    values,
    size: num(body.size) ?? values.length,
    limit: num(body.limit) ?? values.length,
    start,
    isLastPage,
    nextPageStart: isLastPage ? undefined : next,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Users, projects, repositories

export function normalizeUser(raw: unknown): User {
  const user = object(raw, 'user');
  // Either names the user; the other falls back to it.
  const name = required(str(user.name) ?? str(user.slug), 'user.name');
  return compact<User>({
    id: int(user.id),
    name,
    slug: str(user.slug) ?? name,
    displayName: str(user.displayName) ?? name,
    emailAddress: str(user.emailAddress),
    active: bool(user.active),
    type: oneOf(user.type, ['NORMAL', 'SERVICE'] as const),
    links: obj(user.links) as User['links'],
  });
}

export function normalizeProject(raw: unknown): Project {
  const project = object(raw, 'project');
  const key = required(str(project.key), 'project.key');
  return compact<Project>({
    id: int(project.id),
    key,
    name: str(project.name) ?? key,
    description: str(project.description),
    public: bool(project.public),
    type: oneOf(project.type, ['NORMAL', 'PERSONAL'] as const),
    links: obj(project.links) as Project['links'],
  });
}

export function normalizeRepository(raw: unknown): Repository {
  const repo = object(raw, 'repository');
  const slug = required(str(repo.slug), 'repository.slug');
  return compact<Repository>({
    id: int(repo.id),
    slug,
    name: str(repo.name) ?? slug,
    project: normalizeProject(repo.project),
    scmId: str(repo.scmId),
    state: str(repo.state),
    statusMessage: str(repo.statusMessage),
    forkable: bool(repo.forkable),
    public: bool(repo.public),
    hierarchyId: str(repo.hierarchyId),
    archived: bool(repo.archived),
    links: obj(repo.links) as Repository['links'],
  });
}

// ---------------------------------------------------------------------------------------------------------
// Refs and branches

/** The commit a ref points at: `latestCommit`, else the older servers' `latestChangeset`. */
function tipOf(raw: Json): string | undefined {
  return str(raw.latestCommit) ?? str(raw.latestChangeset);
}

export function normalizeBranch(raw: unknown): Branch {
  const branch = object(raw, 'branch');
  const metadata = obj(branch.metadata);
  // `…:latest-commit-metadata` carries the tip too when a server sends details but neither id field.
  const metadataTip = str(obj(metadata?.['com.atlassian.bitbucket.server.bitbucket-branch:latest-commit-metadata'])?.id);
  return compact<Branch>({
    ...refIds(branch, 'branch'),
    type: oneOf(branch.type, ['TAG'] as const) ?? 'BRANCH',
    latestCommit: tipOf(branch) ?? metadataTip ?? null,
    // The spec names it `default`; real servers send `isDefault`.
    isDefault: bool(branch.isDefault) ?? bool(branch.default) ?? false,
    metadata,
  });
}

export function normalizeMinimalRef(raw: unknown): MinimalRef {
  const ref = object(raw, 'ref');
  return { ...refIds(ref, 'ref'), type: oneOf(ref.type, ['TAG'] as const) ?? 'BRANCH' };
}

function normalizePullRequestRef(raw: unknown, what: string): PullRequestRef {
  const ref = object(raw, what);
  return compact<PullRequestRef>({
    ...refIds(ref, what),
    latestCommit: tipOf(ref),
    type: oneOf(ref.type, ['BRANCH', 'TAG'] as const),
    repository: readable(ref.repository, normalizeRepository),
  });
}

const BRANCH_CATEGORIES: readonly BranchCategory[] = ['BUGFIX', 'FEATURE', 'HOTFIX', 'RELEASE'];

/** rest-contracts.md §3: absent `production`, disabled types left out; unreadable entries are dropped (decoration). */
export function normalizeBranchModel(raw: unknown): BranchModel {
  const model = object(raw, 'branch model');
  const types = eachReadable(model.types, (value) => {
    const type = obj(value);
    const id = oneOf(type?.id, BRANCH_CATEGORIES);
    const prefix = str(type?.prefix);
    return id && prefix ? { id, displayName: str(type?.displayName) ?? id, prefix } : undefined;
  });
  return compact<BranchModel>({ development: readable(model.development, normalizeBranch), production: readable(model.production, normalizeBranch), types });
}

// ---------------------------------------------------------------------------------------------------------
// Pull requests

const PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ['UNAPPROVED', 'NEEDS_WORK', 'APPROVED'];

export function normalizeParticipant(raw: unknown): Participant {
  const participant = object(raw, 'participant');
  const status = oneOf(participant.status, PARTICIPANT_STATUSES);
  // Each of `approved` and `status` stands in for the other when missing.
  const approved = bool(participant.approved) ?? status === 'APPROVED';
  return compact<Participant>({
    user: normalizeUser(participant.user),
    role: oneOf(participant.role, ['AUTHOR', 'REVIEWER'] as const) ?? 'PARTICIPANT',
    approved,
    status: status ?? (approved ? 'APPROVED' : 'UNAPPROVED'),
    lastReviewedCommit: str(participant.lastReviewedCommit),
  });
}

const PR_STATES: readonly PullRequestState[] = ['OPEN', 'DECLINED', 'MERGED'];
const MERGE_OUTCOMES: readonly MergeOutcome[] = ['CLEAN', 'CONFLICTED', 'UNKNOWN'];

function count(value: unknown): number | undefined {
  const n = int(value);
  return n !== undefined && n >= 0 ? n : undefined;
}

export function normalizePullRequest(raw: unknown): PullRequest {
  const pr = object(raw, 'pull request');
  const id = required(int(pr.id), 'pull request id');
  // Without `state`, `open:true` still says it; a closed PR without state could be merged or declined.
  const state = oneOf(pr.state, PR_STATES) ?? (pr.open === true ? 'OPEN' : required<PullRequestState>(undefined, 'pull request state'));
  const source = normalizePullRequestRef(pr.fromRef, 'fromRef');
  const target = normalizePullRequestRef(pr.toRef, 'toRef');
  // A fork's source ref always names its repository; when only one ref does, both live there.
  const fromRef = compact({ ...source, latestCommit: required(source.latestCommit, 'fromRef.latestCommit'), repository: source.repository ?? target.repository });
  const toRef = compact({ ...target, repository: target.repository ?? source.repository });
  const properties = obj(pr.properties);
  const mergeResult = obj(properties?.mergeResult);
  const outcome = oneOf(mergeResult?.outcome, MERGE_OUTCOMES);
  const participants = eachReadable(pr.participants, normalizeParticipant);
  const author = readable(pr.author, normalizeParticipant) ?? participants.find((p) => p.role === 'AUTHOR');
  return compact<PullRequest>({
    id,
    version: int(pr.version) ?? 0,
    title: text(pr.title),
    description: str(pr.description),
    state,
    open: state === 'OPEN',
    closed: state !== 'OPEN',
    draft: bool(pr.draft),
    createdDate: num(pr.createdDate) ?? 0,
    updatedDate: num(pr.updatedDate) ?? num(pr.createdDate) ?? 0,
    closedDate: num(pr.closedDate),
    fromRef,
    toRef,
    locked: bool(pr.locked),
    author,
    reviewers: eachReadable(pr.reviewers, normalizeParticipant),
    participants,
    properties: properties
      ? compact({
          mergeResult: outcome ? { outcome, current: bool(mergeResult?.current) ?? false } : undefined,
          openTaskCount: count(properties.openTaskCount),
          resolvedTaskCount: count(properties.resolvedTaskCount),
          commentCount: count(properties.commentCount),
        })
      : undefined,
    links: obj(pr.links) as PullRequest['links'],
  });
}

/** The CSE context's pull request (host JSON, not contractual): normalised, or null when unusable. */
export function readPullRequest(raw: unknown): PullRequest | null {
  return readable(raw, normalizePullRequest) ?? null;
}

export interface PullRequestInContext {
  pullRequest: PullRequest;
  /** Where the pull request lives: its target repository, else the context's repository and project. */
  repo: RepoRef;
}

/**
 * A PR-page extension context (host-anatomy.md §1.6: the REST pull request plus `repository` and `project`)
 * read into one clean shape; null when it names no usable pull request or repository.
 */
export function readPullRequestContext(context: unknown): PullRequestInContext | null {
  const ctx = obj(context);
  const pullRequest = readPullRequest(ctx?.pullRequest);
  if (!pullRequest) return null;
  const repository = obj(ctx?.repository);
  const target = pullRequest.toRef.repository;
  const projectKey = target?.project.key ?? str(obj(repository?.project)?.key) ?? str(obj(ctx?.project)?.key);
  const repositorySlug = target?.slug ?? str(repository?.slug);
  return projectKey && repositorySlug ? { pullRequest, repo: { projectKey, repositorySlug } } : null;
}

/** A veto blocks the merge whatever it says: one without messages is kept, with empty text. */
function normalizeVeto(raw: unknown): MergeVeto {
  const veto = obj(raw);
  const summary = str(veto?.summaryMessage) ?? str(veto?.detailedMessage) ?? '';
  return { summaryMessage: summary, detailedMessage: str(veto?.detailedMessage) ?? summary };
}

/**
 * `outcome` missing (older servers) → null: nobody said whether the merge is clean. `canMerge` missing (the
 * spec lacks it) → mergeable only when the server says CLEAN, not conflicted and without vetoes.
 */
export function normalizeMergeStatus(raw: unknown): MergeStatus {
  const status = object(raw, 'merge status');
  const outcome = oneOf(status.outcome, MERGE_OUTCOMES) ?? null;
  const conflicted = bool(status.conflicted) ?? outcome === 'CONFLICTED';
  const vetoes = list(status.vetoes).map(normalizeVeto);
  return { canMerge: bool(status.canMerge) ?? (outcome === 'CLEAN' && !conflicted && vetoes.length === 0), conflicted, outcome, vetoes };
}

// ---------------------------------------------------------------------------------------------------------
// Comments and activities

/** A comment's reaction: unreadable without the emoticon's shortcut (what identifies it). */
function readReaction(raw: unknown): CommentReaction | undefined {
  const reaction = obj(raw);
  const emoticon = obj(reaction?.emoticon);
  const shortcut = str(emoticon?.shortcut);
  return shortcut === undefined ? undefined : { emoticon: compact({ shortcut, url: text(emoticon?.url), value: str(emoticon?.value) }), users: eachReadable(reaction?.users, normalizeUser) };
}

function normalizeAnchor(raw: unknown): CommentAnchor | undefined {
  const anchor = obj(raw);
  if (!anchor) return undefined;
  return compact<CommentAnchor>({
    path: str(anchor.path),
    srcPath: str(anchor.srcPath),
    line: int(anchor.line),
    lineType: oneOf(anchor.lineType, ['ADDED', 'REMOVED', 'CONTEXT'] as const),
    fileType: oneOf(anchor.fileType, ['FROM', 'TO'] as const),
    diffType: oneOf(anchor.diffType, ['EFFECTIVE', 'RANGE', 'COMMIT'] as const),
    fromHash: str(anchor.fromHash),
    toHash: str(anchor.toHash),
    orphaned: bool(anchor.orphaned),
  });
}

export function normalizeComment(raw: unknown): Comment {
  const comment = object(raw, 'comment');
  const properties = obj(comment.properties);
  const permitted = obj(comment.permittedOperations);
  return compact<Comment>({
    id: required(int(comment.id), 'comment id'),
    version: int(comment.version) ?? 0,
    text: text(comment.text),
    author: readable(comment.author, normalizeUser),
    createdDate: num(comment.createdDate) ?? 0,
    updatedDate: num(comment.updatedDate) ?? num(comment.createdDate) ?? 0,
    // Replies are decoration of their parent: an unreadable reply is left out, not the whole thread.
    comments: eachReadable(comment.comments, normalizeComment),
    severity: oneOf(comment.severity, ['BLOCKER'] as const) ?? 'NORMAL',
    state: oneOf(comment.state, ['RESOLVED', 'PENDING'] as const) ?? 'OPEN',
    threadResolved: bool(comment.threadResolved),
    anchor: normalizeAnchor(comment.anchor),
    properties: properties
      ? compact({ repositoryId: int(properties.repositoryId), reactions: Array.isArray(properties.reactions) ? eachReadable(properties.reactions, readReaction) : undefined })
      : undefined,
    permittedOperations: permitted
      ? compact({ editable: bool(permitted.editable) ?? false, transitionable: bool(permitted.transitionable), deletable: bool(permitted.deletable) ?? false })
      : undefined,
    html: str(comment.html),
  });
}

/** A comment the host hands over (the `comment.extra` context): normalised, or null when unusable. */
export function readComment(raw: unknown): Comment | null {
  return readable(raw, normalizeComment) ?? null;
}

export function normalizeActivity(raw: unknown): Activity {
  const activity = object(raw, 'activity');
  return compact<Activity>({
    id: required(int(activity.id), 'activity id'),
    createdDate: num(activity.createdDate) ?? 0,
    user: readable(activity.user, normalizeUser),
    // Unknown actions pass through (the spec says clients must tolerate new ones).
    action: str(activity.action) ?? 'UNKNOWN',
    commentAction: oneOf(activity.commentAction, ['ADDED', 'EDITED', 'DELETED', 'REPLIED'] as const),
    comment: readable(activity.comment, normalizeComment),
    commentAnchor: normalizeAnchor(activity.commentAnchor),
  });
}

export function normalizeUserReaction(raw: unknown): UserReaction {
  const reaction = object(raw, 'reaction');
  const emoticon = object(reaction.emoticon, 'emoticon');
  return compact<UserReaction>({
    user: normalizeUser(reaction.user),
    emoticon: compact({ shortcut: text(emoticon.shortcut), url: text(emoticon.url), value: str(emoticon.value) }),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Commits and changes

function person(raw: unknown): CommitPerson {
  const who = obj(raw);
  return compact<CommitPerson>({
    name: str(who?.name) ?? str(who?.displayName) ?? str(who?.emailAddress) ?? '',
    emailAddress: str(who?.emailAddress),
    displayName: str(who?.displayName),
    slug: str(who?.slug),
    id: int(who?.id),
  });
}

/** A commit's `displayId`; where a server leaves it out, the id abbreviated as Bitbucket does (11 characters). */
function abbreviated(commit: Json | undefined, id: string): string {
  return str(commit?.displayId) ?? id.slice(0, 11);
}

export function normalizeCommit(raw: unknown): Commit {
  const commit = object(raw, 'commit');
  const id = required(str(commit.id), 'commit id');
  return compact<Commit>({
    id,
    displayId: abbreviated(commit, id),
    author: person(commit.author),
    authorTimestamp: num(commit.authorTimestamp) ?? 0,
    committer: commit.committer ? person(commit.committer) : undefined,
    committerTimestamp: num(commit.committerTimestamp),
    message: text(commit.message),
    parents: eachReadable(commit.parents, (value) => {
      const parent = obj(value);
      const parentId = str(parent?.id);
      return parentId === undefined ? undefined : { id: parentId, displayId: abbreviated(parent, parentId) };
    }),
  });
}

/** `null` for the merge-base's 204 passes through. */
export function normalizeOptionalCommit(raw: unknown): Commit | null {
  return raw === undefined || raw === null ? null : normalizeCommit(raw);
}

function normalizePath(raw: unknown): Path {
  if (typeof raw === 'string' && raw) return pathOf(raw);
  const path = object(raw, 'path');
  const components = list(path.components).filter((c): c is string => typeof c === 'string');
  const whole = str(path.toString) ?? (components.length ? components.join('/') : undefined);
  return pathOf(required(whole, 'path'));
}

function pathOf(whole: string): Path {
  const components = whole.split('/');
  const name = components[components.length - 1];
  const dot = name.lastIndexOf('.');
  return compact<Path>({ components, parent: components.slice(0, -1).join('/'), name, extension: dot > 0 ? name.slice(dot + 1) : undefined, toString: whole });
}

export function normalizeChange(raw: unknown): Change {
  const change = object(raw, 'change');
  const properties = obj(change.properties);
  return compact<Change>({
    contentId: str(change.contentId),
    fromContentId: str(change.fromContentId),
    path: normalizePath(change.path),
    srcPath: readable(change.srcPath, normalizePath),
    type: oneOf(change.type, ['ADD', 'COPY', 'DELETE', 'MODIFY', 'MOVE'] as const) ?? 'UNKNOWN',
    nodeType: oneOf(change.nodeType, ['DIRECTORY', 'SUBMODULE'] as const) ?? 'FILE',
    executable: bool(change.executable),
    percentUnchanged: num(change.percentUnchanged),
    properties: properties ? compact({ activeComments: count(properties.activeComments), orphanedComments: count(properties.orphanedComments) }) : undefined,
  });
}

/** The body as sent (it can be large; nothing is copied), once it is a diff wrapper with a `diffs` list. */
export function normalizeDiff(raw: unknown): Diff {
  const diff = object(raw, 'diff');
  if (!Array.isArray(diff.diffs)) throw new ShapeError('missing diffs');
  return diff as Diff;
}

// ---------------------------------------------------------------------------------------------------------
// Code Insights

const DATA_TYPES: readonly InsightDataType[] = ['BOOLEAN', 'DATE', 'DURATION', 'LINK', 'NUMBER', 'PERCENTAGE', 'TEXT'];

function readDataField(raw: unknown): InsightDataField | undefined {
  const field = obj(raw);
  // The value stays as sent (formatting validates it by type); only null becomes absent.
  return field && compact<InsightDataField>({ title: text(field.title), type: oneOf(field.type, DATA_TYPES), value: field.value ?? undefined });
}

export function normalizeReport(raw: unknown): InsightReport {
  const report = object(raw, 'report');
  const key = required(str(report.key), 'report key');
  return compact<InsightReport>({
    key,
    title: str(report.title) ?? key,
    details: str(report.details),
    result: oneOf(report.result, ['PASS', 'FAIL'] as const),
    reporter: str(report.reporter),
    link: str(report.link),
    logoUrl: str(report.logoUrl),
    createdDate: num(report.createdDate) ?? 0,
    data: eachReadable(report.data, readDataField),
  });
}

const ANNOTATION_TYPES: readonly AnnotationType[] = ['VULNERABILITY', 'CODE_SMELL', 'BUG'];

export function normalizeAnnotation(raw: unknown): InsightAnnotation {
  const annotation = object(raw, 'annotation');
  return compact<InsightAnnotation>({
    reportKey: text(annotation.reportKey),
    externalId: str(annotation.externalId),
    path: str(annotation.path),
    // Missing or 0 = the whole file (rest-contracts.md §5).
    line: Math.max(0, int(annotation.line) ?? 0),
    message: text(annotation.message),
    // The spec requires a severity on write; a reader without one shows it as the mildest.
    severity: oneOf(annotation.severity, ['MEDIUM', 'HIGH'] as const) ?? 'LOW',
    type: oneOf(annotation.type, ANNOTATION_TYPES),
    link: str(annotation.link),
  });
}

/** `annotations` absent → none; `totalCount` kept only when it is a count. */
export function normalizeAnnotationList(raw: unknown): AnnotationList {
  const body = object(raw, 'annotations');
  return compact<AnnotationList>({ totalCount: count(body.totalCount), annotations: each(body.annotations, normalizeAnnotation) });
}

// ---------------------------------------------------------------------------------------------------------
// Build status

/** Build states of the current and legacy resources, Cloud's `STOPPED`, any case; anything else is UNKNOWN. */
const BUILD_STATE_ALIASES: Record<string, BuildState> = {
  SUCCESSFUL: 'SUCCESSFUL',
  SUCCESS: 'SUCCESSFUL',
  FAILED: 'FAILED',
  FAILURE: 'FAILED',
  INPROGRESS: 'INPROGRESS',
  IN_PROGRESS: 'INPROGRESS',
  CANCELLED: 'CANCELLED',
  CANCELED: 'CANCELLED',
  STOPPED: 'CANCELLED',
  UNKNOWN: 'UNKNOWN',
};

export function normalizeBuildStatus(raw: unknown): BuildStatus {
  const build = object(raw, 'build status');
  const state = typeof build.state === 'string' ? BUILD_STATE_ALIASES[build.state.trim().toUpperCase()] : undefined;
  const url = str(build.url);
  const tests = obj(build.testResults);
  const testResults =
    tests && count(tests.successful) !== undefined && count(tests.failed) !== undefined
      ? { successful: count(tests.successful) as number, failed: count(tests.failed) as number, skipped: count(tests.skipped) ?? 0 }
      : undefined;
  return compact<BuildStatus>({
    // Legacy rows may lack `key`: the name or the URL is what identifies the build to a reader.
    key: str(build.key) ?? str(build.name) ?? url ?? '',
    state: state ?? 'UNKNOWN',
    url,
    name: str(build.name),
    description: str(build.description),
    buildNumber: str(build.buildNumber) ?? int(build.buildNumber)?.toString(),
    parent: str(build.parent),
    ref: str(build.ref),
    duration: count(build.duration),
    testResults,
    createdDate: num(build.createdDate) ?? num(build.dateAdded),
    updatedDate: num(build.updatedDate) ?? num(build.dateAdded),
  });
}
