/**
 * The PR page, rendered client-side like Bitbucket's React PR page: header, prev/next navigation,
 * tabs (overview, diff, commits) and the four PR extension points. Switching PRs does not reload:
 * history.pushState, re-fetch the PR, run every extension's cleanups, re-subscribe with the new context.
 */
import type { PageData, PullRequestTab } from '../../../page-data';
import { fakeHostState } from '../../../../../test/fake-host/state';
import { auiMessage, clear, el, relativeTime, replaceChildren, spinner } from '../dom';
import { getJson, HttpError, isAbort } from '../rest';
import { ExtensionPointHost } from '../cse/extension-point';
import { actionRowRenderer, menuRenderer, PanelRenderer } from '../cse/renderers';
import { currentModal } from '../cse/modal';
import { MoreActionsMenu } from './menu';
import { renderDiff } from './diff';
import type { ActivityJson, ChangeJson, CommentJson, CommitJson, PageJson, PullRequestJson, RepositoryJson } from './types';

export const EXTENSION_POINTS = {
  summary: 'bitbucket.ui.pullrequest.overview.summary',
  action: 'bitbucket.ui.pullrequest.action',
  diffToolbar: 'bitbucket.ui.pullrequest.diff.toolbar',
  commentExtra: 'bitbucket.ui.pullrequest.comment.extra',
} as const;

const TABS: { tab: PullRequestTab; id: string; label: string }[] = [
  { tab: 'overview', id: 'OVERVIEW', label: 'Overview' },
  { tab: 'diff', id: 'DIFF', label: 'Diff' },
  { tab: 'commits', id: 'COMMITS', label: 'Commits' },
];

const STATE_LOZENGE: Record<string, string> = { OPEN: 'aui-lozenge-inprogress', MERGED: 'aui-lozenge-success', DECLINED: 'aui-lozenge-removed' };

/** What a PR extension point's context is made of (host-anatomy.md §1.6). */
export interface PullRequestContext extends Record<string, unknown> {
  pullRequest: PullRequestJson;
  repository: RepositoryJson;
  project: RepositoryJson['project'];
}

/** `change.path` as extensions read it: a string (`endsWith`) that also has `components`/`name`/`toString()`. */
export function changePath(path: string): string & { components: string[]; name: string; extension: string; parent: string } {
  const components = path.split('/').filter(Boolean);
  const name = components[components.length - 1] ?? '';
  const dot = name.lastIndexOf('.');
  // eslint-disable-next-line no-new-wrappers
  return Object.assign(new String(path), {
    components,
    name,
    extension: dot > 0 ? name.slice(dot + 1) : '',
    parent: components.slice(0, -1).join('/'),
    toString: () => path,
  }) as unknown as string & { components: string[]; name: string; extension: string; parent: string };
}

