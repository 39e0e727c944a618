/** @jest-environment jsdom */
/** The branch panel's CSE entries: summary item, the two permission-gated menu items and "open in viewer". */
import type { BitbucketClient } from '../../frontend/rest/api';
import { parseViewerHash } from '../../frontend/insights-model';
import { resetFakeHost } from '../fake-host/state';
import { fakeExtensionApi, flushPromises, openSurface, provideLazyModules } from '../support/dom';
import { context, fakeBranchClient, restError } from './fake-client';

const holder = globalThis as unknown as { __branchFakeClient?: BitbucketClient };
jest.mock('yourcompany/rest', () => ({
  ...jest.requireActual('yourcompany/rest'),
  bitbucketClient: () => (globalThis as unknown as { __branchFakeClient?: unknown }).__branchFakeClient,
}));

import summaryBranch from '../../frontend/extensions/summary-branch';
import createBranch from '../../frontend/extensions/action-create-branch';
import deleteSourceBranch from '../../frontend/extensions/action-delete-source-branch';
import openViewer from '../../frontend/extensions/action-open-viewer';

const ALICE = { id: 1, name: 'alice', slug: 'alice', displayName: 'Alice' };

beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket', currentUser: ALICE });
  provideLazyModules();
  history.replaceState(null, '', '/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/overview');
});

describe('summary-branch extension', () => {
  it('starts loading with the full name as tooltip, then labels the status and opens the panel in a large modal', async () => {
    holder.__branchFakeClient = fakeBranchClient().client;
    const api = fakeExtensionApi();
    const attributes = summaryBranch(api as never, context() as never);
    expect(attributes).toMatchObject({ type: 'modal', label: 'Branch: \u2026', tooltip: 'feature/login' });
    await flushPromises();
    expect(api.updateAttributes).toHaveBeenCalledWith({ label: 'Branch: feature/login \u00b7 behind 4' });
    const { modal, element } = openSurface(attributes);
    expect(modal.setTitle).toHaveBeenCalledWith('Branches of feature/login');
    expect(modal.setWidth).toHaveBeenCalledWith('large');
    await flushPromises();
    expect(element.querySelector('[data-testid="yc-branch-source"]')).not.toBeNull();
    modal.unmount(element);
    expect(element.childNodes).toHaveLength(0);
  });

  it('says "unavailable" when the branch lookup fails, but not after the host cleaned up', async () => {
    holder.__branchFakeClient = fakeBranchClient({ listBranchesError: restError('server', 503) }).client;
    const failing = fakeExtensionApi();
    summaryBranch(failing as never, context() as never);
    await flushPromises();
    expect(failing.updateAttributes).toHaveBeenCalledWith({ label: 'Branch: unavailable' });

    const fake = fakeBranchClient({ hold: true });
    holder.__branchFakeClient = fake.client;
    const cleaned = fakeExtensionApi();
    summaryBranch(cleaned as never, context() as never);
    cleaned.cleanup();
    await flushPromises();
    expect(fake.server.pending()).toBe(0);
    expect(cleaned.updateAttributes).not.toHaveBeenCalled();
  });
});

describe('action-create-branch extension', () => {
  it('appears for a signed-in user without asking for permission; the modal asks', async () => {
    const reader = fakeBranchClient({ permissions: { read: true, write: false, admin: false } });
    holder.__branchFakeClient = reader.client;
    const readOnly = fakeExtensionApi();
    const readerAttributes = createBranch(readOnly as never, context() as never);
    expect(readerAttributes).toMatchObject({ hidden: true, label: 'Create branch from this pull request' });
    await flushPromises();
    expect(readOnly.updateAttributes).toHaveBeenCalledWith({ hidden: false });
    expect(reader.server.calls).toEqual([]);
    const opened = openSurface(readerAttributes);
    await flushPromises();
    expect(reader.callsTo('hasRepoPermission')).toHaveLength(1);
    expect(opened.element.querySelector('[data-testid="yc-branch-create-name"]')).toBeNull();
    expect(opened.element.textContent).toContain('needs write permission');
    opened.modal.unmount(opened.element);

    holder.__branchFakeClient = fakeBranchClient().client;
    const writer = fakeExtensionApi();
    const attributes = createBranch(writer as never, context() as never);
    await flushPromises();
    expect(writer.updateAttributes).toHaveBeenCalledWith({ hidden: false });
    const { modal, element } = openSurface(attributes);
    expect(modal.setTitle).toHaveBeenCalledWith('Create a branch from this pull request');
    expect(modal.setWidth).toHaveBeenCalledWith('medium');
    await flushPromises();
    expect(element.querySelector('[data-testid="yc-branch-create-flow"]')).not.toBeNull();
    modal.unmount(element);
    expect(element.childNodes).toHaveLength(0);
  });
});

describe('action-delete-source-branch extension', () => {
  it('asks nothing for an open PR and stays hidden', async () => {
    const fake = fakeBranchClient();
    holder.__branchFakeClient = fake.client;
    const api = fakeExtensionApi();
    expect(deleteSourceBranch(api as never, context() as never)).toMatchObject({ hidden: true, label: 'Delete source branch' });
    await flushPromises();
    expect(fake.server.calls).toEqual([]);
    expect(api.updateAttributes).not.toHaveBeenCalled();
  });

  it('appears for a merged PR whose branch exists and opens a danger modal that runs the dry run', async () => {
    const fake = fakeBranchClient();
    holder.__branchFakeClient = fake.client;
    const api = fakeExtensionApi();
    const attributes = deleteSourceBranch(api as never, context({ state: 'MERGED' }) as never);
    await flushPromises();
    expect(api.updateAttributes).toHaveBeenCalledWith({ hidden: false });
    const { modal, element } = openSurface(attributes);
    expect(modal.setTitle).toHaveBeenCalledWith('Delete branch feature/login');
    expect(modal.setWidth).toHaveBeenCalledWith('medium');
    expect(modal.setAppearance).toHaveBeenCalledWith('danger');
    await flushPromises();
    expect(fake.callsTo('deleteBranch')[0][1]).toMatchObject({ dryRun: true });
    modal.unmount(element);
    expect(element.childNodes).toHaveLength(0);
  });
});

describe('action-open-viewer extension', () => {
  it("sets the viewer's deep link for the PR's repository and id", async () => {
    const attributes = openViewer(fakeExtensionApi() as never, context() as never) as { hidden?: boolean; onAction(): void };
    expect(attributes.hidden).toBe(false);
    attributes.onAction();
    await flushPromises();
    expect(location.hash).toBe('#yourcompany-insights?repo=SOUR/vegeta&pr=7');
    expect(parseViewerHash(location.hash)).toMatchObject({ repo: { projectKey: 'SOUR', repositorySlug: 'vegeta' }, pr: 7 });
  });

  it('is hidden without a pull request in the context', () => {
    expect(openViewer(fakeExtensionApi() as never, {} as never)).toMatchObject({ hidden: true });
  });
});
