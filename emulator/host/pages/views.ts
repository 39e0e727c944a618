/** Server-rendered page bodies (AUI page panels). Every value from REST is escaped by `html`. */
import { html, raw, type RawHtml } from './html';

type Json = Record<string, unknown>;
const str = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const obj = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});

function panel(title: string, body: RawHtml, headerExtra: RawHtml = raw('')): RawHtml {
  return html`<div class="aui-page-panel"><div class="aui-page-panel-inner"><section class="aui-page-panel-content">
<header class="aui-page-header"><div class="aui-page-header-inner"><div class="aui-page-header-main"><h1>${title}</h1></div>${headerExtra}</div></header>
${body}
</section></div></div>`;
}

const repoUrl = (cp: string, repo: Json) => `${cp}/projects/${encodeURIComponent(str(obj(repo.project).key))}/repos/${encodeURIComponent(str(repo.slug))}`;

function repositoryTable(cp: string, repos: Json[]): RawHtml {
  if (repos.length === 0) return html`<p>No repositories.</p>`;
  return html`<table class="aui" data-testid="repository-table"><thead><tr><th scope="col">Repository</th><th scope="col">Project</th><th scope="col">Description</th></tr></thead><tbody>
${repos.map((repo) => html`<tr><td><a href="${repoUrl(cp, repo)}/browse">${str(repo.name ?? repo.slug)}</a></td><td><a href="${cp}/projects/${encodeURIComponent(str(obj(repo.project).key))}">${str(obj(repo.project).name ?? obj(repo.project).key)}</a></td><td>${str(repo.description)}</td></tr>\n`)}</tbody></table>`;
}

const STATE_CLASS: Record<string, string> = { OPEN: 'aui-lozenge-inprogress', MERGED: 'aui-lozenge-success', DECLINED: 'aui-lozenge-removed' };

function pullRequestTable(cp: string, prs: Json[], showRepo: boolean): RawHtml {
  if (prs.length === 0) return html`<p>No pull requests.</p>`;
  return html`<table class="aui pull-request-table" data-testid="pull-request-table"><thead><tr><th scope="col">Title</th>${showRepo ? html`<th scope="col">Repository</th>` : ''}<th scope="col">Author</th><th scope="col">Branches</th><th scope="col">State</th></tr></thead><tbody>
${prs.map((pr) => {
  const repo = obj(obj(pr.toRef).repository);
  return html`<tr data-pull-request-id="${str(pr.id)}"><td><a href="${repoUrl(cp, repo)}/pull-requests/${str(pr.id)}/overview">#${str(pr.id)} ${str(pr.title)}</a></td>${showRepo ? html`<td>${str(repo.name ?? repo.slug)}</td>` : ''}<td>${str(obj(obj(pr.author).user).displayName)}</td><td><code>${str(obj(pr.fromRef).displayId)}</code> → <code>${str(obj(pr.toRef).displayId)}</code></td><td><span class="aui-lozenge ${STATE_CLASS[str(pr.state)] ?? ''}">${str(pr.state)}</span></td></tr>\n`;
})}</tbody></table>`;
}

export function dashboardView(cp: string, repos: Json[], pullRequests: Json[]): RawHtml {
  return panel(
    'Your work',
    html`<section aria-labelledby="dashboard-prs"><h2 id="dashboard-prs">Open pull requests</h2>${pullRequestTable(cp, pullRequests, true)}</section>
<section aria-labelledby="dashboard-repos"><h2 id="dashboard-repos">Repositories</h2>${repositoryTable(cp, repos)}</section>`,
  );
}

export function projectsView(cp: string, projects: Json[]): RawHtml {
  return panel(
    'Projects',
    projects.length === 0
      ? html`<p>No projects.</p>`
      : html`<table class="aui" data-testid="project-table"><thead><tr><th scope="col">Project</th><th scope="col">Key</th><th scope="col">Description</th></tr></thead><tbody>
${projects.map((p) => html`<tr><td><a href="${cp}/projects/${encodeURIComponent(str(p.key))}">${str(p.name)}</a></td><td>${str(p.key)}</td><td>${str(p.description)}</td></tr>\n`)}</tbody></table>`,
  );
}

export function projectView(cp: string, project: Json, repos: Json[]): RawHtml {
  return panel(str(project.name ?? project.key), html`${project.description ? html`<p>${str(project.description)}</p>` : ''}<h2>Repositories</h2>${repositoryTable(cp, repos)}`);
}

function repositoryNav(cp: string, repo: Json, current: 'browse' | 'pull-requests'): RawHtml {
  const base = repoUrl(cp, repo);
  return html`<nav class="aui-navgroup aui-navgroup-horizontal" aria-label="Repository"><div class="aui-navgroup-inner"><div class="aui-navgroup-primary"><ul class="aui-nav">
