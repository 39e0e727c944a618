/**
 * Emulator coverage as a number: every operation of the vendored 9.2 OpenAPI document for the REST modules
 * the plugin and its users' clients talk to, whether it is in scope, and whether the running emulator serves
 * it. "Served" is decided by calling the route on a seeded emulator as the system admin with concrete
 * parameters from the seed, never by reading the route table:
 *
 * - GET: the answer is 2xx and its body validates against the operation's response schema;
 * - writes (probed after every GET, deletes last, with an empty JSON body): the answer is not a route-level
 *   404/405 (Jersey's NotFoundException or the disabled-module page), and a 2xx body validates while an
 *   error answer is Bitbucket's `{errors:[…]}` envelope.
 *
 * test/emulator/coverage.test.ts asserts the numbers; `npm run coverage:emulator` writes docs/emulator-coverage.md.
 */
import { loadSpec, type OpenApiOperation, type OpenApiParameter } from '../contract/openapi';
import { call, type CallResult, type TestEmulator } from './helpers';
import { problems } from './spec-problems';

/** Spec path prefix (module segment) → the module name the report uses, in report order. */
export const MODULES: [string, string][] = [
  ['api', 'core (/api)'],
  ['branch-utils', 'branch-utils'],
  ['comment-likes', 'comment-likes'],
  ['insights', 'insights'],
  ['build-status', 'build-status'],
  ['required-builds', 'required-builds'],
  ['default-reviewers', 'default-reviewers'],
  ['jira', 'jira'],
  ['access-tokens', 'access-tokens'],
  ['git', 'git (tags, rebase)'],
  ['branch-permissions', 'ref-restrictions (/branch-permissions)'],
];

/** Core resources that are instance administration, not project, repository or user resources. */
const CORE_OUT_OF_SCOPE: [RegExp, string][] = [
  [/^\/admin\/git\/mesh\b/, 'Mesh (instance administration)'],
  [/^\/admin\/rate-limit\b/, 'rate limiting (instance administration)'],
  [/^\/admin\b/, 'instance administration (/admin: users, groups, licence, mail, cluster, banner…)'],
  [/^\/migration\b/, 'data migration (instance administration)'],
  [/^\/logs\b/, 'logging configuration (instance administration)'],
  [/secret-scanning/, 'secret scanning (security administration)'],
  [/^\/(signing|system-signing)\b/, 'commit signing (instance administration)'],
  [/^\/hook-scripts\b/, 'hook scripts are uploaded by system admins (instance administration)'],
  [/^\/(application-properties|build\/capabilities|deployment\/capabilities|markup|groups|hooks)\b/, 'instance-wide resource, not a project, repository or user resource'],
];

export interface OperationEntry {
  moduleKey: string;
  module: string;
  method: string;
  template: string;
  operationId: string;
  operation: OpenApiOperation;
  parameters: OpenApiParameter[];
  /** Why the operation is out of scope; undefined when in scope. */
  outOfScope?: string;
}

