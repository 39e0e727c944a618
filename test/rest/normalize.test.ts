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
  normalizeDiff,
  normalizeMergeStatus,
  normalizeMinimalRef,
  normalizeOptionalCommit,
  normalizePage,
  normalizeParticipant,
  normalizeProject,
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

/** The message of the ShapeError `read` refuses with (what the body lacks); fails when it reads or throws otherwise. */
function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof ShapeError) return error.message;
    throw error;
  }
  throw new Error('read without refusing');
}

describe('pages', () => {
  const refs = (values: unknown, more: Record<string, unknown> = {}) => normalizePage({ values, ...more }, normalizeMinimalRef);

  it('reads every value through the item normaliser and keeps size, limit and start as sent', () => {
    expect(refs([{ id: 'refs/heads/a' }, { id: 'refs/tags/v1', type: 'TAG' }], { size: 2, limit: 25, start: 50, isLastPage: false, nextPageStart: 52 })).toStrictEqual({
      values: [
        { id: 'refs/heads/a', displayId: 'a', type: 'BRANCH' },
        { id: 'refs/tags/v1', displayId: 'v1', type: 'TAG' },
      ],
      size: 2,
      limit: 25,
      start: 50,
      isLastPage: false,
      nextPageStart: 52,
    });
  });

  it('without isLastPage, a page is the last unless a whole-number nextPageStart says where the next begins', () => {
    expect(refs([], { nextPageStart: 25 })).toMatchObject({ isLastPage: false, nextPageStart: 25 });
    expect(refs([], { nextPageStart: null })).toStrictEqual({ values: [], size: 0, limit: 0, start: 0, isLastPage: true });
    expect(refs([])).toStrictEqual({ values: [], size: 0, limit: 0, start: 0, isLastPage: true });
    expect(refs([], { nextPageStart: '25' }).isLastPage).toBe(true);
    expect(refs([], { nextPageStart: 2.5 }).isLastPage).toBe(true);
  });

  it('isLastPage as sent wins; a last page has no nextPageStart, and isLastPage:false without one leaves it absent', () => {
    expect(refs([], { isLastPage: true, nextPageStart: 25 })).toStrictEqual({ values: [], size: 0, limit: 0, start: 0, isLastPage: true });
    expect(refs([], { isLastPage: false })).toStrictEqual({ values: [], size: 0, limit: 0, start: 0, isLastPage: false });
    expect(refs([], { isLastPage: 'true', nextPageStart: 25 })).toMatchObject({ isLastPage: false, nextPageStart: 25 });
  });

  it('size and limit default to the number of values, start to 0, when missing or not numbers', () => {
    const two = [{ id: 'refs/heads/a' }, { id: 'refs/heads/b' }];
    expect(refs(two)).toMatchObject({ size: 2, limit: 2, start: 0 });
    expect(refs(two, { size: '9', limit: null, start: '4' })).toMatchObject({ size: 2, limit: 2, start: 0 });
    expect(refs(two, { size: Number.NaN, limit: Number.POSITIVE_INFINITY, start: 1.5 })).toMatchObject({ size: 2, limit: 2, start: 0 });
    expect(refs(two, { size: 2, limit: 100, start: 0 })).toMatchObject({ size: 2, limit: 100, start: 0 });
  });

  it('refuses a page without a values list, and a whole page when one value cannot be read (no silent gaps)', () => {
    expect(refusal(() => normalizePage('[]', normalizeMinimalRef))).toBe('missing page');
    expect(refusal(() => refs(undefined))).toBe('page without values');
    expect(refusal(() => refs(null))).toBe('page without values');
    expect(refusal(() => refs({ 0: { id: 'refs/heads/a' } }))).toBe('page without values');
    expect(refusal(() => refs([{ id: 'refs/heads/a' }, { displayId: '' }]))).toBe('missing ref.id');
  });
});

describe('diffs', () => {
  it('pass through as sent once they have a diffs list (the matcher reads the rest defensively)', () => {
    const body = { fromHash: SHA, toHash: SHA, diffs: [{ destination: { toString: 'a.ts' }, hunks: 'odd' }], truncated: true, extra: 1 };
    expect(normalizeDiff(body)).toBe(body);
  });
});

