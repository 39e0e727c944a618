/** @jest-environment jsdom */
/** Summary labels: live refresh with backoff while data can still change, nothing once final, reload after our own writes. */
import { LIVE_REFRESH, summaryModal } from '../../frontend/cse';
import { notifySummaryChanged, onSummaryChanged } from '../../frontend/pr-summary';
import { listenerCount } from '../fake-host/modules/bitbucket-util-events';
import { resetFakeHost } from '../fake-host/state';
import { fakeExtensionApi } from '../support/dom';

interface Answer {
  pending: boolean;
}

/** Drains the microtask queue (fake timers: no macrotask-based flushing). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function label(options: { answers: Answer[]; topic?: string }) {
  const api = fakeExtensionApi();
  const calls: boolean[] = [];
  let index = 0;
  const summarize = jest.fn((_signal: AbortSignal, fresh: boolean) => {
    calls.push(fresh);
    return Promise.resolve(options.answers[Math.min(index++, options.answers.length - 1)]);
  });
  summaryModal<Answer>(api, {
    loadingLabel: 'loading',
    unavailableLabel: 'unavailable',
    summarize,
    label: (answer) => (answer.pending ? 'pending' : 'final'),
    live: (answer) => answer.pending,
    reloadOn: options.topic ? onSummaryChanged(options.topic) : undefined,
    modal: { title: 't', mount: () => () => undefined },
  });
  return { api, calls, summarize };
}

let visibility: DocumentVisibilityState = 'visible';
beforeAll(() => Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility }));
beforeEach(() => {
  jest.useFakeTimers();
  visibility = 'visible';
  resetFakeHost({ contextPath: '/bitbucket' });
});
afterEach(() => jest.useRealTimers());

describe('summaryModal live refresh', () => {
  it('refreshes a label whose data can still change, backing off 15 s → 30 s → 60 s → 2 min, with fresh loads', async () => {
    const { api, calls } = label({ answers: [{ pending: true }] });
    await settle();
    expect(calls).toEqual([false]);
    const expectRefreshAfter = async (ms: number) => {
      const before = calls.length;
      await jest.advanceTimersByTimeAsync(ms - 1);
      expect(calls.length).toBe(before);
      await jest.advanceTimersByTimeAsync(1);
      await settle();
      expect(calls.length).toBe(before + 1);
    };
    await expectRefreshAfter(15_000);
    await expectRefreshAfter(30_000);
    await expectRefreshAfter(60_000);
    await expectRefreshAfter(120_000);
    await expectRefreshAfter(120_000); // capped at 2 min
    expect(calls.slice(1).every((fresh) => fresh)).toBe(true);
    expect(api.updateAttributes).toHaveBeenLastCalledWith({ label: 'pending' });
  });

  it('sends nothing at all once everything is final', async () => {
    const { calls } = label({ answers: [{ pending: false }] });
    await settle();
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls).toEqual([false]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops refreshing when the data became final', async () => {
    const { api, calls } = label({ answers: [{ pending: true }, { pending: false }] });
    await settle();
    await jest.advanceTimersByTimeAsync(15_000);
    await settle();
    expect(api.updateAttributes).toHaveBeenLastCalledWith({ label: 'final' });
    await jest.advanceTimersByTimeAsync(30 * 60_000);
    expect(calls).toHaveLength(2);
  });

  it('asks nothing while the tab is hidden and refreshes when it becomes visible again', async () => {
    const { calls } = label({ answers: [{ pending: true }] });
    await settle();
    visibility = 'hidden';
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls).toHaveLength(1);
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(calls).toHaveLength(2);
  });

  it('gives up after 30 minutes of live refreshing', async () => {
    const { calls } = label({ answers: [{ pending: true }] });
    await settle();
    await jest.advanceTimersByTimeAsync(LIVE_REFRESH.forMs + 5 * 60_000);
    const count = calls.length;
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThan(25);
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    expect(calls.length).toBe(count);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('the host cleaning the extension up ends timers and requests', async () => {
    const { api, calls } = label({ answers: [{ pending: true }] });
    await settle();
    api.cleanup();
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('summaryModal after our own writes', () => {
  it('reloads fresh on its topic only, and unsubscribes on cleanup', async () => {
    const before = listenerCount();
    const { api, calls } = label({ answers: [{ pending: false }], topic: 'comments' });
    await settle();
    notifySummaryChanged('branch');
    await settle();
    expect(calls).toEqual([false]);
    notifySummaryChanged('comments');
    await settle();
    expect(calls).toEqual([false, true]);
    api.cleanup();
    expect(listenerCount()).toBe(before);
    notifySummaryChanged('comments');
    await settle();
    expect(calls).toHaveLength(2);
  });

  it('a label function that throws ends as "unavailable", not "loading"', async () => {
    const api = fakeExtensionApi();
    summaryModal<number>(api, {
      loadingLabel: 'loading',
      unavailableLabel: 'unavailable',
      summarize: () => Promise.resolve(1),
      label: () => {
        throw new TypeError('bad summary');
      },
      modal: { title: 't', mount: () => () => undefined },
    });
    await settle();
    expect(api.updateAttributes).toHaveBeenCalledWith({ label: 'unavailable' });
  });
});