<li${current === 'browse' ? raw(' class="aui-nav-selected"') : ''}><a href="${base}/browse"${current === 'browse' ? raw(' aria-current="page"') : ''}>Source</a></li>
<li${current === 'pull-requests' ? raw(' class="aui-nav-selected"') : ''}><a href="${base}/pull-requests"${current === 'pull-requests' ? raw(' aria-current="page"') : ''}>Pull requests</a></li>
</ul></div></div></nav>`;
}

export interface BrowseEntry {
  path: string;
  type: string;
  size?: number;
}

export function repositoryView(cp: string, repo: Json, entries: BrowseEntry[], pullRequests: Json[]): RawHtml {
  const base = repoUrl(cp, repo);
  return panel(
    str(repo.name ?? repo.slug),
    html`${repositoryNav(cp, repo, 'browse')}
<section aria-labelledby="repo-files"><h2 id="repo-files">Files</h2>
${entries.length === 0 ? html`<p>This repository is empty.</p>` : html`<table class="aui" data-testid="file-table"><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Size</th></tr></thead><tbody>
${entries.map((e) => html`<tr><td>${e.type === 'DIRECTORY' ? html`${e.path}/` : html`<a href="${base}/browse/${e.path.split('/').map(encodeURIComponent).join('/')}">${e.path}</a>`}</td><td>${e.type === 'DIRECTORY' ? 'Directory' : 'File'}</td><td>${e.size === undefined ? '' : `${e.size} B`}</td></tr>\n`)}</tbody></table>`}
</section>
<section aria-labelledby="repo-prs"><h2 id="repo-prs">Pull requests</h2>${pullRequestTable(cp, pullRequests, false)}</section>`,
  );
}

const STATES = ['OPEN', 'MERGED', 'DECLINED', 'ALL'];

export function pullRequestListView(cp: string, repo: Json, state: string, pullRequests: Json[]): RawHtml {
  const base = repoUrl(cp, repo);
  return panel(
    `${str(repo.name ?? repo.slug)}: pull requests`,
    html`${repositoryNav(cp, repo, 'pull-requests')}
<nav class="aui-navgroup aui-navgroup-horizontal pull-request-state-filter" aria-label="Pull request state"><div class="aui-navgroup-inner"><div class="aui-navgroup-primary"><ul class="aui-nav">
${STATES.map((s) => html`<li${s === state ? raw(' class="aui-nav-selected"') : ''}><a href="${base}/pull-requests?state=${s}"${s === state ? raw(' aria-current="page"') : ''}>${s.charAt(0) + s.slice(1).toLowerCase()}</a></li>`)}
</ul></div></div></nav>
${pullRequestTable(cp, pullRequests, false)}`,
  );
}

export function pullRequestView(): RawHtml {
  // Rendered client-side from the page data (like Bitbucket's React PR page), so navigation can swap it.
  return html`<div class="aui-page-panel"><div class="aui-page-panel-inner"><section class="aui-page-panel-content"><div id="pull-request-page" class="pull-request-page" data-testid="pull-request-page"><aui-spinner size="medium"></aui-spinner></div></section></div></div>`;
}

export function errorView(status: number, title: string, message: string): RawHtml {
  return panel(title, html`<div class="aui-message aui-message-${status >= 500 ? 'error' : 'warning'}" role="alert"><p class="title"><strong>${title}</strong></p><p>${message}</p></div>`);
}

/** Bitbucket's source view of one file at a commit: numbered lines whose anchors are `#<line>`. */
export function sourceFileView(cp: string, repo: Json, filePath: string, at: string, commitId: string, content: string): RawHtml {
  const base = repoUrl(cp, repo);
  const lines = content.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const encodedPath = filePath.split('/').map(encodeURIComponent).join('/');
  return panel(
    filePath,
    html`${repositoryNav(cp, repo, 'browse')}
<p class="source-meta">At <code data-testid="source-at">${at}</code> (${commitId.slice(0, 11)}) · <a href="${cp}/rest/api/latest${base.slice(cp.length)}/raw/${encodedPath}?at=${encodeURIComponent(commitId)}">Raw file</a></p>
<table class="source-view" data-testid="source-view" aria-label="${filePath}"><tbody>
${lines.map((line, i) => html`<tr id="${i + 1}" data-line="${i + 1}"><th scope="row" class="line-number"><a href="#${i + 1}">${i + 1}</a></th><td class="line-content"><pre>${line}</pre></td></tr>\n`)}</tbody></table>`,
  );
}
