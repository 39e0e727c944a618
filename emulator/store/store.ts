import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { detectRenames, mergeText } from './diff';
import { buildVetoes } from './build-checks';
import { defaultReviewerVetoes } from './reviewers';
import type {
  AccessLevel,
  AdministrationData,
  AccessTokenRecord,
  ActivityRecord,
  CommentRecord,
  CommitRecord,
  PersonRecord,
  ProjectPermission,
  PullRequestRecord,
  RepoPermission,
  ScopeRef,
  RepositoryRecord,
  StoreData,
  UserRecord,
} from './types';

export const SCHEMA_VERSION = 1;
const STORE_FILE = 'store.json';

export interface FileChange {
  path: string;
  /** The old path of a MOVE. */
  srcPath?: string;
  type: 'ADD' | 'MODIFY' | 'DELETE' | 'MOVE';
  contentId?: string;
  fromContentId?: string;
  /** A MOVE's similarity in percent (git's rename score). */
  similarity?: number;
}

export interface MergeResult {
  tree: Record<string, string>;
  conflicts: string[];
}

export interface MergeVeto {
  summaryMessage: string;
  detailedMessage: string;
}

export interface MergeEvaluation {
  outcome: 'CLEAN' | 'CONFLICTED';
  conflicted: boolean;
  vetoes: MergeVeto[];
  canMerge: boolean;
}

export function emptyAdministration(): AdministrationData {
  return {
    groups: [],
    tags: [],
    labels: [],
    webhooks: [],
    webhookInvocations: [],
    refRestrictions: [],
    requiredBuilds: [],
    hookStates: [],
    reviewerGroups: [],
    deployments: [],
    pullRequestSettings: [],
    refChanges: [],
    userSettings: {},
    projectDefaultPermissions: {},
    projectGroupPermissions: {},
    repositoryGroupPermissions: {},
    forkOrigins: {},
    autoMergeRequests: [],
    settingsRestrictions: [],
    hookScripts: [],
    hookScriptConfigs: [],
    counters: { webhook: 0, invocation: 0, restriction: 0, requiredBuild: 0, reviewerGroup: 0, refChange: 0 },
  };
}

export function emptyData(): StoreData {
  return {
    schemaVersion: SCHEMA_VERSION,
    users: [],
    projects: [],
    repositories: [],
    blobs: {},
    pullRequests: [],
    comments: [],
    activities: [],
    builds: [],
    reports: [],
    tokens: [],
    defaultReviewers: [],
    jiraLinks: [],
    counters: { user: 0, project: 0, repository: 0, comment: 0, activity: 0, token: 0, reviewerCondition: 0 },
  };
}

/** Stores written before a collection existed get it empty (no reseed needed). */
function withDefaults(data: StoreData): StoreData {
  data.defaultReviewers ??= [];
  data.jiraLinks ??= [];
  data.counters.reviewerCondition ??= 0;
  return data;
}

const REPO_LEVEL: Record<RepoPermission, AccessLevel> = { REPO_READ: 1, REPO_WRITE: 2, REPO_ADMIN: 3 };
const PROJECT_LEVEL: Record<string, AccessLevel> = { PROJECT_READ: 1, PROJECT_WRITE: 2, PROJECT_ADMIN: 3 };

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** The typed in-memory model with JSON persistence. Every mutation calls `touch()`. */
export class Store {
  data: StoreData;
  private readonly file: string | null;
  private saveTimer: NodeJS.Timeout | null = null;
  private ancestorCache = new Map<string, Set<string>>();

  constructor(data: StoreData = emptyData(), dataDir: string | null = null) {
    this.data = withDefaults(data);
    this.file = dataDir ? path.join(dataDir, STORE_FILE) : null;
    if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  }

