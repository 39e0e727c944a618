/**
 * Wire bodies shaped like real Bitbucket DC answers (rest-contracts.md §1–§6). The contract test
 * validates every one against the 9.2 OpenAPI document, so unit tests built on them use real shapes.
 */
import type {
  Activity,
  AnnotationList,
  Branch,
  BranchModel,
  BuildStatus,
  Change,
  Comment,
  Commit,
  InsightReport,
  MergeStatus,
  MinimalRef,
  Participant,
  Project,
  PullRequest,
  Repository,
  User,
  UserReaction,
} from '../../frontend/rest/types';
import type { Wire, WireBranch, WireBuildStatus } from '../../frontend/rest/normalize';
import { BASE_URL as BASE, project as wireProject, repository as wireRepository, user as wireUser } from '../support/wire';

export { BASE };
export { page } from '../support/wire';

export const SHA = '8d51122def5632836d1cb1026e879069e10a1e13';
export const PARENT_SHA = '62a0505e8204115b8b9c8a95bfa264a8c0896a93';
export const REPO = { projectKey: 'PRJ', repositorySlug: 'web-app' };

export const user: User = wireUser('jdoe', 'Jane Doe', { id: 101 });

export const otherUser: User = { ...user, name: 'jdoe2', slug: 'jdoe2', id: 102, displayName: 'John Doe', emailAddress: 'jdoe2@example.com' };

export const project: Project = wireProject('PRJ', { name: 'Project' });

export const repository: Repository = wireRepository('web-app', 'PRJ', {
  archived: false,
  project,
  links: {
    clone: [
      { href: `${BASE}/scm/prj/web-app.git`, name: 'http' },
      { href: 'ssh://git@localhost:7999/prj/web-app.git', name: 'ssh' },
    ],
    self: [{ href: `${BASE}/projects/PRJ/repos/web-app/browse` }],
  },
});

export const commit: Commit = {
  id: SHA,
  displayId: SHA.slice(0, 11),
  author: { name: 'jdoe', emailAddress: 'jdoe@example.com' },
  authorTimestamp: 1717171717000,
  committer: { name: 'jdoe', emailAddress: 'jdoe@example.com' },
  committerTimestamp: 1717171717000,
  message: 'Fix the <script> escaping',
  parents: [{ id: PARENT_SHA, displayId: PARENT_SHA.slice(0, 11) }],
};

/** Branch entries as servers send them: the tip twice, as `latestCommit` and the older `latestChangeset`. */
export const branch: WireBranch = { id: 'refs/heads/main', displayId: 'main', type: 'BRANCH', latestCommit: SHA, latestChangeset: SHA, isDefault: true };
export const featureBranch: WireBranch = { id: 'refs/heads/feature/x', displayId: 'feature/x', type: 'BRANCH', latestCommit: PARENT_SHA, latestChangeset: PARENT_SHA, isDefault: false };
/** What the client resolves them to (frontend/rest/normalize.ts): one tip, no alias. */
export const branchRead: Branch = { id: 'refs/heads/main', displayId: 'main', type: 'BRANCH', latestCommit: SHA, isDefault: true };
export const featureBranchRead: Branch = { id: 'refs/heads/feature/x', displayId: 'feature/x', type: 'BRANCH', latestCommit: PARENT_SHA, isDefault: false };
export const defaultRef: MinimalRef = { id: 'refs/heads/main', displayId: 'main', type: 'BRANCH' };

export const author: Participant = { user, role: 'AUTHOR', approved: false, status: 'UNAPPROVED' };
export const reviewer: Participant = { user: otherUser, role: 'REVIEWER', approved: true, status: 'APPROVED', lastReviewedCommit: SHA };

export const pullRequest: PullRequest = {
  id: 7,
  version: 3,
  title: 'Add insights panel',
  description: 'Adds the panel.',
  state: 'OPEN',
  open: true,
  closed: false,
  draft: false,
  createdDate: 1717171717000,
  updatedDate: 1717171800000,
  fromRef: { id: 'refs/heads/feature/x', displayId: 'feature/x', latestCommit: SHA, type: 'BRANCH', repository },
  toRef: { id: 'refs/heads/main', displayId: 'main', latestCommit: PARENT_SHA, type: 'BRANCH', repository },
  locked: false,
  author,
  reviewers: [reviewer],
  participants: [],
  properties: { mergeResult: { outcome: 'CLEAN', current: true }, openTaskCount: 1, resolvedTaskCount: 0 },
  links: { self: [{ href: `${BASE}/projects/PRJ/repos/web-app/pull-requests/7` }] },
};

