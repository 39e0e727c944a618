/**
 * frontend/rest/normalize.ts, variant by variant: what each wire shape real servers send reads as, and what
 * is refused. (The surfaces over the same variants: test/real-server/ and test/properties/real-shapes.)
 */
import {
  ShapeError,
  displayIdOf,
  normalizeActivity,
  normalizeAnnotation,
  normalizeAnnotationList,
  normalizeBranch,
  normalizeBranchModel,
  normalizeBuildStatus,
  normalizeChange,
  normalizeComment,
  normalizeCommit,
  normalizeMergeStatus,
  normalizeMinimalRef,
  normalizeOptionalCommit,
  normalizeParticipant,
  normalizePullRequest,
  normalizeReport,
  normalizeRepository,
  normalizeUser,
  normalizeUserReaction,
  readComment,
  readPullRequest,
  readPullRequestContext,
} from '../../frontend/rest/normalize';
import * as fx from './fixtures';

const SHA = fx.SHA;
const without = <T extends object>(value: T, ...keys: string[]): T => Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as T;

describe('refs and branches', () => {
  it('derives displayId from refs/heads/ and refs/tags/ only', () => {
    expect(displayIdOf('refs/heads/feature/x')).toBe('feature/x');
    expect(displayIdOf('refs/tags/v1.0')).toBe('v1.0');
    expect(displayIdOf('refs/heads/')).toBe('refs/heads/');
    expect(displayIdOf('refs/pull-requests/7/from')).toBe('refs/pull-requests/7/from');
  });

  it('reads the tip from latestCommit, else latestChangeset, else the latest-commit metadata, else null', () => {
    expect(normalizeBranch({ id: 'refs/heads/a', latestCommit: SHA, latestChangeset: 'x'.repeat(40) }).latestCommit).toBe(SHA);
    expect(normalizeBranch({ id: 'refs/heads/a', latestChangeset: SHA }).latestCommit).toBe(SHA);
    expect(normalizeBranch({ id: 'refs/heads/a', latestCommit: null, latestChangeset: SHA }).latestCommit).toBe(SHA);
    expect(normalizeBranch({ id: 'refs/heads/a', latestCommit: '', latestChangeset: SHA }).latestCommit).toBe(SHA);
    const metadata = { 'com.atlassian.bitbucket.server.bitbucket-branch:latest-commit-metadata': { id: SHA } };
    expect(normalizeBranch({ id: 'refs/heads/a', metadata }).latestCommit).toBe(SHA);
    expect(normalizeBranch({ id: 'refs/heads/a' }).latestCommit).toBeNull();
  });

  it('reads the cdancy branch-list entry (no type, no latestCommit) into the clean shape', () => {
    expect(normalizeBranch({ id: 'refs/heads/hello-world', displayId: 'hello-world', latestChangeset: SHA, isDefault: false })).toEqual({
      id: 'refs/heads/hello-world',
      displayId: 'hello-world',
      type: 'BRANCH',
      latestCommit: SHA,
      isDefault: false,
    });
  });

  it('takes isDefault, else the spec\'s `default`, else false; a bare displayId names a branch', () => {
    expect(normalizeBranch({ id: 'refs/heads/a', default: true }).isDefault).toBe(true);
    expect(normalizeBranch({ id: 'refs/heads/a', isDefault: false, default: true }).isDefault).toBe(false);
    expect(normalizeBranch({ id: 'refs/heads/a', isDefault: null }).isDefault).toBe(false);
    expect(normalizeBranch({ displayId: 'main' })).toMatchObject({ id: 'refs/heads/main', displayId: 'main' });
    expect(normalizeBranch({ id: 'refs/tags/v1', type: 'tag' })).toMatchObject({ displayId: 'v1', type: 'TAG' });
  });

  it('refuses a branch with neither id nor displayId, and non-objects', () => {
    expect(() => normalizeBranch({ latestCommit: SHA })).toThrow(ShapeError);
    expect(() => normalizeBranch(null)).toThrow(ShapeError);
    expect(() => normalizeBranch([])).toThrow(ShapeError);
    expect(() => normalizeMinimalRef({ displayId: '' })).toThrow(ShapeError);
  });

  it('the default-branch ref gets a displayId', () => {
    expect(normalizeMinimalRef({ id: 'refs/heads/main' })).toEqual({ id: 'refs/heads/main', displayId: 'main', type: 'BRANCH' });
  });

  it('a branch model keeps readable types and model branches, drops the rest', () => {
    const model = normalizeBranchModel({
      development: { id: 'refs/heads/main', latestChangeset: SHA },
      production: { nothing: true },
      types: [{ id: 'feature', prefix: 'feature/' }, { id: 'BUGFIX', displayName: null, prefix: 'bugfix/' }, { id: 'OTHER', prefix: 'x/' }, { id: 'HOTFIX' }, null],
    });
    expect(model).toEqual({
      development: { id: 'refs/heads/main', displayId: 'main', type: 'BRANCH', latestCommit: SHA, isDefault: false },
      types: [
        { id: 'FEATURE', displayName: 'FEATURE', prefix: 'feature/' },
        { id: 'BUGFIX', displayName: 'BUGFIX', prefix: 'bugfix/' },
      ],
    });
    expect(normalizeBranchModel({})).toEqual({ types: [] });
  });
});

