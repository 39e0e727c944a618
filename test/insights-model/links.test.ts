import fc from 'fast-check';
import { annotationDiffHref, sourceHref } from 'yourcompany/insights-model';

describe('annotationDiffHref', () => {
  const base = { contextPath: '/bitbucket', projectKey: 'PRJ', repositorySlug: 'my-repo', pullRequestId: 7 };

  it('builds the PR diff anchor with the file and new-side line', () => {
    expect(annotationDiffHref({ ...base, path: 'src/main/App.ts', line: 42 })).toBe('/bitbucket/projects/PRJ/repos/my-repo/pull-requests/7/diff#src/main/App.ts?t=42');
  });

  it('omits the line for file-level annotations and the fragment without a path', () => {
    expect(annotationDiffHref({ ...base, path: 'a.ts', line: 0 })).toBe('/bitbucket/projects/PRJ/repos/my-repo/pull-requests/7/diff#a.ts');
    expect(annotationDiffHref({ ...base, path: 'a.ts', line: Number.NaN })).toBe('/bitbucket/projects/PRJ/repos/my-repo/pull-requests/7/diff#a.ts');
    expect(annotationDiffHref({ ...base, path: 'a.ts', line: -3 })).toBe('/bitbucket/projects/PRJ/repos/my-repo/pull-requests/7/diff#a.ts');
    expect(annotationDiffHref({ ...base, line: 3 })).toBe('/bitbucket/projects/PRJ/repos/my-repo/pull-requests/7/diff');
  });

  it('works at the root context path and strips trailing slashes', () => {
    expect(annotationDiffHref({ ...base, contextPath: '', path: 'a', line: 1 })).toBe('/projects/PRJ/repos/my-repo/pull-requests/7/diff#a?t=1');
    expect(annotationDiffHref({ ...base, contextPath: '/bb//', path: 'a' })).toBe('/bb/projects/PRJ/repos/my-repo/pull-requests/7/diff#a');
  });

  it('encodes every segment', () => {
    const href = annotationDiffHref({
      contextPath: '',
      projectKey: '~USER/x',
      repositorySlug: 'a b',
      pullRequestId: '1/../2',
      path: 'dir with space/file#1?.ts',
      line: 3,
    });
    expect(href).toBe('/projects/~USER%2Fx/repos/a%20b/pull-requests/1%2F..%2F2/diff#dir%20with%20space/file%231%3F.ts?t=3');
  });
});

describe('sourceHref', () => {
  const base = { contextPath: '/bitbucket', projectKey: 'PRJ', repositorySlug: 'repo', commitId: 'a'.repeat(40) };

  it('builds the browse link at a commit with a line anchor', () => {
    expect(sourceHref({ ...base, path: 'src/App.ts', line: 12 })).toBe(`/bitbucket/projects/PRJ/repos/repo/browse/src/App.ts?at=${'a'.repeat(40)}#12`);
  });

  it('leaves out missing parts', () => {
    expect(sourceHref({ ...base, path: 'src/App.ts' })).toBe(`/bitbucket/projects/PRJ/repos/repo/browse/src/App.ts?at=${'a'.repeat(40)}`);
    expect(sourceHref({ contextPath: '', projectKey: 'P', repositorySlug: 'r', path: 'x', line: 2 })).toBe('/projects/P/repos/r/browse/x#2');
    expect(sourceHref({ contextPath: '', projectKey: 'P', repositorySlug: 'r', line: 2 })).toBe('/projects/P/repos/r/browse');
  });

  it('encodes refs and paths, and cannot climb out with dot segments', () => {
    const href = sourceHref({ contextPath: '', projectKey: 'P', repositorySlug: 'r', commitId: 'refs/heads/feature/a&b', path: '../../admin/./x y', line: 1 });
    expect(href).toBe('/projects/P/repos/r/browse/admin/x%20y?at=refs%2Fheads%2Ffeature%2Fa%26b#1');
    expect(new URL(href, 'https://bb.test').pathname).toBe('/projects/P/repos/r/browse/admin/x%20y');
    expect(sourceHref({ contextPath: '', projectKey: '..', repositorySlug: '.', path: '%2e%2e/x' })).toBe('/projects/%252E%252E/repos/%252E/browse/%252e%252e/x');
  });

  it('always yields a same-origin relative link for any input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), fc.string(), fc.integer(), (cp, key, slug, commit, path, line) => {
        const href = sourceHref({ contextPath: `/${cp.replace(/[^a-z]/g, '')}`, projectKey: key, repositorySlug: slug, commitId: commit, path, line });
        const url = new URL(href, 'https://bb.test/');
        expect(url.origin).toBe('https://bb.test');
        expect(url.pathname.startsWith('/')).toBe(true);
        expect(url.pathname).toMatch(/^\/[a-z]*\/?projects\/[^/]*\/repos\/[^/]*\/browse(\/|$)/);
        const diff = annotationDiffHref({ contextPath: '', projectKey: key, repositorySlug: slug, pullRequestId: line, path, line });
        expect(new URL(diff, 'https://bb.test/').pathname).toMatch(/^\/projects\/[^/]*\/repos\/[^/]*\/pull-requests\/[^/]*\/diff$/);
      }),
    );
  });
});

