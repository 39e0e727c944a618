/** @jest-environment jsdom */
import { resetFakeHost } from '../../fake-host/state';
import { mount } from '../../../frontend/viewer/index';
import { resetOverviewCache } from '../../../frontend/viewer/overview';
import { parseViewerHash, viewerHash } from '../../../frontend/insights-model';
import type { ViewerState } from '../../../frontend/insights-model';
import { RestError } from '../../../frontend/rest/errors';
import { createFakeInstance, manyRepos, report } from './fake-instance';

// A few tests load 300 repositories through the whole pipeline in jsdom (~3 s): room for a busy 2-core machine.
jest.setTimeout(20_000);

const HOSTILE = '<img src=x onerror="window.__pwned=1">=HYPERLINK("http://evil")';

let container: HTMLElement;
beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket', currentUser: { id: 1, name: 'admin', slug: 'admin', displayName: 'Admin' } });
  resetOverviewCache();
  container = document.createElement('div');
  document.body.appendChild(container);
});
afterEach(() => {
  document.body.textContent = '';
});

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};
const loaded = () => container.querySelector('[data-testid="overview"]')?.getAttribute('data-loaded');
const last = <T>(list: T[]): T | undefined => list[list.length - 1];
const rows = () => [...container.querySelectorAll<HTMLElement>('[data-testid="overview-grid"] .yc-vlist-body [role="row"]')];