describe('refusals say what the body lacks', () => {
  const pr = { id: 1, state: 'OPEN', fromRef: { id: 'refs/heads/a', latestCommit: SHA }, toRef: { id: 'refs/heads/main' } };
  it.each<[string, () => unknown]>([
    ['missing user', () => normalizeUser('jdoe')],
    ['missing user.name', () => normalizeUser({ displayName: 'Jane' })],
    ['missing project', () => normalizeProject(null)],
    ['missing project.key', () => normalizeProject({ name: 'P' })],
    ['missing repository', () => normalizeRepository([])],
    ['missing repository.slug', () => normalizeRepository({ project: { key: 'P' } })],
    ['missing project', () => normalizeRepository({ slug: 'r' })],
    ['missing branch', () => normalizeBranch(7)],
    ['missing branch.id', () => normalizeBranch({ displayId: '' })],
    ['missing ref', () => normalizeMinimalRef(undefined)],
    ['missing branch model', () => normalizeBranchModel(null)],
    ['missing diff', () => normalizeDiff('diff --git a/x b/x')],
    ['missing diffs', () => normalizeDiff({ fromHash: SHA, diffs: { length: 0 } })],
    ['missing participant', () => normalizeParticipant(null)],
    ['missing user', () => normalizeParticipant({ role: 'REVIEWER' })],
    ['missing pull request', () => normalizePullRequest('7')],
    ['missing pull request id', () => normalizePullRequest({ ...pr, id: 1.5 })],
    ['missing pull request state', () => normalizePullRequest({ ...pr, state: 'CLOSED' })],
    ['missing fromRef', () => normalizePullRequest({ ...pr, fromRef: 'refs/heads/a' })],
    ['missing fromRef.id', () => normalizePullRequest({ ...pr, fromRef: { latestCommit: SHA } })],
    ['missing fromRef.latestCommit', () => normalizePullRequest({ ...pr, fromRef: { id: 'refs/heads/a' } })],
    ['missing toRef', () => normalizePullRequest({ ...pr, toRef: undefined })],
    ['missing toRef.id', () => normalizePullRequest({ ...pr, toRef: {} })],
    ['missing merge status', () => normalizeMergeStatus(null)],
    ['missing comment', () => normalizeComment([])],
    ['missing comment id', () => normalizeComment({ id: '42' })],
    ['missing activity', () => normalizeActivity(null)],
    ['missing activity id', () => normalizeActivity({ action: 'OPENED' })],
    ['missing reaction', () => normalizeUserReaction(null)],
    ['missing emoticon', () => normalizeUserReaction({ user: { slug: 'a' } })],
    ['missing user', () => normalizeUserReaction({ emoticon: { shortcut: 'eyes' } })],
    ['missing commit', () => normalizeCommit(SHA)],
    ['missing commit id', () => normalizeCommit({ displayId: SHA.slice(0, 11) })],
    ['missing change', () => normalizeChange(null)],
    ['missing path', () => normalizeChange({ path: '' })],
    ['missing path', () => normalizeChange({ path: { components: [] } })],
    ['missing report', () => normalizeReport('k')],
    ['missing report key', () => normalizeReport({ key: '' })],
    ['missing annotation', () => normalizeAnnotationList({ annotations: [null] })],
    ['missing annotations', () => normalizeAnnotationList([])],
    ['missing build status', () => normalizeBuildStatus(null)],
  ])('%s', (message, read) => {
    expect(refusal(read)).toBe(message);
  });

  it('a refusal is a ShapeError by name, so logs say the body was unreadable', () => {
    expect(() => normalizeCommit({})).toThrow(expect.objectContaining({ name: 'ShapeError' }));
  });

  it('an error other than an unreadable body (a bug) is never taken for one: it propagates, even from decoration', () => {
    // Any field read fails as a bug would (JSON never does this).
    const broken = new Proxy(
      {},
      {
        get() {
          throw new TypeError('bug');
        },
      },
    );
    expect(() => readPullRequest(broken)).toThrow(TypeError);
    expect(() => readComment(broken)).toThrow(TypeError);
    expect(() => normalizePullRequest({ ...pr, reviewers: [{ user: broken }] })).toThrow(TypeError);
    expect(() => normalizeComment({ id: 1, author: broken })).toThrow(TypeError);
  });
});

