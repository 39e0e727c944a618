/** @jest-environment jsdom */
import { mount, summarize } from '../../frontend/branch-panel';
import { resetFakeHost } from '../fake-host/state';
import { axeViolations, renderInModal, renderInto } from '../support/dom';
import { FAILURE_KINDS } from '../support/wire';
import { HEAD, HOSTILE, NEWER, branch, context, fakeBranchClient, flush, restError, withAheadBehind } from './fake-client';

const ALICE = { id: 1, name: 'alice', slug: 'alice', displayName: 'Alice' };
let container: HTMLElement;

beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket', currentUser: ALICE });
  container = renderInto();
});

const text = (selector: string): string => container.querySelector(selector)?.textContent ?? '';
const buttons = (): string[] => [...container.querySelectorAll('button')].map((b) => b.textContent ?? '');

describe('branch panel: loading and data', () => {
  it('shows a spinner and fires its four lookups in parallel', () => {
    const fake = fakeBranchClient({ hold: true });
    mount(container, context(), { client: fake.client });
    expect(container.querySelector('aui-spinner')).not.toBeNull();
    expect(container.querySelector('[role="status"]')).not.toBeNull();
    expect(fake.server.calls.map((c) => c.method).sort()).toEqual(['branchesContaining.page', 'getBranchModel', 'hasRepoPermission', 'listBranches.page']);
    const repo = { projectKey: 'SOUR', repositorySlug: 'vegeta' };
    expect(fake.callsTo('listBranches.page')[0].slice(0, 2)).toEqual([repo, { filterText: 'feature/login', details: true, base: 'refs/heads/master' }]);
    expect(fake.callsTo('hasRepoPermission')[0]).toEqual([repo, 'alice', 'REPO_WRITE']);
    expect(fake.callsTo('branchesContaining.page')[0].slice(0, 2)).toEqual([repo, HEAD]);
  });

  it('shows both branches with categories, position, ahead/behind and other branches containing the head', async () => {
    const fake = fakeBranchClient();
    mount(container, context(), { client: fake.client });
    await flush();
    const source = container.querySelector('[data-testid="yc-branch-source"]')!;
    expect(source.querySelector('code')?.textContent).toBe('feature/login');
    expect(source.querySelector('code')?.getAttribute('title')).toBe('feature/login');
    expect(source.querySelector('a')?.getAttribute('href')).toBe('/bitbucket/projects/SOUR/repos/vegeta/browse?at=refs%2Fheads%2Ffeature%2Flogin');
    expect(source.querySelector('[data-category]')?.textContent).toBe('Feature');
    expect(source.querySelector('[data-position]')?.getAttribute('data-position')).toBe('same');
    expect(text('.yc-branch-aheadbehind')).toBe('2 ahead, 4 behind master');
    expect(container.querySelector('[data-testid="yc-branch-target"] [data-category]')?.textContent).toBe('Development');
    const others = [...container.querySelectorAll('.yc-branch-list li')].map((li) => li.textContent);
    expect(others).toEqual(['release/1.0']); // the source branch itself is not "another" branch
    expect(buttons()).toEqual(['Create branch\u2026']); // open PR: no delete
  });

  it('agrees with the summary label data and reuses its lookup', async () => {
    const fake = fakeBranchClient();
    await expect(summarize(context(), { client: fake.client })).resolves.toEqual({ sourceName: 'feature/login', status: 'behind', behind: 4 });
    mount(container, context(), { client: fake.client });
    await flush();
    // The panel shows the label's answer: one lookup for both, no repeat.
    expect(fake.callsTo('listBranches.page')).toHaveLength(1);
    expect(container.querySelector('[data-testid="yc-branch-source"]')?.textContent).toContain('feature/login');
  });

  it('without a branch model shows no category and no error', async () => {
    const fake = fakeBranchClient({ model: null });
    mount(container, context(), { client: fake.client });
    await flush();
    expect(container.querySelector('[data-category]')).toBeNull();
    expect(container.querySelector('.aui-message')).toBeNull();
  });

  it('marks a deleted source branch and offers no delete', async () => {
    const fake = fakeBranchClient({ branches: [branch('master', 'b'.repeat(40), { isDefault: true })] });
    mount(container, context({ state: 'MERGED' }), { client: fake.client });
    await flush();
    expect(container.querySelector('[data-position]')?.getAttribute('data-position')).toBe('deleted');
    expect(text('[data-position]')).toBe('Deleted');
    expect(container.querySelector('[data-testid="yc-branch-source"] a')).toBeNull();
    expect(container.querySelector('[data-testid="yc-branch-delete"]')).toBeNull();
  });

  it('finds the exact branch among substring matches', async () => {
    const fake = fakeBranchClient({
      branches: [...Array.from({ length: 60 }, (_, i) => branch(`feature/login-${i}`, NEWER)), withAheadBehind(branch('feature/login'), 0, 1)],
    });
    mount(container, context(), { client: fake.client });
    await flush(30);
    expect(container.querySelector('[data-position]')?.getAttribute('data-position')).toBe('same');
    expect(text('.yc-branch-aheadbehind')).toBe('0 ahead, 1 behind master');
  });

  it('counts the new commits of a moved branch with since/until', async () => {
    const fake = fakeBranchClient({ branches: [withAheadBehind(branch('feature/login', NEWER), 5, 0)], newCommits: 3 });
    mount(container, context(), { client: fake.client });
    await flush(20);
    expect(fake.callsTo('listCommits.page')[0][1]).toEqual({ until: NEWER, since: HEAD });
    expect(text('[data-position]')).toContain('3 new commits not in this pull request (now at ccccccccccc)');
  });

  it('says "more than 100" when the new-commit count is capped', async () => {
    const fake = fakeBranchClient({ branches: [branch('feature/login', NEWER)], newCommits: 150 });
    mount(container, context(), { client: fake.client });
    await flush(20);
    expect(text('[data-position]')).toContain('More than 100 new commits');
  });
});

