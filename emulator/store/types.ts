/** The emulator's persisted model. Plain JSON-able records; REST shapes are built in emulator/rest/serialize.ts. */

export type RepoPermission = 'REPO_READ' | 'REPO_WRITE' | 'REPO_ADMIN';
export type ProjectPermission = 'PROJECT_READ' | 'PROJECT_WRITE' | 'PROJECT_ADMIN';
export type GlobalPermission = 'LICENSED_USER' | 'PROJECT_CREATE' | 'ADMIN' | 'SYS_ADMIN';
/** Effective access to a repository, ordered. */
export type AccessLevel = 0 | 1 | 2 | 3; // none, read, write, admin

export interface UserRecord {
  id: number;
  name: string;
  slug: string;
  displayName: string;
  emailAddress: string;
  password: string;
  active: boolean;
  type: 'NORMAL' | 'SERVICE';
  globalPermission: GlobalPermission;
}

export interface ProjectRecord {
  id: number;
  key: string;
  name: string;
  description?: string;
  public: boolean;
  /** userSlug → permission */
  permissions: Record<string, ProjectPermission>;
}

export interface PersonRecord {
  name: string;
  emailAddress: string;
}

export interface CommitRecord {
  id: string;
  parents: string[];
  /** path → blob id */
  tree: Record<string, string>;
  message: string;
  author: PersonRecord;
  authorTimestamp: number;
  committer: PersonRecord;
  committerTimestamp: number;
}

export type BranchCategory = 'BUGFIX' | 'FEATURE' | 'HOTFIX' | 'RELEASE';

export interface BranchModelConfig {
  development: { refId: string | null; useDefault: boolean };
  production: { refId: string | null; useDefault: boolean } | null;
  types: { id: BranchCategory; displayName: string; enabled: boolean; prefix: string }[];
}

/** Emulator-only merge checks (Bitbucket configures these in repository settings). */
export interface MergeCheckConfig {
  minApprovals: number;
  requireTasksResolved: boolean;
  /** Bitbucket's "no 'needs work' status" check. */
  vetoOnNeedsWork: boolean;
  /** Code Insights required reports: the report key on the PR's source commit must exist and PASS. */
  requiredReports: string[];
}

export interface RepositoryRecord {
  id: number;
  slug: string;
  name: string;
  projectKey: string;
  description?: string;
  public: boolean;
  forkable: boolean;
  archived: boolean;
  defaultBranch: string; // displayId, e.g. "main"
  permissions: Record<string, RepoPermission>;
  /** branch displayId → commit id */
  branches: Record<string, string>;
  /** branch displayId → last modification time (for orderBy=MODIFICATION) */
  branchUpdated: Record<string, number>;
  commits: Record<string, CommitRecord>;
  branchModel: BranchModelConfig | null;
  mergeChecks: MergeCheckConfig;
  nextPullRequestId: number;
}

export type ParticipantStatus = 'UNAPPROVED' | 'NEEDS_WORK' | 'APPROVED';
export type PullRequestState = 'OPEN' | 'DECLINED' | 'MERGED';

export interface ParticipantRecord {
  slug: string;
  role: 'AUTHOR' | 'REVIEWER' | 'PARTICIPANT';
  status: ParticipantStatus;
  lastReviewedCommit?: string;
}

export interface PullRequestRecord {
  repositoryId: number;
  id: number;
  version: number;
  title: string;
  description?: string;
  state: PullRequestState;
  draft: boolean;
  locked: boolean;
  createdDate: number;
  updatedDate: number;
  closedDate?: number;
  fromBranch: string;
  toBranch: string;
  /** Tips captured when the PR was last rescoped or closed (open PRs follow their branches). */
  fromCommit: string;
  toCommit: string;
  authorSlug: string;
  reviewers: ParticipantRecord[];
  participants: ParticipantRecord[];
  mergeCommit?: string;
}

export interface CommentAnchorRecord {
  path?: string;
  srcPath?: string;
  line?: number;
  lineType?: 'ADDED' | 'REMOVED' | 'CONTEXT';
  fileType?: 'FROM' | 'TO';
  diffType?: 'EFFECTIVE' | 'RANGE' | 'COMMIT';
  fromHash?: string;
  toHash?: string;
}

export interface CommentRecord {
  id: number;
  version: number;
  text: string;
  authorSlug: string;
  createdDate: number;
  updatedDate: number;
  severity: 'NORMAL' | 'BLOCKER';
  state: 'OPEN' | 'RESOLVED';
  threadResolved: boolean;
  resolverSlug?: string;
  resolvedDate?: number;
  parentId?: number;
  anchor?: CommentAnchorRecord;
  repositoryId: number;
  pullRequestId?: number;
  commitId?: string;
  /** emoticon name → userSlugs in the order they reacted */
  reactions: Record<string, string[]>;
}

export interface ActivityRecord {
  id: number;
  repositoryId: number;
  pullRequestId: number;
  createdDate: number;
  userSlug: string;
  action: string;
  commentAction?: 'ADDED' | 'EDITED' | 'DELETED' | 'REPLIED';
  commentId?: number;
  fromHash?: string;
  previousFromHash?: string;
  toHash?: string;
  previousToHash?: string;
  addedCommits?: string[];
}