describe('pull requests', () => {
  const recorded = {
    // cdancy pull-request.json: no displayIds, toRef without latestCommit, name null, no properties.
    id: 101,
    version: 1,
    title: 'Talking Nerdy',
    state: 'OPEN',
    open: true,
    closed: false,
    fromRef: { id: 'refs/heads/feature-ABC-123', repository: { slug: 'my-repo', name: null, project: { key: 'PRJ' } }, latestCommit: SHA },
    toRef: { id: 'refs/heads/master', repository: { slug: 'my-repo', name: null, project: { key: 'PRJ' } } },
    author: { user: { name: 'tom', slug: 'tom', id: 1 }, role: 'AUTHOR', approved: true, status: 'APPROVED' },
  };

  it('reads a recorded PR without displayIds, properties or a target commit', () => {
    const pr = normalizePullRequest(recorded);
    expect(pr.fromRef).toMatchObject({ id: 'refs/heads/feature-ABC-123', displayId: 'feature-ABC-123', latestCommit: SHA, repository: { slug: 'my-repo', name: 'my-repo', project: { key: 'PRJ', name: 'PRJ' } } });
    expect(pr.toRef.displayId).toBe('master');
    expect(pr.toRef.latestCommit).toBeUndefined();
    expect(pr.properties).toBeUndefined();
    expect(pr.reviewers).toEqual([]);
    expect(pr.participants).toEqual([]);
    expect(pr.author?.user.displayName).toBe('tom');
    expect(pr.updatedDate).toBe(0);
  });

  it('takes the head from latestChangeset, and shares a repository between refs that name only one', () => {
    const pr = normalizePullRequest({ ...recorded, fromRef: { id: 'refs/heads/x', latestChangeset: SHA }, toRef: recorded.toRef });
    expect(pr.fromRef.latestCommit).toBe(SHA);
    expect(pr.fromRef.repository?.slug).toBe('my-repo');
  });

  it('derives open/closed from state, and state from `open:true` when it is missing', () => {
    expect(normalizePullRequest({ ...recorded, state: 'MERGED', open: true })).toMatchObject({ state: 'MERGED', open: false, closed: true });
    expect(normalizePullRequest({ ...recorded, state: undefined }).state).toBe('OPEN');
    expect(normalizePullRequest({ ...recorded, state: 'declined' }).state).toBe('DECLINED');
    expect(() => normalizePullRequest({ ...recorded, state: null, open: false })).toThrow(ShapeError);
  });

  it('reads properties as real servers send them and drops what is not a count or an outcome', () => {
    const pr = normalizePullRequest({ ...recorded, properties: { mergeResult: { outcome: 'CONFLICTED' }, openTaskCount: 2, resolvedTaskCount: -1, commentCount: '3' } });
    expect(pr.properties).toEqual({ mergeResult: { outcome: 'CONFLICTED', current: false }, openTaskCount: 2 });
    expect(normalizePullRequest({ ...recorded, properties: { mergeResult: { outcome: 'MAYBE' } } }).properties).toEqual({});
  });

  it('refuses a PR without id, refs or head commit; readPullRequest says null instead', () => {
    expect(() => normalizePullRequest(without(recorded, 'id'))).toThrow(ShapeError);
    expect(() => normalizePullRequest({ ...recorded, fromRef: null })).toThrow(ShapeError);
    expect(() => normalizePullRequest({ ...recorded, fromRef: { id: 'refs/heads/x' } })).toThrow(ShapeError);
    expect(() => normalizePullRequest({ ...recorded, toRef: { latestCommit: SHA } })).toThrow(ShapeError);
    expect(readPullRequest({ ...recorded, id: '7' })).toBeNull();
    expect(readPullRequest(undefined)).toBeNull();
    expect(readPullRequest(recorded)?.id).toBe(101);
  });

  it('participants: status from approved when missing, role PARTICIPANT when unknown; unreadable reviewers are left out', () => {
    expect(normalizeParticipant({ user: { slug: 'a' }, approved: true })).toEqual({ user: { name: 'a', slug: 'a', displayName: 'a' }, role: 'PARTICIPANT', approved: true, status: 'APPROVED' });
    expect(normalizeParticipant({ user: { name: 'a' }, status: 'NEEDS_WORK' })).toMatchObject({ approved: false, status: 'NEEDS_WORK' });
    expect(normalizePullRequest({ ...recorded, reviewers: [{ user: null }, { user: { name: 'b' }, role: 'REVIEWER' }] }).reviewers.map((r) => r.user.name)).toEqual(['b']);
  });

  it('readPullRequestContext: the PR lives in its target repository, else the context names it', () => {
    expect(readPullRequestContext({ pullRequest: recorded })?.repo).toEqual({ projectKey: 'PRJ', repositorySlug: 'my-repo' });
    const bare = { ...recorded, fromRef: { id: 'refs/heads/x', latestCommit: SHA }, toRef: { id: 'refs/heads/master' } };
    expect(readPullRequestContext({ pullRequest: bare })).toBeNull();
    expect(readPullRequestContext({ pullRequest: bare, repository: { slug: 'r' }, project: { key: 'K' } })?.repo).toEqual({ projectKey: 'K', repositorySlug: 'r' });
    expect(readPullRequestContext({ pullRequest: bare, repository: { slug: 'r', project: { key: 'P' } } })?.repo).toEqual({ projectKey: 'P', repositorySlug: 'r' });
    expect(readPullRequestContext(null)).toBeNull();
  });

  it('the fixture PR reads back unchanged (real servers send every field it has)', () => {
    expect(normalizePullRequest(fx.pullRequest)).toEqual(fx.pullRequest);
  });
});