describe('overview (jsdom)', () => {
  it('renders the matrix: a bounded DOM, progress, columns by frequency, stale cells, repositories without reports apart', async () => {
    const repos = manyRepos(300);
    const fake = createFakeInstance(repos, 1);
    const changes: ViewerState[] = [];
    const unmount = mount(container, { scope: 'overview' }, { client: fake.client, onChange: (s) => changes.push(s) });
    await until(() => rows().length > 0, 'first rows');
    expect(container.querySelector('[data-testid="overview-progress-text"]')?.textContent).toMatch(/^\d+ of \d+\+? repositories$/);
    await until(() => loaded() === '300', 'all rows');
    expect(container.querySelector('[data-testid="overview-progress-text"]')?.textContent).toBe('300 of 300 repositories');
    expect(rows().length).toBeLessThanOrEqual(100);
    const headers = [...container.querySelectorAll('[data-testid="overview-grid"] [role="columnheader"]')].map((h) => h.getAttribute('data-column'));
    expect(headers).toEqual(['project', 'repository', 'branch', 'age', 'failing', 'high', 'medium', 'low', 'data', 'report:lint', 'report:security']);
    // Rows in view get their lazy cells: the branch name, severity counts, and for a tip without reports its older commits.
    await until(() => /Failed 3 stale · /.test(rows()[3].textContent ?? ''), 'a stale row in view');
    expect(rows()[0].querySelector('[data-column="branch"]')?.textContent).toBe('main');
    expect(rows()[0].querySelector('[data-column="high"]')?.textContent).toBe('1');
    // Out of view, a tip without reports waits (its older commits unread), said so under the count.
    const apart = Number(/\((\d+)\)/.exec(container.querySelector('[data-testid="overview-without-reports"] h3')?.textContent ?? '')![1]);
    expect(apart).toBeGreaterThan(0);
    expect(apart).toBeLessThan(60);
    expect(container.querySelector('[data-testid="overview-grid"]')?.getAttribute('aria-rowcount')).toBe(String(300 - apart + 1));
    expect(container.querySelector('[data-testid="overview-pending"]')?.textContent).toMatch(/^\d+ repositories have no report on their tip/);
    expect(container.querySelector('[data-testid="overview-status"]')?.textContent).toBe('All 300 repositories loaded');
    expect(fake.peak()).toBeLessThanOrEqual(6);
    unmount();
  });

  it('sort, filter and column changes go through the URL state; a cell opens its repository and commit', async () => {
    const repos = manyRepos(40);
    const fake = createFakeInstance(repos, 1);
    const changes: ViewerState[] = [];
    mount(container, { scope: 'overview' }, { client: fake.client, onChange: (s) => changes.push(s) });
    await until(() => loaded() === '40', 'rows');
    container.querySelector<HTMLButtonElement>('[data-testid="overview-sort-failing"]')!.click();
    expect(last(changes)?.overviewSort).toEqual({ column: 'failing', descending: false });
    container.querySelector<HTMLButtonElement>('[data-testid="overview-sort-failing"]')!.click();
    expect(last(changes)?.overviewSort).toEqual({ column: 'failing', descending: true });
    expect(container.querySelector('[data-column="failing"][role="columnheader"]')?.getAttribute('aria-sort')).toBe('descending');
    // Failing first: repositories 0, 10, 20, 30 have a failing lint on the tip, 3, 8, 13… a stale failing one.
    expect(rows()[0].textContent).toContain('repo-0000');

    const result = container.querySelector<HTMLSelectElement>('[data-testid="overview-result"]')!;
    result.value = 'FAIL';
    result.dispatchEvent(new Event('change'));
    expect(last(changes)?.result).toBe('FAIL');
    await until(() => container.querySelector('[data-testid="overview-count"]')?.textContent === 'Showing 12 of 40 repositories', 'the failing rows');

    const hide = container.querySelector<HTMLInputElement>('[data-testid="overview-columns"] input[data-column="security"]')!;
    hide.checked = false;
    hide.dispatchEvent(new Event('change'));
    expect(last(changes)?.hide).toEqual(['security']);
    expect(container.querySelector('[data-testid="overview-grid"] [role="columnheader"][data-column="report:security"]')).toBeNull();

    // The hash of this state round-trips.
    const state = last(changes)!;
    expect(viewerHash(parseViewerHash(viewerHash(state)))).toBe(viewerHash(state));
    expect(viewerHash(state)).toBe('#yourcompany-insights?scope=overview&result=FAIL&hide=security&sort=-failing');

    const cell = rows()[0].querySelector<HTMLElement>('[data-column="report:lint"]')!;
    cell.click();
    const opened = last(changes)!;
    expect(opened.scope).toBeUndefined();
    expect(opened.repo).toEqual({ projectKey: 'P0', repositorySlug: 'repo-0000' });
    expect(opened.commit).toBe(repos[0].branches.main[0].id);
    expect(opened.report).toEqual(['lint']);
    expect(container.querySelector('[data-testid="overview"]')).toBeNull();
  });

  it('keyboard: arrows move the active cell (aria-activedescendant names it), Enter opens it', async () => {
    const fake = createFakeInstance(manyRepos(20), 1);
    const changes: ViewerState[] = [];
    mount(container, { scope: 'overview' }, { client: fake.client, onChange: (s) => changes.push(s) });
    await until(() => loaded() === '20', 'rows');
    const grid = container.querySelector<HTMLElement>('[data-testid="overview-grid"]')!;
    grid.focus();
    const key = (k: string) => grid.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    key('ArrowDown');
    for (let i = 0; i < 9; i++) key('ArrowRight');
    const active = document.getElementById(grid.getAttribute('aria-activedescendant')!)!;
    expect(active.getAttribute('data-column')).toBe('report:lint');
    expect(active.closest('[role="row"]')?.getAttribute('data-index')).toBe('1');
    key('ArrowLeft');
    expect(document.getElementById(grid.getAttribute('aria-activedescendant')!)?.getAttribute('data-column')).toBe('data');
    key('ArrowRight');
    key('Enter');
    expect(last(changes)?.repo?.repositorySlug).toBe('repo-0001');
    expect(last(changes)?.report).toEqual(['lint']);
  });

  it('hostile repository and report names are text; CSV export neutralises formulas', async () => {
    const [repo] = manyRepos(1);
    repo.slug = '@SUM(1)';
    repo.name = HOSTILE;
    repo.reports[repo.branches.main[0].id] = [report('=HYPERLINK("http://evil")', 'FAIL', 1, HOSTILE)];
    const fake = createFakeInstance([repo], 1);
    const texts: string[] = [];
    const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL, Blob: globalThis.Blob };
    globalThis.Blob = class extends original.Blob {
      constructor(parts: BlobPart[], options?: BlobPropertyBag) {
        super(parts, options);
        texts.push(parts.map(String).join(''));
      }
    } as typeof Blob;
    URL.createObjectURL = () => 'blob:test';
    URL.revokeObjectURL = () => undefined;
    const clicks = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    try {
      mount(container, { scope: 'overview' }, { client: fake.client });
      await until(() => rows()[0]?.querySelector('[data-column="branch"]')?.textContent === 'main', 'row');
      expect(container.querySelector('img[src="x"]')).toBeNull();
      expect(rows()[0].textContent).toContain(HOSTILE);
      expect(container.querySelector('[data-testid="overview-grid"] [role="columnheader"]:last-child')?.textContent).toBe(HOSTILE);
      container.querySelector<HTMLButtonElement>('[data-testid="overview-export"]')!.click();
      await until(() => clicks.mock.calls.length === 1, 'the download');
      expect(texts).toHaveLength(1);
      const [header, record] = texts[0].replace(/^\uFEFF/, '').split('\r\n');
      expect(header).toContain(`"'=HYPERLINK(""http://evil"") result"`);
      expect(record.startsWith(`P0,'@SUM(1),main,reports,`)).toBe(true);
      expect(record).toContain(',FAIL,1,no');
      expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    } finally {
      await new Promise((r) => setTimeout(r, 5));
      clicks.mockRestore();
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
      globalThis.Blob = original.Blob;
    }
  });

  it('changing the scope cancels the running load; a list failure shows an error with Retry', async () => {
    const fake = createFakeInstance(manyRepos(200), 5);
    const unmount = mount(container, { scope: 'overview' }, { client: fake.client });
    await until(() => rows().length > 0, 'first rows');
    unmount();
    const calls = fake.calls.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(fake.calls.length).toBe(calls);
    expect(fake.inFlight()).toBe(0);

    // The list of the first visit is in the session cache: without a reset the broken client would not be asked.
    resetOverviewCache();
    const broken = createFakeInstance([]);
    (broken.client.core as { listRepositories: unknown }).listRepositories = () => ({ page: () => Promise.reject(new RestError('server', 500, 'GET', '/rest/api/latest/repos', [{ message: 'Server down' }])) });
    mount(container, { scope: 'overview' }, { client: broken.client });
    await until(() => Boolean(container.querySelector('[data-testid="overview-error"] .aui-message')), 'error');
    expect(container.querySelector('[data-testid="overview-error"] [data-testid="viewer-retry"]')).not.toBeNull();
    await until(() => container.querySelector('[data-testid="overview"]')?.hasAttribute('data-loading') === false, 'settled');
    expect(container.querySelector('[data-testid="overview-status"]')?.textContent).toBe('');
  });
});

