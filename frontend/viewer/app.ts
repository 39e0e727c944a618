/**
 * The viewer application inside any container: scope picker (repository → branch / pull request /
 * commit), the scope's recent commits with their report results, and four tabs. It owns no history:
 * every change goes through `onChange(state, mode)` and the host (overlay + URL) decides what to do.
 */
import { I18n, contextPath, currentUser } from 'yourcompany/host';
import { auiMessage, guardedMount, h, render, spinner } from 'yourcompany/ui';
import type { BitbucketClient, Commit, InsightReport, RepoRef } from 'yourcompany/rest';
import { annotationsTab } from './annotations-view';
import { compareTab } from './compare-view';
import { failure, firstLine, formatTimestamp, isAborted, shortId } from './common';
import type { Tab, TabContext } from './common';
import { ViewerData } from './data';
import type { Scope, Settled } from './data';
import { reportsTab } from './reports-view';
import { isCommitLike, isNavigation, normalizeViewerState, VIEWER_TABS } from 'yourcompany/insights-model';
import type { ViewerState, ViewerTab } from 'yourcompany/insights-model';
import { trendTab } from './trend-view';
import { createOverview, isOverviewState, overviewCache } from './overview';
import type { OverviewView } from './overview';

export type ChangeMode = 'push' | 'replace';

/** How long typing in a filter must pause before the new text is reported (the URL is written). */
export const TYPING_REPORT_MS = 100;

export interface ViewerApp {
  element: HTMLElement;
  state(): ViewerState;
  /** Shows another state (e.g. after back/forward) without reporting it back. */
  setState(state: ViewerState): void;
  /** Moves the keyboard focus into the annotation filter (the `/` shortcut). */
  focusFilter(): boolean;
  destroy(): void;
}

export interface ViewerAppOptions {
  client: BitbucketClient;
  doc: Document;
  onChange(state: ViewerState, mode: ChangeMode): void;
}

export function scopeOf(state: ViewerState): Scope {
  if (state.pr !== undefined) return { kind: 'pr', id: state.pr };
  if (state.branch) return { kind: 'branch', branch: state.branch };
  return { kind: 'none' };
}

function tabLabel(tab: ViewerTab): string {
  switch (tab) {
    case 'annotations':
      return I18n.getText('yourcompany.viewer.tab.annotations');
    case 'reports':
      return I18n.getText('yourcompany.viewer.tab.reports');
    case 'compare':
      return I18n.getText('yourcompany.viewer.tab.compare');
    default:
      return I18n.getText('yourcompany.viewer.tab.trend');
  }
}