describe('merge status', () => {
  it('without outcome (cdancy can-merge-succeed): outcome null, the rest as sent', () => {
    expect(normalizeMergeStatus({ canMerge: true, conflicted: false, vetoes: [] })).toEqual({ canMerge: true, conflicted: false, outcome: null, vetoes: [] });
  });

  it('without canMerge (the spec lacks it): mergeable only when CLEAN, not conflicted and without vetoes', () => {
    expect(normalizeMergeStatus({ outcome: 'CLEAN', conflicted: false, vetoes: [] }).canMerge).toBe(true);
    expect(normalizeMergeStatus({ outcome: 'CLEAN', vetoes: [{ summaryMessage: 'no' }] }).canMerge).toBe(false);
    expect(normalizeMergeStatus({ outcome: 'UNKNOWN' }).canMerge).toBe(false);
    expect(normalizeMergeStatus({}).canMerge).toBe(false);
  });

  it('conflicted from outcome when missing; vetoes kept whatever their messages', () => {
    expect(normalizeMergeStatus({ outcome: 'CONFLICTED' }).conflicted).toBe(true);
    expect(normalizeMergeStatus({ outcome: 'CONFLICTED', conflicted: false }).conflicted).toBe(false);
    expect(normalizeMergeStatus({ vetoes: [{ detailedMessage: 'only detail' }, {}, null] }).vetoes).toEqual([
      { summaryMessage: 'only detail', detailedMessage: 'only detail' },
      { summaryMessage: '', detailedMessage: '' },
      { summaryMessage: '', detailedMessage: '' },
    ]);
    expect(normalizeMergeStatus({ vetoes: null }).vetoes).toEqual([]);
    expect(() => normalizeMergeStatus('CLEAN')).toThrow(ShapeError);
  });
});