export interface BuildStatusRecord {
  /** Null for builds posted through the legacy global build-status API. */
  repositoryId: number | null;
  commitId: string;
  key: string;
  state: 'SUCCESSFUL' | 'FAILED' | 'INPROGRESS' | 'CANCELLED' | 'UNKNOWN';
  url: string;
  name?: string;
  description?: string;
  buildNumber?: string;
  parent?: string;
  ref?: string;
  duration?: number;
  testResults?: { successful: number; failed: number; skipped: number };
  createdDate: number;
  updatedDate: number;
}

export type InsightDataType = 'BOOLEAN' | 'DATE' | 'DURATION' | 'LINK' | 'NUMBER' | 'PERCENTAGE' | 'TEXT';

export interface InsightDataRecord {
  title: string;
  type?: InsightDataType;
  value: unknown;
}

export interface AnnotationRecord {
  externalId?: string;
  path?: string;
  line: number;
  message: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH';
  type?: 'VULNERABILITY' | 'CODE_SMELL' | 'BUG';
  link?: string;
}

export interface InsightReportRecord {
  repositoryId: number;
  commitId: string;
  key: string;
  title: string;
  details?: string;
  result?: 'PASS' | 'FAIL';
  reporter?: string;
  link?: string;
  logoUrl?: string;
  createdDate: number;
  data: InsightDataRecord[];
  creatorSlug: string;
  annotations: AnnotationRecord[];
}

export interface AccessTokenRecord {
  id: string;
  name: string;
  userSlug: string;
  /** Tokens are stored in full: this is a local emulator, and `npm start` prints the demo token. */
  token: string;
  permissions: string[];
  createdDate: number;
  expiryDate?: number;
  /** Project and repository tokens belong to a bot user (userSlug) and are scoped to their project/repository. */
  scope?: ScopeRef;
}

export type RefMatcherType = 'ANY_REF' | 'BRANCH' | 'PATTERN' | 'MODEL_CATEGORY' | 'MODEL_BRANCH';

/**
 * Which refs a default-reviewer condition applies to. `id` is what Bitbucket stores: `ANY_REF_MATCHER_ID`,
 * `refs/heads/<name>`, a branch pattern, a branch-model category (`FEATURE`…) or model branch (`development`, `production`).
 */
export interface RefMatcherRecord {
  type: RefMatcherType;
  id: string;
  /** Shown to users; branch restrictions store it, default-reviewer conditions derive it from `id`. */
  displayId?: string;
}

/** A default-reviewer condition of the default-reviewers module, scoped to a project or one repository. */
export interface DefaultReviewerConditionRecord {
  id: number;
  scope: { type: 'PROJECT'; projectKey: string } | { type: 'REPOSITORY'; repositoryId: number };
  sourceMatcher: RefMatcherRecord;
  targetMatcher: RefMatcherRecord;
  reviewerSlugs: string[];
  requiredApprovals: number;
}

/**
 * A Bitbucket project linked to Jira (the Jira integration's project entity link). Issue keys of the
 * linked Jira projects found in a PR's title, source branch and commit messages are the PR's Jira issues.
 */
export interface JiraLinkRecord {
  projectKey: string;
  /** The application link to the Jira server. */
  applicationLinkId: string;
  /** The Jira application's base URL, e.g. https://jira.example.com */
  jiraBaseUrl: string;
  /** The linked Jira projects; the first is the primary link. */
  jiraProjects: { key: string; id: number; name: string }[];
}

export interface StoreData {
  schemaVersion: number;
  users: UserRecord[];
  projects: ProjectRecord[];
  repositories: RepositoryRecord[];
  blobs: Record<string, string>;
  pullRequests: PullRequestRecord[];
  comments: CommentRecord[];
  activities: ActivityRecord[];
  builds: BuildStatusRecord[];
  reports: InsightReportRecord[];
  tokens: AccessTokenRecord[];
  defaultReviewers: DefaultReviewerConditionRecord[];
  jiraLinks: JiraLinkRecord[];
  counters: { user: number; project: number; repository: number; comment: number; activity: number; token: number; reviewerCondition: number };
  /** Repository and project administration; filled in by Store when absent. */
  admin?: AdministrationData;
}

// ---------------------------------------------------------------- repository and project administration
// (tags, labels, webhooks, permissions, settings, restrictions, …). Optional in StoreData so a store.json
// written before they existed still loads; Store fills missing collections with empty ones.

/** What a setting, hook, webhook or token belongs to. */
export interface ScopeRef {
  type: 'PROJECT' | 'REPOSITORY';
  projectKey: string;
  /** Set for REPOSITORY scopes. */
  repositoryId?: number;
}

export interface GroupRecord {
  name: string;
  /** user slugs */
  members: string[];
}

export interface TagRecord {
  repositoryId: number;
  name: string;
  /** The commit the tag points at. */
  commitId: string;
  /** Annotated tags: the tag object's id (differs from commitId) and its message. */
  hash?: string;
  message?: string;
  taggerSlug?: string;
  createdDate: number;
}