const pathText = (change: ChangeJson): string => change.path?.toString ?? (change.path?.components ?? []).join('/');
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class PullRequestPage {
  private pullRequest: PullRequestJson;
  private readonly repository: RepositoryJson;
  private tab: PullRequestTab;
  /** Everything owned by the PR on screen: extension points, requests, panels. */
  private prScope = new Scope();
  /** Everything owned by the tab on screen. */
  private tabScope = new Scope();
  private readonly header = el('div', { class: 'pull-request-header-container' });
  private readonly tabs = el('nav', { class: 'aui-navgroup aui-navgroup-horizontal pull-request-tabs', 'aria-label': 'Pull request' });
  private readonly tabPanel = el('div', { class: 'pull-request-tab-panel', role: 'tabpanel', tabindex: '-1' });
  private navigation: AbortController | null = null;
  private readonly navigationCount = { value: 0 };

  constructor(
    private readonly root: HTMLElement,
    private readonly data: PageData,
  ) {
    this.pullRequest = data.pullRequest as unknown as PullRequestJson;
    this.repository = (data.repository as unknown as RepositoryJson) ?? this.pullRequest.toRef?.repository;
    this.tab = data.tab ?? 'overview';
  }

  start(): void {
    replaceChildren(this.root, this.header, this.tabs, this.tabPanel);
    this.root.addEventListener('click', this.onClick);
    window.addEventListener('popstate', this.onPopState);
    this.renderPullRequest();
  }

  private get base(): string {
    return `${this.data.contextPath}/projects/${encodeURIComponent(this.repository.project.key)}/repos/${encodeURIComponent(this.repository.slug)}`;
  }

  private get restBase(): string {
    return `${this.data.contextPath}/rest/api/latest/projects/${encodeURIComponent(this.repository.project.key)}/repos/${encodeURIComponent(this.repository.slug)}/pull-requests/${this.pullRequest.id}`;
  }

  private pageUrl(id: number, tab: PullRequestTab): string {
    return `${this.base}/pull-requests/${id}/${tab}`;
  }

  private context(): PullRequestContext {
    const repository = copy(this.pullRequest.toRef?.repository ?? this.repository);
    return { pullRequest: copy(this.pullRequest), repository, project: copy(repository.project) };
  }

  private neighbours(): { prev: number | null; next: number | null } {
    const ids = this.data.pullRequestIds;
    const index = ids.indexOf(this.pullRequest.id);
    if (ids.length < 2 || index < 0) return { prev: null, next: null };
    // Cyclic, so long navigation runs never dead-end.
    return { prev: ids[(index - 1 + ids.length) % ids.length], next: ids[(index + 1) % ids.length] };
  }

  private readonly onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[data-spa-pr]');
    if (!link) return;
    event.preventDefault();
    const id = Number(link.getAttribute('data-spa-pr'));
    const tab = (link.getAttribute('data-spa-tab') as PullRequestTab | null) ?? 'overview';
    if (id === this.pullRequest.id) this.showTab(tab, true);
    else void this.navigate(id, tab, true);
  };

  private readonly onPopState = (): void => {
    const match = /\/pull-requests\/(\d+)(?:\/(overview|diff|commits))?\/?$/.exec(location.pathname);
    if (!match || !location.pathname.startsWith(`${this.base}/`)) return;
    const id = Number(match[1]);
    const tab = (match[2] as PullRequestTab | undefined) ?? 'overview';
    if (id === this.pullRequest.id) this.showTab(tab, false);
    else void this.navigate(id, tab, false);
  };

  /** Swaps the PR without reloading the page. */
  async navigate(id: number, tab: PullRequestTab, push: boolean): Promise<void> {
    this.navigation?.abort();
    const controller = new AbortController();
    this.navigation = controller;
    if (push) history.pushState({ pullRequestId: id, tab }, '', this.pageUrl(id, tab));
    this.leavePullRequest();
    this.tab = tab;
    replaceChildren(this.tabPanel, spinner('Loading pull request'));
    try {
      const pullRequest = await getJson<PullRequestJson>(`${this.data.contextPath}/rest/api/latest/projects/${encodeURIComponent(this.repository.project.key)}/repos/${encodeURIComponent(this.repository.slug)}/pull-requests/${id}`, controller.signal);
      if (this.navigation !== controller) return;
      this.navigation = null;
      this.pullRequest = pullRequest;
      this.navigationCount.value += 1;
      this.renderPullRequest();
    } catch (error) {
      if (isAbort(error) || this.navigation !== controller) return;
      this.navigation = null;
      clear(this.header);
      replaceChildren(this.tabPanel, auiMessage('error', 'This pull request could not be loaded', error instanceof Error ? error.message : String(error)));
    }
  }

  /** Leaves the current PR: every extension point's cleanups run, requests abort, modals close. */
  private leavePullRequest(): void {
    currentModal()?.close();
    this.tabScope.dispose();
    this.prScope.dispose();
    this.tabScope = new Scope();
    this.prScope = new Scope();
  }

  private renderPullRequest(): void {
    const pr = this.pullRequest;
    fakeHostState().pullRequest = copy(pr) as unknown as Record<string, unknown>;
    document.title = `Pull Request #${pr.id}: ${pr.title ?? ''} - ${this.repository.name ?? this.repository.slug} - Bitbucket`;
    this.renderHeader();
    this.showTab(this.tab, false);
  }

  private renderHeader(): void {
    const pr = this.pullRequest;
    const { prev, next } = this.neighbours();
    const state = pr.draft && pr.state === 'OPEN' ? 'DRAFT' : (pr.state ?? 'OPEN');
    const navLink = (id: number | null, testId: string, label: string) =>
      id === null
        ? el('span', { class: 'aui-button aui-button-subtle', 'aria-disabled': 'true', 'data-testid': testId }, label)
        : el('a', { class: 'aui-button aui-button-subtle', href: this.pageUrl(id, this.tab), 'data-spa-pr': String(id), 'data-spa-tab': 'overview', 'data-testid': testId, rel: testId.endsWith('next') ? 'next' : 'prev' }, label);

    const menu = new MoreActionsMenu();
    const actions = new ExtensionPointHost(EXTENSION_POINTS.action, this.context(), menuRenderer(EXTENSION_POINTS.action, menu.content, (count) => menu.setCount(count)));
    this.prScope.add(() => actions.stop());
    this.prScope.add(() => menu.dispose());

    replaceChildren(
      this.header,
      el(
        'div',
        { class: 'pull-request-breadcrumbs' },
        el('a', { href: `${this.data.contextPath}/projects/${encodeURIComponent(this.repository.project.key)}` }, this.repository.project.name ?? this.repository.project.key),
        ' / ',
        el('a', { href: `${this.base}/browse` }, this.repository.name ?? this.repository.slug),
        ' / ',
        el('a', { href: `${this.base}/pull-requests` }, 'Pull requests'),
        el('span', { class: 'pull-request-nav' }, navLink(prev, 'pr-nav-prev', 'Previous'), navLink(next, 'pr-nav-next', 'Next')),
      ),
      el(
        'header',
        { class: 'pull-request-header' },
        el(
          'div',
          { class: 'pull-request-title-row' },
          el('h1', { class: 'pull-request-title', 'data-testid': 'pr-title' }, pr.title ?? ''),
          el('span', { class: `aui-lozenge ${STATE_LOZENGE[pr.state ?? ''] ?? ''}`, 'data-testid': 'pr-state' }, state),
          el('div', { class: 'pull-request-header-actions' }, menu.element),
        ),
        el(
          'p',
          { class: 'pull-request-meta' },
          el('span', { 'data-testid': 'pr-author' }, pr.author?.user?.displayName ?? pr.author?.user?.name ?? ''),
          ' wants to merge ',
          el('code', { class: 'pull-request-branch', 'data-testid': 'pr-from-branch' }, pr.fromRef?.displayId ?? ''),
          ' into ',
          el('code', { class: 'pull-request-branch', 'data-testid': 'pr-to-branch' }, pr.toRef?.displayId ?? ''),
          ` · #${pr.id}`,
        ),
        (pr.reviewers ?? []).length
          ? el(
              'ul',
              { class: 'pull-request-reviewers', 'aria-label': 'Reviewers' },
              (pr.reviewers ?? []).map((r) => el('li', { 'data-status': r.status }, r.user?.displayName ?? r.user?.name ?? '', r.status && r.status !== 'UNAPPROVED' ? ` (${r.status === 'NEEDS_WORK' ? 'requested changes' : 'approved'})` : '')),
            )
          : null,
      ),
    );
    actions.start();
  }

  private showTab(tab: PullRequestTab, push: boolean): void {
    if (push) history.pushState({ pullRequestId: this.pullRequest.id, tab }, '', this.pageUrl(this.pullRequest.id, tab));
    this.tab = tab;
    this.tabScope.dispose();
    this.tabScope = new Scope();
    replaceChildren(
      this.tabs,
      el(
        'ul',
        { class: 'aui-nav', role: 'tablist' },
        TABS.map(({ tab: t, id, label }) =>
          el(
            'li',
            { class: t === tab ? 'aui-nav-selected' : undefined, role: 'presentation' },
            el('a', { href: this.pageUrl(this.pullRequest.id, t), role: 'tab', 'aria-selected': t === tab ? 'true' : 'false', 'aria-controls': 'pull-request-tab-panel', id: `tab-${id}`, 'data-testid': `tab-${id}`, 'data-spa-pr': String(this.pullRequest.id), 'data-spa-tab': t }, label),
          ),
        ),
      ),
    );
    this.tabPanel.id = 'pull-request-tab-panel';
    this.tabPanel.setAttribute('aria-labelledby', `tab-${TABS.find((t) => t.tab === tab)?.id}`);
    clear(this.tabPanel);
    if (tab === 'overview') this.renderOverview();
    else if (tab === 'diff') this.renderDiffTab();
    else this.renderCommits();
  }

  private renderOverview(): void {
    const pr = this.pullRequest;
    const summary = el('div', { class: 'pull-request-summary-items', 'data-extension-point': EXTENSION_POINTS.summary, 'data-testid': 'pr-summary-extensions', 'aria-busy': 'true' });
    const activity = el('div', { class: 'pull-request-activity-list' }, spinner('Loading activity'));
    replaceChildren(
      this.tabPanel,
      el('section', { class: 'pull-request-description', 'aria-label': 'Description', 'data-testid': 'pr-description' }, pr.description ? el('p', { class: 'pull-request-description-text' }, pr.description) : el('p', { class: 'pull-request-description-empty' }, 'No description')),
      el('section', { class: 'pull-request-summary', 'aria-label': 'Summary', 'data-testid': 'pr-summary' }, extensionPointLabel(EXTENSION_POINTS.summary), summary),
      el('section', { class: 'pull-request-activity', 'aria-label': 'Activity', 'data-testid': 'pr-activity' }, el('h2', null, 'Activity'), activity),
    );
    const host = new ExtensionPointHost(EXTENSION_POINTS.summary, this.context(), actionRowRenderer(EXTENSION_POINTS.summary, summary)).start();
    this.tabScope.add(() => host.stop());

    const signal = this.tabScope.signal();
    getJson<PageJson<ActivityJson>>(`${this.restBase}/activities?limit=100`, signal).then(
      (page) => this.renderActivity(activity, page.values ?? []),
      (error) => {
        if (!isAbort(error)) replaceChildren(activity, auiMessage('error', 'Activity could not be loaded', error instanceof Error ? error.message : String(error)));
      },
    );
  }

  private renderActivity(container: HTMLElement, activities: ActivityJson[]): void {
    // Replies show nested under their root comment, not as activities of their own.
    const nested = new Set<number>();
    const collect = (comment: CommentJson) => (comment.comments ?? []).forEach((reply) => (nested.add(reply.id), collect(reply)));
    activities.forEach((activity) => activity.comment && collect(activity.comment));
    const items = activities
      .slice()
      .reverse()
      .filter((activity) => !(activity.action === 'COMMENTED' && activity.comment && nested.has(activity.comment.id)))
      .map((activity) => {
        if (activity.action === 'COMMENTED' && activity.comment && activity.commentAction !== 'DELETED') {
          return el('li', { class: 'activity-item activity-comment', 'data-activity-id': String(activity.id) }, this.commentView(activity.comment, 0));
        }
        const who = activity.user?.displayName ?? activity.user?.name ?? '';
        return el('li', { class: 'activity-item activity-event', 'data-activity-id': String(activity.id) }, el('span', { class: 'activity-user' }, who), ` ${String(activity.action ?? '').toLowerCase().replace(/_/g, ' ')} `, el('time', null, relativeTime(activity.createdDate)));
      });
    replaceChildren(container, items.length ? el('ol', { class: 'activity-items' }, items) : el('p', null, 'No activity yet.'));
  }

  private commentView(comment: CommentJson, depth: number): HTMLElement {
    const extras = el('div', { class: 'comment-extra', 'data-extension-point': EXTENSION_POINTS.commentExtra });
    const panels = new PanelRenderer(EXTENSION_POINTS.commentExtra, extras);
    const host = new ExtensionPointHost(EXTENSION_POINTS.commentExtra, { ...this.context(), comment: copy(comment) }, panels.render).start();
    this.tabScope.add(() => {
      host.stop();
      panels.dispose();
    });
    return el(
      'article',
      { class: `comment${comment.severity === 'BLOCKER' ? ' comment-task' : ''}`, 'data-comment-id': String(comment.id), 'data-testid': `comment-${comment.id}`, 'aria-label': `Comment by ${comment.author?.displayName ?? comment.author?.name ?? ''}` },
      el('header', { class: 'comment-header' }, el('strong', { class: 'comment-author' }, comment.author?.displayName ?? comment.author?.name ?? ''), ' ', el('time', null, relativeTime(comment.createdDate)), comment.severity === 'BLOCKER' ? el('span', { class: 'aui-lozenge aui-lozenge-subtle comment-task-state' }, comment.state === 'RESOLVED' ? 'Resolved task' : 'Task') : null),
      comment.anchor?.path ? el('p', { class: 'comment-anchor' }, comment.anchor.path, comment.anchor.line ? `:${comment.anchor.line}` : '') : null,
      el('p', { class: 'comment-text' }, comment.text ?? ''),
      extras,
      (comment.comments ?? []).length ? el('div', { class: 'comment-replies' }, (comment.comments ?? []).map((reply) => this.commentView(reply, depth + 1))) : null,
    );
  }

  private renderDiffTab(): void {
    const fileList = el('ul', { class: 'pull-request-files' }, el('li', null, spinner('Loading changes')));
    const toolbar = el('div', { class: 'pull-request-diff-toolbar-items', 'data-extension-point': EXTENSION_POINTS.diffToolbar, 'data-testid': 'diff-toolbar-extensions', 'aria-busy': 'true' });
    const heading = el('h2', { class: 'pull-request-diff-file', 'data-testid': 'diff-file-path' });
    const diffContainer = el('div', { class: 'pull-request-diff-view', 'data-testid': 'diff-view' });
    replaceChildren(
      this.tabPanel,
      el(
        'div',
        { class: 'pull-request-diff-layout' },
        el('nav', { class: 'pull-request-file-tree', 'aria-label': 'Changed files' }, fileList),
        el('div', { class: 'pull-request-diff-main' }, el('div', { class: 'pull-request-diff-toolbar', role: 'toolbar', 'aria-label': 'Diff toolbar' }, heading, extensionPointLabel(EXTENSION_POINTS.diffToolbar), toolbar), diffContainer),
      ),
    );
    const signal = this.tabScope.signal();
    let fileScope = new Scope();
    this.tabScope.add(() => fileScope.dispose());
    let changes: ChangeJson[] = [];

    const select = (path: string) => {
      fileScope.dispose();
      fileScope = new Scope();
      fileList.querySelectorAll('a[aria-current]').forEach((a) => a.removeAttribute('aria-current'));
      fileList.querySelector(`a[data-path="${CSS.escape(path)}"]`)?.setAttribute('aria-current', 'true');
      const change = changes.find((c) => pathText(c) === path);
      heading.textContent = path;
      const host = new ExtensionPointHost(EXTENSION_POINTS.diffToolbar, { ...this.context(), change: { ...copy(change ?? {}), path: changePath(path) } }, actionRowRenderer(EXTENSION_POINTS.diffToolbar, toolbar)).start();
      fileScope.add(() => host.stop());
      replaceChildren(diffContainer, spinner('Loading diff'));
      const encoded = path.split('/').map(encodeURIComponent).join('/');
      // Like Bitbucket's diff view, a renamed file's diff names its old path (without it the file reads as added).
      const srcPath = change?.srcPath ? `&srcPath=${encodeURIComponent(pathText({ path: change.srcPath }))}` : '';
      getJson<{ diffs?: unknown[] }>(`${this.restBase}/diff/${encoded}?contextLines=10${srcPath}`, fileScope.signal()).then(
        (body) => replaceChildren(diffContainer, renderDiff(body.diffs ?? [])),
        (error) => {
          if (!isAbort(error)) replaceChildren(diffContainer, auiMessage('error', 'The diff could not be loaded', error instanceof Error ? error.message : String(error)));
        },
      );
    };
    const onHash = () => {
      const path = decodeURIComponent(location.hash.slice(1));
      if (path && changes.some((c) => pathText(c) === path)) select(path);
    };
    window.addEventListener('hashchange', onHash);
    this.tabScope.add(() => window.removeEventListener('hashchange', onHash));

    getJson<PageJson<ChangeJson>>(`${this.restBase}/changes?limit=1000`, signal).then(
      (page) => {
        changes = page.values ?? [];
        if (changes.length === 0) {
          replaceChildren(fileList, el('li', null, 'No changes'));
          replaceChildren(diffContainer, el('p', null, 'This pull request has no changes.'));
          return;
        }
        replaceChildren(
          fileList,
          changes.map((change) => {
            const path = pathText(change);
            return el('li', { 'data-change-type': change.type }, el('a', { href: `#${path.split('/').map(encodeURIComponent).join('/')}`, 'data-path': path, onclick: (event: Event) => { event.preventDefault(); history.replaceState(history.state, '', `#${path.split('/').map(encodeURIComponent).join('/')}`); select(path); } }, el('span', { class: `aui-lozenge aui-lozenge-subtle change-type` }, (change.type ?? 'MODIFY').slice(0, 1)), ' ', path));
          }),
        );
        const fromHash = decodeURIComponent(location.hash.slice(1));
        select(changes.some((c) => pathText(c) === fromHash) ? fromHash : pathText(changes[0]));
      },
      (error) => {
        if (!isAbort(error)) replaceChildren(fileList, el('li', null, auiMessage('error', 'Changes could not be loaded', error instanceof Error ? error.message : String(error))));
      },
    );
  }

  private renderCommits(): void {
    const wrapper = el('div', { class: 'commits-table-wrapper', 'data-testid': 'commits-table' }, spinner('Loading commits'));
    replaceChildren(this.tabPanel, wrapper);
    getJson<PageJson<CommitJson>>(`${this.restBase}/commits?limit=100`, this.tabScope.signal()).then(
      (page) =>
        replaceChildren(
          wrapper,
          el(
            'table',
            { class: 'aui commits-table' },
            el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Author'), el('th', { scope: 'col' }, 'Commit'), el('th', { scope: 'col' }, 'Message'), el('th', { scope: 'col' }, 'Date'))),
            el(
              'tbody',
              null,
              (page.values ?? []).map((commit) => el('tr', { 'data-commit-id': commit.id }, el('td', null, commit.author?.displayName ?? commit.author?.name ?? ''), el('td', null, el('code', null, commit.displayId ?? commit.id?.slice(0, 11) ?? '')), el('td', null, (commit.message ?? '').split('\n')[0]), el('td', null, relativeTime(commit.authorTimestamp)))),
            ),
          ),
        ),
      (error) => {
        if (!isAbort(error)) replaceChildren(wrapper, auiMessage('error', 'Commits could not be loaded', error instanceof Error ? error.message : String(error)));
      },
    );
  }

  /** For tests and debugging: how many client-side PR swaps happened. */
  navigations(): number {
    return this.navigationCount.value;
  }
}

/** `?clientside-extensions` shows each extension point's name (the product's discovery aid). */
function extensionPointLabel(location: string): HTMLElement | null {
  if (!new URLSearchParams(location_search()).has('clientside-extensions')) return null;
  return el('span', { class: 'aui-lozenge aui-lozenge-subtle emulator-extension-point-name', title: 'Extension point' }, location);
}
const location_search = () => window.location.search;

/** Owns disposables of a view: cleanups in reverse order, one AbortController for its requests. */
class Scope {
  private readonly cleanups: (() => void)[] = [];
  private controller: AbortController | null = null;
  private disposed = false;

  add(cleanup: () => void): void {
    if (this.disposed) cleanup();
    else this.cleanups.push(cleanup);
  }

  signal(): AbortSignal {
    this.controller = this.controller ?? new AbortController();
    if (this.disposed) this.controller.abort();
    return this.controller.signal;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.controller?.abort();
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      try {
        cleanup();
      } catch (error) {
        console.error('[emulator] cleanup failed', error);
      }
    }
  }
}

export { HttpError };