describe('links: lines, paths and refs at their edges', () => {
  const repo = { contextPath: '', projectKey: 'P', repositorySlug: 'r' };

  it('anchors line 1 and leaves file level for 0, fractions and non-numbers', () => {
    expect(annotationDiffHref({ ...repo, pullRequestId: 1, path: 'a.ts', line: 1 })).toBe('/projects/P/repos/r/pull-requests/1/diff#a.ts?t=1');
    expect(annotationDiffHref({ ...repo, pullRequestId: 1, path: 'a.ts', line: 2.5 })).toBe('/projects/P/repos/r/pull-requests/1/diff#a.ts');
    expect(annotationDiffHref({ ...repo, pullRequestId: 1, path: 'a.ts', line: '4' as unknown as number })).toBe('/projects/P/repos/r/pull-requests/1/diff#a.ts');
    expect(sourceHref({ ...repo, path: 'a.ts', line: 0 })).toBe('/projects/P/repos/r/browse/a.ts');
    expect(sourceHref({ ...repo, path: 'a.ts', line: 2.5 })).toBe('/projects/P/repos/r/browse/a.ts');
    expect(sourceHref({ ...repo, path: 'a.ts', line: 1 })).toBe('/projects/P/repos/r/browse/a.ts#1');
  });

  it('drops empty path components and treats a path of only separators or dots as none', () => {
    expect(sourceHref({ ...repo, path: '/a//b/' })).toBe('/projects/P/repos/r/browse/a/b');
    expect(sourceHref({ ...repo, path: '//./..', line: 3 })).toBe('/projects/P/repos/r/browse');
    expect(annotationDiffHref({ ...repo, pullRequestId: 1, path: '/', line: 3 })).toBe('/projects/P/repos/r/pull-requests/1/diff');
    expect(sourceHref({ ...repo, path: '...' })).toBe('/projects/P/repos/r/browse/...');
  });

  it('browses the default branch when the commit is empty, and reads a missing context path as the root', () => {
    expect(sourceHref({ ...repo, commitId: '', path: 'a' })).toBe('/projects/P/repos/r/browse/a');
    expect(sourceHref({ ...repo, contextPath: undefined as unknown as string, path: 'a' })).toBe('/projects/P/repos/r/browse/a');
    expect(annotationDiffHref({ ...repo, projectKey: undefined as unknown as string, pullRequestId: 2 })).toBe('/projects//repos/r/pull-requests/2/diff');
  });

  it('keeps dots inside a key or slug that is more than dots', () => {
    expect(sourceHref({ ...repo, projectKey: 'a.b', repositorySlug: '...' })).toBe('/projects/a.b/repos/.../browse');
  });
});
