/** The few REST fields the host's PR page reads (9.2 spec shapes). */
export interface UserJson {
  name?: string;
  displayName?: string;
  slug?: string;
}
export interface RefJson {
  id?: string;
  displayId?: string;
  latestCommit?: string;
  repository?: RepositoryJson;
}
export interface RepositoryJson {
  id?: number;
  slug: string;
  name?: string;
  project: { key: string; id?: number; name?: string };
}
export interface ParticipantJson {
  user?: UserJson;
  role?: string;
  status?: string;
  approved?: boolean;
}
export interface PullRequestJson {
  id: number;
  version?: number;
  title?: string;
  description?: string;
  state?: string;
  draft?: boolean;
  author?: ParticipantJson;
  reviewers?: ParticipantJson[];
  fromRef?: RefJson;
  toRef?: RefJson;
  createdDate?: number;
  updatedDate?: number;
}
export interface CommentJson {
  id: number;
  text?: string;
  author?: UserJson;
  createdDate?: number;
  severity?: string;
  state?: string;
  comments?: CommentJson[];
  anchor?: { path?: string; line?: number };
}
export interface ActivityJson {
  id: number;
  action?: string;
  commentAction?: string;
  createdDate?: number;
  user?: UserJson;
  comment?: CommentJson;
}
export interface PathJson {
  components?: string[];
  name?: string;
  extension?: string;
  parent?: string;
  toString?: string;
}
export interface ChangeJson {
  path?: PathJson;
  srcPath?: PathJson;
  type?: string;
  nodeType?: string;
}
export interface PageJson<T> {
  values?: T[];
  isLastPage?: boolean;
  nextPageStart?: number;
}
export interface DiffLineJson {
  source?: number;
  destination?: number;
  line?: string;
}
export interface DiffJson {
  source?: PathJson | null;
  destination?: PathJson | null;
  binary?: boolean;
  truncated?: boolean;
  hunks?: { sourceLine?: number; sourceSpan?: number; destinationLine?: number; destinationSpan?: number; context?: string; segments?: { type?: string; lines?: DiffLineJson[] }[] }[];
}
export interface CommitJson {
  id?: string;
  displayId?: string;
  message?: string;
  author?: UserJson & { emailAddress?: string };
  authorTimestamp?: number;
}
