/**
 * Bitbucket's paged envelope `{values,size,limit,start,isLastPage,nextPageStart}` (rest-contracts.md §1.4)
 * as `Paged<T>`: one page, an async iterator, or everything up to a cap.
 *
 * Reading stops at the first of: `isLastPage`, a missing `nextPageStart`, a page that makes no progress
 * (`nextPageStart` not beyond the current `start`: a buggy server or proxy would otherwise loop us
 * forever), `max` items, MAX_ITEMS items, or MAX_PAGES requests (a server answering empty pages that
 * creep forward). Follow `nextPageStart`, never `start + size`: servers cap `limit` on their side.
 */
import type { CollectOptions, PageRequest, Paged } from './api';
import type { Page } from './types';

/**
 * Hard cap on items `items()`/`getAll()` will read, whatever `max` says. A PR view never needs more,
 * and it bounds memory and request count (100 requests at the default page size) on huge repositories.
 */
export const MAX_ITEMS = 10_000;
/** Page size `items()`/`getAll()` ask for unless told otherwise. */
export const DEFAULT_PAGE_SIZE = 100;
/** Bitbucket's default `page.max.*` limit; asking for more only earns a capped page. */
export const MAX_PAGE_SIZE = 1000;
/** Upper bound on requests per `items()`/`getAll()` (MAX_ITEMS at Bitbucket's default 25 a page is 400). */
export const MAX_PAGES = 500;

export type PageFetcher<T> = (request: PageRequest) => Promise<Page<T>>;

export function createPaged<T>(fetchPage: PageFetcher<T>): Paged<T> {
  return {
    page: (request = {}) => fetchPage(request),
    items: (options = {}) => ({ [Symbol.asyncIterator]: () => iterate(fetchPage, options) }),
    async getAll(options = {}) {
      const all: T[] = [];
      for await (const item of { [Symbol.asyncIterator]: () => iterate(fetchPage, options) }) all.push(item);
      return all;
    },
  };
}

async function* iterate<T>(fetchPage: PageFetcher<T>, options: CollectOptions): AsyncGenerator<T, void, undefined> {
  const max = Math.min(Math.max(0, Math.floor(options.max ?? MAX_ITEMS)), MAX_ITEMS);
  const limit = Math.min(Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
  let start = 0;
  let count = 0;
  for (let pages = 0; pages < MAX_PAGES && count < max; pages++) {
    const page = await fetchPage({ start, limit, signal: options.signal, fresh: options.fresh });
    for (const value of page.values) {
      if (count >= max) return;
      count += 1;
      yield value;
    }
    const next = page.nextPageStart;
    if (page.isLastPage || typeof next !== 'number' || !(next > start)) return;
    start = next;
  }
}
