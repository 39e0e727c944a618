/** Store records → Bitbucket's JSON shapes (rest-contracts.md §1.6, §2.2). Empty optionals are left out, like real servers. */
import type { FileChange, Store } from '../store/store';
import type {
  ActivityRecord,
  AnnotationRecord,
  BuildStatusRecord,
  CommentRecord,
  CommitRecord,
  InsightReportRecord,
  ParticipantRecord,
  ProjectRecord,
  PullRequestRecord,
  RepositoryRecord,
  UserRecord,
} from '../store/types';

export type Json = Record<string, unknown>;

/** Drops undefined/null/'' values (real JSON leaves empty optionals out). */
export function compact<T extends Json>(object: T): T {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined || value === null || value === '') delete object[key];
  }
  return object;
}

export function restUser(user: UserRecord, base: string): Json {
  return {
    name: user.name,
    emailAddress: user.emailAddress,
    active: user.active,
    displayName: user.displayName,
    id: user.id,
    slug: user.slug,
    type: user.type,
    links: { self: [{ href: `${base}/${user.type === 'SERVICE' ? 'bots' : 'users'}/${user.slug}` }] },
  };
}

export function restProject(project: ProjectRecord, base: string): Json {
  return compact({
    key: project.key,
    id: project.id,
    name: project.name,
    description: project.description,
    public: project.public,
    type: 'NORMAL',
    links: { self: [{ href: `${base}/projects/${project.key}` }] },
  });
}

export function restRepository(store: Store, repo: RepositoryRecord, base: string): Json {
  const project = store.project(repo.projectKey)!;
  const host = new URL(base).hostname;
  return compact({
    slug: repo.slug,
    id: repo.id,
    name: repo.name,
    description: repo.description,
    hierarchyId: repo.id.toString(16).padStart(20, '0'),
    scmId: 'git',
    state: 'AVAILABLE',
    statusMessage: 'Available',
    forkable: repo.forkable,
    project: restProject(project, base),
    public: repo.public,
    archived: repo.archived,
    links: {
      clone: [
        { href: `${base}/scm/${project.key.toLowerCase()}/${repo.slug}.git`, name: 'http' },
        { href: `ssh://git@${host}:7999/${project.key.toLowerCase()}/${repo.slug}.git`, name: 'ssh' },
      ],
      self: [{ href: `${base}/projects/${project.key}/repos/${repo.slug}/browse` }],
    },
  });
}

export function displayId(commitId: string): string {
  return commitId.slice(0, 11);
}

function person(store: Store, who: { name: string; emailAddress: string }, base: string): Json {
  const user = store.data.users.find((u) => u.emailAddress === who.emailAddress);
  return user ? restUser(user, base) : { name: who.name, emailAddress: who.emailAddress };
}

export function restCommit(store: Store, commit: CommitRecord, base: string): Json {
  return {
    id: commit.id,
    displayId: displayId(commit.id),
    author: person(store, commit.author, base),
    authorTimestamp: commit.authorTimestamp,
    committer: person(store, commit.committer, base),
    committerTimestamp: commit.committerTimestamp,
    message: commit.message,
    parents: commit.parents.map((id) => ({ id, displayId: displayId(id) })),
  };
}

export const AHEAD_BEHIND = 'com.atlassian.bitbucket.server.bitbucket-branch:ahead-behind-metadata-provider';
export const LATEST_COMMIT = 'com.atlassian.bitbucket.server.bitbucket-branch:latest-commit-metadata';

export function restBranch(store: Store, repo: RepositoryRecord, name: string, base: string, details?: { against: string }): Json {
  const latest = repo.branches[name];
  const branch: Json = { id: `refs/heads/${name}`, displayId: name, type: 'BRANCH', latestCommit: latest, latestChangeset: latest, isDefault: name === repo.defaultBranch };
  if (details) {
    const target = details.against;
    const ahead = target ? store.log(repo, latest, target).length : 0;
    const behind = target ? store.log(repo, target, latest).length : 0;
    branch.metadata = {
      [AHEAD_BEHIND]: { ahead, behind },
      [LATEST_COMMIT]: restCommit(store, repo.commits[latest], base),
    };
  }
  return branch;
}

export function restMinimalRef(name: string): Json {
  return { id: `refs/heads/${name}`, displayId: name, type: 'BRANCH' };
}

export function restParticipant(store: Store, participant: ParticipantRecord, base: string): Json {
  return compact({
    user: restUser(store.user(participant.slug)!, base),
    lastReviewedCommit: participant.lastReviewedCommit,
    role: participant.role,
    approved: participant.status === 'APPROVED',
    status: participant.status,
  });
}

