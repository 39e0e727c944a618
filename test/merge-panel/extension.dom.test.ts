/** @jest-environment jsdom */
import type { BitbucketClient } from '../../frontend/rest/api';
import { resetFakeHost } from '../fake-host/state';
import { fakeExtensionApi, flushPromises, openSurface, provideLazyModules } from '../support/dom';
import { context, fakeClient, restError } from './fixtures';

const holder = globalThis as unknown as { __mergeFakeClient?: BitbucketClient };
jest.mock('yourcompany/rest', () => ({
  ...jest.requireActual('yourcompany/rest'),
  bitbucketClient: () => (globalThis as unknown as { __mergeFakeClient?: unknown }).__mergeFakeClient,
}));

import extension from '../../frontend/extensions/summary-merge';

beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket' });
  provideLazyModules();
});

describe('summary-merge extension', () => {
  it('returns a plain modal descriptor at once and updates the label when the status arrives', async () => {
    holder.__mergeFakeClient = fakeClient({ mergeStatus: { canMerge: false, conflicted: true, outcome: 'CONFLICTED', vetoes: [{ summaryMessage: 'a', detailedMessage: 'b' }] } }).client;
    const api = fakeExtensionApi();
    const attributes = extension(api as never, context() as never);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(attributes).toMatchObject({ type: 'modal', label: 'Merge: \u2026' });
    await flushPromises();
    expect(api.updateAttributes).toHaveBeenCalledWith({ label: 'Merge: 2 blockers' });
  });

  it('says "unavailable" on failure and never throws', async () => {
    holder.__mergeFakeClient = fakeClient({ mergeStatus: restError('unavailable', 404) }).client;
    const api = fakeExtensionApi();
    expect(() => extension(api as never, context() as never)).not.toThrow();
    await flushPromises();
    expect(api.updateAttributes).toHaveBeenCalledWith({ label: 'Merge: unavailable' });
  });

  it('aborts the request on cleanup and does not touch the label afterwards', async () => {
    const fake = fakeClient({ mergeStatus: 'hang' });
    holder.__mergeFakeClient = fake.client;
    const api = fakeExtensionApi();
    extension(api as never, context() as never);
    api.cleanup();
    await flushPromises();
    expect(fake.calls[0].signal?.aborted).toBe(true);
    expect(api.updateAttributes).not.toHaveBeenCalled();
  });

  it('mounts the panel into the modal and unmounts it on close', async () => {
    const fake = fakeClient({ mergeStatus: 'hang', tasks: 'hang', builds: 'hang' });
    holder.__mergeFakeClient = fake.client;
    const attributes = extension(fakeExtensionApi() as never, context() as never);
    const { modal, element } = openSurface(attributes);
    expect(modal.setTitle).toHaveBeenCalledWith('Merge readiness');
    expect(modal.setWidth).toHaveBeenCalledWith('large');
    await flushPromises(); // the panel's code loads through WRM when the modal opens
    expect(element.querySelector('.yc-merge')).not.toBeNull();
    modal.unmount(element);
    expect(element.childNodes).toHaveLength(0);
    const panelCalls = fake.calls.slice(1); // the first is the label's own request, which the panel reuses
    expect(panelCalls.map((c) => c.method).sort()).toEqual(['getBuildStatuses', 'listBlockerComments']);
    expect(panelCalls.every((c) => c.signal?.aborted)).toBe(true);
  });
});