describe('users, projects and repositories in full', () => {
  it('a user as servers send it reads back field by field', () => {
    expect(normalizeUser(fx.user)).toStrictEqual(fx.user);
  });

  it('name and slug each stand in for the other; fields of the wrong type are absent', () => {
    expect(normalizeUser({ name: 'jdoe' })).toStrictEqual({ name: 'jdoe', slug: 'jdoe', displayName: 'jdoe' });
    expect(normalizeUser({ name: 'Jane.Doe', slug: 'jane.doe' })).toStrictEqual({ name: 'Jane.Doe', slug: 'jane.doe', displayName: 'Jane.Doe' });
    expect(normalizeUser({ name: 'a', id: '5', emailAddress: 5, active: 'true', type: 'ADMIN', links: [] })).toStrictEqual({ name: 'a', slug: 'a', displayName: 'a' });
    expect(normalizeUser({ name: 'svc', id: 0, active: false, type: 'service' })).toStrictEqual({ id: 0, name: 'svc', slug: 'svc', displayName: 'svc', active: false, type: 'SERVICE' });
  });

  it('a project: the name falls back to the key; type in any case', () => {
    expect(normalizeProject(fx.project)).toStrictEqual(fx.project);
    expect(normalizeProject({ key: 'ME', description: 'mine', type: 'personal', public: true, id: 3 })).toStrictEqual({
      id: 3,
      key: 'ME',
      name: 'ME',
      description: 'mine',
      public: true,
      type: 'PERSONAL',
    });
    expect(normalizeProject({ key: 'P', type: 'TEAM', links: 'x' })).toStrictEqual({ key: 'P', name: 'P' });
  });

  it('a repository as servers send it reads back, archived included; wrong-typed fields are absent', () => {
    expect(normalizeRepository(fx.repository)).toStrictEqual(fx.repository);
    expect(normalizeRepository({ slug: 'r', project: { key: 'P' }, id: '1', scmId: 1, state: '', statusMessage: null, forkable: 1, public: 'no', hierarchyId: 3, archived: 'yes', links: null })).toStrictEqual({
      slug: 'r',
      name: 'r',
      project: { key: 'P', name: 'P' },
    });
  });
});

describe('branches in full', () => {
  it('keeps the metadata as sent; wrong-typed isDefault, type or metadata read as the defaults', () => {
    const metadata = { 'com.atlassian.bitbucket.server.bitbucket-jira:branch-list-jira-issues': [] };
    expect(normalizeBranch({ id: 'refs/heads/a', metadata })).toStrictEqual({ id: 'refs/heads/a', displayId: 'a', type: 'BRANCH', latestCommit: null, isDefault: false, metadata });
    expect(normalizeBranch({ id: 'refs/heads/a', isDefault: 'true', default: 1, type: 'COMMIT', metadata: 'x' })).toStrictEqual({
      id: 'refs/heads/a',
      displayId: 'a',
      type: 'BRANCH',
      latestCommit: null,
      isDefault: false,
    });
  });

  it('a displayId as sent wins over the one derived from the id', () => {
    expect(normalizeMinimalRef({ id: 'refs/heads/feature/x', displayId: 'x', type: ' tag ' })).toEqual({ id: 'refs/heads/feature/x', displayId: 'x', type: 'TAG' });
    expect(normalizeMinimalRef({ id: 'refs/heads/main', type: 3 }).type).toBe('BRANCH');
  });

  it('a branch model reads the production branch and the displayName as sent; types without a list are none', () => {
    expect(normalizeBranchModel(fx.branchModel)).toStrictEqual(fx.branchModelRead);
    expect(normalizeBranchModel({ production: { id: 'refs/heads/release' }, types: [{ id: 'release', displayName: 'Release', prefix: 'release/' }, { prefix: 'x/' }] })).toStrictEqual({
      production: { id: 'refs/heads/release', displayId: 'release', type: 'BRANCH', latestCommit: null, isDefault: false },
      types: [{ id: 'RELEASE', displayName: 'Release', prefix: 'release/' }],
    });
    expect(normalizeBranchModel({ types: { id: 'FEATURE', prefix: 'f/' } })).toStrictEqual({ types: [] });
  });

  it('a branch model reads the HOTFIX type too', () => {
    expect(normalizeBranchModel({ types: [{ id: 'hotfix', prefix: 'hotfix/' }] }).types).toEqual([{ id: 'HOTFIX', displayName: 'HOTFIX', prefix: 'hotfix/' }]);
  });
});

