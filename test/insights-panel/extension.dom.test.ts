/** @jest-environment jsdom */
import type { BitbucketClient } from '../../frontend/rest/api';
import { resetFakeHost } from '../fake-host/state';
import { fakeExtensionApi, flushPromises, openSurface, provideLazyModules } from '../support/dom';
import { context, fakeClient, HEAD, restError, standardClient } from './fixtures';

const holder = globalThis as unknown as { __insightsFakeClient?: BitbucketClient };
jest.mock('yourcompany/rest', () => ({
  ...jest.requireActual('yourcompany/rest'),
  bitbucketClient: () => (globalThis as unknown as { __insightsFakeClient?: unknown }).__insightsFakeClient,
}));

import summaryExtension from '../../frontend/extensions/summary-insights';
import fileExtension from '../../frontend/extensions/diff-toolbar-file-insights';

beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket' });
  provideLazyModules();
});

describe('summary-insights extension', () => {
  it('starts with a loading label, then shows the comparison', async () => {
    holder.__insightsFakeClient = standardClient().client;
    const api = fakeExtensionApi();
    const attributes = summaryExtension(api as never, context() as never);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(attributes).toMatchObject({ type: 'modal', label: 'Insights: \u2026' });
    await flushPromises();
    expect(api.updateAttributes).toHaveBeenCalledWith({ label: 'Insights: 1 new \u00b7 1 fixed' });
  });

  it('says "unavailable" when the insights module is off', async () => {
    holder.__insightsFakeClient = fakeClient({ commits: { [HEAD]: { reports: restError('unavailable', 404) } } }).client;
    const api = fakeExtensionApi();
    summaryExtension(api as never, context() as never);
    await flushPromises();
    expect(api.updateAttributes).toHaveBeenCalledWith({ label: 'Insights: unavailable' });
  });

  it('cleanup aborts the label requests', async () => {
    const fake = fakeClient({ mergeBase: 'hang', commits: { [HEAD]: { reports: 'hang', annotations: 'hang' } } });
    holder.__insightsFakeClient = fake.client;
    const api = fakeExtensionApi();
    summaryExtension(api as never, context() as never);
    api.cleanup();
    await flushPromises();
    expect(fake.calls.every((c) => c.signal?.aborted)).toBe(true);
    expect(api.updateAttributes).not.toHaveBeenCalled();
  });

  it('opens the panel in a large modal and unmounts it', async () => {
    holder.__insightsFakeClient = standardClient().client;
    const attributes = summaryExtension(fakeExtensionApi() as never, context() as never);
    const { modal, element } = openSurface(attributes);
    expect(modal.setTitle).toHaveBeenCalledWith('Code Insights');
    expect(modal.setWidth).toHaveBeenCalledWith('large');
    await flushPromises();
    expect(element.querySelectorAll('.yc-insights-report')).toHaveLength(2);
    modal.unmount(element);
    expect(element.childNodes).toHaveLength(0);
  });
});

describe('diff-toolbar-file-insights extension', () => {
  it('is hidden without a file path and makes no request at render time', () => {
    const fake = fakeClient();
    holder.__insightsFakeClient = fake.client;
    expect(fileExtension(fakeExtensionApi() as never, context() as never)).toMatchObject({ type: 'modal', hidden: true, label: 'Insights for this file' });
    expect(fileExtension(fakeExtensionApi() as never, { ...context(), change: { path: 'src/a.ts' } } as never)).toMatchObject({ hidden: false });
    expect(fake.calls).toEqual([]);
  });

  it('mounts the file list when opened', async () => {
    holder.__insightsFakeClient = standardClient().client;
    const attributes = fileExtension(fakeExtensionApi() as never, { ...context(), change: { path: 'src/c.ts' } } as never);
    const { modal, element } = openSurface(attributes);
    await flushPromises();
    expect(element.querySelector('.yc-insights-headline')?.textContent).toBe('1 finding in src/c.ts on the latest commit.');
    modal.unmount(element);
    expect(element.childNodes).toHaveLength(0);
  });
});
