import { RestError } from '../../frontend/rest/errors';
import { EncodedPath, encodeSegment, filePath, path, queryString, resourceSegments } from '../../frontend/rest/url';

function thrown(build: () => unknown): RestError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(RestError);
    return error as RestError;
  }
  throw new Error('expected a RestError');
}

describe('path encoding of hostile names', () => {
  it.each([
    ['a b', 'a%20b'],
    ['100%', '100%25'],
    ['#?&=', '%23%3F%26%3D'],
    ['a/b', 'a%2Fb'],
    ['ünï©ødé 🚀', '%C3%BCn%C3%AF%C2%A9%C3%B8d%C3%A9%20%F0%9F%9A%80'],
    ['..a', '..a'],
    ['%2e%2e', '%252e%252e'],
  ])('segment %j → %s', (value, encoded) => {
    expect(path`/rest/insights/latest/reports/${value}/x`).toBe(`/rest/insights/latest/reports/${encoded}/x`);
  });

  it('a number is one segment too, and every literal part is kept in place', () => {
    expect(path`/rest/api/latest/projects/${'P'}/repos/${'r'}/pull-requests/${42}/activities`).toBe('/rest/api/latest/projects/P/repos/r/pull-requests/42/activities');
    expect(path`/rest/api/latest/projects`).toBe('/rest/api/latest/projects');
    expect(encodeSegment(0)).toBe('0');
  });

  it.each([
    ['', 'empty or dot segment'],
    ['.', 'empty or dot segment'],
    ['..', 'empty or dot segment'],
    ['\uD800', 'not well-formed Unicode'],
  ])('refuses the segment %j (%s): a bad request that names the value, before anything is sent', (value, why) => {
    const error = thrown(() => path`/rest/x/${value}`);
    expect(error).toMatchObject({ kind: 'bad-request', status: 0, method: '', url: value, errors: [{ message: `Invalid path segment ${JSON.stringify(value)}: ${why}`, context: 'path' }] });
    expect(error.message).toBe(`Invalid path segment ${JSON.stringify(value)}: ${why}`);
  });
});

describe('repository file paths', () => {
  it('encodes each component and keeps the slashes between them', () => {
    expect(filePath('src/a b/#1?.ts').encoded).toBe('src/a%20b/%231%3F.ts');
    expect(filePath('README.md').encoded).toBe('README.md');
  });

  it('ignores leading and trailing slashes, however many', () => {
    expect(filePath('/docs/ü.md').encoded).toBe('docs/%C3%BC.md');
    expect(filePath('//docs/a.md//').encoded).toBe('docs/a.md');
  });

  it('splices into a path verbatim: its slashes are not encoded again', () => {
    const file = filePath('src/a b.ts');
    expect(file).toBeInstanceOf(EncodedPath);
    expect(path`/rest/api/latest/projects/${'P'}/repos/${'r'}/browse/${file}?at=x`).toBe('/rest/api/latest/projects/P/repos/r/browse/src/a%20b.ts?at=x');
    expect(path`/raw/${new EncodedPath('a/%2e')}`).toBe('/raw/a/%2e');
  });

  it.each(['src/../../etc/passwd', './a', 'a//b', 'a/./b'])('refuses %j: a dot or empty component would make fetch call another resource', (value) => {
    expect(thrown(() => filePath(value)).errors[0].message).toMatch(/empty or dot segment$/);
  });

  it.each(['', '/', '///'])('refuses %j: no file at all', (value) => {
    const error = thrown(() => filePath(value));
    expect(error).toMatchObject({ kind: 'bad-request', status: 0, url: value, errors: [{ message: `Invalid path segment ${JSON.stringify(value)}: empty file path`, context: 'path' }] });
  });
});

describe('query strings', () => {
  it('is empty without a query, for an empty one, and when every value is left out', () => {
    expect(queryString()).toBe('');
    expect(queryString({})).toBe('');
    expect(queryString({ a: undefined, b: null })).toBe('');
  });

  it('keeps the order given, repeats a name for each value of a list, and encodes names and values', () => {
    expect(queryString({ b: 2, a: 'x' })).toBe('?b=2&a=x');
    expect(queryString({ filterText: 'a&b=c #', tag: ['x y', 'z'], 'a b': true })).toBe('?filterText=a%26b%3Dc%20%23&tag=x%20y&tag=z&a%20b=true');
  });

  it('leaves out only undefined and null: false, 0 and the empty string are values', () => {
    expect(queryString({ skip: undefined, withCounts: false, start: 0, none: null, q: '' })).toBe('?withCounts=false&start=0&q=');
  });

  it('an empty list adds nothing', () => {
    expect(queryString({ tag: [], at: 'main' })).toBe('?at=main');
  });

  it('refuses a value that is not well-formed Unicode', () => {
    const error = thrown(() => queryString({ q: 'a\uDC00' }));
    expect(error).toMatchObject({ kind: 'bad-request', status: 0, method: '', url: 'a\uDC00', errors: [{ message: 'Query value is not well-formed Unicode', context: 'query' }] });
  });
});

describe('resource segments (what cache invalidation compares)', () => {
  it('drops the /rest/<module>/<version> prefix, so modules share resources', () => {
    expect(resourceSegments('/rest/api/latest/projects/P/repos/r')).toEqual(['projects', 'P', 'repos', 'r']);
    expect(resourceSegments('/rest/comment-likes/1.0/projects/P/repos/r')).toEqual(['projects', 'P', 'repos', 'r']);
  });

  it('ignores the query and empty segments, and keeps segments encoded', () => {
    expect(resourceSegments('/rest/api/latest/projects/P/repos/r/browse/a%20b.ts?at=x/y')).toEqual(['projects', 'P', 'repos', 'r', 'browse', 'a%20b.ts']);
    expect(resourceSegments('/rest/api/latest//projects/P/')).toEqual(['projects', 'P']);
  });

  it('a path outside /rest is its own resource path', () => {
    expect(resourceSegments('/plugins/servlet/x/y')).toEqual(['plugins', 'servlet', 'x', 'y']);
    expect(resourceSegments('/restful/a/b/c')).toEqual(['restful', 'a', 'b', 'c']);
  });
});
