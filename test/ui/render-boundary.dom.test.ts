/** @jest-environment jsdom */
/** The one render-error boundary: a surface that throws while rendering ends in a message, never a spinner. */
import { failureDetail, lazySurface } from '../../frontend/ui';
import { mount as mountMerge } from '../../frontend/merge-panel';
import { resetFakeHost } from '../fake-host/state';
import { flushPromises } from '../support/dom';
import { canMerge, context, fakeClient } from '../merge-panel/fixtures';

beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket' });
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

/** A merge status whose `vetoes` throws when read: the panel's render code fails on it. */
function poisonedStatus(): object {
  return Object.defineProperty({ ...canMerge, canMerge: false, outcome: 'CLEAN' }, 'vetoes', {
    enumerable: true,
    get() {
      throw new TypeError('vetoes exploded');
    },
  });
}

describe('render-error boundary', () => {
  it('shows the failure with a short detail in the panel that threw; the panel next to it keeps working', async () => {
    const broken = document.createElement('div');
    const healthy = document.createElement('div');
    document.body.replaceChildren(broken, healthy);
    const poisoned = fakeClient({ tasks: 'hang', builds: 'hang' }).client;
    // Answered as is (the fake's JSON copy would read the getter too early).
    poisoned.core.getMergeStatus = () => Promise.resolve(poisonedStatus() as never);
    const unmountBroken = mountMerge(broken, context(), { client: poisoned });
    const unmountHealthy = mountMerge(healthy, context(), { client: fakeClient({ mergeStatus: canMerge, tasks: 'hang', builds: 'hang' }).client });
    await flushPromises();

    const message = broken.querySelector('[data-testid="yc-render-error"]');
    expect(message?.textContent).toContain('This part could not be shown');
    expect(message?.querySelector('.yc-error-detail')?.textContent).toBe('TypeError: vetoes exploded');
    expect(broken.querySelector('[aria-busy="true"], .yc-loading')).toBeNull();

    expect(healthy.querySelector('[data-testid="yc-render-error"]')).toBeNull();
    expect(healthy.querySelector('.yc-merge')).not.toBeNull();
    unmountBroken();
    unmountHealthy();
    expect(broken.childNodes).toHaveLength(0);
  });

  it('lazy surfaces: loading state first, then a throwing mount or a failed load shows the message', async () => {
    const element = document.createElement('div');
    lazySurface(() =>
      Promise.resolve(() => {
        throw new Error('mount failed');
      }),
    )(element);
    expect(element.getAttribute('aria-busy')).toBe('true');
    expect(element.querySelector('.yc-loading')).not.toBeNull();
    await flushPromises();
    expect(element.querySelector('.yc-error-detail')?.textContent).toBe('Error: mount failed');
    expect(element.hasAttribute('aria-busy')).toBe(false);

    const failedLoad = document.createElement('div');
    lazySurface(() => Promise.reject(new Error('Could not load wr!x')))(failedLoad);
    await flushPromises();
    expect(failedLoad.querySelector('[data-testid="yc-render-error"]')).not.toBeNull();
  });

  it('lazy surfaces: closing before the code arrived mounts nothing; closing after unmounts the surface', async () => {
    const mounted = jest.fn(() => jest.fn());
    const early = document.createElement('div');
    const closeEarly = lazySurface(() => Promise.resolve(mounted))(early);
    closeEarly();
    await flushPromises();
    expect(mounted).not.toHaveBeenCalled();
    expect(early.childNodes).toHaveLength(0);

    const teardown = jest.fn();
    const late = document.createElement('div');
    const closeLate = lazySurface(() => Promise.resolve(() => teardown))(late);
    await flushPromises();
    closeLate();
    expect(teardown).toHaveBeenCalledTimes(1);
  });

  it('keeps the detail to one short line', () => {
    expect(failureDetail(new RangeError(`bad\n${'x'.repeat(500)}`))).toMatch(/^RangeError: bad x+\u2026$/);
    expect(failureDetail(new RangeError('x'.repeat(500))).length).toBe(160);
    expect(failureDetail('plain string')).toBe('plain string');
  });
});