describe('pull requests in full', () => {
  const head = { id: 'refs/heads/feature', latestCommit: SHA };
  const base = { id: 'refs/heads/main', latestCommit: fx.PARENT_SHA };
  const fork = { slug: 'fork', project: { key: '~JDOE' } };
  const origin = { slug: 'web-app', project: { key: 'PRJ' } };
  const read = (more: Record<string, unknown>) => normalizePullRequest({ id: 3, state: 'OPEN', fromRef: head, toRef: base, ...more });

  it('a minimal open PR reads with empty lists and zero dates, and no keys for what was not sent', () => {
    expect(read({})).toStrictEqual({
      id: 3,
      version: 0,
      title: '',
      state: 'OPEN',
      open: true,
      closed: false,
      createdDate: 0,
      updatedDate: 0,
      fromRef: { id: 'refs/heads/feature', displayId: 'feature', latestCommit: SHA },
      toRef: { id: 'refs/heads/main', displayId: 'main', latestCommit: fx.PARENT_SHA },
      reviewers: [],
      participants: [],
    });
  });

  it('a fork PR keeps each ref\'s own repository; a repository named by only one ref is both refs\'', () => {
    const pr = read({ fromRef: { ...head, repository: fork }, toRef: { ...base, repository: origin } });
    expect(pr.fromRef.repository?.slug).toBe('fork');
    expect(pr.toRef.repository?.slug).toBe('web-app');
    expect(read({ fromRef: { ...head, repository: fork } }).toRef.repository?.slug).toBe('fork');
    expect(read({ toRef: { ...base, repository: origin } }).fromRef.repository?.slug).toBe('web-app');
    expect(read({ fromRef: { ...head, repository: { slug: 'no-project' } } }).toRef).toStrictEqual({ id: 'refs/heads/main', displayId: 'main', latestCommit: fx.PARENT_SHA });
  });

  it('the author comes from `author`, else from the participant whose role is AUTHOR, else is absent', () => {
    const participants = [
      { user: { name: 'bob' }, role: 'PARTICIPANT' },
      { user: { name: 'alice' }, role: 'AUTHOR' },
    ];
    expect(read({ author: { user: { name: 'carol' }, role: 'AUTHOR' }, participants }).author?.user.name).toBe('carol');
    expect(read({ participants }).author?.user.name).toBe('alice');
    expect(read({ author: { user: null }, participants }).author?.user.name).toBe('alice');
    expect('author' in read({ participants: participants.slice(0, 1) })).toBe(false);
    expect(read({ participants }).participants.map((p) => p.role)).toEqual(['PARTICIPANT', 'AUTHOR']);
  });

  it('the update date falls back to the creation date; optional fields are kept as sent when of their type', () => {
    const links = { self: [{ href: 'http://bitbucket/pr/3' }] };
    expect(read({ createdDate: 5, version: 2, title: 'T', description: 'D', draft: true, closedDate: 9, locked: true, links })).toMatchObject({
      createdDate: 5,
      updatedDate: 5,
      version: 2,
      title: 'T',
      description: 'D',
      draft: true,
      closedDate: 9,
      locked: true,
      links,
    });
    expect(read({ createdDate: 5, updatedDate: 7 }).updatedDate).toBe(7);
    expect(read({ version: '2', title: 3, description: '', draft: 'no', closedDate: '9', locked: 0, links: [] })).toStrictEqual(read({}));
  });

  it('a state in any case reads as the state; a closed PR is not open', () => {
    expect(read({ state: ' merged ' })).toMatchObject({ state: 'MERGED', open: false, closed: true });
    expect(read({ state: 'Declined', open: true })).toMatchObject({ state: 'DECLINED', open: false, closed: true });
    expect(read({ state: 'OPEN', open: false, closed: true })).toMatchObject({ open: true, closed: false });
  });

  it('properties: every count as sent (0 included), mergeResult.current false unless sent true', () => {
    expect(read({ properties: { mergeResult: { outcome: 'clean' }, openTaskCount: 0, resolvedTaskCount: 4, commentCount: 12 } }).properties).toStrictEqual({
      mergeResult: { outcome: 'CLEAN', current: false },
      openTaskCount: 0,
      resolvedTaskCount: 4,
      commentCount: 12,
    });
    expect(read({ properties: { mergeResult: { outcome: 'UNKNOWN', current: true } } }).properties).toStrictEqual({ mergeResult: { outcome: 'UNKNOWN', current: true } });
    expect(read({ properties: { mergeResult: 'CLEAN', openTaskCount: 1.5 } }).properties).toStrictEqual({});
  });
});

describe('the PR-page context', () => {
  const pr = { id: 3, state: 'OPEN', fromRef: { id: 'refs/heads/a', latestCommit: SHA }, toRef: { id: 'refs/heads/main' } };
  const inRepo = (slug: string, key: string) => ({ ...pr, toRef: { id: 'refs/heads/main', repository: { slug, project: { key } } } });

  it('the target repository of the PR wins over the context\'s repository and project', () => {
    expect(readPullRequestContext({ pullRequest: inRepo('web-app', 'PRJ'), repository: { slug: 'other', project: { key: 'OTHER' } }, project: { key: 'X' } })?.repo).toEqual({
      projectKey: 'PRJ',
      repositorySlug: 'web-app',
    });
  });

  it('the context repository\'s own project wins over the context project', () => {
    expect(readPullRequestContext({ pullRequest: pr, repository: { slug: 'r', project: { key: 'P' } }, project: { key: 'K' } })?.repo).toEqual({ projectKey: 'P', repositorySlug: 'r' });
  });

  it('names no place without both a project key and a repository slug, or without a readable PR', () => {
    expect(readPullRequestContext({ pullRequest: pr, repository: { slug: 'r' } })).toBeNull();
    expect(readPullRequestContext({ pullRequest: pr, project: { key: 'K' } })).toBeNull();
    expect(readPullRequestContext({ pullRequest: pr, repository: { slug: '' }, project: { key: 'K' } })).toBeNull();
    expect(readPullRequestContext({ pullRequest: { ...pr, id: null }, repository: { slug: 'r' }, project: { key: 'K' } })).toBeNull();
    expect(readPullRequestContext({ pullRequest: inRepo('web-app', 'PRJ') })).toStrictEqual({ pullRequest: normalizePullRequest(inRepo('web-app', 'PRJ')), repo: { projectKey: 'PRJ', repositorySlug: 'web-app' } });
  });
});

