/**
 * Building blocks for fake `BitbucketClient`s: stub only what a test's subject calls; every other method
 * fails loudly with "not stubbed" (a rejected promise, or a Paged whose every read rejects), so a panel
 * that starts calling something new cannot silently get `undefined`.
 */
import { RestError } from '../../frontend/rest/errors';
import type { BitbucketClient, CollectOptions, PageRequest, Paged } from '../../frontend/rest/api';
import type { Page } from '../../frontend/rest/types';

type Area = keyof BitbucketClient;
type Stubs = { [A in Area]?: Partial<BitbucketClient[A]> };

export class NotStubbedError extends Error {
  constructor(readonly method: string) {
    super(`fake client: ${method} is not stubbed`);
  }
}

/** What an unstubbed method returns: awaitable (rejects) and paged (every read rejects); nothing runs until used. */
function notStubbed(method: string): PromiseLike<never> & Paged<never> {
  const reject = (): Promise<never> => Promise.reject(new NotStubbedError(method));
  return {
    then: (onFulfilled, onRejected) => reject().then(onFulfilled, onRejected),
    page: reject,
    getAll: reject,
    items: () => ({
      [Symbol.asyncIterator]: () => ({ next: reject }),
    }),
  };
}

/** A client whose stubbed methods are the given ones; any other method call fails with `NotStubbedError`. */
export function fakeBitbucketClient(stubs: Stubs): BitbucketClient {
  const area = (name: Area): object =>
    new Proxy((stubs[name] ?? {}) as Record<string, unknown>, {
      get: (target, method) => (typeof method === 'string' && method in target ? target[method] : () => notStubbed(`${name}.${String(method)}`)),
    });
  return { core: area('core'), branches: area('branches'), likes: area('likes'), insights: area('insights'), builds: area('builds') } as BitbucketClient;
}

/** A Paged with only the given reads stubbed (e.g. `{ page }` for a subject that must page by itself). */
export function pagedStub<T>(method: string, reads: Partial<Paged<T>>): Paged<T> {
  const unstubbed = notStubbed(method);
  return { page: reads.page ?? unstubbed.page, items: reads.items ?? unstubbed.items, getAll: reads.getAll ?? unstubbed.getAll };
}

/** `items`/`getAll` over a `page` function, following `nextPageStart` like the real client. */
export function pagedFrom<T>(page: (request?: PageRequest) => Promise<Page<T>>): Paged<T> {
  async function* items(options: CollectOptions = {}): AsyncGenerator<T> {
    let start = 0;
    let count = 0;
    for (;;) {
      const current = await page({ start, limit: options.pageSize ?? 25, signal: options.signal, fresh: options.fresh });
      for (const value of current.values) {
        if (options.max !== undefined && count >= options.max) return;
        count++;
        yield value;
      }
      if (current.isLastPage || current.nextPageStart === undefined) return;
      start = current.nextPageStart;
    }
  }
  return {
    page,
    items: (options) => items(options),
    async getAll(options) {
      const out: T[] = [];
      for await (const value of items(options)) out.push(value);
      return out;
    },
  };
}

export const abortedError = (path = '/rest/test'): RestError => new RestError('aborted', 0, 'GET', path);

/** What a fake endpoint answers: a value, a RestError to reject with, or `'hang'` (until released or aborted). */
export type Answer<T> = T | RestError | 'hang';

export interface FakeCall {
  method: string;
  args: unknown[];
  signal?: AbortSignal;
}

export interface Answerer {
  calls: FakeCall[];
  /** Records the call and answers it; values are deep-cloned so no test is fooled by the subject mutating fixtures. */
  answer<T>(method: string, value: Answer<T> | undefined, fallback: T, signal: AbortSignal | undefined, args: unknown[]): Promise<T>;
  /** Resolves the latest `'hang'` answer of `method` with `value`. */
  release(method: string, value: unknown): void;
}

export function answerer(): Answerer {
  const calls: FakeCall[] = [];
  const hanging = new Map<string, (value: unknown) => void>();
  return {
    calls,
    answer<T>(method: string, value: Answer<T> | undefined, fallback: T, signal: AbortSignal | undefined, args: unknown[]): Promise<T> {
      calls.push({ method, args, signal });
      const chosen = value === undefined ? fallback : value;
      if (chosen === 'hang') {
        return new Promise<T>((resolve, reject) => {
          hanging.set(method, resolve as (v: unknown) => void);
          signal?.addEventListener('abort', () => reject(abortedError(method)));
        });
      }
      if (chosen instanceof RestError) return Promise.reject(chosen);
      return Promise.resolve(JSON.parse(JSON.stringify(chosen ?? null)) as T);
    },
    release: (method, value) => hanging.get(method)?.(value),
  };
}

/**
 * A server that can hold every answer (`hold = true`) until `release()`: for asserting what a surface shows
 * while requests are in flight, and that unmounting aborts them.
 */
export interface HeldServer {
  hold: boolean;
  calls: { method: string; args: unknown[] }[];
  release(): void;
  pending(): number;
}

/** The server part of a held fake, plus `respond`, which settles one call by the server's rules. */
export function heldServer<S extends HeldServer>(
  state: Omit<S, keyof HeldServer> & Partial<HeldServer>,
): { server: S; respond<T>(signal: AbortSignal | undefined, produce: () => T | RestError): Promise<T> } {
  let waiting: { go: () => void }[] = [];
  const server = {
    hold: false,
    calls: [],
    release() {
      const now = waiting;
      waiting = [];
      now.forEach((w) => w.go());
    },
    pending: () => waiting.length,
    ...state,
  } as unknown as S;
  function respond<T>(signal: AbortSignal | undefined, produce: () => T | RestError): Promise<T> {
    const settle = (): T => {
      if (signal?.aborted) throw abortedError();
      const result = produce();
      if (result instanceof RestError) throw result;
      return result;
    };
    if (signal?.aborted) return Promise.reject(abortedError());
    if (!server.hold) return Promise.resolve().then(settle);
    return new Promise<T>((resolve, reject) => {
      const entry = {
        go: () => {
          try {
            resolve(settle());
          } catch (e) {
            reject(e);
          }
        },
      };
      waiting.push(entry);
      signal?.addEventListener('abort', () => {
        waiting = waiting.filter((w) => w !== entry);
        reject(abortedError());
      });
    });
  }
  return { server, respond };
}

/** The recorded arguments of every call to `method`. */
export function callsTo(calls: readonly { method: string; args: unknown[] }[], method: string): unknown[][] {
  return calls.filter((c) => c.method === method).map((c) => c.args);
}
