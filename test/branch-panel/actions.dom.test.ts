/** @jest-environment jsdom */
import { actionAvailability, mount, mountCreateBranch, mountDeleteSourceBranch } from '../../frontend/branch-panel';
import { resetFakeHost } from '../fake-host/state';
import { renderInto } from '../support/dom';
import { HEAD, HOSTILE, NEWER, branch, context, fakeBranchClient, flush, pullRequest, restError } from './fake-client';

const ALICE = { id: 1, name: 'alice', slug: 'alice', displayName: 'Alice' };
const REPO = { projectKey: 'SOUR', repositorySlug: 'vegeta' };
let container: HTMLElement;

beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket', currentUser: ALICE });
  container = renderInto();
});

const q = <T extends Element = HTMLElement>(selector: string): T | null => document.querySelector<T>(selector);
const flags = (): string[] => [...document.querySelectorAll('#aui-flag-container .aui-flag')].map((f) => `${f.className.match(/aui-message-(\w+)/)?.[1]}: ${f.textContent}`);

async function openDelete(fake: ReturnType<typeof fakeBranchClient>): Promise<void> {
  mount(container, context({ state: 'MERGED' }), { client: fake.client });
  await flush();
  (q('[data-testid="yc-branch-delete"]') as HTMLButtonElement).click();
  await flush(20);
}

