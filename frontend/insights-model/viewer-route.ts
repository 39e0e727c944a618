/**
 * The viewer's whole state as a URL hash: `#yourcompany-insights?repo=KEY/slug&branch=…&commit=…&tab=…`.
 * `viewerHash(state)` is the one way other surfaces (PR panels, action menu) build links into the viewer;
 * `parseViewerHash` reads any hash back (unknown or malformed parameters are dropped, never thrown). Both are
 * pure, so a copied URL reopens the same view and `parse(serialize(s))` is the identity on normalised states.
 * It lives in insights-model (loaded on PR pages anyway) so links need not load the lazy viewer bundle.
 */
import type { AnnotationSeverity, AnnotationType } from 'yourcompany/rest';
import { SEVERITIES } from 'yourcompany/insights-compare';

/**
 * Everything after this prefix (up to `?`) is ours. The launcher keeps its own copy of the literal
 * (frontend/launcher/index.ts) so the every-page script imports nothing; this is the source of truth.
 */
export const VIEWER_ROUTE = '#yourcompany-insights';

export type ViewerTab = 'annotations' | 'reports' | 'compare' | 'trend';
export const VIEWER_TABS: readonly ViewerTab[] = ['annotations', 'reports', 'compare', 'trend'];

export type SeverityName = AnnotationSeverity;
export type TypeName = AnnotationType;
/** The viewer's type order (hash parameter and filter checkboxes); not `ANNOTATION_TYPES`' worst-first order. */
export const VIEWER_TYPES: readonly TypeName[] = ['BUG', 'VULNERABILITY', 'CODE_SMELL'];

export type SortField = 'severity' | 'path' | 'line' | 'report';
export const SORT_FIELDS: readonly SortField[] = ['severity', 'path', 'line', 'report'];
export interface SortOrder {
  field: SortField;
  descending: boolean;
}

/** The cross-repository overview's result filter (`result=FAIL`); NONE = no report / no result. */
export type OverviewResult = 'FAIL' | 'PASS' | 'NONE';
export const OVERVIEW_RESULTS: readonly OverviewResult[] = ['FAIL', 'PASS', 'NONE'];

/** An overview column to sort by: a row fact (`project`, `failing`…) or `report:<key>`. */
export interface OverviewSort {
  column: string;
  descending: boolean;
}

export interface ViewerRepo {
  projectKey: string;
  repositorySlug: string;
}

/**
 * One view. Scope: a branch or a pull request (mutually exclusive; the PR wins) gives the commit list,
 * compare default and trend; `commit` pins the commit whose reports are shown (default: the scope's head).
 */
export interface ViewerState {
  repo?: ViewerRepo;
  branch?: string;
  pr?: number;
  commit?: string;
  /** The other side of a comparison: the base commit (`commit`/head is the new side). */
  compare?: string;
  tab: ViewerTab;
  /** Report keys to show; empty = all. */
  report: string[];
  severity: SeverityName[];
  type: TypeName[];
  /** Substring or glob (`*`, `**`, `?`) on the annotation path. */
  path: string;
  /** Free text over message and path. */
  q: string;
  sort: SortOrder;
  group?: 'file';
  /**
   * `overview`: every readable repository's reports in one matrix (frontend/viewer/overview). There
   * `branch` names the branch to read (default: each repository's default branch), `q` filters repository
   * names, `report` the report columns; repo/pr/commit/compare/tab do not apply and are dropped.
   */
  scope?: 'overview';
  /** Overview: one project's repositories. */
  project?: string;
  /** Overview: rows whose (filtered) reports have this result. */
  result?: OverviewResult;
  /** Overview: report columns the user hid. */
  hide: string[];
  /** Overview: the sort column (`sort=` in the hash while in the overview); none = Bitbucket's order. */
  overviewSort?: OverviewSort;
}

export const DEFAULT_SORT: SortOrder = { field: 'severity', descending: false };

/** What `viewerHash` accepts: any subset, e.g. `{ repo, pr: 12, tab: 'compare' }`. */
export type ViewerLink = Partial<ViewerState>;

export function defaultViewerState(): ViewerState {
  return { tab: 'annotations', report: [], severity: [], type: [], path: '', q: '', sort: { ...DEFAULT_SORT }, hide: [] };
}