export function restPullRequest(store: Store, pr: PullRequestRecord, base: string): Json {
  const repo = store.repositoryById(pr.repositoryId)!;
  const repository = restRepository(store, repo, base);
  const ref = (branch: string, commit: string) => ({ id: `refs/heads/${branch}`, displayId: branch, latestCommit: commit, type: 'BRANCH', repository });
  const tasks = store.taskCounts(pr);
  const properties: Json = { resolvedTaskCount: tasks.resolved, commentCount: tasks.comments, openTaskCount: tasks.open };
  if (pr.state === 'OPEN') {
    const evaluation = store.evaluateMerge(repo, pr);
    properties.mergeResult = { outcome: evaluation.outcome, current: true };
  }
  return compact({
    id: pr.id,
    version: pr.version,
    title: pr.title,
    description: pr.description,
    state: pr.state,
    open: pr.state === 'OPEN',
    closed: pr.state !== 'OPEN',
    draft: pr.draft,
    createdDate: pr.createdDate,
    updatedDate: pr.updatedDate,
    closedDate: pr.closedDate,
    fromRef: ref(pr.fromBranch, pr.fromCommit),
    toRef: ref(pr.toBranch, pr.toCommit),
    locked: pr.locked,
    author: restParticipant(store, { slug: pr.authorSlug, role: 'AUTHOR', status: 'UNAPPROVED' }, base),
    reviewers: pr.reviewers.map((r) => restParticipant(store, r, base)),
    participants: pr.participants.map((p) => restParticipant(store, p, base)),
    properties,
    links: { self: [{ href: `${base}/projects/${repo.projectKey}/repos/${repo.slug}/pull-requests/${pr.id}` }] },
  });
}

/** Emoticon names Bitbucket's reaction picker offers, with their twemoji code points. */
export const EMOTICONS: Record<string, { codePoint: string; value: string }> = {
  thumbsup: { codePoint: '1f44d', value: '\u{1F44D}' },
  '+1': { codePoint: '1f44d', value: '\u{1F44D}' },
  thumbsdown: { codePoint: '1f44e', value: '\u{1F44E}' },
  '-1': { codePoint: '1f44e', value: '\u{1F44E}' },
  heart: { codePoint: '2764', value: '\u2764\uFE0F' },
  smile: { codePoint: '1f604', value: '\u{1F604}' },
  laughing: { codePoint: '1f606', value: '\u{1F606}' },
  thinking_face: { codePoint: '1f914', value: '\u{1F914}' },
  eyes: { codePoint: '1f440', value: '\u{1F440}' },
  rocket: { codePoint: '1f680', value: '\u{1F680}' },
  tada: { codePoint: '1f389', value: '\u{1F389}' },
  confused: { codePoint: '1f615', value: '\u{1F615}' },
  white_check_mark: { codePoint: '2705', value: '\u2705' },
};

export function restEmoticon(name: string, base: string): Json {
  const known = EMOTICONS[name];
  return compact({
    shortcut: name,
    url: `${base}/s/emoticons/${known ? known.codePoint : name}.svg`,
    value: known?.value,
  });
}

/**
 * A comment with its replies under `comments`. A reply served on its own (POST 201, GET, PUT) also carries
 * `parent`: the parent comment without its replies, as real servers send; replies nested in a thread don't.
 */
export function restComment(store: Store, comment: CommentRecord, base: string, viewer: UserRecord | null, canAdmin: boolean, inThread = false): Json {
  const reactions = Object.entries(comment.reactions)
    .filter(([, users]) => users.length > 0)
    .map(([emoticon, users]) => ({ emoticon: restEmoticon(emoticon, base), users: users.map((slug) => restUser(store.user(slug)!, base)) }));
  const replies = store.repliesOf(comment);
  const isAuthor = viewer?.slug === comment.authorSlug;
  const properties: Json = { repositoryId: comment.repositoryId };
  if (reactions.length) properties.reactions = reactions;
  const resolver = comment.resolverSlug ? store.user(comment.resolverSlug) : undefined;
  return compact({
    properties,
    id: comment.id,
    version: comment.version,
    text: comment.text,
    author: restUser(store.user(comment.authorSlug)!, base),
    createdDate: comment.createdDate,
    updatedDate: comment.updatedDate,
    comments: replies.map((reply) => restComment(store, reply, base, viewer, canAdmin, true)),
    anchor: comment.anchor ? restAnchor(comment, store) : undefined,
    threadResolved: comment.threadResolved,
    severity: comment.severity,
    state: comment.state,
    resolver: resolver ? restUser(resolver, base) : undefined,
    resolvedDate: comment.resolvedDate,
    permittedOperations: {
      editable: isAuthor,
      transitionable: viewer !== null,
      deletable: (isAuthor || canAdmin) && replies.length === 0,
    },
    parent: !inThread && comment.parentId !== undefined ? parentComment(store, comment.parentId, base, viewer, canAdmin) : undefined,
    html: undefined,
  });
}

