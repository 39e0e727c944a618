import fc from 'fast-check';
import { aheadBehindOf, readPullRequestFacts, sourcePosition, summarizeBranch, truncateMiddle } from '../../frontend/pr-summary/branch-model';
import { branchTypeOptions, categorize, refNameProblem, swapPrefix } from '../../frontend/branch-panel/model';
import { summaryLabel } from '../../frontend/branch-panel';
import { HEAD, MODEL, NEWER, branch, context, repository, withAheadBehind } from './fake-client';

describe('readPullRequestFacts', () => {
  it('reads source, target, repos and head from a real-shaped context', () => {
    const facts = readPullRequestFacts(context({}, 'feature/login', 'master'))!;
    expect(facts).toMatchObject({
      id: 7,
      state: 'OPEN',
      sourceName: 'feature/login',
      targetName: 'master',
      sourceRefId: 'refs/heads/feature/login',
      headCommit: HEAD,
      sameRepo: true,
      sourceRepo: { projectKey: 'SOUR', repositorySlug: 'vegeta' },
    });
  });

  it('keeps fork PRs apart: the source branch lives in the fork', () => {
    const ctx = context();
    ctx.pullRequest.fromRef.repository = repository('vegeta-fork', '~ALICE');
    const facts = readPullRequestFacts(ctx)!;
    expect(facts.sameRepo).toBe(false);
    expect(facts.sourceRepo).toEqual({ projectKey: '~ALICE', repositorySlug: 'vegeta-fork' });
    expect(facts.targetRepo).toEqual({ projectKey: 'SOUR', repositorySlug: 'vegeta' });
  });

  it('returns null for partial or missing contexts instead of throwing', () => {
    expect(readPullRequestFacts(undefined)).toBeNull();
    expect(readPullRequestFacts({})).toBeNull();
    expect(readPullRequestFacts({ pullRequest: { id: 1 } })).toBeNull();
    const noHead = context();
    (noHead.pullRequest.fromRef as { latestCommit?: string }).latestCommit = undefined;
    expect(readPullRequestFacts(noHead)).toBeNull();
  });

  it('falls back to the context repository when the refs carry none', () => {
    const ctx = context();
    (ctx.pullRequest.toRef as { repository?: unknown }).repository = undefined;
    (ctx.pullRequest.fromRef as { repository?: unknown }).repository = undefined;
    expect(readPullRequestFacts(ctx)?.targetRepo).toEqual({ projectKey: 'SOUR', repositorySlug: 'vegeta' });
  });
});

describe('categorize', () => {
  it('uses the longest matching prefix of enabled types', () => {
    const model = { ...MODEL, types: [...MODEL.types, { id: 'HOTFIX' as const, displayName: 'Urgent', prefix: 'feature/urgent/' }] };
    expect(categorize('feature/login', model)).toEqual({ id: 'FEATURE', displayName: 'Feature' });
    expect(categorize('feature/urgent/db', model)).toEqual({ id: 'HOTFIX', displayName: 'Urgent' });
    expect(categorize('bugfix/x', MODEL)?.id).toBe('BUGFIX');
    expect(categorize('spike/x', MODEL)).toBeNull();
  });

  it('names the model branches, and gives no category (and no error) without a model', () => {
    expect(categorize('master', MODEL)).toEqual({ id: 'DEVELOPMENT', displayName: null });
    expect(categorize('feature/login', null)).toBeNull();
    expect(categorize('feature/login', { types: undefined } as never)).toBeNull();
  });

  it('ignores disabled types (the effective model omits them)', () => {
    const model = { ...MODEL, types: MODEL.types.filter((t) => t.id !== 'FEATURE') };
    expect(categorize('feature/login', model)).toBeNull();
  });
});

describe('aheadBehindOf / sourcePosition / summarizeBranch', () => {
  it('reads the ahead-behind provider metadata and rejects junk', () => {
    expect(aheadBehindOf(withAheadBehind(branch('x'), 2, 4))).toEqual({ ahead: 2, behind: 4 });
    expect(aheadBehindOf(branch('x'))).toBeNull();
    expect(aheadBehindOf({ ...branch('x'), metadata: { 'com.atlassian.bitbucket.server.bitbucket-branch:ahead-behind-metadata-provider': { ahead: '2', behind: -1 } } })).toBeNull();
    expect(aheadBehindOf(null)).toBeNull();
  });

  it('tells deleted, same commit and moved apart', () => {
    expect(sourcePosition(null, HEAD)).toEqual({ kind: 'deleted' });
    expect(sourcePosition(branch('x', HEAD), HEAD)).toEqual({ kind: 'same' });
    expect(sourcePosition(branch('x', NEWER), HEAD)).toEqual({ kind: 'moved', tip: NEWER, newCommits: null, capped: false });
  });

  it('summarizes in priority order deleted > moved > behind > up to date > unknown', () => {
    const facts = readPullRequestFacts(context())!;
    expect(summarizeBranch(facts, null).status).toBe('deleted');
    expect(summarizeBranch(facts, withAheadBehind(branch('feature/login', NEWER), 1, 9)).status).toBe('moved');
    expect(summarizeBranch(facts, withAheadBehind(branch('feature/login'), 2, 4))).toEqual({ sourceName: 'feature/login', status: 'behind', behind: 4 });
    expect(summarizeBranch(facts, withAheadBehind(branch('feature/login'), 2, 0)).status).toBe('up-to-date');
    expect(summarizeBranch(facts, branch('feature/login')).status).toBe('unknown');
  });
});

