import type { PageRequest } from '../../frontend/rest/api';
import { RestError } from '../../frontend/rest/errors';
import { MAX_ITEMS, MAX_PAGES, createPaged } from '../../frontend/rest/paging';
import { ShapeError, normalizePage } from '../../frontend/rest/normalize';
import type { Page } from '../../frontend/rest/types';

/** A server of `total` numbered items that honours start/limit. */
function server(total: number, cap = 1000) {
  const requests: PageRequest[] = [];
  const fetchPage = async (request: PageRequest): Promise<Page<number>> => {
    requests.push(request);
    const start = request.start ?? 0;
    const limit = Math.min(request.limit ?? 25, cap);
    const values = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => start + i);
    const isLastPage = start + values.length >= total;
    return { values, size: values.length, limit, start, isLastPage, ...(isLastPage ? {} : { nextPageStart: start + values.length }) };
  };
  return { fetchPage, requests };
}

describe('Paged', () => {
  it('getAll follows nextPageStart to the last page', async () => {
    const { fetchPage, requests } = server(250);
    const all = await createPaged(fetchPage).getAll({ pageSize: 100 });
    expect(all).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(requests.map((r) => [r.start, r.limit])).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
    ]);
  });

  it('follows the server-capped page size, not the requested one', async () => {
    const { fetchPage, requests } = server(60, 25);
    expect(await createPaged(fetchPage).getAll({ pageSize: 1000 })).toHaveLength(60);
    expect(requests.map((r) => r.start)).toEqual([0, 25, 50]);
  });

  it('stops at max and clamps max to MAX_ITEMS', async () => {
    const small = server(500);
    expect(await createPaged(small.fetchPage).getAll({ max: 150, pageSize: 100 })).toHaveLength(150);
    expect(small.requests).toHaveLength(2);
    const huge = server(50_000);
    const all = await createPaged(huge.fetchPage).getAll({ max: 1_000_000, pageSize: 1000 });
    expect(all).toHaveLength(MAX_ITEMS);
    expect(huge.requests).toHaveLength(MAX_ITEMS / 1000);
    expect(await createPaged(server(10).fetchPage).getAll({ max: 0 })).toEqual([]);
  });

  it('stops on a page that makes no progress', async () => {
    let calls = 0;
    const stuck = createPaged<number>(async (r) => {
      calls += 1;
      return { values: [calls], size: 1, limit: 1, start: r.start ?? 0, isLastPage: false, nextPageStart: r.start ?? 0 };
    });
    expect(await stuck.getAll()).toEqual([1]);
    expect(calls).toBe(1);
    calls = 0;
    const backwards = createPaged<number>(async (r) => ({ values: [r.start ?? 0], size: 1, limit: 1, start: r.start ?? 0, isLastPage: false, nextPageStart: (r.start ?? 0) === 0 ? 10 : 3 }));
    expect(await backwards.getAll()).toEqual([0, 10]);
  });

  it('stops when isLastPage is false but nextPageStart is missing or null', async () => {
    const paged = createPaged<number>(async () => ({ values: [1], size: 1, limit: 1, start: 0, isLastPage: false, nextPageStart: null as unknown as number }));
    expect(await paged.getAll()).toEqual([1]);
  });

  it('bounds empty pages that creep forward by MAX_PAGES', async () => {
    let calls = 0;
    const creeping = createPaged<number>(async (r) => {
      calls += 1;
      return { values: [], size: 0, limit: 25, start: r.start ?? 0, isLastPage: false, nextPageStart: (r.start ?? 0) + 1 };
    });
    expect(await creeping.getAll()).toEqual([]);
    expect(calls).toBe(MAX_PAGES);
  });

  it('items() is lazy: breaking out stops fetching', async () => {
    const { fetchPage, requests } = server(1000);
    const seen: number[] = [];
    for await (const n of createPaged(fetchPage).items({ pageSize: 10 })) {
      seen.push(n);
      if (n === 14) break;
    }
    expect(seen).toHaveLength(15);
    expect(requests).toHaveLength(2);
  });

  it('page() passes start/limit through and returns the envelope', async () => {
    const { fetchPage } = server(30);
    const page = await createPaged(fetchPage).page({ start: 25, limit: 10 });
    expect(page).toEqual({ values: [25, 26, 27, 28, 29], size: 5, limit: 10, start: 25, isLastPage: true });
  });

  it('a failing page rejects getAll', async () => {
    const paged = createPaged<number>(async () => {
      throw new RestError('server', 500, 'GET', '/x');
    });
    await expect(paged.getAll()).rejects.toMatchObject({ kind: 'server' });
  });

  it('normalizePage refuses bodies that are not pages and reads the envelope variants real servers send', () => {
    const same = (value: unknown) => value;
    expect(() => normalizePage({ values: 'x', isLastPage: true }, same)).toThrow(ShapeError);
    expect(() => normalizePage(null, same)).toThrow(ShapeError);
    expect(() => normalizePage({ isLastPage: true }, same)).toThrow(ShapeError);
    // `nextPageStart: null` on the last page (violation-lib `pull-request-changes.json`).
    expect(normalizePage({ values: [], isLastPage: true, nextPageStart: null }, same)).toEqual({ values: [], size: 0, limit: 0, start: 0, isLastPage: true });
    // No `isLastPage`: last unless a usable `nextPageStart` says otherwise.
    expect(normalizePage({ values: [1] }, same).isLastPage).toBe(true);
    expect(normalizePage({ values: [1], start: 0, nextPageStart: 1 }, same)).toMatchObject({ isLastPage: false, nextPageStart: 1 });
    // `isLastPage:false` without a number to go on: nothing to follow (paging then stops, see below).
    expect(normalizePage({ values: [], isLastPage: false, nextPageStart: '5' }, same)).toMatchObject({ isLastPage: false });
    expect(normalizePage({ values: [], isLastPage: false, nextPageStart: '5' }, same).nextPageStart).toBeUndefined();
  });

  it('stops after one request when a page says isLastPage:false but gives no nextPageStart', async () => {
    let requests = 0;
    const paged = createPaged<number>(async () => {
      requests += 1;
      return normalizePage({ values: [1, 2], size: 2, limit: 2, start: 0, isLastPage: false }, (v) => v as number);
    });
    await expect(paged.getAll()).resolves.toEqual([1, 2]);
    expect(requests).toBe(1);
  });
});

describe('freshness', () => {
  it('passes `fresh` through to every page a collection reads', async () => {
    const seen: (boolean | undefined)[] = [];
    const paged = createPaged<number>(async (request) => {
      seen.push(request.fresh);
      const start = request.start ?? 0;
      return { values: [start], size: 1, limit: 1, start, isLastPage: start >= 1, nextPageStart: start + 1 };
    });
    await paged.getAll({ fresh: true });
    expect(seen).toEqual([true, true]);
  });
});