describe('branch panel: permissions', () => {
  it('shows no write actions to read-only users', async () => {
    const fake = fakeBranchClient({ permissions: { read: true, write: false, admin: false } });
    mount(container, context({ state: 'MERGED' }), { client: fake.client });
    await flush();
    expect(container.querySelector('.yc-branch-actions')).toBeNull();
  });

  it('asks nothing and shows no actions for anonymous users', async () => {
    resetFakeHost({ contextPath: '/bitbucket', currentUser: false });
    const fake = fakeBranchClient();
    mount(container, context({ state: 'MERGED' }), { client: fake.client });
    await flush();
    expect(fake.callsTo('hasRepoPermission')).toHaveLength(0);
    expect(container.querySelector('.yc-branch-actions')).toBeNull();
  });

  it('fails closed when the permission check fails', async () => {
    const fake = fakeBranchClient({ permissions: restError('server', 500) });
    mount(container, context({ state: 'MERGED' }), { client: fake.client });
    await flush();
    expect(container.querySelector('.yc-branch-actions')).toBeNull();
    expect(container.querySelector('[data-testid="yc-branch-source"] code')?.textContent).toBe('feature/login');
  });

  it('offers delete only for a merged PR whose branch still exists', async () => {
    const fake = fakeBranchClient();
    mount(container, context({ state: 'MERGED' }), { client: fake.client });
    await flush();
    expect(buttons()).toEqual(['Create branch\u2026', 'Delete source branch\u2026']);
  });
});

