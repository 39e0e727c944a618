/**
 * Building request URLs from untrusted names (project keys, slugs, report keys, file paths, emoticons).
 * Every interpolated value is percent-encoded as ONE path segment; file paths are encoded component by
 * component so their `/` survive. Segments that are empty, `.` or `..` are refused: the WHATWG URL parser
 * resolves dot segments, even percent-encoded ones (`%2e%2e`), so `fetch` would silently call a different
 * resource. Git allows none of them in ref names or tree paths, so no legitimate call needs them.
 */
import { RestError } from './errors';

/** An already-encoded run of path segments (see `filePath`), spliced into `path` verbatim. */
export class EncodedPath {
  constructor(readonly encoded: string) {}
}

function invalidPath(value: string, why: string): RestError {
  return new RestError('bad-request', 0, '', value, [{ message: `Invalid path segment ${JSON.stringify(value)}: ${why}`, context: 'path' }]);
}

/** Percent-encodes one path segment, refusing values that URL parsing would rewrite. */
export function encodeSegment(value: string | number): string {
  const text = String(value);
  if (text === '' || text === '.' || text === '..') throw invalidPath(text, 'empty or dot segment');
  try {
    return encodeURIComponent(text);
  } catch {
    // encodeURIComponent throws URIError on lone UTF-16 surrogates.
    throw invalidPath(text, 'not well-formed Unicode');
  }
}

/** A repository file path: each component encoded, `/` kept. Leading and trailing slashes are ignored. */
export function filePath(path: string): EncodedPath {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') throw invalidPath(path, 'empty file path');
  return new EncodedPath(trimmed.split('/').map(encodeSegment).join('/'));
}

/** Tagged template: literal parts are trusted, every `${value}` is one encoded segment (or an `EncodedPath`). */
export function path(literals: TemplateStringsArray, ...values: (string | number | EncodedPath)[]): string {
  let out = literals[0];
  values.forEach((value, i) => {
    out += (value instanceof EncodedPath ? value.encoded : encodeSegment(value)) + literals[i + 1];
  });
  return out;
}

export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | readonly QueryScalar[] | undefined | null;
export type Query = Record<string, QueryValue>;

/** `?a=1&b=x&b=y` in insertion order (so equal requests build equal URLs); undefined/null are left out. */
export function queryString(query?: Query): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? (value as readonly QueryScalar[]) : [value as QueryScalar];
    for (const v of values) parts.push(`${encodeURIComponent(name)}=${encodeQueryValue(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function encodeQueryValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    throw new RestError('bad-request', 0, '', value, [{ message: 'Query value is not well-formed Unicode', context: 'query' }]);
  }
}

/**
 * The resource part of a REST path: `/rest/<module>/<version>/projects/P/…` → `['projects','P',…]`
 * (segments still encoded). Cache invalidation compares these, so a write in one module (comment-likes)
 * can invalidate reads of the same resource in another (core activities).
 */
export function resourceSegments(restPath: string): string[] {
  const withoutQuery = restPath.split('?')[0];
  const segments = withoutQuery.split('/').filter(Boolean);
  return segments[0] === 'rest' ? segments.slice(3) : segments;
}