describe('summaryLabel', () => {
  it('reads "Branch: <name> · behind N" and shortens long names in the middle', () => {
    expect(summaryLabel({ sourceName: 'feature/login', status: 'behind', behind: 4 })).toBe('Branch: feature/login \u00b7 behind 4');
    expect(summaryLabel({ sourceName: 'feature/login', status: 'deleted', behind: 0 })).toBe('Branch: feature/login \u00b7 deleted');
    expect(summaryLabel({ sourceName: 'feature/login', status: 'up-to-date', behind: 0 })).toBe('Branch: feature/login \u00b7 up to date');
    const long = summaryLabel({ sourceName: `feature/${'very-long-name-'.repeat(20)}end`, status: 'behind', behind: 1 });
    expect(long).toMatch(/^Branch: feature\/very-l.*\u2026.*end \u00b7 behind 1$/);
    expect(long.length).toBeLessThan(60);
  });
});

describe('truncateMiddle', () => {
  it('never splits a surrogate pair and respects the limit in code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 5, max: 40 }), (text, max) => {
        const out = truncateMiddle(text, max);
        expect(Array.from(out).length).toBeLessThanOrEqual(Math.max(max, Array.from(text).length <= max ? Array.from(text).length : 0));
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out)).toBe(false);
        if (Array.from(text).length <= max) expect(out).toBe(text);
      }),
    );
  });
});

describe('refNameProblem (git check-ref-format)', () => {
  it.each([
    ['', 'empty'],
    ['feature/a..b', 'dot-dot'],
    ['feature/a b', 'bad-char'],
    ['feature/a~1', 'bad-char'],
    ['feature/a^', 'bad-char'],
    ['feature/a:b', 'bad-char'],
    ['feature/a?', 'bad-char'],
    ['feature/a*', 'bad-char'],
    ['feature/[a', 'bad-char'],
    ['feature\\a', 'bad-char'],
    ['feature/a\u0007', 'bad-char'],
    ['feature/', 'slash'],
    ['/feature', 'slash'],
    ['feature//a', 'slash'],
    ['feature/a.lock', 'lock'],
    ['feature.lock/a', 'lock'],
    ['feature/a.', 'dot'],
    ['feature/.hidden', 'dot'],
    ['feature/a@{1}', 'at-brace'],
    ['@', 'at-brace'],
    ['-rf', 'dash'],
    ['x'.repeat(256), 'too-long'],
  ])('%j → %s', (name, kind) => {
    expect(refNameProblem(name)?.kind).toBe(kind);
  });

  it.each(['feature/login', 'release/1.0', 'bugfix/JIRA-123_fix', 'feature/\u00fcber-\u{1F600}', 'a', 'x'.repeat(255)])('accepts %j', (name) => {
    expect(refNameProblem(name)).toBeNull();
  });
});

describe('branchTypeOptions / swapPrefix', () => {
  it('lists enabled types, preselects FEATURE, and offers "no prefix" last', () => {
    const { options, selected } = branchTypeOptions(MODEL);
    expect(options.map((o) => o.prefix)).toEqual(['bugfix/', 'feature/', 'hotfix/', 'release/', '']);
    expect(selected.prefix).toBe('feature/');
  });

  it('falls back to feature/ without a model and to the first type when FEATURE is disabled', () => {
    expect(branchTypeOptions(null).selected.prefix).toBe('feature/');
    expect(branchTypeOptions({ types: [{ id: 'HOTFIX', displayName: 'Hotfix', prefix: 'hotfix/' }] }).selected.prefix).toBe('hotfix/');
  });

  it('drops types whose prefix is not a valid ref (server data is untrusted)', () => {
    expect(branchTypeOptions({ types: [{ id: 'FEATURE', displayName: 'F', prefix: 'fe ature/' }] }).options.map((o) => o.prefix)).toEqual(['feature/', '']);
  });

  it('swaps the prefix and keeps the rest of the typed name', () => {
    expect(swapPrefix('feature/login', 'feature/', 'bugfix/')).toBe('bugfix/login');
    expect(swapPrefix('login', '', 'hotfix/')).toBe('hotfix/login');
    expect(swapPrefix('custom/login', 'feature/', '')).toBe('custom/login');
  });
});
