/** Links into Bitbucket's own pages (PR diff, source view), every segment encoded. */

export interface DiffHrefInput {
  /** Bitbucket's context path, `""` or e.g. `"/bitbucket"` (trailing slashes are ignored). */
  contextPath: string;
  projectKey: string;
  repositorySlug: string;
  pullRequestId: number | string;
  /** Repository-relative file path; omitted → the diff page itself. */
  path?: string;
  /** 1-based line on the new ("to") side; 0/absent/invalid → file level. */
  line?: number;
}

export interface SourceHrefInput {
  contextPath: string;
  projectKey: string;
  repositorySlug: string;
  /** Commit (or ref) to browse at; omitted → the default branch. */
  commitId?: string;
  path?: string;
  line?: number;
}

/**
 * `<cp>/projects/K/repos/r/pull-requests/N/diff#<path>?t=<line>`.
 * The fragment `#<path>` selects the file in the PR diff (seen in public Bitbucket DC fixtures, e.g.
 * `…/pull-requests/1/diff#dir/new_file.go`); `?t=<line>` inside the fragment selects a line on the
 * "to" (new) side (`?f=` is the "from" side) — annotations always sit on the new side.
 */
export function annotationDiffHref(input: DiffHrefInput): string {
  const base = `${repoBase(input.contextPath, input.projectKey, input.repositorySlug)}/pull-requests/${segment(input.pullRequestId)}/diff`;
  const path = encodePath(input.path);
  if (!path) return base;
  const line = validLine(input.line);
  return `${base}#${path}${line === undefined ? '' : `?t=${line}`}`;
}

/** `<cp>/projects/K/repos/r/browse/<path>?at=<commit>#<line>` (Bitbucket's source view line anchor). */
export function sourceHref(input: SourceHrefInput): string {
  let href = `${repoBase(input.contextPath, input.projectKey, input.repositorySlug)}/browse`;
  const path = encodePath(input.path);
  if (path) href += `/${path}`;
  if (input.commitId) href += `?at=${encodeURIComponent(input.commitId)}`;
  const line = validLine(input.line);
  if (path && line !== undefined) href += `#${line}`;
  return href;
}

function repoBase(contextPath: string, projectKey: string, repositorySlug: string): string {
  const cp = String(contextPath ?? '').replace(/\/+$/, '');
  return `${cp}/projects/${segment(projectKey)}/repos/${segment(repositorySlug)}`;
}

/**
 * One encoded path segment. `.`/`..` (no real key, slug or id looks like that) are encoded twice so
 * the browser cannot treat them as dot-segments — such a link 404s instead of leaving the repository.
 */
function segment(value: unknown): string {
  const encoded = encodeURIComponent(String(value ?? ''));
  return encoded === '.' || encoded === '..' ? encoded.replace(/\./g, '%252E') : encoded;
}

/** Encodes each path component, keeping `/` as the separator; empty and dot components are dropped. */
function encodePath(path: string | undefined): string {
  if (typeof path !== 'string') return '';
  return path
    .split('/')
    // Git never stores `.`/`..` components; browsers resolve them (even as %2E%2E) and would climb out of /browse.
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .map(encodeURIComponent)
    .join('/');
}

function validLine(line: number | undefined): number | undefined {
  return typeof line === 'number' && Number.isInteger(line) && line > 0 ? line : undefined;
}