/** Fills defaults, drops invalid values, orders lists canonically and resolves branch-vs-PR. */
export function normalizeViewerState(input: ViewerLink): ViewerState {
  const state = defaultViewerState();
  if (input.repo && input.repo.projectKey && input.repo.repositorySlug) {
    state.repo = { projectKey: input.repo.projectKey, repositorySlug: input.repo.repositorySlug };
  }
  // Number.isSafeInteger is false for non-numbers (no coercion).
  if (Number.isSafeInteger(input.pr) && (input.pr as number) > 0) state.pr = input.pr;
  else if (input.branch) state.branch = input.branch;
  if (isCommitLike(input.commit)) state.commit = input.commit.toLowerCase();
  if (isCommitLike(input.compare)) state.compare = input.compare.toLowerCase();
  if (oneOf(VIEWER_TABS, input.tab)) state.tab = input.tab;
  state.report = unique((input.report ?? []).filter((key) => key !== ''));
  state.severity = SEVERITIES.filter((s) => input.severity?.includes(s));
  state.type = VIEWER_TYPES.filter((t) => input.type?.includes(t));
  state.path = input.path ?? '';
  state.q = input.q ?? '';
  if (input.sort && oneOf(SORT_FIELDS, input.sort.field)) state.sort = { field: input.sort.field, descending: Boolean(input.sort.descending) };
  if (input.group === 'file') state.group = 'file';
  if (input.scope === 'overview') {
    state.scope = 'overview';
    delete state.repo;
    delete state.pr;
    delete state.commit;
    delete state.compare;
    state.tab = 'annotations';
    // `branch` stays (set above unless a pull request was named): the branch each repository is read at.
    if (input.project) state.project = input.project;
    if (oneOf(OVERVIEW_RESULTS, input.result)) state.result = input.result;
    state.hide = unique((input.hide ?? []).filter((key) => key !== ''));
    if (input.overviewSort?.column) state.overviewSort = { column: input.overviewSort.column, descending: Boolean(input.overviewSort.descending) };
  }
  return state;
}

/** Full or abbreviated hex commit ids only (they become REST path segments). */
export function isCommitLike(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-fA-F]{4,64}$/.test(value);
}

/** Whether an untrusted value is one of `values`. */
function oneOf<T>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** `#yourcompany-insights?…` for a state; parameters at their defaults are left out. */
export function viewerHash(link: ViewerLink): string {
  const state = normalizeViewerState(link);
  const params: [string, string][] = [];
  const add = (name: string, value: string): void => {
    params.push([name, value]);
  };
  if (state.scope) add('scope', state.scope);
  if (state.project) add('project', encodePart(state.project));
  if (state.result) add('result', state.result);
  // The key is encoded whole (no raw `/`), so the first `/` always separates it from the slug.
  if (state.repo) add('repo', `${encodeURIComponent(wellFormed(state.repo.projectKey))}/${encodePart(state.repo.repositorySlug)}`);
  if (state.branch !== undefined) add('branch', encodePart(state.branch));
  if (state.pr !== undefined) add('pr', String(state.pr));
  if (state.commit) add('commit', state.commit);
  if (state.compare) add('compare', state.compare);
  if (state.tab !== 'annotations') add('tab', state.tab);
  if (state.report.length) add('report', state.report.map(encodePart).join(','));
  if (state.severity.length) add('severity', state.severity.join(','));
  if (state.type.length) add('type', state.type.join(','));
  if (state.path) add('path', encodePart(state.path));
  if (state.q) add('q', encodePart(state.q));
  if (state.hide.length) add('hide', state.hide.map(encodePart).join(','));
  if (state.overviewSort) add('sort', `${state.overviewSort.descending ? '-' : ''}${encodePart(state.overviewSort.column)}`);
  else if (state.sort.field !== DEFAULT_SORT.field || state.sort.descending !== DEFAULT_SORT.descending) {
    add('sort', `${state.sort.descending ? '-' : ''}${state.sort.field}`);
  }
  if (state.group) add('group', state.group);
  return params.length ? `${VIEWER_ROUTE}?${params.map(([n, v]) => `${n}=${v}`).join('&')}` : VIEWER_ROUTE;
}

