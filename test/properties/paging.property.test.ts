/**
 * Paging properties of the REST client: `getAll()`/`items()` over a fake `fetch` that plays a
 * Bitbucket server (honest, or lying about `nextPageStart`/`isLastPage`), read through a real
 * `createBitbucketClient()` method.
 */
import fc from 'fast-check';
import type { Paged } from '../../frontend/rest/api';
import { createBitbucketClient } from '../../frontend/rest/client';
import type { FetchLike } from '../../frontend/rest/http';
import { MAX_ITEMS, MAX_PAGES, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../../frontend/rest/paging';
import type { Branch, Page } from '../../frontend/rest/types';

interface PageRequestSeen {
  start: number;
  limit: number;
}

/** Decides what a server answers for `(start, limit)`; items are the integers 0..n-1. */
type Server = (start: number, limit: number) => Page<number>;

function honestServer(total: number, serverCap: number): Server {
  return (start, limit) => {
    const size = Math.max(0, Math.min(limit, serverCap, total - start));
    const values = Array.from({ length: size }, (_, i) => start + i);
    const isLastPage = start + size >= total;
    return { values, size, limit: Math.min(limit, serverCap), start, isLastPage, ...(isLastPage ? {} : { nextPageStart: start + size }) };
  };
}

function fakeFetch(server: Server, seen: PageRequestSeen[]): FetchLike {
  return async (input) => {
    const url = new URL(input, 'http://127.0.0.1');
    const start = Number(url.searchParams.get('start') ?? '0');
    const limit = Number(url.searchParams.get('limit') ?? '25');
    seen.push({ start, limit });
    const page = server(start, limit);
    // Item n travels as the branch entry `refs/heads/b<n>` (the client reads every entry as a branch).
    const body = { ...page, values: page.values.map((n) => ({ id: `refs/heads/b${n}`, displayId: `b${n}`, type: 'BRANCH', latestCommit: 'a'.repeat(40), isDefault: false })) };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
}

const itemOf = (branch: Branch): number => Number(branch.displayId.slice(1));

/** A `Paged<number>` over the fake server, through a real client method (`listBranches`, entries mapped back to n). */
function pagedOver(server: Server, seen: PageRequestSeen[]): Paged<number> {
  const client = createBitbucketClient({ contextPath: '', fetch: fakeFetch(server, seen), cacheTtlMs: 0 });
  const branches = client.core.listBranches({ projectKey: 'P', repositorySlug: 'r' });
  return {
    page: async (request) => {
      const page = await branches.page(request);
      return { ...page, values: page.values.map(itemOf) };
    },
    getAll: async (options) => (await branches.getAll(options)).map(itemOf),
    items: (options) => ({
      async *[Symbol.asyncIterator]() {
        for await (const branch of branches.items(options)) yield itemOf(branch);
      },
    }),
  };
}

/**
 * Options drawn together with what the documented rule says they mean (paging.ts, rest-contracts.md §1.4), one
 * class of input per rule, so no expectation is computed by re-running the clamping under test:
 * `pageSize` absent → DEFAULT_PAGE_SIZE; within 1..MAX_PAGE_SIZE → itself; above → MAX_PAGE_SIZE; a fraction → its
 * whole part; below 1 → 1. `max` absent → MAX_ITEMS; within range → itself; negative → 0; above → MAX_ITEMS.
 */
const pageSizeCase: fc.Arbitrary<{ pageSize: number | undefined; asks: number }> = fc.oneof(
  fc.constant({ pageSize: undefined, asks: DEFAULT_PAGE_SIZE }),
  fc.integer({ min: 1, max: MAX_PAGE_SIZE }).map((n) => ({ pageSize: n, asks: n })),
  fc.integer({ min: MAX_PAGE_SIZE + 1, max: 5 * MAX_PAGE_SIZE }).map((n) => ({ pageSize: n, asks: MAX_PAGE_SIZE })),
  fc.integer({ min: 1, max: 999 }).map((n) => ({ pageSize: n + 0.75, asks: n })),
  fc.integer({ min: -5, max: 0 }).map((n) => ({ pageSize: n, asks: 1 })),
);
const maxCase: fc.Arbitrary<{ max: number | undefined; cap: number }> = fc.oneof(
  fc.constant({ max: undefined, cap: MAX_ITEMS }),
  fc.integer({ min: 0, max: 4000 }).map((n) => ({ max: n, cap: n })),
  fc.integer({ min: -5, max: -1 }).map((n) => ({ max: n, cap: 0 })),
  fc.integer({ min: MAX_ITEMS + 1, max: 10 * MAX_ITEMS }).map((n) => ({ max: n, cap: MAX_ITEMS })),
);

describe('paging over a fake fetch', () => {
  it('an honest server: getAll yields exactly the first min(total, max, MAX_ITEMS) items, in order, in the fewest requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 1000 }),
        pageSizeCase,
        maxCase,
        async (total, serverCap, { pageSize, asks }, { max, cap }) => {
          const seen: PageRequestSeen[] = [];
          const items = await pagedOver(honestServer(total, serverCap), seen).getAll({ pageSize, max });
          expect(seen[0]).toEqual(cap > 0 ? { start: 0, limit: asks } : undefined); // max 0: nothing to ask for
          // The server answers at most its own cap per page, whatever was asked.
          const perPage = Math.min(asks, serverCap);
          // MAX_PAGES is a documented cap too: a server capping pages very small ends the read early.
          const expected = Math.min(total, cap, MAX_PAGES * perPage);
          expect(items).toEqual(Array.from({ length: expected }, (_, i) => i));
          // One extra request at most: the page that reveals the end (or the page cut short by `max`).
          expect(seen.length).toBeLessThanOrEqual(Math.max(1, Math.ceil(expected / perPage) + 1));
          expect(seen.every((r) => r.limit <= MAX_PAGE_SIZE)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('items() is lazy: leaving the loop early stops requesting pages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 5, max: 200 }), fc.integer({ min: 1, max: 2000 }), async (total, pageSize, take) => {
        const seen: PageRequestSeen[] = [];
        const taken: number[] = [];
        for await (const item of pagedOver(honestServer(total, 1000), seen).items({ pageSize })) {
          taken.push(item);
          if (taken.length >= take) break;
        }
        const expected = Math.min(total, take);
        expect(taken).toEqual(Array.from({ length: expected }, (_, i) => i));
        expect(seen.length).toBe(Math.ceil(expected / pageSize));
      }),
      { numRuns: 100 },
    );
  });

  it('a lying server (no progress, going backwards, never last): stops, never re-requests a start, stays under every cap', async () => {
    const lyingPage = fc.record({
      size: fc.integer({ min: 0, max: 60 }),
      isLastPage: fc.boolean(),
      next: fc.oneof(fc.constant<number | undefined>(undefined), fc.integer({ min: -10, max: 10 }), fc.integer({ min: 0, max: 50_000 })),
      relative: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(lyingPage, { minLength: 1, maxLength: 30 }), maxCase, async (script, { max, cap }) => {
        let call = 0;
        const served: number[] = [];
        const server: Server = (start) => {
          // Replays the script, then keeps creeping forward forever with never-last pages.
          const step = script[call] ?? { size: 1, isLastPage: false, next: start + 1, relative: false };
          call += 1;
          const next = step.next === undefined ? undefined : step.relative ? start + step.next : step.next;
          const values = Array.from({ length: step.size }, (_, i) => start * 1000 + i);
          served.push(...values);
          return { values, size: step.size, limit: 25, start, isLastPage: step.isLastPage, ...(next === undefined ? {} : { nextPageStart: next }) };
        };
        const seen: PageRequestSeen[] = [];
        const items = await pagedOver(server, seen).getAll({ max, pageSize: 25 });
        expect(seen.length).toBeLessThanOrEqual(MAX_PAGES);
        expect(items.length).toBeLessThanOrEqual(cap);
        const starts = seen.map((r) => r.start);
        for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThan(starts[i - 1]);
        // What was yielded is exactly the served pages' values, in server order, cut at the cap.
        expect(items).toEqual(served.slice(0, cap));
      }),
      { numRuns: 200 },
    );
  });

  it('a server that never ends is cut off at MAX_ITEMS items within MAX_PAGES requests', async () => {
    const seen: PageRequestSeen[] = [];
    const endless: Server = (start, limit) => ({
      values: Array.from({ length: limit }, (_, i) => start + i),
      size: limit,
      limit,
      start,
      isLastPage: false,
      nextPageStart: start + limit,
    });
    const items = await pagedOver(endless, seen).getAll({ max: Number.MAX_SAFE_INTEGER, pageSize: MAX_PAGE_SIZE });
    expect(items).toHaveLength(MAX_ITEMS);
    expect(items[MAX_ITEMS - 1]).toBe(MAX_ITEMS - 1);
    expect(seen.length).toBe(MAX_ITEMS / MAX_PAGE_SIZE);
  });
});
