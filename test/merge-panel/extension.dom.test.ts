/** @jest-environment jsdom */
import type { BitbucketClient } from '../../frontend/rest/api';
import { resetFakeHost } from '../fake-host/state';
import { context, fakeClient, restError } from './fixtures';

const holder = globalThis as unknown as { __mergeFakeClient?: BitbucketClient };
jest.mock('yourcompany/rest', () => ({
  ...jest.requireActual('yourcompany/rest'),
  bitbucketClient: () => (globalThis as unknown as { __mergeFakeClient?: unknown }).__mergeFakeClient,
}));

import extension from '../../frontend/extensions/summary-merge';

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

interface FakeExtensionApi {
  updateAttributes: jest.Mock;
  onCleanup: jest.Mock;
  cleanup(): void;
}

function extensionApi(): FakeExtensionApi {
  const callbacks: (() => void)[] = [];
  const onCleanup = jest.fn((cb: () => void) => callbacks.push(cb));
  return { updateAttributes: jest.fn(), onCleanup, cleanup: () => callbacks.forEach((cb) => cb()) };
}

beforeEach(() => resetFakeHost({ contextPath: '/bitbucket' }));

describe('summary-merge extension', () => {
  it('returns a plain modal descriptor at once and updates the label when the status arrives', async () => {
    holder.__mergeFakeClient = fakeClient({ mergeStatus: { canMerge: false, conflicted: true, outcome: 'CONFLICTED', vetoes: [{ summaryMessage: 'a', detailedMessage: 'b' }] } }).client;
    const api = extensionApi();
    const attributes = extension(api as never, context() as never);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(attributes).toMatchObject({ type: 'modal', label: 'Merge: \u2026' });
    await flush();
    expect(api.updateAttributes).toHaveBeenCalledWith({ label: 'Merge: 2 blockers' });
  });

  it('says "unavailable" on failure and never throws', async () => {
    holder.__mergeFakeClient = fakeClient({ mergeStatus: restError('unavailable', 404) }).client;
    const api = extensionApi();
    expect(() => extension(api as never, context() as never)).not.toThrow();
    await flush();
    expect(api.updateAttributes).toHaveBeenCalledWith({ label: 'Merge: unavailable' });
  });

  it('aborts the request on cleanup and does not touch the label afterwards', async () => {
    const fake = fakeClient({ mergeStatus: 'hang' });
    holder.__mergeFakeClient = fake.client;
    const api = extensionApi();
    extension(api as never, context() as never);
    api.cleanup();
    await flush();
    expect(fake.calls[0].signal?.aborted).toBe(true);
    expect(api.updateAttributes).not.toHaveBeenCalled();
  });

  it('mounts the panel into the modal and unmounts it on close', async () => {
    const fake = fakeClient({ mergeStatus: 'hang', tasks: 'hang', builds: 'hang' });
    holder.__mergeFakeClient = fake.client;
    const attributes = extension(extensionApi() as never, context() as never);
    let mountCb: (el: HTMLElement) => void = () => undefined;
    let unmountCb: (el: HTMLElement) => void = () => undefined;
    const modalApi = {
      setTitle: jest.fn(),
      setWidth: jest.fn(),
      onMount: jest.fn((cb) => (mountCb = cb)),
      onUnmount: jest.fn((cb) => (unmountCb = cb)),
    };
    (attributes.onAction as (api: unknown) => void)(modalApi);
    expect(modalApi.setTitle).toHaveBeenCalledWith('Merge readiness');
    expect(modalApi.setWidth).toHaveBeenCalledWith('large');
    const element = document.createElement('div');
    mountCb(element);
    expect(element.querySelector('.yc-merge')).not.toBeNull();
    unmountCb(element);
    expect(element.childNodes).toHaveLength(0);
    const panelCalls = fake.calls.slice(1); // the first is the label's own request
    expect(panelCalls).toHaveLength(3);
    expect(panelCalls.every((c) => c.signal?.aborted)).toBe(true);
  });
});