describe('build statuses', () => {
  it('reads the legacy row (cdancy build-status.json): dateAdded lands in both dates', () => {
    expect(normalizeBuildStatus({ dateAdded: 5, description: 'd', key: 'K', name: 'n', state: 'FAILED', url: 'https://ci/1' })).toEqual({
      key: 'K',
      state: 'FAILED',
      url: 'https://ci/1',
      name: 'n',
      description: 'd',
      createdDate: 5,
      updatedDate: 5,
    });
  });

  it.each([
    ['successful', 'SUCCESSFUL'],
    [' INPROGRESS ', 'INPROGRESS'],
    ['IN_PROGRESS', 'INPROGRESS'],
    ['STOPPED', 'CANCELLED'],
    ['CANCELED', 'CANCELLED'],
    ['FAILURE', 'FAILED'],
    ['SUCCESS', 'SUCCESSFUL'],
    ['UNKNOWN', 'UNKNOWN'],
    ['PENDING', 'UNKNOWN'],
    [null, 'UNKNOWN'],
    [3, 'UNKNOWN'],
  ])('state %j reads as %s', (state, expected) => {
    expect(normalizeBuildStatus({ key: 'K', state }).state).toBe(expected);
  });

  it('a row without key is named by its name, else its URL; test results only when they are counts', () => {
    expect(normalizeBuildStatus({ name: 'Deploy', state: 'FAILED' }).key).toBe('Deploy');
    expect(normalizeBuildStatus({ url: 'https://ci/2', state: 'FAILED' }).key).toBe('https://ci/2');
    expect(normalizeBuildStatus({ state: 'FAILED' }).key).toBe('');
    expect(normalizeBuildStatus({ key: 'K', testResults: { successful: 3, failed: 1 } }).testResults).toEqual({ successful: 3, failed: 1, skipped: 0 });
    expect(normalizeBuildStatus({ key: 'K', testResults: { successful: '3', failed: 1 } }).testResults).toBeUndefined();
    expect(normalizeBuildStatus({ key: 'K', buildNumber: 42 }).buildNumber).toBe('42');
    expect(normalizeBuildStatus({ key: 'K', duration: -5 }).duration).toBeUndefined();
  });
});

describe('comments and activities', () => {
  it('reads a comment without properties, replies, severity or state', () => {
    expect(normalizeComment({ id: 1, text: null })).toEqual({ id: 1, version: 0, text: '', createdDate: 0, updatedDate: 0, comments: [], severity: 'NORMAL', state: 'OPEN' });
  });

  it('keeps reactions only as sent, without value, leaving out unreadable ones and their unreadable users', () => {
    const comment = normalizeComment({
      id: 1,
      properties: { reactions: [{ emoticon: { shortcut: 'eyes', url: 'u' }, users: [{ name: 'a' }, null] }, { emoticon: {}, users: [] }, null] },
    });
    expect(comment.properties).toEqual({ reactions: [{ emoticon: { shortcut: 'eyes', url: 'u' }, users: [{ name: 'a', slug: 'a', displayName: 'a' }] }] });
    expect(normalizeComment({ id: 1, properties: { repositoryId: 11 } }).properties).toEqual({ repositoryId: 11 });
  });

  it('an unreadable reply or author is left out, an unreadable comment is refused', () => {
    const comment = normalizeComment({ id: 1, author: { id: 3 }, comments: [{ id: 2 }, { text: 'no id' }] });
    expect(comment.author).toBeUndefined();
    expect(comment.comments.map((c) => c.id)).toEqual([2]);
    expect(() => normalizeComment({ text: 'no id' })).toThrow(ShapeError);
    expect(readComment({ text: 'no id' })).toBeNull();
    expect(readComment(fx.comment)).toEqual(fx.comment);
  });

  it('activities: unknown actions pass, a missing one is UNKNOWN, an unreadable comment is left out', () => {
    expect(normalizeActivity({ id: 1, action: 'AUTO_MERGE_REQUESTED' }).action).toBe('AUTO_MERGE_REQUESTED');
    expect(normalizeActivity({ id: 1 })).toEqual({ id: 1, createdDate: 0, action: 'UNKNOWN' });
    expect(normalizeActivity({ id: 1, action: 'COMMENTED', comment: { text: 'x' } }).comment).toBeUndefined();
    expect(() => normalizeActivity({ action: 'COMMENTED' })).toThrow(ShapeError);
  });

  it('a reaction answer without emoticon fields still reads', () => {
    expect(normalizeUserReaction({ user: { slug: 'a' }, emoticon: {} })).toEqual({ user: { name: 'a', slug: 'a', displayName: 'a' }, emoticon: { shortcut: '', url: '' } });
  });
});

