/**
 * The emulator's Bitbucket pages, WRM resource serving and browser host runtime.
 *
 * - Plugin loading as Bitbucket does it: the `atlassian-plugin.xml` of each JAR UPM installed
 *   (emulator/upm) decides which web-resources exist and which contexts they join; disabled plugins and
 *   modules are left out; resources are read from the JARs and served like WRM under
 *   `/s/<hash>/_/download/batch/<pluginKey>:<key>/<name>` with `jsI18n` applied.
 * - `POST /rest/webResources/1.0/resources` answers the page's `WRM.require`.
 * - Pages: dashboard, projects, project, repository, PR list and the PR page; each loads the
 *   `atl.general` context (+ `bitbucket.page.pullRequest.view` on PR pages) as its initial batch.
 *
 * Server-rendered data is read through the REST layer's own serializers over the store (read-only),
 * not through `app.inject`: real Bitbucket renders pages without REST calls, so injected requests
 * would show up in the request log and consume test faults meant for the plugin's calls.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { InstalledPlugins } from '../upm/plugins';
import type { UserRecord } from '../store/types';
import { baseUrl } from '../rest/http';
import { restProject, restPullRequest, restRepository } from '../rest/serialize';
import { ensureHostRuntime } from './client/build';
import { hostAsset } from './assets';
import type { PageData, PageKind, PageUser, PullRequestTab } from './page-data';
import { renderShell, CONTENT_SECURITY_POLICY, type HeaderLink } from './pages/shell';
import { dashboardView, errorView, projectsView, projectView, pullRequestListView, pullRequestView, repositoryView, sourceFileView, type BrowseEntry } from './pages/views';
import type { RawHtml } from './pages/html';
import { InstalledPlugin } from './wrm/plugin';
import { evaluateConditions, type ResolveRequest, type ResolveResult } from './wrm/resolver';
import { formatWithoutArguments } from './wrm/js-i18n';

export interface HostPagesOptions {
  contextPath: string;
  /** What UPM installed; the pages serve these JARs' contents. */
  plugins: InstalledPlugins;
  store: Store;
}

/** Contexts every page loads initially; PR pages add their page context (host-anatomy.md §3.6). */
export const GENERAL_CONTEXTS = ['atl.general'];
export const PULL_REQUEST_PAGE_CONTEXTS = ['atl.general', 'bitbucket.page.pullRequest.view'];

type Json = Record<string, unknown>;

function pageUser(user: UserRecord | null): PageUser | null {
  if (!user) return null;
  return { id: user.id, name: user.name, slug: user.slug, displayName: user.displayName, emailAddress: user.emailAddress, active: user.active, type: user.type };
}

class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export async function registerHostPages(app: FastifyInstance, options: HostPagesOptions): Promise<void> {
  const cp = options.contextPath.replace(/\/+$/, '');
  const store = options.store;
  const plugin = new InstalledPlugin(options.plugins, cp);
  const runtime = await ensureHostRuntime();
  const assetBase = `${cp}/s/emulator-host/${runtime.hash}`;

  // ------------------------------------------------------------------ WRM