export interface LabelRecord {
  repositoryId: number;
  name: string;
}

export interface WebhookRecord {
  id: number;
  scope: ScopeRef;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  configuration: Record<string, string>;
  sslVerificationRequired: boolean;
  credentials?: { username: string; password: string };
  createdDate: number;
  updatedDate: number;
}

export interface WebhookInvocationRecord {
  id: number;
  webhookId: number;
  event: string;
  eventScope: { type: string; id: string };
  start: number;
  finish: number;
  request: { url: string; method: string; headers: Record<string, string>; body?: string };
  result: { outcome: 'SUCCESS' | 'FAILURE' | 'ERROR'; description: string; statusCode?: number; body?: string };
}


export interface RefRestrictionRecord {
  id: number;
  scope: ScopeRef;
  type: 'read-only' | 'no-deletes' | 'fast-forward-only' | 'pull-request-only' | 'no-creates';
  matcher: RefMatcherRecord;
  users: string[];
  groups: string[];
}

export interface RequiredBuildRecord {
  id: number;
  repositoryId: number;
  buildParentKeys: string[];
  refMatcher: RefMatcherRecord;
  exemptRefMatcher?: RefMatcherRecord;
}

/** Enabled/settings state of a bundled repository hook at a project or repository. */
export interface HookStateRecord {
  scope: ScopeRef;
  hookKey: string;
  enabled: boolean;
  settings?: Record<string, unknown>;
}

export interface ReviewerGroupRecord {
  id: number;
  scope: ScopeRef;
  name: string;
  description?: string;
  users: string[];
}

export interface DeploymentRecord {
  repositoryId: number;
  commitId: string;
  key: string;
  deploymentSequenceNumber: number;
  displayName: string;
  description: string;
  url: string;
  state: 'PENDING' | 'IN_PROGRESS' | 'CANCELLED' | 'FAILED' | 'ROLLED_BACK' | 'SUCCESSFUL' | 'UNKNOWN';
  environment: { key: string; displayName: string; type?: string; url?: string };
  lastUpdated: number;
}

/** Pull-request settings of a project or repository (merge strategies, auto-decline, auto-merge). */
export interface PullRequestSettingsRecord {
  scope: ScopeRef;
  mergeStrategies?: { defaultStrategy: string; enabled: string[] };
  autoDecline?: { enabled: boolean; inactivityWeeks: number };
  autoMerge?: { enabled: boolean };
  requiredAllApprovers?: boolean;
  requiredSuccessfulBuilds?: number;
}

export interface RefChangeRecord {
  id: number;
  repositoryId: number;
  userSlug: string;
  createdDate: number;
  refId: string;
  fromHash: string;
  toHash: string;
  type: 'ADD' | 'DELETE' | 'UPDATE';
  trigger: string;
}

export interface HookScriptRecord {
  id: number;
  name: string;
  description?: string;
  type: 'PRE' | 'POST';
  content: string;
  version: number;
  createdDate: number;
  updatedDate: number;
}

export interface AutoMergeRequestRecord {
  repositoryId: number;
  pullRequestId: number;
  userSlug: string;
  createdDate: number;
  fromHash: string;
  toRefId: string;
  strategyId?: string;
  message?: string;
  autoSubject: boolean;
}

export interface AdministrationData {
  groups: GroupRecord[];
  tags: TagRecord[];
  labels: LabelRecord[];
  webhooks: WebhookRecord[];
  webhookInvocations: WebhookInvocationRecord[];
  refRestrictions: RefRestrictionRecord[];
  requiredBuilds: RequiredBuildRecord[];
  hookStates: HookStateRecord[];
  reviewerGroups: ReviewerGroupRecord[];
  deployments: DeploymentRecord[];
  pullRequestSettings: PullRequestSettingsRecord[];
  refChanges: RefChangeRecord[];
  /** userSlug → settings map (GET/POST /users/{slug}/settings) */
  userSettings: Record<string, Record<string, unknown>>;
  /** project key → permission every licensed user has (Bitbucket's "all users" project permission) */
  projectDefaultPermissions: Record<string, 'PROJECT_READ' | 'PROJECT_WRITE'>;
  /** project key → group → permission */
  projectGroupPermissions: Record<string, Record<string, ProjectPermission>>;
  /** repository id → group → permission */
  repositoryGroupPermissions: Record<string, Record<string, RepoPermission>>;
  /** Project settings restrictions: repositories of the project cannot change these features (hook settings). */
  settingsRestrictions: { projectKey: string; namespace: string; featureKey: string; componentKey?: string }[];
  /** Hook scripts a system admin uploaded, and where project/repository admins turned them on. */
  hookScripts: HookScriptRecord[];
  hookScriptConfigs: { scriptId: number; scope: ScopeRef; triggerIds: string[] }[];
  /** Auto-merge requests: the PR merges as soon as its checks pass. */
  autoMergeRequests: AutoMergeRequestRecord[];
  /** repository id → id of the repository it was forked from */
  forkOrigins: Record<string, number>;
  counters: { webhook: number; invocation: number; restriction: number; requiredBuild: number; reviewerGroup: number; refChange: number };
}