describe('overview (jsdom): report filter', () => {
  it('a filtered report\'s column gets its title once known, and stale finds appear', async () => {
    const repos = manyRepos(12);
    repos[1].reports[repos[1].branches.main[1].id] = [report('security', 'FAIL', 4, 'Security')];
    const fake = createFakeInstance(repos, 1);
    mount(container, { scope: 'overview', report: ['security'] }, { client: fake.client });
    await until(() => container.querySelector('[data-testid="overview"]')?.hasAttribute('data-loading') === false, 'load');
    expect(container.querySelector('[data-testid="overview-grid"] [role="columnheader"][data-column="report:security"]')?.textContent).toBe('Security');
    const slugs = rows().map((r) => r.querySelector('[data-column="repository"]')?.textContent);
    expect(slugs).toEqual(['repo-0000', 'repo-0001', 'repo-0005', 'repo-0010']);
    expect(rows()[1].querySelector('[data-column="report:security"]')?.textContent).toMatch(/^Failed 4 stale · /);
  });
});

describe('overview (jsdom): cache and refresh', () => {
  it('a second mount reads each tip once and reuses the rest; Refresh reads again; one project still offers the others', async () => {
    const fake = createFakeInstance(manyRepos(16), 1);
    let unmount = mount(container, { scope: 'overview' }, { client: fake.client });
    await until(() => container.querySelector('[data-testid="overview"]')?.hasAttribute('data-loading') === false, 'first load');
    unmount();
    const afterFirst = fake.calls.length;
    unmount = mount(container, { scope: 'overview', project: 'P1' }, { client: fake.client });
    await until(() => loaded() === '4', 'cached rows');
    // P1's list is a new request (besides the repository picker's); its tips are read again, the rest comes from the cache.
    await until(() => container.querySelector('[data-testid="overview"]')?.hasAttribute('data-loading') === false, 'second load');
    expect(fake.calls.slice(afterFirst).filter((c) => c.method !== 'listRepositories').map((c) => c.method)).toEqual(Array(4).fill('listCommits'));
    expect(fake.calls.slice(afterFirst).map((c) => c.detail)).toContain('P1||0');
    const options = [...container.querySelectorAll<HTMLOptionElement>('[data-testid="overview-project"] option')].map((o) => o.value);
    expect(options).toEqual(['', 'P0', 'P1', 'P2', 'P3']);
    const beforeRefresh = fake.calls.length;
    container.querySelector<HTMLButtonElement>('[data-testid="overview-refresh"]')!.click();
    await until(() => container.querySelector('[data-testid="overview"]')?.hasAttribute('data-loading') === false && fake.calls.length > beforeRefresh, 'refresh');
    expect(fake.calls.slice(beforeRefresh).filter((c) => c.method === 'getDefaultBranch')).toHaveLength(4);
    unmount();
  });
});