describe('delete source branch', () => {
  it('dry-runs with endPoint = merged head and checks open PRs before asking', async () => {
    const fake = fakeBranchClient();
    await openDelete(fake);
    expect(fake.callsTo('deleteBranch')).toEqual([[REPO, { name: 'refs/heads/feature/login', dryRun: true, endPoint: HEAD }]]);
    expect(fake.callsTo('listPullRequests.page')[0].slice(0, 2)).toEqual([REPO, { state: 'OPEN', at: 'refs/heads/feature/login', direction: 'OUTGOING' }]);
    const dialog = q('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain('Delete branch feature/login?');
    expect(dialog.textContent).toContain('a1b2c3d4e5a');
    expect(document.activeElement?.textContent).toBe('Cancel'); // the safe choice has focus
  });

  it('traps Tab inside the confirmation and cancels on Escape without deleting', async () => {
    const fake = fakeBranchClient();
    await openDelete(fake);
    const tab = (): void => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }));
    tab();
    expect(document.activeElement?.textContent).toBe('Delete branch');
    tab();
    expect(document.activeElement?.textContent).toBe('Cancel'); // wraps: focus never leaves the confirmation
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(q('[role="alertdialog"]')).toBeNull();
    expect(fake.callsTo('deleteBranch')).toHaveLength(1); // only the dry run
    expect(fake.server.branches.some((b) => b.displayId === 'feature/login')).toBe(true);
    expect(document.activeElement?.getAttribute('data-testid')).toBe('yc-branch-delete');
  });

  it('deletes after confirmation with the endPoint guard, announces success in place and reflects the new state', async () => {
    const fake = fakeBranchClient();
    await openDelete(fake);
    (q('[data-testid="yc-branch-delete-confirm-confirm"]') as HTMLButtonElement).click();
    await flush(20);
    expect(fake.callsTo('deleteBranch')[1]).toEqual([REPO, { name: 'refs/heads/feature/login', endPoint: HEAD }]);
    expect(flags()).toEqual([]);
    expect(q('[data-position]')?.getAttribute('data-position')).toBe('deleted');
    expect(q('[data-testid="yc-branch-delete"]')).toBeNull();
    expect(q('.yc-branch-flow .aui-message-success')?.textContent).toContain('Branch feature/login deleted');
    expect(q('[data-testid="yc-branch-status"]')?.textContent).toBe('Branch feature/login deleted');
  });

  it('refuses when the branch moved past the merged head (never loses newer commits)', async () => {
    const fake = fakeBranchClient();
    mount(container, context({ state: 'MERGED' }), { client: fake.client });
    await flush();
    fake.server.branches = [branch('feature/login', NEWER)]; // someone pushed after the merge
    (q('[data-testid="yc-branch-delete"]') as HTMLButtonElement).click();
    await flush(20);
    expect(q('[role="alertdialog"]')).toBeNull();
    expect(q('.aui-message-warning')?.textContent).toContain('now points at ccccccccccc, not at a1b2c3d4e5a');
    expect(fake.callsTo('deleteBranch').every(([, request]) => (request as { dryRun?: boolean }).dryRun)).toBe(true);
  });

  it('refuses the default branch', async () => {
    const fake = fakeBranchClient({ branches: [branch('feature/login', HEAD, { isDefault: true })] });
    await openDelete(fake);
    expect(q('.aui-message-warning')?.textContent).toContain('feature/login is the default branch');
    expect(q('[role="alertdialog"]')).toBeNull();
  });

  it('refuses while other open PRs start from the branch, linking them as text', async () => {
    const other = pullRequest({ id: 9, title: HOSTILE[0] });
    const fake = fakeBranchClient({ openPullRequests: [other] });
    await openDelete(fake);
    const warning = q('.aui-message-warning')!;
    expect(warning.textContent).toContain('An open pull request starts from feature/login');
    expect(warning.querySelector('a')?.getAttribute('href')).toBe('/bitbucket/projects/SOUR/repos/vegeta/pull-requests/9/overview');
    expect(warning.querySelector('a')?.textContent).toBe(`#9 ${HOSTILE[0]}`);
    expect(warning.querySelector('img')).toBeNull();
  });

  it('refuses when the dry run fails, showing Bitbucket\u2019s reason', async () => {
    const fake = fakeBranchClient({ dryRun: restError('bad-request', 400, 'The branch has changed since endPoint.') });
    await openDelete(fake);
    expect(q('.aui-message-warning')?.textContent).toContain('The branch has changed since endPoint.');
    expect(q('[role="alertdialog"]')).toBeNull();
  });

  it('fails closed when the open-PR check fails', async () => {
    const fake = fakeBranchClient({ openPullRequests: restError('timeout') });
    await openDelete(fake);
    expect(q('.aui-message-warning')?.textContent).toContain('could not be checked');
    expect(q('[role="alertdialog"]')).toBeNull();
  });

  it('explains a failed delete (401) and keeps the branch and the button', async () => {
    const fake = fakeBranchClient({ deleteResult: restError('unauthorized', 401) });
    await openDelete(fake);
    (q('[data-testid="yc-branch-delete-confirm-confirm"]') as HTMLButtonElement).click();
    await flush(20);
    expect(q('.aui-message-error [data-error-kind="unauthorized"]')).not.toBeNull();
    expect(q('[data-testid="yc-branch-delete"]')?.hasAttribute('disabled')).toBe(false);
    expect(flags()).toEqual([]);
  });

  it('reports an already-deleted branch instead of deleting', async () => {
    const fake = fakeBranchClient();
    mount(container, context({ state: 'MERGED' }), { client: fake.client });
    await flush();
    fake.server.branches = [];
    (q('[data-testid="yc-branch-delete"]') as HTMLButtonElement).click();
    await flush(20);
    expect(q('.aui-message-info')?.textContent).toContain('feature/login no longer exists');
    expect(q('[data-position]')?.getAttribute('data-position')).toBe('deleted');
  });

  it('the modal flow (action menu) runs the checks at once and reports the outcome', async () => {
    const fake = fakeBranchClient();
    const outcomes: string[] = [];
    mountDeleteSourceBranch(container, context({ state: 'MERGED' }), { client: fake.client }, { onDone: (o) => outcomes.push(o) });
    await flush(20);
    (q('[data-testid="yc-branch-delete-confirm-confirm"]') as HTMLButtonElement).click();
    await flush(20);
    expect(outcomes).toEqual(['deleted']);
  });

  it('the modal flow refuses an open PR without asking anything', async () => {
    const fake = fakeBranchClient();
    mountDeleteSourceBranch(container, context(), { client: fake.client });
    await flush();
    expect(q('.aui-message-warning')?.textContent).toContain('Only the source branch of a merged pull request');
    expect(fake.server.calls).toHaveLength(0);
  });

  it('asks for write permission when the user wants to delete, and refuses a reader without deleting', async () => {
    const fake = fakeBranchClient({ permissions: { read: true, write: false, admin: false } });
    const outcomes: string[] = [];
    mountDeleteSourceBranch(container, context({ state: 'MERGED' }), { client: fake.client }, { onDone: (o) => outcomes.push(o) });
    await flush(20);
    expect(fake.callsTo('hasRepoPermission')).toEqual([[REPO, 'alice', 'REPO_WRITE']]);
    expect(q('.aui-message-warning')?.textContent).toContain('Deleting feature/login needs write permission on SOUR/vegeta');
    expect(q('[data-testid="yc-branch-delete-confirm-confirm"]')).toBeNull();
    expect(outcomes).toEqual(['refused']);
    // Only the dry run reached the delete resource: nothing was deleted.
    expect(fake.callsTo('deleteBranch').map(([, request]) => (request as { dryRun?: boolean }).dryRun)).toEqual([true]);
  });

  it('leaves the decision to the dry run when the permission probe fails', async () => {
    const fake = fakeBranchClient({ permissions: restError('server', 500) });
    mountDeleteSourceBranch(container, context({ state: 'MERGED' }), { client: fake.client });
    await flush(20);
    expect(q('[data-testid="yc-branch-delete-confirm-confirm"]')).not.toBeNull();
  });

  it('unmounting mid-check aborts the checks and never deletes', async () => {
    const fake = fakeBranchClient({ hold: true });
    const unmount = mountDeleteSourceBranch(container, context({ state: 'MERGED' }), { client: fake.client });
    await flush();
    expect(fake.server.pending()).toBe(4); // lookup, dry run, open PRs, write permission
    unmount();
    expect(fake.server.pending()).toBe(0);
    await flush();
    expect(fake.callsTo('deleteBranch')).toHaveLength(1);
  });
});