describe('merge status in full', () => {
  it('the fixture status reads back unchanged', () => {
    expect(normalizeMergeStatus(fx.mergeStatus)).toStrictEqual(fx.mergeStatus);
  });

  it('without canMerge, a CLEAN outcome that is conflicted all the same is not mergeable; canMerge as sent wins', () => {
    expect(normalizeMergeStatus({ outcome: 'CLEAN', conflicted: true }).canMerge).toBe(false);
    expect(normalizeMergeStatus({ outcome: 'clean' })).toStrictEqual({ canMerge: true, conflicted: false, outcome: 'CLEAN', vetoes: [] });
    expect(normalizeMergeStatus({ outcome: 'CLEAN', canMerge: false }).canMerge).toBe(false);
    expect(normalizeMergeStatus({ outcome: 'CONFLICTED', canMerge: 'yes' }).canMerge).toBe(false);
  });

  it('a veto with only a summary uses it as its detail too', () => {
    expect(normalizeMergeStatus({ vetoes: [{ summaryMessage: 'Needs 2 approvals', detailedMessage: '' }] }).vetoes).toEqual([{ summaryMessage: 'Needs 2 approvals', detailedMessage: 'Needs 2 approvals' }]);
  });
});

describe('comments in full', () => {
  const anchor = { path: 'src/a.ts', srcPath: 'src/old.ts', line: 12, lineType: 'added', fileType: 'to', diffType: 'effective', fromHash: fx.PARENT_SHA, toHash: SHA, orphaned: true };

  it('the fixture comment reads back unchanged', () => {
    expect(normalizeComment(fx.comment)).toStrictEqual(fx.comment);
  });

  it('an anchor reads with its enumerations in any case; unknown or wrong-typed fields are absent', () => {
    expect(normalizeComment({ id: 1, anchor }).anchor).toStrictEqual({ ...anchor, lineType: 'ADDED', fileType: 'TO', diffType: 'EFFECTIVE' });
    expect(normalizeComment({ id: 1, anchor: { path: 'a', line: 1.5, lineType: 'MOVED', fileType: 'BOTH', diffType: 'ALL', orphaned: 'no' } }).anchor).toStrictEqual({ path: 'a' });
    expect(normalizeComment({ id: 1, anchor: { lineType: 'removed', fileType: 'from', diffType: 'range' } }).anchor).toStrictEqual({ lineType: 'REMOVED', fileType: 'FROM', diffType: 'RANGE' });
    expect(normalizeComment({ id: 1, anchor: { lineType: 'context', diffType: 'commit' } }).anchor).toStrictEqual({ lineType: 'CONTEXT', diffType: 'COMMIT' });
    expect('anchor' in normalizeComment({ id: 1, anchor: 'src/a.ts' })).toBe(false);
  });

  it('the update date falls back to the creation date; severity, state and flags as sent in any case; html kept', () => {
    expect(normalizeComment({ id: 1, version: 4, text: 'hi', createdDate: 5, severity: 'blocker', state: 'resolved', threadResolved: true, html: '<p>hi</p>' })).toStrictEqual({
      id: 1,
      version: 4,
      text: 'hi',
      createdDate: 5,
      updatedDate: 5,
      comments: [],
      severity: 'BLOCKER',
      state: 'RESOLVED',
      threadResolved: true,
      html: '<p>hi</p>',
    });
    expect(normalizeComment({ id: 1, createdDate: 5, updatedDate: 8, state: 'PENDING', severity: 'MAJOR' })).toMatchObject({ updatedDate: 8, state: 'PENDING', severity: 'NORMAL' });
    expect(normalizeComment({ id: 1, state: 'CLOSED' }).state).toBe('OPEN');
  });

  it('permitted operations: editable and deletable false unless sent true, transitionable only when sent', () => {
    expect(normalizeComment({ id: 1, permittedOperations: {} }).permittedOperations).toStrictEqual({ editable: false, deletable: false });
    expect(normalizeComment({ id: 1, permittedOperations: { editable: true, deletable: true, transitionable: false } }).permittedOperations).toStrictEqual({ editable: true, transitionable: false, deletable: true });
    expect('permittedOperations' in normalizeComment({ id: 1, permittedOperations: [] })).toBe(false);
  });

  it('reactions: the value as sent, no reactions key when the server sends no list, users left out when unreadable', () => {
    const reactions = [{ emoticon: { shortcut: 'heart', url: 'u', value: '❤️' }, users: [{ slug: 'a' }, { displayName: 'nobody' }] }, { emoticon: 'heart', users: [] }, { users: [] }];
    expect(normalizeComment({ id: 1, properties: { reactions } }).properties).toStrictEqual({
      reactions: [{ emoticon: { shortcut: 'heart', url: 'u', value: '❤️' }, users: [{ name: 'a', slug: 'a', displayName: 'a' }] }],
    });
    expect(normalizeComment({ id: 1, properties: { reactions: { heart: 1 } } }).properties).toStrictEqual({});
    expect(normalizeComment({ id: 1, properties: { reactions: [{ emoticon: { shortcut: 'eyes', url: 3 }, users: 'a' }] } }).properties).toStrictEqual({ reactions: [{ emoticon: { shortcut: 'eyes', url: '' }, users: [] }] });
  });

  it('replies read as comments, in order', () => {
    const thread = normalizeComment({ id: 1, comments: [{ id: 2, comments: [{ id: 3 }] }, { id: 4 }] });
    expect(thread.comments.map((c) => [c.id, c.comments.map((r) => r.id)])).toEqual([
      [2, [3]],
      [4, []],
    ]);
  });
});