describe('branch panel: errors', () => {
  const kinds = FAILURE_KINDS;

  it.each(kinds)('explains a %s failure of the branch lookup and keeps the rest of the panel', async (kind, status) => {
    const fake = fakeBranchClient({ listBranchesError: restError(kind, status) });
    mount(container, context(), { client: fake.client });
    await flush();
    const message = container.querySelector('[data-testid="yc-branch-source"] .aui-message');
    expect(message?.getAttribute('data-error-kind')).toBe(kind);
    expect(message?.textContent?.length).toBeGreaterThan(10);
    expect(container.querySelector('[data-testid="yc-branch-target"] code')?.textContent).toBe('master');
    expect(container.querySelectorAll('.yc-branch-list li')).toHaveLength(1);
  });

  it('isolates a failing "branches containing" lookup (500 on timeout)', async () => {
    const fake = fakeBranchClient({ containing: restError('server', 500) });
    mount(container, context(), { client: fake.client });
    await flush();
    expect(container.querySelector('[data-testid="yc-branch-containing"] .aui-message')?.getAttribute('data-error-kind')).toBe('server');
    expect(container.querySelector('[data-position]')?.getAttribute('data-position')).toBe('same');
  });

  it('explains a context without a pull request instead of throwing', () => {
    expect(() => mount(container, { pullRequest: null }, { client: fakeBranchClient().client })).not.toThrow();
    expect(container.querySelector('.aui-message')?.textContent).toContain('Branch details unavailable');
  });
});

describe('branch panel: hostile and huge data', () => {
  it.each(HOSTILE)('renders the branch name %# as inert text', async (name) => {
    const fake = fakeBranchClient({ branches: [branch(name)], containing: [branch(`other/${name}`)] });
    mount(container, context({}, name), { client: fake.client });
    await flush();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[data-testid="yc-branch-source"] code')?.textContent).toBe(name);
    expect(container.querySelector('.yc-branch-list code')?.textContent).toBe(`other/${name}`);
    for (const a of container.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^\/bitbucket\//);
  });

  it('renders 20 of a huge "containing" list and reveals more on request', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => branch(`release/${i}`));
    const fake = fakeBranchClient({ containing: many });
    mount(container, context(), { client: fake.client });
    await flush(50);
    expect(container.querySelectorAll('.yc-branch-list li')).toHaveLength(20);
    expect(text('.yc-branch-containing .yc-note')).toBe('Showing the first 100 branches.');
    const more = container.querySelector('[data-testid="yc-branch-containing-more"]') as HTMLButtonElement;
    more.click();
    expect(container.querySelectorAll('.yc-branch-list li')).toHaveLength(40);
    expect(document.activeElement?.textContent).toBe('release/20');
    for (let i = 0; i < 5; i++) (container.querySelector('[data-testid="yc-branch-containing-more"]') as HTMLButtonElement | null)?.click();
    expect(container.querySelectorAll('.yc-branch-list li')).toHaveLength(100);
    expect(container.querySelector('[data-testid="yc-branch-containing-more"]')).toBeNull();
  });
});

describe('branch panel: lifecycle', () => {
  it('unmount aborts in-flight requests and empties the container', async () => {
    const fake = fakeBranchClient({ hold: true });
    const unmount = mount(container, context(), { client: fake.client });
    expect(fake.server.pending()).toBe(4);
    unmount();
    expect(fake.server.pending()).toBe(0);
    expect(container.childNodes).toHaveLength(0);
    fake.server.release();
    await flush();
    expect(container.childNodes).toHaveLength(0); // late answers do not resurrect the panel
  });

  it('mounting twice on one container replaces the first mount', async () => {
    const fake = fakeBranchClient({ hold: true });
    mount(container, context(), { client: fake.client });
    mount(container, context(), { client: fake.client });
    expect(fake.server.pending()).toBe(4);
    fake.server.hold = false;
    fake.server.release();
    await flush();
    expect(container.querySelectorAll('[data-testid="yc-branch-panel"]')).toHaveLength(1);
  });

  it('is axe-clean inside the host modal (heading levels included) with data, actions and the create form', async () => {
    const fake = fakeBranchClient();
    container = renderInModal('Branches of feature/login');
    mount(container, context({ state: 'MERGED' }), { client: fake.client });
    await flush();
    expect(await axeViolations()).toEqual([]);
    (container.querySelector('[data-testid="yc-branch-create"]') as HTMLButtonElement).click();
    await flush();
    expect(container.querySelector('.yc-branch-create-form')).not.toBeNull();
    expect(await axeViolations()).toEqual([]);
  });
});

