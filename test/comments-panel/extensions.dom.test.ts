/** @jest-environment jsdom */
/** The comments panel's CSE entries: the summary item and the reaction line under each comment. */
import type { BitbucketClient } from '../../frontend/rest/api';
import { resetFakeHost } from '../fake-host/state';
import { fakeExtensionApi, flushPromises, openSurface, provideLazyModules } from '../support/dom';
import { THUMBS, comment, commented, context, fakeCommentsClient, reaction, restError } from './fake-client';

const holder = globalThis as unknown as { __commentsFakeClient?: BitbucketClient };
jest.mock('yourcompany/rest', () => ({
  ...jest.requireActual('yourcompany/rest'),
  bitbucketClient: () => (globalThis as unknown as { __commentsFakeClient?: unknown }).__commentsFakeClient,
}));

import summaryComments from '../../frontend/extensions/summary-comments';
import likesLine from '../../frontend/extensions/comment-extra-likes';

beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket', currentUser: { id: 35, name: 'alice', slug: 'alice', displayName: 'Alice' } });
  provideLazyModules();
});

describe('summary-comments extension', () => {
  it('labels the top reaction count and opens the ranked list in a large modal', async () => {
    holder.__commentsFakeClient = fakeCommentsClient({ activities: [commented(1, comment(1, 'Great', [reaction(THUMBS, 'bob', 'dave')]))] }).client;
    const api = fakeExtensionApi();
    const attributes = summaryComments(api as never, context() as never);
    expect(attributes).toMatchObject({ type: 'modal', label: 'Top comment: \u2026' });
    await flushPromises();
    expect(api.updateAttributes).toHaveBeenCalledWith({ label: 'Top comment: 2 reactions' });
    const { modal, element } = openSurface(attributes);
    expect(modal.setTitle).toHaveBeenCalledWith('Most-liked comments');
    expect(modal.setWidth).toHaveBeenCalledWith('large');
    await flushPromises();
    expect(element.querySelectorAll('li.yc-comment')).toHaveLength(1);
    modal.unmount(element);
    expect(element.childNodes).toHaveLength(0);
  });

  it('says "unavailable" on failure and stays silent once cleaned up', async () => {
    holder.__commentsFakeClient = fakeCommentsClient({ activities: restError('forbidden', 403) }).client;
    const failing = fakeExtensionApi();
    summaryComments(failing as never, context() as never);
    await flushPromises();
    expect(failing.updateAttributes).toHaveBeenCalledWith({ label: 'Top comment: unavailable' });

    const fake = fakeCommentsClient({ hold: true });
    holder.__commentsFakeClient = fake.client;
    const cleaned = fakeExtensionApi();
    summaryComments(cleaned as never, context() as never);
    cleaned.cleanup();
    await flushPromises();
    expect(fake.server.pending()).toBe(0);
    expect(cleaned.updateAttributes).not.toHaveBeenCalled();
  });
});

describe('comment-extra-likes extension', () => {
  it('mounts the reaction line of the context comment and clears it on unmount', () => {
    const attributes = likesLine(fakeExtensionApi() as never, { comment: comment(1, 'x', [reaction(THUMBS, 'bob')]) } as never);
    const { modal: panel, element } = openSurface(attributes);
    expect(element.querySelector('[data-testid="yc-reaction-line"]')?.textContent).toContain('Bob');
    panel.unmount(element);
    expect(element.childNodes).toHaveLength(0);
  });
});