/** Whether a location hash belongs to the viewer (`#yourcompany-insights` alone or followed by `?`). */
export function isViewerHash(hash: string): boolean {
  return hash === VIEWER_ROUTE || hash.startsWith(`${VIEWER_ROUTE}?`);
}

/** Reads a hash (with or without `#`); anything that is not the viewer's route gives the default state. */
export function parseViewerHash(hash: string): ViewerState {
  const withHash = hash.startsWith('#') ? hash : `#${hash}`;
  if (!isViewerHash(withHash)) return defaultViewerState();
  const query = withHash.slice(VIEWER_ROUTE.length + 1);
  const raw = new Map<string, string>();
  for (const pair of query.split('&')) {
    // `name=value`, the value running to the end of the pair (it may contain `=`); `name` alone is empty.
    const [name] = pair.split('=', 1);
    if (!raw.has(name)) raw.set(name, pair.slice(name.length + 1));
  }
  const text = (name: string): string | undefined => {
    const value = raw.get(name);
    return value === undefined ? undefined : decodePart(value);
  };
  const list = (name: string): string[] =>
    (raw.get(name) ?? '')
      .split(',')
      .map(decodePart)
      .filter((item): item is string => item !== undefined); // empty items: normalising drops them
  const link: ViewerLink = {};
  // The key is encoded whole, so the first `/` separates it from the slug; undecodable parts normalise away.
  const repo = /^([^/]+)\/(.+)/s.exec(String(raw.get('repo'))); // absent: "undefined", no match
  if (repo) link.repo = { projectKey: decodePart(repo[1]) ?? '', repositorySlug: decodePart(repo[2]) ?? '' };
  link.branch = text('branch');
  const pr = String(raw.get('pr'));
  if (/^\d{1,15}$/.test(pr)) link.pr = Number(pr);
  link.commit = text('commit');
  link.compare = text('compare');
  link.tab = text('tab') as ViewerTab | undefined;
  link.report = list('report');
  link.severity = list('severity').map((s) => s.toUpperCase()) as SeverityName[];
  link.type = list('type').map((t) => t.toUpperCase()) as TypeName[];
  link.path = text('path');
  link.q = text('q');
  const sort = text('sort');
  if (text('scope') === 'overview') {
    link.scope = 'overview';
    link.project = text('project');
    link.result = text('result')?.toUpperCase() as OverviewResult | undefined;
    link.hide = list('hide');
    if (sort) link.overviewSort = { column: sort.replace(/^-/, ''), descending: sort.startsWith('-') };
  } else if (sort) link.sort = { field: sort.replace(/^-/, '') as SortField, descending: sort.startsWith('-') };
  if (text('group') === 'file') link.group = 'file';
  return normalizeViewerState(link);
}

/**
 * Changes that deserve their own history entry (a different repository, scope, commit, comparison or tab);
 * filter, sort and grouping changes replace the current entry so Back does not replay keystrokes.
 */
export function isNavigation(from: ViewerState, to: ViewerState): boolean {
  return (
    from.scope !== to.scope ||
    from.project !== to.project ||
    from.repo?.projectKey !== to.repo?.projectKey ||
    from.repo?.repositorySlug !== to.repo?.repositorySlug ||
    from.branch !== to.branch ||
    from.pr !== to.pr ||
    from.commit !== to.commit ||
    from.compare !== to.compare ||
    from.tab !== to.tab
  );
}

/** Equal when they serialise to the same hash. */
export function sameViewerState(a: ViewerState, b: ViewerState): boolean {
  return viewerHash(a) === viewerHash(b);
}

/**
 * Percent-encodes a value so `&`, `=`, `,`, `#`, `%` and `+` never break the query, while `/` and `:` stay readable.
 * Lone UTF-16 surrogates (which `encodeURIComponent` rejects) become U+FFFD.
 */
function encodePart(value: string): string {
  return encodeURIComponent(wellFormed(value)).replace(/%2F/gi, '/').replace(/%3A/gi, ':');
}

function decodePart(value: string): string | undefined {
  let decoded: string | undefined;
  try {
    decoded = decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    // a malformed escape: the parameter is dropped
  }
  return decoded;
}

function wellFormed(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += value[i] + value[i + 1];
        i++;
      } else out += '\uFFFD';
    } else if (code >= 0xdc00 && code <= 0xdfff) out += '\uFFFD';
    else out += value[i];
  }
  return out;
}
