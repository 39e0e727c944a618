/** Small helpers the seed uses to write history and review data through the Store, deterministically. */
import type { Store } from '../store/store';
import type {
  AnnotationRecord,
  BranchModelConfig,
  BuildStatusRecord,
  CommentAnchorRecord,
  CommentRecord,
  DefaultReviewerConditionRecord,
  InsightDataRecord,
  JiraLinkRecord,
  InsightReportRecord,
  ParticipantStatus,
  PullRequestRecord,
  RefMatcherRecord,
  RepositoryRecord,
  UserRecord,
} from '../store/types';

export const HOUR = 3600000;

export const DEFAULT_BRANCH_MODEL: BranchModelConfig = {
  development: { refId: null, useDefault: true },
  production: null,
  types: [
    { id: 'BUGFIX', displayName: 'Bugfix', enabled: true, prefix: 'bugfix/' },
    { id: 'FEATURE', displayName: 'Feature', enabled: true, prefix: 'feature/' },
    { id: 'HOTFIX', displayName: 'Hotfix', enabled: true, prefix: 'hotfix/' },
    { id: 'RELEASE', displayName: 'Release', enabled: true, prefix: 'release/' },
  ],
};

export class SeedClock {
  constructor(private time: number) {}
  /** Advances and returns the new time. */
  next(step = HOUR): number {
    this.time += step;
    return this.time;
  }
  now(): number {
    return this.time;
  }
}

export class SeedBuilder {
  constructor(
    readonly store: Store,
    readonly clock: SeedClock,
  ) {}

  user(slug: string): UserRecord {
    const user = this.store.user(slug);
    if (!user) throw new Error(`seed: no user ${slug}`);
    return user;
  }

  repository(options: { projectKey: string; slug: string; name: string; description?: string; defaultBranch?: string; branchModel?: BranchModelConfig | null }): RepositoryRecord {
    const repo: RepositoryRecord = {
      id: ++this.store.data.counters.repository,
      slug: options.slug,
      name: options.name,
      projectKey: options.projectKey,
      description: options.description,
      public: false,
      forkable: true,
      archived: false,
      defaultBranch: options.defaultBranch ?? 'main',
      permissions: {},
      branches: {},
      branchUpdated: {},
      commits: {},
      branchModel: options.branchModel === undefined ? structuredClone(DEFAULT_BRANCH_MODEL) : options.branchModel,
      mergeChecks: { minApprovals: 0, requireTasksResolved: false, vetoOnNeedsWork: false, requiredReports: [] },
      nextPullRequestId: 1,
    };
    if (!repo.description) delete repo.description;
    this.store.data.repositories.push(repo);
    return repo;
  }

  /** Commits `files` on top of `branch` (or as a root commit when the branch does not exist and `from` is null). */
  commit(repo: RepositoryRecord, branch: string, authorSlug: string, message: string, files: Record<string, string | null>, from?: string | null): string {
    const author = this.user(authorSlug);
    const parent = from === undefined ? repo.branches[branch] : from;
    const time = this.clock.next();
    const commit = this.store.createCommit(repo, {
      parents: parent ? [parent] : [],
      files,
      message,
      author: { name: author.displayName, emailAddress: author.emailAddress },
      timestamp: time,
    });
    this.store.setBranch(repo, branch, commit.id, author, time);
    return commit.id;
  }

  branch(repo: RepositoryRecord, name: string, from: string): string {
    const commitId = repo.branches[from] ?? from;
    repo.branches[name] = commitId;
    repo.branchUpdated[name] = this.clock.next(60000);
    return commitId;
  }

  pullRequest(
    repo: RepositoryRecord,
    options: { title: string; description?: string; from: string; to: string; author: string; reviewers?: [string, ParticipantStatus][]; draft?: boolean },
  ): PullRequestRecord {
    const created = this.clock.next();
    const pr: PullRequestRecord = {
      repositoryId: repo.id,
      id: repo.nextPullRequestId++,
      version: 0,
      title: options.title,
      description: options.description,
      state: 'OPEN',
      draft: options.draft ?? false,
      locked: false,
      createdDate: created,
      updatedDate: created,
      fromBranch: options.from,
      toBranch: options.to,
      fromCommit: repo.branches[options.from],
      toCommit: repo.branches[options.to],
      authorSlug: options.author,
      reviewers: (options.reviewers ?? []).map(([slug]) => ({ slug, role: 'REVIEWER', status: 'UNAPPROVED' })),
      participants: [],
    };
    if (!pr.description) delete pr.description;
    this.store.data.pullRequests.push(pr);
    this.store.addActivity(pr, options.author, { action: 'OPENED' }, created);
    for (const [slug, status] of options.reviewers ?? []) if (status !== 'UNAPPROVED') this.review(repo, pr, slug, status);
    return pr;
  }

  review(repo: RepositoryRecord, pr: PullRequestRecord, slug: string, status: ParticipantStatus): void {
    const at = this.clock.next(10 * 60000);
    const reviewer = pr.reviewers.find((r) => r.slug === slug);
    if (reviewer) {
      reviewer.status = status;
      reviewer.lastReviewedCommit = pr.fromCommit;
    }
    this.store.addActivity(pr, slug, { action: status === 'APPROVED' ? 'APPROVED' : status === 'NEEDS_WORK' ? 'REVIEWED' : 'UNAPPROVED' }, at);
  }