export function operations(): OperationEntry[] {
  const spec = loadSpec();
  const names = new Map(MODULES);
  const out: OperationEntry[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const moduleKey = template.split('/')[1];
    const module = names.get(moduleKey);
    if (!module) continue; // modules the issue does not name (mirroring, ssh, gpg, default-tasks, …) are not listed
    const shared = (Array.isArray(item.parameters) ? item.parameters : []) as OpenApiParameter[];
    for (const [method, value] of Object.entries(item)) {
      if (method === 'parameters' || Array.isArray(value)) continue;
      const operation = value as OpenApiOperation;
      let outOfScope: string | undefined;
      if (moduleKey === 'api') {
        const rest = template.slice('/api/latest'.length);
        outOfScope = CORE_OUT_OF_SCOPE.find(([pattern]) => pattern.test(rest))?.[1];
      }
      const own = operation.parameters ?? [];
      const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
      out.push({ moduleKey, module, method: method.toUpperCase(), template, operationId: operation.operationId ?? `${method} ${template}`, operation, parameters, outOfScope });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Concrete parameters from the seed

/** Values that are the same for every operation. Ids of things created at runtime are discovered (below). */
const FIXED: Record<string, string> = {
  projectKey: 'ACME',
  repositorySlug: 'web-app',
  pullRequestId: '1',
  userSlug: 'bob',
  scmId: 'git',
  key: 'com.yourcompany.lint',
  externalId: 'lint-1',
  emoticon: 'thumbsup',
  permission: 'PROJECT_READ',
};

/** Required query parameters. */
const QUERY: Record<string, string> = {
  key: 'WEB-BUILD',
  name: 'bob',
  permission: 'REPO_READ',
  path: 'src/feature/search.ts',
  namespace: 'com.atlassian.bitbucket.server.bitbucket-bundled-hooks',
  featureKey: 'force-push-hook',
};

/** Which field of a collection's first element names an item, per path parameter. */
function idOf(param: string, element: Record<string, unknown>): string | undefined {
  const pick = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  if (param === 'hookKey') return pick((element.details as Record<string, unknown> | undefined)?.key);
  if (param === 'scriptId') return pick((element.script as Record<string, unknown> | undefined)?.id);
  if (param === 'name') return pick(element.displayId ?? element.name);
  if (param === 'labelName') return pick(element.name);
  return pick(element.id);
}

export interface SeedIds {
  /** PR 1's head (builds, reports, branch info). */
  head: string;
  /** main's tip, which carries the seeded commit comment. */
  mainTip: string;
  /** ACME/web-app's id (default reviewers take repository ids). */
  repositoryId: number;
}

export function seedIds(emulator: TestEmulator): SeedIds {
  const repo = emulator.store.repository('ACME', 'web-app')!;
  return { head: emulator.store.pullRequest(repo, 1)!.fromCommit, mainTip: repo.branches.main, repositoryId: repo.id };
}

class Resolver {
  private readonly collections = new Map<string, CallResult>();
  constructor(
    private readonly emulator: TestEmulator,
    private readonly ids: SeedIds,
  ) {}

  private async first(collectionPath: string): Promise<Record<string, unknown> | undefined> {
    let response = this.collections.get(collectionPath);
    if (!response) {
      response = await call(this.emulator, 'GET', collectionPath);
      this.collections.set(collectionPath, response);
    }
    if (response.status !== 200) return undefined;
    const json = response.json;
    const list = Array.isArray(json) ? json : Array.isArray(json?.values) ? json.values : undefined;
    return list?.[0];
  }

  /** `/rest…` path with every `{param}` replaced; null when a parameter has no value in the seed. */
  async path(template: string): Promise<string | null> {
    let resolved = '';
    let rest = template;
    for (;;) {
      const match = /\{([^}]+)\}/.exec(rest);
      if (!match) return `/rest${resolved}${rest}`;
      const before = rest.slice(0, match.index);
      const param = match[1];
      const prefix = resolved + before;
      const value = await this.value(param, template, prefix, before.endsWith('/'));
      if (value === null) return null;
      resolved = prefix + (param === 'path' ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value));
      rest = rest.slice(match.index + match[0].length);
    }
  }

  private async value(param: string, template: string, resolvedPrefix: string, afterSlash: boolean): Promise<string | null> {
    if (param === 'commitId') return /\/comments\b/.test(template) ? this.ids.mainTip : this.ids.head;
    // Directory listings take a directory; everything else a file.
    if (param === 'path') return /\/(files|last-modified)\/\{path\}$/.test(template) ? 'src' : afterSlash ? 'src/app.ts' : '/src/app.ts';
    if (param === 'userSlug' && template.startsWith('/access-tokens/')) return 'admin';
    if (param === 'issueKey') {
      const issue = await this.first('/rest/jira/latest/projects/ACME/repos/web-app/pull-requests/1/issues');
      return (issue?.key as string | undefined) ?? null;
    }
    if (param in FIXED && !(param === 'key' && !template.startsWith('/insights/')) && !(param === 'name' && /\/tags\//.test(template))) return FIXED[param];
    // An item id: the first element of its collection (`…/condition/{id}` lists at `…/conditions`).
    const collection = `/rest${resolvedPrefix.replace(/\/$/, '')}`;
    // The git module creates and deletes tags that core lists.
    const core = collection.replace(/^\/rest\/git\//, '/rest/api/');
    for (const candidate of [collection, `${collection}s`, core]) {
      const element = await this.first(candidate);
      const id = element ? idOf(param, element) : undefined;
      if (id !== undefined) return id;
    }
    if (param === 'commentId') {
      const comment = await this.first('/rest/api/latest/projects/ACME/repos/web-app/pull-requests/1/activities');
      return comment ? String((comment.comment as Record<string, unknown> | undefined)?.id ?? 1) : '1';
    }
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Probing

export interface ProbeResult {
  entry: OperationEntry;
  url: string | null;
  status: number | null;
  served: boolean;
  /** Spec violations of a served answer (must be empty). */
  problems: string[];
  note?: string;
}

export function isRouteLevelNotFound(response: CallResult): boolean {
  if (response.status === 405) return true;
  if (response.status !== 404) return false;
  if (!String(response.headers['content-type'] ?? '').includes('json')) return true; // the disabled-module page
  return (response.json?.errors ?? []).some((e: { exceptionName?: string | null }) => e.exceptionName === 'com.sun.jersey.api.NotFoundException');
}

/** Optional query parameters an operation needs to answer 2xx on the seed (`otherCommit` is required in practice). */
function extraQuery(entry: OperationEntry, ids: SeedIds): Record<string, string> {
  if (entry.operationId === 'getMergeBase') return { otherCommit: ids.mainTip };
  if (entry.operationId === 'streamPatch') return { until: ids.head };
  // PR 1's refs: which default reviewers a PR from feature/search to main gets.
  if (entry.operationId === 'getReviewers') return { sourceRepoId: String(ids.repositoryId), targetRepoId: String(ids.repositoryId), sourceRefId: 'refs/heads/feature/search', targetRefId: 'refs/heads/main' };
  // The deployment the seed records on PR 1's head.
  if (entry.operationId === 'get_1') return { key: 'WEB-DEPLOY', environmentKey: 'preview', deploymentSequenceNumber: '17' };
  return {};
}

function queryFor(entry: OperationEntry, ids: SeedIds): Record<string, string> {
  const query: Record<string, string> = extraQuery(entry, ids);
  for (const p of entry.parameters) {
    if (p.in !== 'query' || !p.required) continue;
    query[p.name] = p.name === 'permission' && entry.template.includes('/projects/{projectKey}/permissions') ? 'PROJECT_READ' : QUERY[p.name] ?? 'x';
  }
  return query;
}

function bodyOf(response: CallResult): unknown {
  if (response.status === 204) return undefined;
  return String(response.headers['content-type'] ?? '').includes('json') ? response.json : undefined;
}

async function probeOne(emulator: TestEmulator, resolver: Resolver, ids: SeedIds, entry: OperationEntry): Promise<ProbeResult> {
  const url = await resolver.path(entry.template);
  if (url === null) return { entry, url, status: null, served: false, problems: [], note: 'no seeded value for a path parameter' };
  const write = entry.method !== 'GET';
  const response = await call(emulator, entry.method, url, { query: queryFor(entry, ids), body: write && entry.method !== 'DELETE' ? {} : undefined });
  if (isRouteLevelNotFound(response)) return { entry, url, status: response.status, served: false, problems: [] };
  if (response.status >= 200 && response.status < 300) {
    const found = problems(entry.method, url, response.status, bodyOf(response));
    return { entry, url, status: response.status, served: true, problems: found };
  }
  if (!write) return { entry, url, status: response.status, served: false, problems: [], note: `answered ${response.status} on seeded data` };
  const envelope = Array.isArray(response.json?.errors) && response.json.errors.every((e: { message?: unknown }) => typeof e.message === 'string');
  return { entry, url, status: response.status, served: true, problems: envelope ? [] : [`${entry.operationId} ${response.status}: not Bitbucket's error envelope: ${response.text.slice(0, 120)}`] };
}

/** Probes every in-scope operation: GETs first, then POST/PUT, then DELETE (deepest paths first). */
export async function probe(emulator: TestEmulator): Promise<ProbeResult[]> {
  const ids = seedIds(emulator);
  const resolver = new Resolver(emulator, ids);
  const inScope = operations().filter((e) => !e.outOfScope);
  const rank = (e: OperationEntry) => (e.method === 'GET' ? 0 : e.method === 'DELETE' ? 2 : 1);
  const ordered = [...inScope].sort((a, b) => rank(a) - rank(b) || (rank(a) === 2 ? b.template.length - a.template.length : 0));
  const results: ProbeResult[] = [];
  for (const entry of ordered) results.push(await probeOne(emulator, resolver, ids, entry));
  return results;
}

// ---------------------------------------------------------------------------------------------------------
// Report

export interface ModuleCoverage {
  module: string;
  getServed: number;
  getInScope: number;
  writeServed: number;
  writeInScope: number;
}

export function summarise(results: ProbeResult[]): { modules: ModuleCoverage[]; total: ModuleCoverage } {
  const modules = MODULES.map(([, module]) => {
    const of = results.filter((r) => r.entry.module === module);
    const gets = of.filter((r) => r.entry.method === 'GET');
    const writes = of.filter((r) => r.entry.method !== 'GET');
    return { module, getServed: gets.filter((r) => r.served).length, getInScope: gets.length, writeServed: writes.filter((r) => r.served).length, writeInScope: writes.length };
  });
  const total = modules.reduce(
    (sum, m) => ({ module: 'total', getServed: sum.getServed + m.getServed, getInScope: sum.getInScope + m.getInScope, writeServed: sum.writeServed + m.writeServed, writeInScope: sum.writeInScope + m.writeInScope }),
    { module: 'total', getServed: 0, getInScope: 0, writeServed: 0, writeInScope: 0 },
  );
  return { modules, total };
}

const percent = (served: number, of: number) => (of === 0 ? '–' : `${Math.floor((served / of) * 1000) / 10}%`);

export function coverageTable(results: ProbeResult[]): string {
  const { modules, total } = summarise(results);
  const row = (m: ModuleCoverage, bold = false) => {
    const b = (text: string) => (bold ? `**${text}**` : text);
    return `| ${b(m.module)} | ${b(`${m.getServed} / ${m.getInScope}`)} | ${b(percent(m.getServed, m.getInScope))} | ${b(`${m.writeServed} / ${m.writeInScope}`)} |`;
  };
  return ['| module | GET served / in scope | GET % | writes served / in scope |', '|---|---|---|---|', ...modules.map((m) => row(m)), row(total, true)].join('\n');
}

/** docs/emulator-coverage.md: the table, every in-scope operation with its answer, and what is out of scope and why. */
export function renderReport(results: ProbeResult[]): string {
  const lines: string[] = [
    '# Emulator coverage of the Bitbucket Data Center 9.2 REST API',
    '',
    'Generated by `npm run coverage:emulator` from `test/emulator/coverage.ts`; `test/emulator/coverage.test.ts`',
    'fails when this file is out of date. An operation counts as **served** when the emulator, seeded and called',
    'as the system admin with concrete parameters from the seed, answers a GET with 2xx and a body valid against',
    'the operation\'s response schema, or a write (empty body) with anything but a route-level 404/405, a 2xx',
    'body being spec-valid and an error being Bitbucket\'s `{errors:[…]}` envelope.',
    '',
    coverageTable(results),
    '',
    '## In-scope operations',
    '',
    '| | method | path | operationId | answer |',
    '|---|---|---|---|---|',
  ];
  const sorted = [...results].sort((a, b) => a.entry.template.localeCompare(b.entry.template) || a.entry.method.localeCompare(b.entry.method));
  for (const r of sorted) {
    const answer = r.status === null ? r.note ?? '' : `${r.status}${r.served ? '' : r.note ? ` (${r.note})` : ' (route not served)'}`;
    lines.push(`| ${r.served ? '✓' : '✗'} | ${r.entry.method} | \`${r.entry.template}\` | ${r.entry.operationId} | ${answer} |`);
  }
  lines.push('', '## Out of scope', '', 'Core resources that are not project, repository or user resources:', '', '| reason | GET | writes |', '|---|---|---|');
  const reasons = new Map<string, { get: number; write: number }>();
  for (const e of operations().filter((o) => o.outOfScope)) {
    const count = reasons.get(e.outOfScope!) ?? { get: 0, write: 0 };
    if (e.method === 'GET') count.get++;
    else count.write++;
    reasons.set(e.outOfScope!, count);
  }
  for (const [reason, count] of reasons) lines.push(`| ${reason} | ${count.get} | ${count.write} |`);
  lines.push('', '| method | path | operationId | reason |', '|---|---|---|---|');
  const out = operations().filter((o) => o.outOfScope).sort((a, b) => a.template.localeCompare(b.template) || a.method.localeCompare(b.method));
  for (const o of out) lines.push(`| ${o.method} | \`${o.template}\` | ${o.operationId} | ${o.outOfScope} |`);
  lines.push('', 'Modules of the document the issue does not name (mirroring, ssh, gpg, keys, sync, audit, policies, default-tasks, admin) are not counted.', '');
  return lines.join('\n');
}