function parentComment(store: Store, parentId: number, base: string, viewer: UserRecord | null, canAdmin: boolean): Json | undefined {
  const parent = store.comment(parentId);
  if (!parent) return undefined;
  const out = restComment(store, parent, base, viewer, canAdmin, true);
  delete out.comments;
  return out;
}

function restAnchor(comment: CommentRecord, store: Store): Json {
  const anchor = comment.anchor!;
  const result: Json = compact({ ...anchor });
  if (comment.pullRequestId !== undefined) {
    const pr = store.data.pullRequests.find((p) => p.repositoryId === comment.repositoryId && p.id === comment.pullRequestId);
    // An inline comment is orphaned once the file it points at no longer exists in the PR's source commit.
    if (pr && anchor.path) {
      const repo = store.repositoryById(pr.repositoryId)!;
      result.orphaned = store.fileAt(repo, pr.fromCommit, anchor.path) === undefined && anchor.fileType !== 'FROM';
    }
  }
  return result;
}

export function restActivity(store: Store, activity: ActivityRecord, base: string, viewer: UserRecord | null, canAdmin: boolean): Json {
  const out: Json = { id: activity.id, createdDate: activity.createdDate, user: restUser(store.user(activity.userSlug)!, base), action: activity.action };
  if (activity.action === 'COMMENTED') {
    out.commentAction = activity.commentAction ?? 'ADDED';
    const comment = activity.commentId !== undefined ? store.comment(activity.commentId) : undefined;
    if (comment) {
      out.comment = restComment(store, comment, base, viewer, canAdmin);
      if (comment.anchor) out.commentAnchor = restAnchor(comment, store);
    }
  }
  if (activity.action === 'RESCOPED') {
    const repo = store.repositoryById(activity.repositoryId)!;
    Object.assign(out, compact({ fromHash: activity.fromHash, previousFromHash: activity.previousFromHash, previousToHash: activity.previousToHash, toHash: activity.toHash }));
    const added = (activity.addedCommits ?? []).filter((id) => repo.commits[id]);
    out.added = { commits: added.map((id) => restCommit(store, repo.commits[id], base)), total: added.length };
    out.removed = { commits: [], total: 0 };
  }
  return out;
}

export function restPath(path: string): Json {
  const components = path.split('/').filter(Boolean);
  const name = components[components.length - 1] ?? '';
  const dot = name.lastIndexOf('.');
  return compact({
    components,
    parent: components.slice(0, -1).join('/'),
    name,
    extension: dot > 0 ? name.slice(dot + 1) : undefined,
    toString: path,
  });
}

export function restChange(change: FileChange, activeComments?: number): Json {
  const out: Json = compact({
    contentId: change.contentId,
    fromContentId: change.fromContentId,
    path: restPath(change.path),
    srcPath: change.srcPath === undefined ? undefined : restPath(change.srcPath),
    executable: false,
    percentUnchanged: change.similarity ?? -1,
    type: change.type,
    nodeType: 'FILE',
    srcExecutable: change.type === 'ADD' ? undefined : false,
  });
  out.properties = compact({ gitChangeType: change.type, activeComments });
  return out;
}

export function restReport(report: InsightReportRecord): Json {
  return compact({
    key: report.key,
    title: report.title,
    details: report.details,
    result: report.result,
    reporter: report.reporter,
    link: report.link,
    logoUrl: report.logoUrl,
    createdDate: report.createdDate,
    data: report.data.map((d) => compact({ title: d.title, type: d.type, value: d.value as never })),
  });
}

export function restAnnotation(reportKey: string, annotation: AnnotationRecord): Json {
  return compact({
    reportKey,
    externalId: annotation.externalId,
    path: annotation.path,
    line: annotation.line,
    message: annotation.message,
    severity: annotation.severity,
    type: annotation.type,
    link: annotation.link,
  });
}

export function restBuild(build: BuildStatusRecord, store: Store): Json {
  const repo = build.repositoryId !== null ? store.repositoryById(build.repositoryId) : undefined;
  return compact({
    key: build.key,
    state: build.state,
    url: build.url,
    name: build.name,
    description: build.description,
    buildNumber: build.buildNumber,
    parent: build.parent,
    ref: build.ref,
    duration: build.duration,
    testResults: build.testResults,
    createdDate: build.createdDate,
    updatedDate: build.updatedDate,
    projectKey: repo?.projectKey,
    repositorySlug: repo?.slug,
  });
}

/** Rows of the legacy `/rest/build-status` API. */
export function restLegacyBuild(build: BuildStatusRecord): Json {
  return compact({ state: build.state, key: build.key, name: build.name, url: build.url, description: build.description, dateAdded: build.updatedDate });
}