  comment(
    repo: RepositoryRecord,
    pr: PullRequestRecord,
    authorSlug: string,
    text: string,
    options: { parent?: CommentRecord; severity?: 'NORMAL' | 'BLOCKER'; state?: 'OPEN' | 'RESOLVED'; anchor?: CommentAnchorRecord; reactions?: Record<string, string[]> } = {},
  ): CommentRecord {
    const at = this.clock.next(7 * 60000);
    const comment = this.store.addComment({
      text,
      authorSlug,
      createdDate: at,
      updatedDate: at,
      severity: options.severity ?? 'NORMAL',
      state: options.state ?? 'OPEN',
      parentId: options.parent?.id,
      anchor: options.anchor,
      repositoryId: repo.id,
      pullRequestId: pr.id,
      reactions: options.reactions ?? {},
    });
    if (comment.parentId === undefined) delete comment.parentId;
    if (!comment.anchor) delete comment.anchor;
    if (comment.state === 'RESOLVED') {
      comment.resolverSlug = pr.authorSlug;
      comment.resolvedDate = at + 60000;
    }
    this.store.ensureParticipant(pr, authorSlug);
    for (const users of Object.values(comment.reactions)) for (const slug of users) this.store.ensureParticipant(pr, slug);
    this.store.addActivity(pr, authorSlug, { action: 'COMMENTED', commentAction: options.parent ? 'REPLIED' : 'ADDED', commentId: comment.id }, at);
    return comment;
  }

  commitComment(repo: RepositoryRecord, commitId: string, authorSlug: string, text: string, reactions: Record<string, string[]> = {}): CommentRecord {
    const at = this.clock.next(5 * 60000);
    return this.store.addComment({ text, authorSlug, createdDate: at, updatedDate: at, severity: 'NORMAL', repositoryId: repo.id, commitId, reactions });
  }

  merge(repo: RepositoryRecord, pr: PullRequestRecord, bySlug: string): void {
    const by = this.user(bySlug);
    const result = this.store.tryMerge(repo, pr.toCommit, pr.fromCommit);
    if (result.conflicts.length) throw new Error(`seed: PR ${pr.id} conflicts`);
    const at = this.clock.next();
    const merge = this.store.createCommit(repo, {
      parents: [pr.toCommit, pr.fromCommit],
      tree: result.tree,
      message: `Pull request #${pr.id}: ${pr.title}\n\nMerge in ${repo.projectKey}/${repo.slug} from ${pr.fromBranch} to ${pr.toBranch}`,
      author: { name: by.displayName, emailAddress: by.emailAddress },
      timestamp: at,
    });
    pr.state = 'MERGED';
    pr.closedDate = at;
    pr.updatedDate = at;
    pr.version++;
    pr.mergeCommit = merge.id;
    this.store.addActivity(pr, bySlug, { action: 'MERGED' }, at);
    this.store.setBranch(repo, pr.toBranch, merge.id, by, at);
  }

  decline(pr: PullRequestRecord, bySlug: string): void {
    const at = this.clock.next();
    pr.state = 'DECLINED';
    pr.closedDate = at;
    pr.updatedDate = at;
    pr.version++;
    this.store.addActivity(pr, bySlug, { action: 'DECLINED' }, at);
  }

  build(repo: RepositoryRecord, commitId: string, fields: Omit<BuildStatusRecord, 'repositoryId' | 'commitId' | 'createdDate' | 'updatedDate'>): void {
    const at = this.clock.next(5 * 60000);
    this.store.data.builds.push({ repositoryId: repo.id, commitId, createdDate: at, updatedDate: at, ...fields });
  }

  report(
    repo: RepositoryRecord,
    commitId: string,
    key: string,
    fields: { title: string; result?: 'PASS' | 'FAIL'; details?: string; reporter?: string; link?: string; logoUrl?: string; data?: InsightDataRecord[]; creator?: string },
    annotations: AnnotationRecord[] = [],
  ): InsightReportRecord {
    const { creator, data, ...rest } = fields;
    const report: InsightReportRecord = {
      repositoryId: repo.id,
      commitId,
      key,
      ...rest,
      data: data ?? [],
      createdDate: this.clock.next(3 * 60000),
      creatorSlug: creator ?? 'admin',
      annotations,
    };
    this.store.data.reports.push(report);
    return report;
  }

  /** A default-reviewer condition on a project (`repo` omitted) or one repository. */
  defaultReviewers(
    scope: { projectKey: string } | { repo: RepositoryRecord },
    options: { source: RefMatcherRecord; target: RefMatcherRecord; reviewers: string[]; requiredApprovals: number },
  ): DefaultReviewerConditionRecord {
    for (const slug of options.reviewers) this.user(slug);
    const condition: DefaultReviewerConditionRecord = {
      id: ++this.store.data.counters.reviewerCondition,
      scope: 'repo' in scope ? { type: 'REPOSITORY', repositoryId: scope.repo.id } : { type: 'PROJECT', projectKey: scope.projectKey },
      sourceMatcher: options.source,
      targetMatcher: options.target,
      reviewerSlugs: options.reviewers,
      requiredApprovals: options.requiredApprovals,
    };
    this.store.data.defaultReviewers.push(condition);
    return condition;
  }

  jiraLink(link: JiraLinkRecord): void {
    this.store.data.jiraLinks.push(link);
  }
}

/** Deterministic pseudo-random numbers (mulberry32) so seeded annotations are stable across runs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