describe('activities and reactions in full', () => {
  it('the fixture activity reads back unchanged', () => {
    expect(normalizeActivity(fx.activity)).toStrictEqual(fx.activity);
  });

  it('commentAction in any case, the comment anchor read, an unreadable user left out', () => {
    expect(normalizeActivity({ id: 2, createdDate: 9, action: 'COMMENTED', commentAction: 'replied', commentAnchor: { path: 'a.ts', line: 3 }, user: { displayName: 'x' } })).toStrictEqual({
      id: 2,
      createdDate: 9,
      action: 'COMMENTED',
      commentAction: 'REPLIED',
      commentAnchor: { path: 'a.ts', line: 3 },
    });
    expect(normalizeActivity({ id: 2, commentAction: 'edited' }).commentAction).toBe('EDITED');
    expect(normalizeActivity({ id: 2, commentAction: 'deleted' }).commentAction).toBe('DELETED');
    expect(normalizeActivity({ id: 2, commentAction: 'added' }).commentAction).toBe('ADDED');
    expect('commentAction' in normalizeActivity({ id: 2, commentAction: 'MOVED' })).toBe(false);
  });

  it('a reaction answer reads back unchanged', () => {
    expect(normalizeUserReaction(fx.reaction)).toStrictEqual(fx.reaction);
  });
});