describe('users, repositories, commits, changes', () => {
  it('a user needs a name or slug; displayName falls back to the name', () => {
    expect(normalizeUser({ slug: 'jdoe', displayName: '' })).toEqual({ name: 'jdoe', slug: 'jdoe', displayName: 'jdoe' });
    expect(() => normalizeUser({ displayName: 'Nobody' })).toThrow(ShapeError);
  });

  it('a repository needs a slug and a project key; names fall back', () => {
    expect(normalizeRepository({ slug: 'r', name: null, project: { key: 'P' } })).toEqual({ slug: 'r', name: 'r', project: { key: 'P', name: 'P' } });
    expect(() => normalizeRepository({ slug: 'r' })).toThrow(ShapeError);
  });

  it('a commit needs an id; displayId, message and parents fall back', () => {
    expect(normalizeCommit({ id: SHA, parents: [{ id: fx.PARENT_SHA }, {}] })).toEqual({
      id: SHA,
      displayId: SHA.slice(0, 11),
      author: { name: '' },
      authorTimestamp: 0,
      message: '',
      parents: [{ id: fx.PARENT_SHA, displayId: fx.PARENT_SHA.slice(0, 11) }],
    });
    expect(normalizeOptionalCommit(undefined)).toBeNull();
    expect(() => normalizeCommit({})).toThrow(ShapeError);
  });

  it('a change path may come as a string or components only', () => {
    expect(normalizeChange({ path: 'src/a.ts' }).path).toEqual({ components: ['src', 'a.ts'], parent: 'src', name: 'a.ts', extension: 'ts', toString: 'src/a.ts' });
    expect(normalizeChange({ path: { components: ['README'] }, type: 'weird' })).toMatchObject({ path: { toString: 'README', parent: '' }, type: 'UNKNOWN', nodeType: 'FILE' });
    expect(() => normalizeChange({ path: {} })).toThrow(ShapeError);
  });
});

describe('insights', () => {
  it('a report needs a key; title falls back to it; null optionals and unknown results are absent', () => {
    expect(normalizeReport({ key: 'k', title: null, result: 'PENDING', link: null, data: null })).toEqual({ key: 'k', title: 'k', createdDate: 0, data: [] });
    expect(normalizeReport({ key: 'k', data: [{ title: 'x', type: 'number', value: 3 }, { title: 'y', value: null }, 'junk'] }).data).toEqual([
      { title: 'x', type: 'NUMBER', value: 3 },
      { title: 'y' },
    ]);
    expect(() => normalizeReport({ title: 'no key' })).toThrow(ShapeError);
  });

  it('annotations: line missing or negative is the file; severity and type case-insensitive; unknown severity is LOW', () => {
    expect(normalizeAnnotation({ reportKey: 'k', message: 'm', severity: 'high', type: 'bug' })).toEqual({ reportKey: 'k', line: 0, message: 'm', severity: 'HIGH', type: 'BUG' });
    expect(normalizeAnnotation({ line: -3, severity: 'CRITICAL', path: '' })).toEqual({ reportKey: '', line: 0, message: '', severity: 'LOW' });
  });

  it('an annotation list: totalCount only when a count, annotations absent → none', () => {
    expect(normalizeAnnotationList({ totalCount: -1 })).toEqual({ annotations: [] });
    expect(normalizeAnnotationList(fx.annotations)).toEqual(fx.annotations);
  });
});