export const mergeStatus: MergeStatus = {
  canMerge: false,
  conflicted: false,
  outcome: 'CLEAN',
  vetoes: [{ summaryMessage: 'Not enough approvals', detailedMessage: 'You need 2 approvals, you have 1.' }],
};

export const comment: Comment = {
  id: 42,
  version: 0,
  text: 'Please fix <img src=x onerror=alert(1)>',
  author: user,
  createdDate: 1717171717000,
  updatedDate: 1717171717000,
  comments: [],
  severity: 'BLOCKER',
  state: 'OPEN',
  threadResolved: false,
  properties: { repositoryId: 11 },
  permittedOperations: { editable: true, transitionable: true, deletable: true },
};

export const activity: Activity = { id: 900, createdDate: 1717171717000, user, action: 'COMMENTED', commentAction: 'ADDED', comment };

export const change: Change = {
  contentId: 'abcdef0123456789abcdef0123456789abcdef01',
  fromContentId: '0123456789abcdef0123456789abcdef01234567',
  path: { components: ['src', 'a b.ts'], parent: 'src', name: 'a b.ts', extension: 'ts', toString: 'src/a b.ts' },
  executable: false,
  percentUnchanged: -1,
  type: 'MODIFY',
  nodeType: 'FILE',
  properties: { activeComments: 1 },
};

export const reaction: UserReaction = { user, emoticon: { shortcut: ':heart:', url: `${BASE}/s/emoji/2764.svg`, value: '❤️' } };

export const report: InsightReport = {
  key: 'com.example.lint',
  title: 'Lint',
  details: 'Static analysis',
  result: 'FAIL',
  reporter: 'Example CI',
  link: 'https://ci.example.com/builds/1',
  createdDate: 1717171717000,
  data: [
    { title: 'Issues', type: 'NUMBER', value: 3 },
    { title: 'Coverage', type: 'PERCENTAGE', value: 81.5 },
    { title: 'Safe to merge', type: 'BOOLEAN', value: false },
    { title: 'Build', type: 'LINK', value: { linktext: '#1', href: 'https://ci.example.com/builds/1' } },
    { title: 'Tool', type: 'TEXT', value: 'eslint' },
    { title: 'Took', type: 'DURATION', value: 65000 },
  ],
};

export const annotations: AnnotationList = {
  totalCount: 2,
  annotations: [
    { reportKey: 'com.example.lint', externalId: 'lint-1', path: 'src/a b.ts', line: 3, message: 'Unused variable', severity: 'LOW', type: 'CODE_SMELL', link: 'https://ci.example.com/rules/1' },
    { reportKey: 'com.example.lint', path: 'src/b.ts', line: 0, message: 'File too long', severity: 'MEDIUM' },
  ],
};

/** A row of the legacy `/rest/build-status/1.0` list (rest-contracts.md §6.2, cdancy `build-status.json`). */
export const buildStatus: WireBuildStatus = {
  state: 'SUCCESSFUL',
  key: 'CI-1',
  name: 'CI #1',
  url: 'https://ci.example.com/builds/1',
  description: 'Passed',
  dateAdded: 1717171717000,
};
/** What the client resolves it to: `dateAdded` is both dates of the current resource's shape. */
export const buildStatusRead: BuildStatus = {
  state: 'SUCCESSFUL',
  key: 'CI-1',
  name: 'CI #1',
  url: 'https://ci.example.com/builds/1',
  description: 'Passed',
  createdDate: 1717171717000,
  updatedDate: 1717171717000,
};

/** rest-contracts.md §3 "Effective model" (the 9.2 document has no schema for it). */
export const branchModel: Wire<BranchModel> = {
  development: branch,
  types: [
    { id: 'BUGFIX', displayName: 'Bugfix', prefix: 'bugfix/' },
    { id: 'FEATURE', displayName: 'Feature', prefix: 'feature/' },
  ],
};

export const branchModelRead: BranchModel = { ...(branchModel as BranchModel), development: branchRead };