describe('commits and changes in full', () => {
  it('the fixture commit reads back unchanged, committer included', () => {
    expect(normalizeCommit(fx.commit)).toStrictEqual(fx.commit);
    expect(normalizeOptionalCommit(fx.commit)).toStrictEqual(fx.commit);
    expect(normalizeOptionalCommit(null)).toBeNull();
  });

  it('a person is named by name, else displayName, else email address', () => {
    const by = (author: unknown) => normalizeCommit({ id: SHA, author }).author;
    expect(by({ name: 'jdoe', displayName: 'Jane', emailAddress: 'j@x', slug: 'jd', id: 4 })).toStrictEqual({ name: 'jdoe', displayName: 'Jane', emailAddress: 'j@x', slug: 'jd', id: 4 });
    expect(by({ displayName: 'Jane', emailAddress: 'j@x' }).name).toBe('Jane');
    expect(by({ emailAddress: 'j@x' })).toStrictEqual({ name: 'j@x', emailAddress: 'j@x' });
    expect(by('jdoe')).toStrictEqual({ name: '' });
  });

  it('a commit keeps displayIds as sent, the committer only when sent; parents that are no list are none', () => {
    expect(
      normalizeCommit({ id: SHA, displayId: 'abc', committerTimestamp: 7, committer: { name: 'ci' }, parents: [{ id: fx.PARENT_SHA, displayId: '62a0505' }, 'x', null] }),
    ).toMatchObject({ displayId: 'abc', committer: { name: 'ci' }, committerTimestamp: 7, parents: [{ id: fx.PARENT_SHA, displayId: '62a0505' }] });
    expect('committer' in normalizeCommit({ id: SHA, committer: null })).toBe(false);
    expect(normalizeCommit({ id: SHA, authorTimestamp: 3, parents: { id: fx.PARENT_SHA } })).toMatchObject({ authorTimestamp: 3, parents: [] });
  });

  it('the fixture change reads back unchanged', () => {
    expect(normalizeChange(fx.change)).toStrictEqual(fx.change);
  });

  it('a moved file keeps where it came from; an unreadable or empty srcPath is absent', () => {
    expect(normalizeChange({ path: 'b/new.ts', srcPath: { toString: 'a/old.ts' }, type: 'move' })).toMatchObject({
      type: 'MOVE',
      srcPath: { components: ['a', 'old.ts'], parent: 'a', name: 'old.ts', extension: 'ts', toString: 'a/old.ts' },
    });
    expect('srcPath' in normalizeChange({ path: 'a', srcPath: '' })).toBe(false);
    expect('srcPath' in normalizeChange({ path: 'a', srcPath: {} })).toBe(false);
  });

  it('a path: a dotfile or a name without a dot has no extension; components that are not strings are dropped', () => {
    expect(normalizeChange({ path: '.gitignore' }).path).toStrictEqual({ components: ['.gitignore'], parent: '', name: '.gitignore', toString: '.gitignore' });
    expect(normalizeChange({ path: 'a/b/Makefile' }).path).toStrictEqual({ components: ['a', 'b', 'Makefile'], parent: 'a/b', name: 'Makefile', toString: 'a/b/Makefile' });
    expect(normalizeChange({ path: { components: ['src', 3, 'x.tar.gz'] } }).path).toStrictEqual({ components: ['src', 'x.tar.gz'], parent: 'src', name: 'x.tar.gz', extension: 'gz', toString: 'src/x.tar.gz' });
    expect(normalizeChange({ path: { components: ['ignored'], toString: 'kept/as/sent' } }).path.toString).toBe('kept/as/sent');
  });

  it('a change\'s type and node type in any case; comment counts only when counts', () => {
    expect(
      normalizeChange({ path: 'm', type: 'copy', nodeType: 'submodule', executable: true, percentUnchanged: 80, properties: { activeComments: 0, orphanedComments: 2 } }),
    ).toMatchObject({ type: 'COPY', nodeType: 'SUBMODULE', executable: true, percentUnchanged: 80, properties: { activeComments: 0, orphanedComments: 2 } });
    expect(normalizeChange({ path: 'm', type: 'ADD', nodeType: 'directory', properties: { activeComments: -1, orphanedComments: '2' } })).toMatchObject({ type: 'ADD', nodeType: 'DIRECTORY', properties: {} });
    expect(normalizeChange({ path: 'm', type: 'DELETE' }).type).toBe('DELETE');
    expect(normalizeChange({ path: 'm', type: 'MODIFY', nodeType: 'LINK' })).toMatchObject({ type: 'MODIFY', nodeType: 'FILE' });
    expect(normalizeChange({ path: 'm', contentId: '', fromContentId: 5, executable: 'yes', percentUnchanged: '80', properties: 'x' })).toStrictEqual({
      path: { components: ['m'], parent: '', name: 'm', toString: 'm' },
      type: 'UNKNOWN',
      nodeType: 'FILE',
    });
  });
});

describe('insights in full', () => {
  it('the fixture report reads back unchanged, and a PASS result in any case', () => {
    expect(normalizeReport(fx.report)).toStrictEqual(fx.report);
    expect(normalizeReport({ key: 'k', result: 'pass', logoUrl: 'https://ci/logo.png', createdDate: 4 })).toStrictEqual({ key: 'k', title: 'k', result: 'PASS', logoUrl: 'https://ci/logo.png', createdDate: 4, data: [] });
  });

  it('data fields: every type in any case, an unknown type absent, a missing title empty, entries that are no object left out', () => {
    const types = ['boolean', 'date', 'duration', 'link', 'number', 'percentage', 'text'];
    expect(normalizeReport({ key: 'k', data: types.map((type) => ({ title: type, type, value: 1 })) }).data.map((d) => d.type)).toEqual(types.map((t) => t.toUpperCase()));
    expect(normalizeReport({ key: 'k', data: [{ type: 'CHART', value: [1] }, ['x'], null] }).data).toStrictEqual([{ title: '', value: [1] }]);
  });

  it('annotations: a line is a positive whole number or 0 (the file); severities and types in any case, padded or not', () => {
    const line = (value: unknown) => normalizeAnnotation({ line: value }).line;
    expect([line(1), line(0), line(1.5), line('3'), line(null)]).toEqual([1, 0, 0, 0, 0]);
    expect(normalizeAnnotation({ severity: ' medium ', type: 'vulnerability', externalId: '', link: 'https://x' })).toStrictEqual({ reportKey: '', line: 0, message: '', severity: 'MEDIUM', type: 'VULNERABILITY', link: 'https://x' });
    expect(normalizeAnnotation({ severity: 'low', type: 'code_smell', reportKey: 5, message: null })).toStrictEqual({ reportKey: '', line: 0, message: '', severity: 'LOW', type: 'CODE_SMELL' });
    expect(normalizeAnnotation({ severity: 3, type: ['BUG'] })).toStrictEqual({ reportKey: '', line: 0, message: '', severity: 'LOW' });
  });

  it('an annotation list keeps a totalCount of 0 and refuses a list with an unreadable annotation', () => {
    expect(normalizeAnnotationList({ totalCount: 0, annotations: [] })).toStrictEqual({ totalCount: 0, annotations: [] });
    expect(normalizeAnnotationList({ annotations: 'none' })).toStrictEqual({ annotations: [] });
  });
});

