/**
 * What the server renders into every page (`<script type="application/json" id="bitbucket-page-data">`)
 * for the browser host runtime: the bitbucket/util/state values, WRM data and the initial batch.
 * Shared by the server pages and the client runtime; JSON only.
 */

export interface PageUser {
  id: number;
  name: string;
  slug: string;
  displayName: string;
  emailAddress?: string;
  active: boolean;
  type: string;
}

export type PageKind = 'pull-request' | 'dashboard' | 'projects' | 'project' | 'repository' | 'pull-requests' | 'error';
export type PullRequestTab = 'overview' | 'diff' | 'commits';

/** REST JSON as served by the emulator (shapes of the 9.2 spec); the host reads only a few fields. */
export type Json = Record<string, unknown>;

export interface PageData {
  contextPath: string;
  page: PageKind;
  currentUser: PageUser | null;
  project: Json | null;
  repository: Json | null;
  pullRequest: Json | null;
  /** Ids of the repository's pull requests, ascending: the PR page's prev/next navigation. */
  pullRequestIds: number[];
  tab: PullRequestTab | null;
  /** Contexts whose resources the server already rendered into the page. */
  initialContexts: string[];
  /** `WRM._unparsedData`: data-provider key → JSON string. */
  unparsedData: Record<string, string>;
  /** Resolution problems of the initial batch (Bitbucket would fail the batch); logged by the runtime. */
  wrmErrors: string[];
}

export const PAGE_DATA_ELEMENT_ID = 'bitbucket-page-data';
export const THEME_STORAGE_KEY = 'bitbucket.emulator.colorMode';
