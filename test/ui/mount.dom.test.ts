/** @jest-environment jsdom */
import { mountRegistry } from '../../frontend/ui';

describe('mountRegistry', () => {
  it('unmounts the previous surface of a container before the next one claims it', () => {
    const claim = mountRegistry();
    const container = document.createElement('div');
    const firstTeardown = jest.fn();
    const first = claim(container, firstTeardown);
    container.append('first');
    const second = claim(container);
    expect(first.signal.aborted).toBe(true);
    expect(firstTeardown).toHaveBeenCalledTimes(1);
    expect(container.childNodes).toHaveLength(0);
    expect(second.signal.aborted).toBe(false);
    // The stale handle no longer owns the container: calling it again does nothing.
    container.append('second');
    first.unmount();
    expect(firstTeardown).toHaveBeenCalledTimes(1);
    expect(container.textContent).toBe('second');
    expect(second.signal.aborted).toBe(false);
  });

  it('unmounts once, and a later claim starts fresh', () => {
    const claim = mountRegistry();
    const container = document.createElement('div');
    const teardown = jest.fn();
    const handle = claim(container, teardown);
    container.append('content');
    handle.unmount();
    handle.unmount();
    expect(teardown).toHaveBeenCalledTimes(1);
    expect(handle.signal.aborted).toBe(true);
    expect(container.childNodes).toHaveLength(0);
    expect(claim(container).signal.aborted).toBe(false);
  });

  it('keeps registries apart', () => {
    const container = document.createElement('div');
    const a = mountRegistry()(container);
    mountRegistry()(container);
    expect(a.signal.aborted).toBe(false);
  });
});