describe('create branch from the PR', () => {
  async function openCreate(fake: ReturnType<typeof fakeBranchClient>): Promise<HTMLInputElement> {
    mount(container, context(), { client: fake.client });
    await flush();
    (q('[data-testid="yc-branch-create"]') as HTMLButtonElement).click();
    return q<HTMLInputElement>('[data-testid="yc-branch-create-name"]')!;
  }
  const submit = (): void => {
    (q('form.yc-branch-create-form') as HTMLFormElement).dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
  };
  const type = (input: HTMLInputElement, value: string): void => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };

  it('prefills the FEATURE prefix, offers the enabled types and focuses the name', async () => {
    const input = await openCreate(fakeBranchClient());
    expect(input.value).toBe('feature/');
    expect(document.activeElement).toBe(input);
    const options = [...document.querySelectorAll('[data-testid="yc-branch-create-type"] option')].map((o) => o.textContent);
    expect(options).toEqual(['Bugfix (bugfix/)', 'Feature (feature/)', 'Hotfix (hotfix/)', 'Release (release/)', 'No prefix']);
    expect(q('.yc-branch-create-form .description')?.textContent).toContain('a1b2c3d4e5a');
  });

  it('swaps the prefix when another type is picked', async () => {
    const input = await openCreate(fakeBranchClient());
    type(input, 'feature/login-v2');
    const select = q<HTMLSelectElement>('[data-testid="yc-branch-create-type"]')!;
    select.value = '0';
    select.dispatchEvent(new Event('change'));
    expect(input.value).toBe('bugfix/login-v2');
  });

  it('validates git ref rules as you type and on submit, without any request', async () => {
    const fake = fakeBranchClient();
    const input = await openCreate(fake);
    type(input, 'feature/a..b');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(q('.yc-branch-create-form .error')?.textContent).toBe('Branch names cannot contain \u201c..\u201d.');
    type(input, 'feature/x.lock');
    expect(q('.yc-branch-create-form .error')?.textContent).toContain('.lock');
    type(input, 'feature/');
    submit();
    await flush();
    expect(q('.yc-branch-create-form .error')?.textContent).toContain('end with \u201c/\u201d');
    expect(fake.callsTo('createBranch')).toHaveLength(0);
    type(input, 'feature/ok');
    expect(input.hasAttribute('aria-invalid')).toBe(false);
  });

  it('refuses a name that already exists', async () => {
    const fake = fakeBranchClient();
    const input = await openCreate(fake);
    type(input, 'master');
    submit();
    await flush(20);
    expect(q('.yc-branch-create-form .error')?.textContent).toBe('A branch with this name already exists.');
    expect(fake.callsTo('createBranch')).toHaveLength(0);
  });

  it('creates at the PR head, announces success in place and links to the new branch', async () => {
    const fake = fakeBranchClient();
    const input = await openCreate(fake);
    type(input, 'feature/login-v2');
    submit();
    await flush(20);
    expect(fake.callsTo('createBranch')).toEqual([[REPO, { name: 'feature/login-v2', startPoint: HEAD }]]);
    expect(flags()).toEqual([]);
    expect(q('.aui-message-success')?.textContent).toContain('Branch feature/login-v2 created');
    const link = q<HTMLAnchorElement>('[data-testid="yc-branch-create-link"]')!;
    expect(link.getAttribute('href')).toBe('/bitbucket/projects/SOUR/repos/vegeta/browse?at=refs%2Fheads%2Ffeature%2Flogin-v2');
    expect(document.activeElement?.classList.contains('aui-message-success')).toBe(true);
  });

  it('ignores double submits while the request is in flight', async () => {
    const fake = fakeBranchClient();
    const input = await openCreate(fake);
    type(input, 'feature/once');
    fake.server.hold = true;
    submit();
    submit();
    await flush();
    expect(fake.callsTo('listBranches.page').filter(([, f]) => (f as { filterText: string }).filterText === 'feature/once')).toHaveLength(1);
    expect(q('[data-testid="yc-branch-create-submit"]')?.hasAttribute('disabled')).toBe(true);
    fake.server.hold = false;
    fake.server.release();
    await flush(20);
    expect(fake.callsTo('createBranch')).toHaveLength(1);
  });

  it('shows the server\u2019s reason when creation fails and lets the user retry', async () => {
    const fake = fakeBranchClient({ createResult: restError('conflict', 409, 'Branch feature/x overlaps an existing branch') });
    const input = await openCreate(fake);
    type(input, 'feature/x');
    submit();
    await flush(20);
    expect(q('.yc-request-error .aui-message')?.textContent).toContain('overlaps an existing branch');
    expect(q('[data-testid="yc-branch-create-submit"]')?.hasAttribute('disabled')).toBe(false);
    expect(flags()).toEqual([]);
  });

  it('renders a hostile typed name only as text', async () => {
    const fake = fakeBranchClient();
    const input = await openCreate(fake);
    type(input, `feature/${HOSTILE[0]}`);
    expect(document.querySelector('img')).toBeNull();
    expect(q('.yc-branch-create-form .error')?.textContent).toContain('cannot contain');
  });

  it('the modal explains a missing write permission instead of offering the form', async () => {
    const fake = fakeBranchClient({ permissions: { read: true, write: false, admin: false } });
    mountCreateBranch(container, context(), { client: fake.client });
    await flush();
    expect(fake.callsTo('hasRepoPermission')).toEqual([[REPO, 'alice', 'REPO_WRITE']]);
    expect(q('.aui-message-info')?.textContent).toContain('Creating branches in SOUR/vegeta needs write permission');
    expect(document.activeElement).toBe(q('.aui-message-info'));
    expect(q('[data-testid="yc-branch-create-name"]')).toBeNull();
    expect(fake.callsTo('createBranch')).toEqual([]);
  });

  it('the modal form works without the panel and uses the model prefixes', async () => {
    const fake = fakeBranchClient({ model: null });
    let cancelled = 0;
    mountCreateBranch(container, context(), { client: fake.client }, { onCancel: () => cancelled++ });
    await flush();
    expect(q<HTMLInputElement>('[data-testid="yc-branch-create-name"]')?.value).toBe('feature/');
    (container.querySelector('.aui-button-link') as HTMLButtonElement).click();
    expect(cancelled).toBe(1);
  });
});