export function createViewerApp(initial: ViewerState, options: ViewerAppOptions): ViewerApp {
  const { doc } = options;
  const controller = new AbortController();
  const data = new ViewerData(options.client, controller.signal);
  const cp = contextPath();
  const baseUrl = `${doc.defaultView?.location.origin ?? ''}${cp}`;
  const user = currentUser();
  let state = normalizeViewerState(initial);
  // Tokens that let a late answer for an older scope/commit be dropped.
  let commitsGeneration = 0;
  let panelGeneration = 0;
  let tab: Tab | null = null;
  let tabController: AbortController | null = null;

  const scopeSection = h('section', { class: 'yc-viewer-scope', 'aria-label': I18n.getText('yourcompany.viewer.scope.label') });
  const commitsSection = h('section', { class: 'yc-viewer-commits', 'aria-label': I18n.getText('yourcompany.viewer.commits.label') });
  const tabsNav = h('div', { class: 'aui-tabs horizontal-tabs yc-viewer-tabs' });
  const panel = h('div', { class: 'yc-viewer-panel', role: 'tabpanel', tabindex: -1, 'data-testid': 'viewer-panel' });
  const overviewHost = h('div', { class: 'yc-viewer-overview-host' });
  const element = h('div', { class: 'yc-viewer', 'data-testid': 'viewer-app' }, scopeSection, overviewHost, commitsSection, tabsNav, panel);
  let overview: OverviewView | null = null;

  /** The overview replaces commits, tabs and panel; the repository picker stays above it. */
  function showOverview(on: boolean): void {
    commitsSection.hidden = on;
    tabsNav.hidden = on;
    panel.hidden = on;
    if (on && !overview) {
      overview = createOverview(state, { client: options.client, doc, cache: overviewCache(), update });
      overviewHost.appendChild(overview.element);
    } else if (!on && overview) {
      overview.destroy();
      overview = null;
    }
  }

  function repo(): RepoRef | undefined {
    return state.repo ? { projectKey: state.repo.projectKey, repositorySlug: state.repo.repositorySlug } : undefined;
  }

  /**
   * Applies a change from the UI and reports it: scope/tab changes push history, filters replace.
   * Typing is shown at once but reported once the typist pauses (`TYPING_REPORT_MS`): a history write
   * per keystroke would cost more than the filtering. Any other change reports the pending text first.
   */
  function update(patch: Partial<ViewerState>, how: { typing?: boolean } = {}): void {
    const next = normalizeViewerState({ ...state, ...patch });
    const mode: ChangeMode = isNavigation(state, next) ? 'push' : 'replace';
    if (mode === 'push') flushTyped();
    show(next);
    if (how.typing && mode === 'replace') {
      clearTimeout(typedReport);
      typedReport = setTimeout(flushTyped, TYPING_REPORT_MS);
      typedPending = true;
      return;
    }
    cancelTyped();
    options.onChange(state, mode);
  }

  let typedReport: ReturnType<typeof setTimeout> | undefined;
  let typedPending = false;
  function cancelTyped(): void {
    clearTimeout(typedReport);
    typedPending = false;
  }
  function flushTyped(): void {
    if (!typedPending) return;
    cancelTyped();
    options.onChange(state, 'replace');
  }

  function show(next: ViewerState): void {
    const previous = state;
    state = next;
    if (isOverviewState(next)) {
      if (overview) overview.applyState(next);
      else {
        showOverview(true);
        render(commitsSection);
        render(panel);
      }
      if (!isOverviewState(previous)) renderScope();
      return;
    }
    if (isOverviewState(previous)) {
      showOverview(false);
      renderScope();
      renderCommits();
      renderTabs();
      return;
    }
    const repoChanged = previous.repo?.projectKey !== next.repo?.projectKey || previous.repo?.repositorySlug !== next.repo?.repositorySlug;
    const scopeChanged = repoChanged || previous.branch !== next.branch || previous.pr !== next.pr;
    if (repoChanged || scopeChanged) renderScope();
    if (scopeChanged || previous.commit !== next.commit) renderCommits();
    if (scopeChanged || previous.commit !== next.commit || previous.tab !== next.tab || previous.compare !== next.compare) renderTabs();
    else tab?.applyState?.(state);
  }

  // ---- scope picker -------------------------------------------------------------------------

  function renderScope(): void {
    const current = repo();
    const repoSearch = h('input', {
      id: 'yc-scope-repo-search',
      type: 'search',
      class: 'text',
      placeholder: I18n.getText('yourcompany.viewer.scope.repo.search'),
      'aria-label': I18n.getText('yourcompany.viewer.scope.repo.search'),
      autocomplete: 'off',
      'data-testid': 'scope-repo-search',
    }) as HTMLInputElement;
    const repoSelect = h('select', { id: 'yc-scope-repo', class: 'select', 'data-testid': 'scope-repo' }) as HTMLSelectElement;
    const fillRepos = (name: string): void => {
      data.repositories(name).then(
        (page) => {
          const options = page.values.map((r) => ({ key: r.project.key, slug: r.slug, label: `${r.project.name || r.project.key} / ${r.name || r.slug}` }));
          if (current && !options.some((o) => o.key === current.projectKey && o.slug === current.repositorySlug)) {
            options.unshift({ key: current.projectKey, slug: current.repositorySlug, label: `${current.projectKey} / ${current.repositorySlug}` });
          }
          render(
            repoSelect,
            h('option', { value: '' }, I18n.getText('yourcompany.viewer.scope.repo.choose')),
            options.map((o) => h('option', { value: `${o.key}/${o.slug}` }, o.label)),
          );
          repoSelect.value = current ? `${current.projectKey}/${current.repositorySlug}` : '';
        },
        (error) => {
          if (!isAborted(error, controller.signal)) render(repoError, failure(error, () => fillRepos(name)));
        },
      );
    };
    const repoError = h('div');
    let searchTimer: ReturnType<typeof setTimeout> | undefined;
    repoSearch.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => fillRepos(repoSearch.value.trim()), 250);
    });
    repoSelect.addEventListener('change', () => {
      const value = repoSelect.value;
      const slash = value.indexOf('/');
      if (slash <= 0) return;
      update({ scope: undefined, repo: { projectKey: value.slice(0, slash), repositorySlug: value.slice(slash + 1) }, branch: undefined, pr: undefined, commit: undefined, compare: undefined, report: [] });
    });
    fillRepos('');

    const parts: Node[] = [
      h('div', { class: 'yc-field' }, h('label', { for: 'yc-scope-repo' }, I18n.getText('yourcompany.viewer.scope.repo')), repoSearch, repoSelect, repoError),
    ];
    if (current) parts.push(branchPicker(current), prPicker(current), commitPicker());
    render(scopeSection, h('form', { class: 'aui yc-scope-form', onsubmit: (e: Event) => e.preventDefault() }, parts));
    if (current && !state.branch && state.pr === undefined && !state.commit) {
      // A repository alone: show its default branch (replacing the entry, it is the same view).
      data.defaultBranch(current).then(
        (branch) => {
          const same = state.repo?.projectKey === current.projectKey && state.repo?.repositorySlug === current.repositorySlug;
          if (same && !state.branch && state.pr === undefined && !state.commit) {
            show(normalizeViewerState({ ...state, branch }));
            options.onChange(state, 'replace');
          }
        },
        (error) => {
          if (!isAborted(error, controller.signal)) render(commitsSection, failure(error, renderScope));
        },
      );
    }
  }

  function branchPicker(current: RepoRef): HTMLElement {
    const select = h('select', { id: 'yc-scope-branch', class: 'select', 'data-testid': 'scope-branch' }) as HTMLSelectElement;
    const filter = h('input', { type: 'search', class: 'text', placeholder: I18n.getText('yourcompany.viewer.scope.branch.search'), 'aria-label': I18n.getText('yourcompany.viewer.scope.branch.search'), autocomplete: 'off' }) as HTMLInputElement;
    const fill = (text: string) =>
      data.branches(current, text).then(
        (page) => {
          const names = page.values.map((b) => b.displayId);
          if (state.branch && !names.includes(state.branch)) names.unshift(state.branch);
          render(select, h('option', { value: '' }, I18n.getText('yourcompany.viewer.scope.branch.choose')), names.map((n) => h('option', { value: n }, n)));
          select.value = state.branch ?? '';
        },
        () => render(select, h('option', { value: state.branch ?? '' }, state.branch ?? I18n.getText('yourcompany.viewer.scope.unavailable'))),
      );
    let timer: ReturnType<typeof setTimeout> | undefined;
    filter.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => fill(filter.value.trim()), 250);
    });
    select.addEventListener('change', () => {
      if (select.value) update({ branch: select.value, pr: undefined, commit: undefined, compare: undefined });
    });
    void fill('');
    return h('div', { class: 'yc-field' }, h('label', { for: 'yc-scope-branch' }, I18n.getText('yourcompany.viewer.scope.branch')), filter, select);
  }

  function prPicker(current: RepoRef): HTMLElement {
    const select = h('select', { id: 'yc-scope-pr', class: 'select', 'data-testid': 'scope-pr' }) as HTMLSelectElement;
    data.pullRequests(current).then(
      (page) => {
        const prs = page.values.map((pr) => ({ id: pr.id, label: `#${pr.id} ${pr.title}` }));
        if (state.pr !== undefined && !prs.some((p) => p.id === state.pr)) prs.unshift({ id: state.pr, label: `#${state.pr}` });
        render(select, h('option', { value: '' }, I18n.getText('yourcompany.viewer.scope.pr.choose')), prs.map((p) => h('option', { value: String(p.id) }, p.label)));
        select.value = state.pr !== undefined ? String(state.pr) : '';
      },
      () => render(select, h('option', { value: '' }, I18n.getText('yourcompany.viewer.scope.unavailable'))),
    );
    select.addEventListener('change', () => {
      if (select.value) update({ pr: Number(select.value), branch: undefined, commit: undefined, compare: undefined });
    });
    return h('div', { class: 'yc-field' }, h('label', { for: 'yc-scope-pr' }, I18n.getText('yourcompany.viewer.scope.pr')), select);
  }

  function commitPicker(): HTMLElement {
    const input = h('input', {
      id: 'yc-scope-commit',
      type: 'text',
      class: 'text',
      value: state.commit ?? '',
      placeholder: I18n.getText('yourcompany.viewer.scope.commit.placeholder'),
      spellcheck: 'false',
      autocomplete: 'off',
      'data-testid': 'scope-commit',
    }) as HTMLInputElement;
    const invalid = h('p', { class: 'error', role: 'alert', hidden: true }, I18n.getText('yourcompany.viewer.scope.commit.invalid'));
    const go = () => {
      const value = input.value.trim();
      if (!isCommitLike(value)) {
        invalid.hidden = false;
        return;
      }
      invalid.hidden = true;
      update({ commit: value, compare: undefined });
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        go();
      }
    });
    return h(
      'div',
      { class: 'yc-field' },
      h('label', { for: 'yc-scope-commit' }, I18n.getText('yourcompany.viewer.scope.commit')),
      input,
      h('button', { type: 'button', class: 'aui-button', onclick: go, 'data-testid': 'scope-commit-go' }, I18n.getText('yourcompany.viewer.scope.commit.show')),
      invalid,
    );
  }

  // ---- recent commits with their report results -----------------------------------------------

  function commitsPromise(): Promise<Commit[]> {
    const current = repo();
    return current ? data.commits(current, scopeOf(state)) : Promise.resolve([]);
  }

  function renderCommits(): void {
    const current = repo();
    const scope = scopeOf(state);
    if (!current || scope.kind === 'none') {
      render(commitsSection);
      return;
    }
    render(commitsSection, spinner());
    const token = ++commitsGeneration;
    commitsPromise().then(
      (commits) => {
        if (token !== commitsGeneration) return;
        if (!commits.length) {
          render(commitsSection, auiMessage('info', I18n.getText('yourcompany.viewer.commits.none.title'), I18n.getText('yourcompany.viewer.commits.none.body')));
          return;
        }
        const results: (Settled<InsightReport[]> | undefined)[] = commits.map(() => undefined);
        const cells = commits.map(() => h('td', { class: 'yc-commit-reports' }, h('span', { class: 'yc-muted' }, '…')));
        const staleNote = h('div', { 'data-testid': 'stale-note' });
        const selected = state.commit ?? commits[0].id;
        const table = h(
          'table',
          { class: 'aui yc-commit-table', 'data-testid': 'commit-table' },
          h('caption', null, scope.kind === 'pr' ? I18n.getText('yourcompany.viewer.commits.caption.pr', scope.id) : I18n.getText('yourcompany.viewer.commits.caption.branch', scope.branch)),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, I18n.getText('yourcompany.viewer.column.commit')),
              h('th', { scope: 'col' }, I18n.getText('yourcompany.viewer.column.message')),
              h('th', { scope: 'col' }, I18n.getText('yourcompany.viewer.column.author')),
              h('th', { scope: 'col' }, I18n.getText('yourcompany.viewer.column.date')),
              h('th', { scope: 'col' }, I18n.getText('yourcompany.viewer.column.reports')),
            ),
          ),
          h(
            'tbody',
            null,
            commits.map((commit, i) =>
              h(
                'tr',
                { class: commit.id === selected ? 'yc-selected' : undefined, 'aria-current': commit.id === selected ? 'true' : undefined, 'data-commit': commit.id },
                h(
                  'th',
                  { scope: 'row' },
                  h(
                    'button',
                    { type: 'button', class: 'aui-button aui-button-link yc-commit-pick', 'aria-label': I18n.getText('yourcompany.viewer.commits.show', commit.displayId || shortId(commit.id)), onclick: () => update({ commit: commit.id, compare: undefined }) },
                    commit.displayId || shortId(commit.id),
                  ),
                ),
                h('td', { class: 'yc-commit-message' }, firstLine(commit.message)),
                h('td', null, commit.author?.displayName || commit.author?.name || ''),
                h('td', null, formatTimestamp(commit.authorTimestamp)),
                cells[i],
              ),
            ),
          ),
        );
        render(commitsSection, staleNote, h('div', { class: 'yc-commit-scroll' }, table));
        void data.reportsOfCommits(
          current,
          commits.map((c) => c.id),
          (index, result) => {
            if (token !== commitsGeneration) return;
            results[index] = result;
            render(cells[index], reportSummary(result));
            render(staleNote, staleWarning(commits, results));
          },
        );
      },
      (error) => {
        if (token === commitsGeneration && !isAborted(error, controller.signal)) render(commitsSection, failure(error, renderCommits));
      },
    );
  }

  function reportSummary(result: Settled<InsightReport[]>): Node {
    if (!result.ok) return h('span', { class: 'yc-muted', title: String((result.error as Error)?.message ?? '') }, I18n.getText('yourcompany.viewer.commits.reports.error'));
    const reports = result.value;
    if (!reports.length) return h('span', { class: 'aui-lozenge aui-lozenge-subtle' }, I18n.getText('yourcompany.viewer.commits.reports.none'));
    const failing = reports.filter((r) => r.result === 'FAIL').length;
    return h(
      'span',
      { class: `aui-lozenge ${failing ? 'aui-lozenge-error' : 'aui-lozenge-success'} aui-lozenge-subtle` },
      I18n.getText('yourcompany.viewer.commits.reports.summary', reports.length, failing),
    );
  }

  /** The newest commit without reports while an older one has them: CI stopped publishing, or has not yet. */
  function staleWarning(commits: Commit[], results: (Settled<InsightReport[]> | undefined)[]): Node | null {
    const head = results[0];
    if (!head || !head.ok || head.value.length) return null;
    const newestWith = results.findIndex((r) => r?.ok && r.value.length > 0);
    if (newestWith <= 0) return null;
    return auiMessage(
      'warning',
      I18n.getText('yourcompany.viewer.commits.stale.title'),
      I18n.getText('yourcompany.viewer.commits.stale.body', commits[newestWith].displayId || shortId(commits[newestWith].id), newestWith),
    );
  }

  // ---- tabs -----------------------------------------------------------------------------------

  function renderTabs(): void {
    const tabs = VIEWER_TABS.map((name) =>
      h(
        'li',
        { class: `menu-item${name === state.tab ? ' active-tab' : ''}`, role: 'presentation' },
        h(
          'a',
          {
            id: `yc-tab-${name}`,
            role: 'tab',
            href: '#',
            'aria-selected': name === state.tab ? 'true' : 'false',
            'aria-controls': 'yc-viewer-panel',
            tabindex: name === state.tab ? 0 : -1,
            'data-tab': name,
            onclick: (event: Event) => {
              event.preventDefault();
              if (name !== state.tab) update({ tab: name });
            },
            onkeydown: (event: Event) => {
              const key = (event as KeyboardEvent).key;
              const step = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              event.preventDefault();
              const next = VIEWER_TABS[(VIEWER_TABS.indexOf(name) + step + VIEWER_TABS.length) % VIEWER_TABS.length];
              update({ tab: next });
              tabsNav.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus();
            },
          },
          h('strong', null, tabLabel(name)),
        ),
      ),
    );
    render(tabsNav, h('ul', { class: 'tabs-menu', role: 'tablist', 'aria-label': I18n.getText('yourcompany.viewer.tabs.label') }, tabs));
    panel.id = 'yc-viewer-panel';
    panel.setAttribute('aria-labelledby', `yc-tab-${state.tab}`);
    renderPanel();
  }

  function renderPanel(): void {
    tab?.destroy?.();
    tab = null;
    tabController?.abort();
    tabController = new AbortController();
    const current = repo();
    if (!current) {
      render(panel, auiMessage('info', I18n.getText('yourcompany.viewer.start.title'), I18n.getText('yourcompany.viewer.start.body')));
      return;
    }
    render(panel, spinner());
    const scope = scopeOf(state);
    const token = ++panelGeneration;
    const renderTab = (commitId: string | undefined): void => {
      if (token !== panelGeneration || controller.signal.aborted) return;
      if (!commitId) {
        render(panel, auiMessage('info', I18n.getText('yourcompany.viewer.nocommit.title'), I18n.getText('yourcompany.viewer.nocommit.body')));
        return;
      }
      const ctx: TabContext = {
        doc,
        data,
        repo: current,
        commitId,
        state,
        baseUrl,
        contextPath: cp,
        // Asked only by a tab that offers admin actions: the annotations tab starts without the probe.
        isAdmin: () => (user ? data.isAdmin(current, user.slug) : Promise.resolve(false)),
        update,
        reload: renderPanel,
        signal: tabController!.signal,
      };
      const commits = commitsPromise();
      tab =
        state.tab === 'reports'
          ? reportsTab(ctx)
          : state.tab === 'compare'
            ? compareTab(ctx, { scope, commits })
            : state.tab === 'trend'
              ? trendTab(ctx, scope, commits)
              : annotationsTab(ctx);
      render(panel, h('p', { class: 'yc-viewer-commit-line yc-muted', 'data-testid': 'viewer-commit' }, I18n.getText('yourcompany.viewer.commit.showing', shortId(commitId))), tab.element);
    };
    // A tab that throws while rendering shows the one render-error boundary's message, not a spinner.
    const showCommit = (commitId: string | undefined): void =>
      void guardedMount(panel, () => {
        renderTab(commitId);
        return () => undefined;
      });
    // A commit in the URL needs no lookup: the tab's requests start now, ahead of the pickers'.
    if (state.commit) showCommit(state.commit);
    else
      resolveCommit(current, scope).then(showCommit, (error) => {
        if (token === panelGeneration && !isAborted(error, controller.signal)) render(panel, failure(error, renderPanel));
      });
  }

  async function resolveCommit(current: RepoRef, scope: Scope): Promise<string | undefined> {
    if (state.commit) return state.commit;
    if (scope.kind === 'pr') return (await data.pullRequest(current, scope.id)).fromRef.latestCommit;
    if (scope.kind === 'branch') return (await data.commits(current, scope))[0]?.id;
    return undefined;
  }

  if (isOverviewState(state)) {
    renderScope();
    showOverview(true);
  } else {
    // The panel first: its data requests go out before the pickers' (browsers run ~6 at a time per host).
    renderTabs();
    renderScope();
    renderCommits();
  }

  return {
    element,
    state: () => state,
    setState(next) {
      cancelTyped(); // the URL moved on (back/forward): the typed text it lacked is no longer ours to write
      show(normalizeViewerState(next));
    },
    focusFilter() {
      const input = element.querySelector<HTMLInputElement>('[data-testid="filter-text"]');
      if (!input) return false;
      input.focus();
      input.select();
      return true;
    },
    destroy() {
      cancelTyped();
      overview?.destroy();
      commitsGeneration++;
      panelGeneration++;
      controller.abort();
      tabController?.abort();
      tab?.destroy?.();
      element.remove();
    },
  };
}
