import { IDBFactory } from 'fake-indexeddb';
import { IndexedDbRowStore, MemoryRowStore, OverviewCache } from '../../../frontend/viewer/overview/cache';
import type { CachedRow, RowStore } from '../../../frontend/viewer/overview/cache';
import type { RepoFacts } from '../../../frontend/viewer/overview/model';

const facts = (at: number, tipId = 'a'.repeat(40)): RepoFacts => ({ status: 'none', tipId, cells: [], olderChecked: 3, loadedAt: at });
const row = (key: string, at: number, bytes = 100): CachedRow => ({ key, tip: 'a'.repeat(40), savedAt: at, bytes, facts: facts(at) });
const loose = { entries: 1e9, bytes: 1e12, expiredBefore: 0 };

describe.each([
  ['IndexedDB', () => new IndexedDbRowStore(new IDBFactory(), 'test-db')],
  ['memory', () => new MemoryRowStore()],
] as [string, () => RowStore][])('%s row store', (_name, make) => {
  it('keeps, replaces, removes and clears rows', async () => {
    const store = make();
    await store.put([row('a', 1), row('b', 2)], loose);
    await store.put([{ ...row('a', 3), tip: 'moved' }], loose);
    expect((await store.get(['a', 'b', 'c'])).map((r) => r?.tip)).toEqual(['moved', 'a'.repeat(40), undefined]);
    await store.remove(['a']);
    expect((await store.get(['a', 'b'])).map((r) => r?.key)).toEqual([undefined, 'b']);
    await store.clear();
    expect(await store.get(['b'])).toEqual([undefined]);
  });

  it('drops the oldest beyond the entry or byte bound, and expired ones', async () => {
    const store = make();
    await store.put([row('a', 1), row('b', 2), row('c', 3)], { ...loose, entries: 2 });
    expect((await store.get(['a', 'b', 'c'])).map((r) => r?.key)).toEqual([undefined, 'b', 'c']);
    await store.put([row('d', 4, 250)], { ...loose, bytes: 400 });
    expect((await store.get(['b', 'c', 'd'])).map((r) => r?.key)).toEqual([undefined, 'c', 'd']);
    await store.put([row('e', 5)], { ...loose, expiredBefore: 4 });
    expect((await store.get(['c', 'd', 'e'])).map((r) => r?.key)).toEqual([undefined, 'd', 'e']);
  });
});

describe('OverviewCache', () => {
  it('one IndexedDB database per user: another user opens another and sees nothing', async () => {
    const factory = new IDBFactory();
    const alice = new OverviewCache(new IndexedDbRowStore(factory, 'overview|http://bb/bitbucket|alice'), { now: () => 10 });
    alice.save('k', 'a'.repeat(40), facts(10));
    await alice.flush();
    expect((await alice.lookup(['k']))[0]?.facts.loadedAt).toBe(10);
    const bob = new OverviewCache(new IndexedDbRowStore(factory, 'overview|http://bb/bitbucket|bob'), { now: () => 10 });
    expect(await bob.lookup(['k'])).toEqual([undefined]);
  });

  it('falls back to memory for the session when IndexedDB fails (private mode, quota)', async () => {
    const broken = { open: () => { throw new DOMException('denied', 'SecurityError'); } } as unknown as IDBFactory;
    const cache = new OverviewCache(new IndexedDbRowStore(broken, 'x'), { now: () => 10 });
    expect(cache.persistent).toBe(true);
    expect(await cache.lookup(['k'])).toEqual([undefined]);
    expect(cache.persistent).toBe(false);
    cache.save('k', 'a'.repeat(40), facts(10));
    await cache.flush();
    expect((await cache.lookup(['k']))[0]?.tip).toBe('a'.repeat(40));
  });

  it('error rows are not kept', async () => {
    const cache = new OverviewCache(undefined, { now: () => 10 });
    cache.save('k', '', { status: 'error', error: 'server', cells: [], olderChecked: 0, loadedAt: 10 });
    await cache.flush();
    expect(await cache.lookup(['k'])).toEqual([undefined]);
  });
});