describe('build statuses in full', () => {
  it('the current resource\'s row reads with every field; its own dates win over dateAdded', () => {
    expect(
      normalizeBuildStatus({
        key: 'K',
        state: 'INPROGRESS',
        url: 'https://ci/3',
        name: 'Build',
        description: 'running',
        buildNumber: '3',
        parent: 'P',
        ref: 'refs/heads/main',
        duration: 0,
        testResults: { successful: 5, failed: 0, skipped: 2 },
        createdDate: 10,
        updatedDate: 20,
        dateAdded: 1,
      }),
    ).toStrictEqual({
      key: 'K',
      state: 'INPROGRESS',
      url: 'https://ci/3',
      name: 'Build',
      description: 'running',
      buildNumber: '3',
      parent: 'P',
      ref: 'refs/heads/main',
      duration: 0,
      testResults: { successful: 5, failed: 0, skipped: 2 },
      createdDate: 10,
      updatedDate: 20,
    });
    expect(normalizeBuildStatus(fx.buildStatus)).toStrictEqual(fx.buildStatusRead);
  });

  it.each([
    ['FAILED', 'FAILED'],
    ['cancelled', 'CANCELLED'],
    ['inprogress', 'INPROGRESS'],
  ])('state %j reads as %s', (state, expected) => {
    expect(normalizeBuildStatus({ key: 'K', state }).state).toBe(expected);
  });

  it('test results need both counts; skipped defaults to 0; a build number is a string or a whole number', () => {
    expect(normalizeBuildStatus({ key: 'K', testResults: { successful: 3 } })).toStrictEqual({ key: 'K', state: 'UNKNOWN' });
    expect(normalizeBuildStatus({ key: 'K', testResults: { failed: 3 } })).toStrictEqual({ key: 'K', state: 'UNKNOWN' });
    expect(normalizeBuildStatus({ key: 'K', testResults: [3, 1] })).toStrictEqual({ key: 'K', state: 'UNKNOWN' });
    expect(normalizeBuildStatus({ key: 'K', testResults: { successful: 0, failed: 2, skipped: -1 } }).testResults).toStrictEqual({ successful: 0, failed: 2, skipped: 0 });
    expect(normalizeBuildStatus({ key: 'K', buildNumber: 1.5 })).toStrictEqual({ key: 'K', state: 'UNKNOWN' });
    expect(normalizeBuildStatus({ key: 'K', buildNumber: '' })).toStrictEqual({ key: 'K', state: 'UNKNOWN' });
  });

  it('the key wins over the name and the URL; dates only from numbers', () => {
    expect(normalizeBuildStatus({ key: 'K', name: 'N', url: 'https://ci/1' }).key).toBe('K');
    expect(normalizeBuildStatus({ name: 'N', url: 'https://ci/1' }).key).toBe('N');
    expect(normalizeBuildStatus({ key: 'K', dateAdded: '5', createdDate: null })).toStrictEqual({ key: 'K', state: 'UNKNOWN' });
  });
});

describe('participants in full', () => {
  it('a reviewer as servers send it reads back unchanged', () => {
    expect(normalizeParticipant(fx.reviewer)).toStrictEqual(fx.reviewer);
    expect(normalizeParticipant(fx.author)).toStrictEqual(fx.author);
  });

  it('approved follows the status when missing (any case), and the status follows approved', () => {
    expect(normalizeParticipant({ user: { name: 'a' }, status: 'APPROVED' })).toMatchObject({ approved: true, status: 'APPROVED' });
    expect(normalizeParticipant({ user: { name: 'a' }, status: 'approved' })).toMatchObject({ approved: true, status: 'APPROVED' });
    expect(normalizeParticipant({ user: { name: 'a' }, approved: false })).toMatchObject({ approved: false, status: 'UNAPPROVED' });
    expect(normalizeParticipant({ user: { name: 'a' }, approved: true, status: 'unapproved', role: 'reviewer' })).toMatchObject({ approved: true, status: 'UNAPPROVED', role: 'REVIEWER' });
    expect(normalizeParticipant({ user: { name: 'a' }, role: 'OWNER', lastReviewedCommit: '' })).toStrictEqual({
      user: { name: 'a', slug: 'a', displayName: 'a' },
      role: 'PARTICIPANT',
      approved: false,
      status: 'UNAPPROVED',
    });
  });
});