describe('actionAvailability (PR action menu items)', () => {
  it('allows create and delete for writers on a merged PR with its branch', async () => {
    const fake = fakeBranchClient();
    await expect(actionAvailability(context({ state: 'MERGED' }), { client: fake.client })).resolves.toEqual({ canCreate: true, canDelete: true });
  });

  it('hides delete for open PRs and for deleted branches', async () => {
    await expect(actionAvailability(context(), { client: fakeBranchClient().client })).resolves.toEqual({ canCreate: true, canDelete: false });
    const gone = fakeBranchClient({ branches: [] });
    await expect(actionAvailability(context({ state: 'MERGED' }), { client: gone.client })).resolves.toEqual({ canCreate: true, canDelete: false });
  });

  it('asks no permission on page load: the actions ask when opened', async () => {
    const reader = fakeBranchClient({ permissions: { read: true, write: false, admin: false } });
    await expect(actionAvailability(context({ state: 'MERGED' }), { client: reader.client })).resolves.toEqual({ canCreate: true, canDelete: true });
    const open = fakeBranchClient();
    await expect(actionAvailability(context(), { client: open.client })).resolves.toEqual({ canCreate: true, canDelete: false });
    expect([...reader.callsTo('hasRepoPermission'), ...open.callsTo('hasRepoPermission')]).toEqual([]);
    // An open PR needs no request at all for its menu.
    expect(open.server.calls).toEqual([]);
  });

  it('hides delete when the branch lookup fails, and everything for anonymous users', async () => {
    await expect(actionAvailability(context({ state: 'MERGED' }), { client: fakeBranchClient({ listBranchesError: restError('unauthorized', 401) }).client })).resolves.toEqual({ canCreate: true, canDelete: false });
    resetFakeHost({ contextPath: '/bitbucket', currentUser: false });
    const fake = fakeBranchClient();
    await expect(actionAvailability(context({ state: 'MERGED' }), { client: fake.client })).resolves.toEqual({ canCreate: false, canDelete: false });
    expect(fake.server.calls).toHaveLength(0);
  });
});