  /** Loads `dataDir/store.json` or returns null when absent/unreadable/from another schema. */
  static load(dataDir: string): Store | null {
    const file = path.join(dataDir, STORE_FILE);
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as StoreData;
      if (data.schemaVersion !== SCHEMA_VERSION) return null;
      return new Store(data, dataDir);
    } catch {
      return null;
    }
  }

  /** Replaces all data (reset/reseed) keeping the persistence target. */
  replace(data: StoreData): void {
    this.data = withDefaults(data);
    this.ancestorCache.clear();
    this.touch();
  }

  touch(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.flush();
    }, 30);
    this.saveTimer.unref?.();
  }

  flush(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
    }
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data));
    fs.renameSync(tmp, this.file);
  }

  // ---------------------------------------------------------------- users & auth

  user(slug: string): UserRecord | undefined {
    const lower = slug.toLowerCase();
    return this.data.users.find((u) => u.slug === lower);
  }

  userByName(name: string): UserRecord | undefined {
    const lower = name.toLowerCase();
    return this.data.users.find((u) => u.name.toLowerCase() === lower || u.slug === lower);
  }

  addUser(user: Omit<UserRecord, 'id'>): UserRecord {
    const record = { ...user, id: ++this.data.counters.user };
    this.data.users.push(record);
    this.touch();
    return record;
  }

  authenticatePassword(name: string, password: string): UserRecord | null {
    const user = this.userByName(name);
    return user && user.active && user.password === password ? user : null;
  }

  tokenRecord(token: string): AccessTokenRecord | undefined {
    const now = Date.now();
    return this.data.tokens.find((t) => t.token === token && (t.expiryDate === undefined || t.expiryDate > now));
  }

  createToken(userSlug: string, name: string, permissions: string[], expiryDays?: number, fixedToken?: string): AccessTokenRecord {
    const id = String(100000000000 + ++this.data.counters.token);
    // Bitbucket's tokens are base64 of "<id>:<random>"; same shape here.
    const token = fixedToken ?? Buffer.concat([Buffer.from(`${id}:`), randomBytes(20)]).toString('base64').replace(/[+/=]/g, '');
    const now = Date.now();
    const record: AccessTokenRecord = { id, name, userSlug, token, permissions, createdDate: now };
    if (expiryDays !== undefined) record.expiryDate = now + expiryDays * 86400000;
    this.data.tokens.push(record);
    this.touch();
    return record;
  }

  /** Repository and project administration data (created on first use for stores written before it existed). */
  get admin(): AdministrationData {
    if (!this.data.admin || this.data.admin !== this.checkedAdmin) {
      // Collections added later are filled in for stores persisted before they existed.
      this.data.admin = { ...emptyAdministration(), ...(this.data.admin ?? {}) };
      this.checkedAdmin = this.data.admin;
    }
    return this.data.admin!;
  }

  private checkedAdmin: AdministrationData | undefined;

  groupsOf(user: UserRecord): string[] {
    return this.admin.groups.filter((g) => g.members.includes(user.slug)).map((g) => g.name);
  }

  /** The project permission a user holds directly, through a group, or as "all licensed users". */
  projectPermissionLevel(user: UserRecord, projectKey: string): AccessLevel {
    const project = this.project(projectKey);
    if (!project) return 0;
    let level: AccessLevel = project.permissions[user.slug] ? PROJECT_LEVEL[project.permissions[user.slug]] : 0;
    const byGroup = this.admin.projectGroupPermissions[project.key] ?? {};
    for (const group of this.groupsOf(user)) if (byGroup[group]) level = Math.max(level, PROJECT_LEVEL[byGroup[group]]) as AccessLevel;
    const all = this.admin.projectDefaultPermissions[project.key];
    if (all && user.type === 'NORMAL') level = Math.max(level, PROJECT_LEVEL[all]) as AccessLevel;
    return level;
  }

  repositoryPermissionLevel(user: UserRecord, repo: RepositoryRecord): AccessLevel {
    let level: AccessLevel = repo.permissions[user.slug] ? REPO_LEVEL[repo.permissions[user.slug]] : 0;
    const byGroup = this.admin.repositoryGroupPermissions[String(repo.id)] ?? {};
    for (const group of this.groupsOf(user)) if (byGroup[group]) level = Math.max(level, REPO_LEVEL[byGroup[group]]) as AccessLevel;
    return level;
  }

  /**
   * A project or repository HTTP access token: like Bitbucket, it authenticates as its own bot (SERVICE) user
   * that holds the token's permission on that project or repository and nothing else.
   */
  createScopedToken(scope: ScopeRef, name: string, permissions: string[], expiryDays?: number): AccessTokenRecord {
    const project = this.project(scope.projectKey)!;
    const repo = scope.repositoryId !== undefined ? this.repositoryById(scope.repositoryId) : undefined;
    const slug = `${repo ? `${project.key.toLowerCase()}-${repo.slug}` : project.key.toLowerCase()}-token-bot-${this.data.counters.token + 1}`;
    const bot = this.addUser({ name: slug, slug, displayName: name, emailAddress: `${slug}@noreply.bitbucket.invalid`, password: randomBytes(16).toString('hex'), active: true, type: 'SERVICE', globalPermission: 'LICENSED_USER' });
    const strongest = (prefix: string) => ['ADMIN', 'WRITE', 'READ'].map((l) => `${prefix}_${l}`).find((p) => permissions.includes(p));
    if (repo) {
      const permission = strongest('REPO');
      if (permission) repo.permissions[bot.slug] = permission as RepoPermission;
    } else {
      const permission = strongest('PROJECT') ?? (strongest('REPO') ? `PROJECT_${strongest('REPO')!.slice(5)}` : undefined);
      if (permission) project.permissions[bot.slug] = permission as ProjectPermission;
    }
    const token = this.createToken(bot.slug, name, permissions, expiryDays);
    token.scope = scope;
    return token;
  }

  /** Deletes a token; a project/repository token's bot user goes with it. */
  deleteToken(token: AccessTokenRecord): void {
    this.data.tokens = this.data.tokens.filter((t) => t !== token);
    if (token.scope) {
      const bot = this.user(token.userSlug);
      if (bot?.type === 'SERVICE') {
        bot.active = false;
        for (const p of this.data.projects) delete p.permissions[bot.slug];
        for (const r of this.data.repositories) delete r.permissions[bot.slug];
      }
    }
    this.touch();
  }

  // ---------------------------------------------------------------- projects, repos, permissions

  project(key: string) {
    const upper = key.toUpperCase();
    return this.data.projects.find((p) => p.key === upper);
  }

  repository(projectKey: string, slug: string): RepositoryRecord | undefined {
    const upper = projectKey.toUpperCase();
    const lower = slug.toLowerCase();
    return this.data.repositories.find((r) => r.projectKey === upper && r.slug === lower);
  }

  repositoryById(id: number): RepositoryRecord | undefined {
    return this.data.repositories.find((r) => r.id === id);
  }

  /** Effective repository access: global admin > project permission > repository permission > public read. */
  accessLevel(user: UserRecord | null, repo: RepositoryRecord, tokenPermissions?: string[]): AccessLevel {
    const project = this.project(repo.projectKey);
    let level: AccessLevel = 0;
    if (user) {
      if (user.globalPermission === 'SYS_ADMIN' || user.globalPermission === 'ADMIN') level = 3;
      else level = Math.max(this.repositoryPermissionLevel(user, repo), this.projectPermissionLevel(user, repo.projectKey)) as AccessLevel;
    }
    if (level === 0 && (repo.public || project?.public)) level = 1;
    if (tokenPermissions) level = Math.min(level, tokenCap(tokenPermissions)) as AccessLevel;
    return level;
  }

  projectAccessLevel(user: UserRecord | null, key: string): AccessLevel {
    const project = this.project(key);
    if (!project) return 0;
    if (user && (user.globalPermission === 'SYS_ADMIN' || user.globalPermission === 'ADMIN')) return 3;
    let level: AccessLevel = user ? this.projectPermissionLevel(user, project.key) : 0;
    if (level === 0 && project.public) level = 1;
    // Seeing any repository of a project grants browse access to the project itself.
    if (level === 0 && this.data.repositories.some((r) => r.projectKey === project.key && this.accessLevel(user, r) > 0)) level = 1;
    return level;
  }

  // ---------------------------------------------------------------- git objects

  putBlob(content: string): string {
    const id = sha1(`blob ${Buffer.byteLength(content)}\0${content}`);
    if (!(id in this.data.blobs)) this.data.blobs[id] = content;
    return id;
  }

  blob(id: string): string | undefined {
    return this.data.blobs[id];
  }

  commit(repo: RepositoryRecord, id: string): CommitRecord | undefined {
    return repo.commits[id];
  }

  /** A full or abbreviated (≥4) commit id, a branch name, or `refs/heads/<name>`. */
  resolve(repo: RepositoryRecord, ref: string): CommitRecord | undefined {
    if (!ref) return undefined;
    if (repo.commits[ref]) return repo.commits[ref];
    const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
    if (repo.branches[branch]) return repo.commits[repo.branches[branch]];
    if (/^[0-9a-f]{4,39}$/.test(ref)) {
      const matches = Object.keys(repo.commits).filter((id) => id.startsWith(ref));
      if (matches.length === 1) return repo.commits[matches[0]];
    }
    return undefined;
  }

  ancestors(repo: RepositoryRecord, id: string): Set<string> {
    const cacheKey = `${repo.id}:${id}`;
    const cached = this.ancestorCache.get(cacheKey);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [id];
    while (stack.length) {
      const current = stack.pop()!;
      if (seen.has(current) || !repo.commits[current]) continue;
      seen.add(current);
      stack.push(...repo.commits[current].parents);
    }
    this.ancestorCache.set(cacheKey, seen);
    return seen;
  }

  isAncestor(repo: RepositoryRecord, ancestor: string, descendant: string): boolean {
    return this.ancestors(repo, descendant).has(ancestor);
  }

  /** Best common ancestor (the newest common one), or null for unrelated histories. */
  mergeBase(repo: RepositoryRecord, a: string, b: string): string | null {
    const ofA = this.ancestors(repo, a);
    const common = [...this.ancestors(repo, b)].filter((id) => ofA.has(id));
    if (common.length === 0) return null;
    // Drop any common ancestor that is an ancestor of another one.
    const best = common.filter((c) => !common.some((other) => other !== c && this.isAncestor(repo, c, other)));
    best.sort((x, y) => repo.commits[y].committerTimestamp - repo.commits[x].committerTimestamp || (x < y ? -1 : 1));
    return best[0];
  }

  /** Commits reachable from `until` and not from `since`, newest first (git log order). */
  log(repo: RepositoryRecord, until: string, since?: string, filePath?: string): CommitRecord[] {
    const excluded = since ? this.ancestors(repo, since) : new Set<string>();
    const ids = [...this.ancestors(repo, until)].filter((id) => !excluded.has(id));
    let commits = ids.map((id) => repo.commits[id]);
    commits.sort((x, y) => y.committerTimestamp - x.committerTimestamp || (x.id < y.id ? -1 : 1));
    if (filePath) {
      const normalised = filePath.replace(/^\/+|\/+$/g, '');
      commits = commits.filter((c) => {
        const parent = c.parents[0] ? repo.commits[c.parents[0]] : undefined;
        return Object.keys({ ...c.tree, ...(parent?.tree ?? {}) }).some(
          (p) => (p === normalised || p.startsWith(`${normalised}/`)) && c.tree[p] !== parent?.tree[p],
        );
      });
    }
    return commits;
  }

  fileAt(repo: RepositoryRecord, commitId: string, filePath: string): string | undefined {
    const commit = repo.commits[commitId];
    const blobId = commit?.tree[filePath];
    return blobId === undefined ? undefined : this.data.blobs[blobId];
  }

  /** Direct children of a directory: files and sub-directories, sorted like Bitbucket (dirs first). */
  listDirectory(repo: RepositoryRecord, commitId: string, dir: string): { directories: string[]; files: { name: string; blobId: string; size: number }[] } | null {
    const commit = repo.commits[commitId];
    if (!commit) return null;
    const prefix = dir ? `${dir.replace(/\/+$/, '')}/` : '';
    const directories = new Set<string>();
    const files: { name: string; blobId: string; size: number }[] = [];
    for (const [p, blobId] of Object.entries(commit.tree)) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash >= 0) directories.add(rest.slice(0, slash));
      else files.push({ name: rest, blobId, size: Buffer.byteLength(this.data.blobs[blobId] ?? '') });
    }
    if (prefix && directories.size === 0 && files.length === 0) return null;
    return { directories: [...directories].sort(), files: files.sort((x, y) => (x.name < y.name ? -1 : 1)) };
  }

  /**
   * Tree difference between two commits (from = null for a root commit), with renames detected as
   * `git diff -M` does (Bitbucket asks git for them): an added and a deleted file become one MOVE when
   * their contents are at least 50% similar, exact renames first.
   */
  changes(repo: RepositoryRecord, fromId: string | null, toId: string): FileChange[] {
    const from = fromId ? repo.commits[fromId]?.tree ?? {} : {};
    const to = repo.commits[toId]?.tree ?? {};
    const result: FileChange[] = [];
    const added: string[] = [];
    const deleted: string[] = [];
    for (const p of [...new Set([...Object.keys(from), ...Object.keys(to)])].sort()) {
      if (from[p] === to[p]) continue;
      if (from[p] === undefined) added.push(p);
      else if (to[p] === undefined) deleted.push(p);
      else result.push({ path: p, type: 'MODIFY', contentId: to[p], fromContentId: from[p] });
    }
    const moves = detectRenames(
      deleted.map((p) => ({ path: p, blobId: from[p] })),
      added.map((p) => ({ path: p, blobId: to[p] })),
      (blobId) => this.data.blobs[blobId] ?? '',
    );
    const movedFrom = new Set<string>();
    const movedTo = new Map<string, { srcPath: string; similarity: number }>();
    for (const move of moves) {
      movedFrom.add(move.srcPath);
      movedTo.set(move.path, move);
    }
    for (const p of added) {
      const move = movedTo.get(p);
      if (move) result.push({ path: p, srcPath: move.srcPath, type: 'MOVE', contentId: to[p], fromContentId: from[move.srcPath], similarity: move.similarity });
      else result.push({ path: p, type: 'ADD', contentId: to[p] });
    }
    for (const p of deleted) if (!movedFrom.has(p)) result.push({ path: p, type: 'DELETE', fromContentId: from[p] });
    return result.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  createCommit(
    repo: RepositoryRecord,
    options: { parents: string[]; files?: Record<string, string | null>; tree?: Record<string, string>; message: string; author: PersonRecord; timestamp?: number },
  ): CommitRecord {
    const base = options.tree ?? { ...(options.parents[0] ? repo.commits[options.parents[0]].tree : {}) };
    for (const [p, content] of Object.entries(options.files ?? {})) {
      if (content === null) delete base[p];
      else base[p] = this.putBlob(content);
    }
    const timestamp = options.timestamp ?? Date.now();
    const seconds = Math.floor(timestamp / 1000);
    const treeText = Object.keys(base)
      .sort()
      .map((p) => `${base[p]} ${p}`)
      .join('\n');
    const who = `${options.author.name} <${options.author.emailAddress}> ${seconds} +0000`;
    const body = `tree ${sha1(treeText)}\n${options.parents.map((p) => `parent ${p}\n`).join('')}author ${who}\ncommitter ${who}\n\n${options.message}`;
    const id = sha1(`commit ${Buffer.byteLength(body)}\0${body}`);
    const commit: CommitRecord = {
      id,
      parents: options.parents,
      tree: base,
      message: options.message,
      author: options.author,
      authorTimestamp: seconds * 1000,
      committer: options.author,
      committerTimestamp: seconds * 1000,
    };
    repo.commits[id] = commit;
    this.touch();
    return commit;
  }

  /** Moves (or creates) a branch; open pull requests on it are rescoped like Bitbucket does after a push. */
  setBranch(repo: RepositoryRecord, name: string, commitId: string, by?: UserRecord, at: number = Date.now()): void {
    const previous = repo.branches[name];
    repo.branches[name] = commitId;
    repo.branchUpdated[name] = at;
    if (by && previous !== commitId) this.recordRefChange(repo, by.slug, `refs/heads/${name}`, previous, commitId, at);
    if (previous && previous !== commitId) {
      for (const pr of this.data.pullRequests) {
        if (pr.repositoryId !== repo.id || pr.state !== 'OPEN') continue;
        if (pr.fromBranch !== name && pr.toBranch !== name) continue;
        const activity: Partial<ActivityRecord> & { action: string } = {
          action: 'RESCOPED',
          previousFromHash: pr.fromCommit,
          previousToHash: pr.toCommit,
        };
        if (pr.fromBranch === name) pr.fromCommit = commitId;
        if (pr.toBranch === name) pr.toCommit = commitId;
        activity.fromHash = pr.fromCommit;
        activity.toHash = pr.toCommit;
        if (pr.fromBranch === name) activity.addedCommits = this.log(repo, commitId, previous).map((c) => c.id);
        pr.version++;
        pr.updatedDate = at;
        this.addActivity(pr, by?.slug ?? pr.authorSlug, activity, at);
      }
    }
    this.touch();
  }

  /** The repository's ref-change history (`…/ref-change-activities`): every branch or tag move by a user. */
  recordRefChange(repo: RepositoryRecord, userSlug: string, refId: string, fromHash: string | undefined, toHash: string | undefined, at: number = Date.now()): void {
    const zero = '0'.repeat(40);
    this.admin.refChanges.push({
      id: ++this.admin.counters.refChange,
      repositoryId: repo.id,
      userSlug,
      createdDate: at,
      refId,
      fromHash: fromHash ?? zero,
      toHash: toHash ?? zero,
      type: fromHash === undefined ? 'ADD' : toHash === undefined ? 'DELETE' : 'UPDATE',
      trigger: 'push',
    });
    this.touch();
  }

  /** Deletes a branch; open pull requests from it are declined, as Bitbucket does. */
  deleteBranch(repo: RepositoryRecord, name: string, by: UserRecord): void {
    if (repo.branches[name]) this.recordRefChange(repo, by.slug, `refs/heads/${name}`, repo.branches[name], undefined);
    delete repo.branches[name];
    delete repo.branchUpdated[name];
    const now = Date.now();
    for (const pr of this.data.pullRequests) {
      if (pr.repositoryId === repo.id && pr.state === 'OPEN' && (pr.fromBranch === name || pr.toBranch === name)) {
        pr.state = 'DECLINED';
        pr.closedDate = now;
        pr.updatedDate = now;
        pr.version++;
        this.addActivity(pr, by.slug, { action: 'DECLINED' }, now);
      }
    }
    this.touch();
  }

  /** Three-way merge of `theirs` into `ours`; conflicts lists the paths both sides changed incompatibly. */
  tryMerge(repo: RepositoryRecord, ours: string, theirs: string): MergeResult {
    const baseId = this.mergeBase(repo, ours, theirs);
    const base = baseId ? repo.commits[baseId].tree : {};
    const a = repo.commits[ours].tree;
    const b = repo.commits[theirs].tree;
    const tree: Record<string, string> = {};
    const conflicts: string[] = [];
    for (const p of [...new Set([...Object.keys(base), ...Object.keys(a), ...Object.keys(b)])].sort()) {
      const [x, y, o] = [a[p], b[p], base[p]];
      if (x === y) {
        if (x !== undefined) tree[p] = x;
      } else if (x === o) {
        if (y !== undefined) tree[p] = y;
      } else if (y === o) {
        if (x !== undefined) tree[p] = x;
      } else if (x === undefined || y === undefined) {
        conflicts.push(p); // modify/delete
      } else {
        const merged = mergeText(o === undefined ? '' : this.data.blobs[o], this.data.blobs[x], this.data.blobs[y]);
        if (merged === null) conflicts.push(p);
        else tree[p] = this.putBlob(merged);
      }
    }
    return { tree, conflicts };
  }

  // ---------------------------------------------------------------- pull requests

  pullRequest(repo: RepositoryRecord, id: number): PullRequestRecord | undefined {
    return this.data.pullRequests.find((pr) => pr.repositoryId === repo.id && pr.id === id);
  }

  pullRequestsOf(repo: RepositoryRecord): PullRequestRecord[] {
    return this.data.pullRequests.filter((pr) => pr.repositoryId === repo.id);
  }

  /** Adds a participant record (role PARTICIPANT) the first time a user interacts with a PR. */
  ensureParticipant(pr: PullRequestRecord, slug: string): void {
    if (pr.authorSlug === slug || pr.reviewers.some((r) => r.slug === slug) || pr.participants.some((p) => p.slug === slug)) return;
    pr.participants.push({ slug, role: 'PARTICIPANT', status: 'UNAPPROVED' });
  }

  addActivity(pr: PullRequestRecord, userSlug: string, fields: Partial<ActivityRecord> & { action: string }, at: number = Date.now()): ActivityRecord {
    const activity: ActivityRecord = {
      ...fields,
      id: ++this.data.counters.activity,
      repositoryId: pr.repositoryId,
      pullRequestId: pr.id,
      createdDate: at,
      userSlug,
    };
    this.data.activities.push(activity);
    this.touch();
    return activity;
  }

  comment(id: number): CommentRecord | undefined {
    return this.data.comments.find((c) => c.id === id);
  }

  addComment(fields: Omit<CommentRecord, 'id' | 'version' | 'reactions' | 'threadResolved' | 'state'> & Partial<Pick<CommentRecord, 'state' | 'threadResolved' | 'reactions'>>): CommentRecord {
    const record: CommentRecord = {
      state: 'OPEN',
      threadResolved: false,
      reactions: {},
      ...fields,
      id: ++this.data.counters.comment,
      version: 0,
    };
    this.data.comments.push(record);
    this.touch();
    return record;
  }

  repliesOf(comment: CommentRecord): CommentRecord[] {
    return this.data.comments.filter((c) => c.parentId === comment.id).sort((a, b) => a.id - b.id);
  }

  pullRequestComments(pr: PullRequestRecord): CommentRecord[] {
    return this.data.comments.filter((c) => c.repositoryId === pr.repositoryId && c.pullRequestId === pr.id);
  }

  taskCounts(pr: PullRequestRecord): { open: number; resolved: number; comments: number } {
    let open = 0;
    let resolved = 0;
    let comments = 0;
    for (const c of this.pullRequestComments(pr)) {
      if (c.severity === 'BLOCKER') {
        if (c.state === 'OPEN') open++;
        else resolved++;
      } else comments++;
    }
    return { open, resolved, comments };
  }

  /** What GET …/merge answers: conflicts from a real three-way merge plus the configured merge checks. */
  evaluateMerge(repo: RepositoryRecord, pr: PullRequestRecord): MergeEvaluation {
    const merge = this.tryMerge(repo, pr.toCommit, pr.fromCommit);
    const conflicted = merge.conflicts.length > 0;
    const vetoes: MergeVeto[] = [];
    const checks = repo.mergeChecks;
    const approvals = pr.reviewers.filter((r) => r.status === 'APPROVED').length;
    if (checks.minApprovals > 0 && approvals < checks.minApprovals) {
      const missing = checks.minApprovals - approvals;
      vetoes.push({
        summaryMessage: 'Not enough approvals',
        detailedMessage: `You still need ${missing} approval${missing === 1 ? '' : 's'} before this pull request can be merged.`,
      });
    }
    if (checks.vetoOnNeedsWork && pr.reviewers.some((r) => r.status === 'NEEDS_WORK')) {
      vetoes.push({ summaryMessage: 'Changes requested', detailedMessage: 'A reviewer requested changes to this pull request.' });
    }
    if (checks.requireTasksResolved) {
      const { open } = this.taskCounts(pr);
      if (open > 0)
        vetoes.push({
          summaryMessage: 'Incomplete tasks',
          detailedMessage: `This pull request has ${open} open task${open === 1 ? '' : 's'}. All tasks must be resolved before it can be merged.`,
        });
    }
    for (const key of checks.requiredReports) {
      const report = this.data.reports.find((r) => r.repositoryId === repo.id && r.commitId === pr.fromCommit && r.key === key);
      if (!report)
        vetoes.push({
          summaryMessage: 'Required report is missing',
          detailedMessage: `The required Code Insights report '${key}' has not been published for the latest commit on the source branch.`,
        });
      else if (report.result !== 'PASS')
        vetoes.push({
          summaryMessage: `Required report '${report.title}' has not passed`,
          detailedMessage: `The required Code Insights report '${report.title}' (${key}) must pass before this pull request can be merged.`,
        });
    }
    vetoes.push(...defaultReviewerVetoes(this, repo, pr));
    vetoes.push(...buildVetoes(this, repo, pr));
    return { outcome: conflicted ? 'CONFLICTED' : 'CLEAN', conflicted, vetoes, canMerge: !conflicted && vetoes.length === 0 };
  }
}

/** The most a token's permission list allows on a repository. */
function tokenCap(permissions: string[]): AccessLevel {
  let cap: AccessLevel = 0;
  for (const p of permissions) {
    const level = (REPO_LEVEL as Record<string, AccessLevel>)[p] ?? PROJECT_LEVEL[p] ?? 0;
    if (level > cap) cap = level;
  }
  return cap;
}

export { tokenCap };