  // The REST layer serves `1.0` as `latest` (it rewrites version segments), so register both.
  const resolveResources = async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Json;
    const resolveRequest: ResolveRequest = { r: stringList(body.r), c: stringList(body.c), xr: stringList(body.xr), xc: stringList(body.xc) };
    let loaded;
    try {
      loaded = plugin.current();
    } catch (error) {
      return reply.code(200).header('content-type', 'application/json;charset=UTF-8').send({ resources: [], unparsedData: {}, unparsedErrors: {}, errors: [(error as Error).message] });
    }
    const result = loaded.resolver.resolve(resolveRequest, request.user);
    const response: Json = {
      resources: result.resources.map(({ url, resourceType, key, batchType }) => ({ url, resourceType, key, batchType })),
      unparsedData: {},
      unparsedErrors: {},
    };
    if (result.errors.length) response.errors = result.errors;
    return reply.code(200).header('content-type', 'application/json;charset=UTF-8').header('cache-control', 'no-cache').send(response);
  };
  app.post(`${cp}/rest/webResources/1.0/resources`, resolveResources);
  app.post(`${cp}/rest/webResources/latest/resources`, resolveResources);

  app.get(`${cp}/s/*`, async (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    const segments = rest.split('/').map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    if (segments[0] === 'emulator-host' && segments.length >= 3) {
      const asset = hostAsset(segments.slice(2).join('/'), cp);
      if (!asset) return notFound(reply);
      const current = segments[1] === runtime.hash;
      return reply
        .header('content-type', asset.contentType)
        .header('cache-control', current ? 'public, max-age=31536000, immutable' : 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(asset.body);
    }
    if (segments[0] === 'emulator' && segments[1] === 'amd-not-defined') {
      // requirejs asks here for AMD ids nobody defined; Bitbucket's loader would never find them either.
      return reply.code(404).header('content-type', 'application/javascript;charset=UTF-8').send(`/* AMD module ${segments.slice(2).join('/')} is not defined on this page */`);
    }
    const download = segments.indexOf('_');
    if (download < 1 || segments[download + 1] !== 'download') return notFound(reply);
    const kind = segments[download + 2];
    const completeKey = segments[download + 3];
    const name = segments.slice(download + 4).join('/');
    if (!completeKey || !name || (kind !== 'batch' && kind !== 'resources')) return notFound(reply);
    let file;
    let hash;
    try {
      hash = plugin.current().hash;
      file = kind === 'batch' ? plugin.resourceFile(completeKey, name) : plugin.assetFile(completeKey, name);
    } catch (error) {
      return reply.code(500).header('content-type', 'text/plain;charset=UTF-8').send((error as Error).message);
    }
    if (!file) return notFound(reply);
    const current = segments.slice(0, download).join('/') === hash;
    return reply
      .header('content-type', file.contentType)
      .header('cache-control', current ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  });

  // ------------------------------------------------------------------ pages

  const requireUser = (request: FastifyRequest, reply: FastifyReply): UserRecord | null => {
    if (request.user) return request.user;
    void reply.redirect(`${cp}/login?next=${encodeURIComponent(request.url)}`, 302);
    return null;
  };

  const headerLinks = (user: UserRecord | null): HeaderLink[] => {
    const loaded = plugin.current();
    return loaded.descriptor.webItems
      .filter((item) => item.section === 'header.global.primary' && evaluateConditions(item.conditions, user).pass)
      .sort((a, b) => a.weight - b.weight)
      .map((item) => ({
        completeKey: item.completeKey,
        label: formatWithoutArguments(plugin.text(item.labelKey)),
        tooltip: item.tooltipKey ? formatWithoutArguments(plugin.text(item.tooltipKey)) : undefined,
        url: item.link && item.link.startsWith('/') ? `${cp}${item.link}` : (item.link ?? '#'),
        linkId: item.linkId,
      }));
  };

  interface PageSpec {
    kind: PageKind;
    title: string;
    content: RawHtml;
    contexts?: string[];
    project?: Json | null;
    repository?: Json | null;
    pullRequest?: Json | null;
    pullRequestIds?: number[];
    tab?: PullRequestTab | null;
    section?: 'projects' | 'dashboard';
    status?: number;
  }

  const sendPage = (request: FastifyRequest, reply: FastifyReply, spec: PageSpec) => {
    const user = request.user;
    const contexts = spec.contexts ?? GENERAL_CONTEXTS;
    let batch: ResolveResult;
    let links: HeaderLink[] = [];
    try {
      batch = plugin.current().resolver.resolve({ c: contexts }, user);
      links = headerLinks(user);
    } catch (error) {
      batch = { resources: [], webResources: [], errors: [(error as Error).message] };
    }
    const query = request.query as Record<string, string | undefined>;
    const colorMode = query.theme === 'dark' ? 'dark' : 'light';
    const data: PageData = {
      contextPath: cp,
      page: spec.kind,
      currentUser: pageUser(user),
      project: spec.project ?? null,
      repository: spec.repository ?? null,
      pullRequest: spec.pullRequest ?? null,
      pullRequestIds: spec.pullRequestIds ?? [],
      tab: spec.tab ?? null,
      initialContexts: contexts,
      unparsedData: {
        'com.atlassian.plugins.atlassian-plugins-webresource-plugin:context-path.context-path': JSON.stringify(cp),
        'com.atlassian.plugins.atlassian-clientside-extensions-runtime:runtime.atlassianDevMode': JSON.stringify(false),
      },
      wrmErrors: batch.errors,
    };
    const page = renderShell({ title: spec.title, assetBase, data, colorMode, headerLinks: links, batch: batch.resources, content: spec.content, section: spec.section });
    return reply
      .code(spec.status ?? 200)
      .header('content-type', 'text/html;charset=UTF-8')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('cache-control', 'no-cache, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(page);
  };

  const handle =
    (render: (request: FastifyRequest, user: UserRecord, base: string) => PageSpec) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const user = requireUser(request, reply);
      if (!user) return reply;
      try {
        return sendPage(request, reply, render(request, user, baseUrl(request)));
      } catch (error) {
        if (error instanceof PageError) return sendPage(request, reply, { kind: 'error', title: error.title, content: errorView(error.status, error.title, error.message), status: error.status });
        throw error;
      }
    };

  const readableRepos = (user: UserRecord) => store.data.repositories.filter((repo) => store.accessLevel(user, repo) > 0);

  const repoOf = (request: FastifyRequest, user: UserRecord) => {
    const { projectKey, repositorySlug } = request.params as { projectKey: string; repositorySlug: string };
    const repo = store.repository(projectKey, repositorySlug);
    // Like Bitbucket: a repository you cannot see does not exist.
    if (!repo || store.accessLevel(user, repo) === 0) throw new PageError(404, 'Repository not found', `Repository ${projectKey}/${repositorySlug} does not exist or you do not have permission to see it.`);
    return repo;
  };

  const sortedPullRequests = (repoId: number, states: string[]) =>
    store.data.pullRequests.filter((pr) => pr.repositoryId === repoId && states.includes(pr.state)).sort((a, b) => b.id - a.id);

  app.get(cp, async (_request, reply) => reply.redirect(`${cp}/dashboard`, 302));
  app.get(`${cp}/`, async (_request, reply) => reply.redirect(`${cp}/dashboard`, 302));

  app.get(
    `${cp}/dashboard`,
    handle((_request, user, base) => {
      const repos = readableRepos(user);
      const repoIds = new Set(repos.map((r) => r.id));
      const involved = store.data.pullRequests
        .filter((pr) => repoIds.has(pr.repositoryId) && pr.state === 'OPEN')
        .filter((pr) => pr.authorSlug === user.slug || pr.reviewers.some((r) => r.slug === user.slug) || user.globalPermission === 'SYS_ADMIN')
        .sort((a, b) => b.updatedDate - a.updatedDate)
        .slice(0, 50);
      return {
        kind: 'dashboard',
        title: 'Dashboard',
        section: 'dashboard',
        // Like Bitbucket's own dashboard, a short list: the `--large=50000` seed would make an 8 MB page.
        content: dashboardView(cp, repos.slice(0, 50).map((r) => restRepository(store, r, base)), involved.map((pr) => restPullRequest(store, pr, base))),
      };
    }),
  );

  app.get(
    `${cp}/projects`,
    handle((_request, user, base) => {
      const projects = store.data.projects.filter((p) => store.projectAccessLevel(user, p.key) > 0).map((p) => restProject(p, base));
      return { kind: 'projects', title: 'Projects', section: 'projects', content: projectsView(cp, projects) };
    }),
  );

  app.get(
    `${cp}/projects/:projectKey`,
    handle((request, user, base) => {
      const { projectKey } = request.params as { projectKey: string };
      const project = store.project(projectKey);
      if (!project || store.projectAccessLevel(user, project.key) === 0) throw new PageError(404, 'Project not found', `Project ${projectKey} does not exist or you do not have permission to see it.`);
      const repos = readableRepos(user).filter((r) => r.projectKey === project.key);
      const projectJson = restProject(project, base);
      return { kind: 'project', title: project.name, section: 'projects', project: projectJson, content: projectView(cp, projectJson, repos.map((r) => restRepository(store, r, base))) };
    }),
  );

  const repositoryPage = handle((request, user, base) => {
    const repo = repoOf(request, user);
    const repoJson = restRepository(store, repo, base);
    const head = store.resolve(repo, repo.defaultBranch);
    const listing = head ? store.listDirectory(repo, head.id, '') : null;
    const entries: BrowseEntry[] = [...(listing?.directories ?? []).map((d) => ({ path: d, type: 'DIRECTORY' })), ...(listing?.files ?? []).map((f) => ({ path: f.name, type: 'FILE', size: f.size }))];
    return {
      kind: 'repository',
      title: `${repo.name}`,
      section: 'projects',
      project: repoJson.project as Json,
      repository: repoJson,
      content: repositoryView(cp, repoJson, entries, sortedPullRequests(repo.id, ['OPEN']).map((pr) => restPullRequest(store, pr, base))),
    };
  });
  app.get(`${cp}/projects/:projectKey/repos/:repositorySlug`, async (request, reply) => reply.redirect(`${request.url.split('?')[0].replace(/\/$/, '')}/browse`, 302));
  app.get(`${cp}/projects/:projectKey/repos/:repositorySlug/browse`, repositoryPage);
  // One file at a ref or commit (`?at=`), where annotation links point: `…/browse/<path>?at=<commit>#<line>`.
  app.get(
    `${cp}/projects/:projectKey/repos/:repositorySlug/browse/*`,
    handle((request, user, base) => {
      const repo = repoOf(request, user);
      const filePath = ((request.params as { '*': string })['*'] ?? '').replace(/\/+$/, '');
      const at = (request.query as { at?: string }).at ?? repo.defaultBranch;
      const commit = store.resolve(repo, at);
      const content = commit ? store.fileAt(repo, commit.id, filePath) : undefined;
      if (!commit || content === undefined) {
        throw new PageError(404, 'File not found', `The path ${filePath} does not exist at ${at}.`);
      }
      const repoJson = restRepository(store, repo, base);
      return { kind: 'repository', title: `${filePath} · ${repo.name}`, section: 'projects', project: repoJson.project as Json, repository: repoJson, content: sourceFileView(cp, repoJson, filePath, at, commit.id, content) };
    }),
  );

  app.get(
    `${cp}/projects/:projectKey/repos/:repositorySlug/pull-requests`,
    handle((request, user, base) => {
      const repo = repoOf(request, user);
      const repoJson = restRepository(store, repo, base);
      const requested = String((request.query as Record<string, unknown>).state ?? 'OPEN').toUpperCase();
      const state = ['OPEN', 'MERGED', 'DECLINED', 'ALL'].includes(requested) ? requested : 'OPEN';
      const prs = sortedPullRequests(repo.id, state === 'ALL' ? ['OPEN', 'MERGED', 'DECLINED'] : [state]).map((pr) => restPullRequest(store, pr, base));
      return { kind: 'pull-requests', title: `Pull requests - ${repo.name}`, section: 'projects', project: repoJson.project as Json, repository: repoJson, content: pullRequestListView(cp, repoJson, state, prs) };
    }),
  );

  app.get(`${cp}/projects/:projectKey/repos/:repositorySlug/pull-requests/:id`, async (request, reply) => reply.redirect(`${request.url.split('?')[0].replace(/\/$/, '')}/overview`, 302));

  app.get(
    `${cp}/projects/:projectKey/repos/:repositorySlug/pull-requests/:id/:tab`,
    handle((request, user, base) => {
      const { id, tab } = request.params as { id: string; tab: string };
      if (!['overview', 'diff', 'commits'].includes(tab)) throw new PageError(404, 'Page not found', `There is no pull request tab "${tab}".`);
      const repo = repoOf(request, user);
      const pr = /^\d+$/.test(id) ? store.pullRequest(repo, Number(id)) : undefined;
      if (!pr) throw new PageError(404, 'Pull request not found', `Pull request ${id} does not exist in ${repo.projectKey}/${repo.slug}.`);
      const repoJson = restRepository(store, repo, base);
      const prJson = restPullRequest(store, pr, base);
      return {
        kind: 'pull-request',
        title: `Pull Request #${pr.id}: ${pr.title}`,
        section: 'projects',
        contexts: PULL_REQUEST_PAGE_CONTEXTS,
        project: repoJson.project as Json,
        repository: repoJson,
        pullRequest: prJson,
        pullRequestIds: store.pullRequestsOf(repo).map((p) => p.id).sort((a, b) => a - b),
        tab: tab as PullRequestTab,
        content: pullRequestView(),
      };
    }),
  );
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('content-type', 'text/plain;charset=UTF-8').send('Not found');
}
