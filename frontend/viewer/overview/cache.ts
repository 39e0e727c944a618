/**
 * The overview's row cache: one record per repository and branch scope, valid for the tip commit it was read at
 * (`tip`) and for CACHE_MAX_AGE_MS. It survives the browser session in IndexedDB, one database per Bitbucket base
 * URL and user (so nothing is ever shown to another user), bounded in entries and bytes (oldest dropped first,
 * expired ones too); where IndexedDB is unavailable (private mode, quota, an old browser) it falls back to memory
 * for the page session. Never a source of repositories: the list is read fresh on every open.
 */
import type { RepoFacts } from './model';

/** How long a row read at an unchanged tip is reused (a report published later on that tip shows after this, or after Refresh). */
export const CACHE_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const CACHE_MAX_ENTRIES = 100_000;
export const CACHE_MAX_BYTES = 48 * 1024 * 1024;

export interface CachedRow {
  key: string;
  /** The tip the facts were read at ('' for a branch without commits). */
  tip: string;
  savedAt: number;
  /** Size estimate (JSON length), for the byte bound. */
  bytes: number;
  facts: RepoFacts;
}

export interface CacheBounds {
  entries: number;
  bytes: number;
  /** Records saved before this (ms epoch) are dropped. */
  expiredBefore: number;
}

/** Where rows are kept: IndexedDB in the browser, memory in unit tests and as the fallback. */
export interface RowStore {
  get(keys: readonly string[]): Promise<(CachedRow | undefined)[]>;
  /** Writes the rows, then drops expired and oldest records until within the bounds. */
  put(rows: readonly CachedRow[], bounds: CacheBounds): Promise<void>;
  remove(keys: readonly string[]): Promise<void>;
  clear(): Promise<void>;
}

export class MemoryRowStore implements RowStore {
  private readonly rows = new Map<string, CachedRow>();
  private bytes = 0;

  async get(keys: readonly string[]): Promise<(CachedRow | undefined)[]> {
    return keys.map((key) => this.rows.get(key));
  }

  async put(rows: readonly CachedRow[], bounds: CacheBounds): Promise<void> {
    for (const row of rows) {
      this.drop(row.key);
      this.rows.set(row.key, row);
      this.bytes += row.bytes;
    }
    const within = () => this.rows.size <= bounds.entries && this.bytes <= bounds.bytes;
    for (const row of [...this.rows.values()].sort((a, b) => a.savedAt - b.savedAt)) {
      if (within() && row.savedAt >= bounds.expiredBefore) break;
      this.drop(row.key);
    }
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.drop(key);
  }

  async clear(): Promise<void> {
    this.rows.clear();
    this.bytes = 0;
  }

  private drop(key: string): void {
    const old = this.rows.get(key);
    if (!old) return;
    this.bytes -= old.bytes;
    this.rows.delete(key);
  }
}

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * IndexedDB: `rows` (keyPath `key`, index `savedAt`) and `meta` (the running totals). Each write is one
 * transaction (callbacks only: a transaction would commit under an `await`).
 */
export class IndexedDbRowStore implements RowStore {
  private db: Promise<IDBDatabase> | undefined;

  constructor(
    private readonly factory: IDBFactory,
    readonly name: string,
  ) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = this.factory.open(this.name, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('rows', { keyPath: 'key' }).createIndex('savedAt', 'savedAt');
        request.result.createObjectStore('meta');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('blocked'));
    });
    return this.db;
  }

  private async transact(mode: IDBTransactionMode, body: (tx: IDBTransaction) => void): Promise<void> {
    const tx = (await this.open()).transaction(['rows', 'meta'], mode);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('aborted'));
      body(tx);
    });
  }

  async get(keys: readonly string[]): Promise<(CachedRow | undefined)[]> {
    const store = (await this.open()).transaction('rows', 'readonly').objectStore('rows');
    return Promise.all(keys.map((key) => settle(store.get(key) as IDBRequest<CachedRow | undefined>)));
  }

  put(rows: readonly CachedRow[], bounds: CacheBounds): Promise<void> {
    return this.transact('readwrite', (tx) => {
      const store = tx.objectStore('rows');
      const meta = tx.objectStore('meta');
      let count = 0;
      let bytes = 0;
      const saveTotals = () => meta.put({ count, bytes }, 'totals');
      const evict = () => {
        const cursor = store.index('savedAt').openCursor();
        cursor.onsuccess = () => {
          const at = cursor.result;
          const value = at?.value as CachedRow | undefined;
          if (!at || !value || (count <= bounds.entries && bytes <= bounds.bytes && value.savedAt >= bounds.expiredBefore)) return void saveTotals();
          count--;
          bytes -= value.bytes;
          at.delete();
          at.continue();
        };
      };
      const totals = meta.get('totals');
      totals.onsuccess = () => {
        const saved = totals.result as { count?: number; bytes?: number } | undefined;
        count = saved?.count ?? 0;
        bytes = saved?.bytes ?? 0;
        let waiting = rows.length;
        if (!waiting) return evict();
        for (const row of rows) {
          const old = store.get(row.key);
          old.onsuccess = () => {
            const previous = old.result as CachedRow | undefined;
            if (previous) {
              count--;
              bytes -= previous.bytes;
            }
            store.put(row);
            count++;
            bytes += row.bytes;
            if (--waiting === 0) evict();
          };
        }
      };
    });
  }

  remove(keys: readonly string[]): Promise<void> {
    return this.transact('readwrite', (tx) => {
      const store = tx.objectStore('rows');
      const meta = tx.objectStore('meta');
      const totals = meta.get('totals');
      totals.onsuccess = () => {
        const saved = (totals.result as { count: number; bytes: number } | undefined) ?? { count: 0, bytes: 0 };
        let waiting = keys.length;
        for (const key of keys) {
          const old = store.get(key);
          old.onsuccess = () => {
            const previous = old.result as CachedRow | undefined;
            if (previous) {
              saved.count--;
              saved.bytes -= previous.bytes;
              store.delete(key);
            }
            if (--waiting === 0) meta.put(saved, 'totals');
          };
        }
      };
    });
  }

  clear(): Promise<void> {
    return this.transact('readwrite', (tx) => {
      tx.objectStore('rows').clear();
      tx.objectStore('meta').clear();
    });
  }
}

/** Writes are batched: one transaction per this many milliseconds at most. */
const FLUSH_DELAY_MS = 1000;

export interface CacheOptions {
  now?: () => number;
  maxAgeMs?: number;
  maxEntries?: number;
  maxBytes?: number;
}

export class OverviewCache {
  private pending = new Map<string, CachedRow>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** The clock rows are dated by (the loader reads it too, so the age bound and the rows agree). */
  readonly now: () => number;
  readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  /** Projects seen in this page session (key → name), so a project's view still offers the others. */
  readonly projects = new Map<string, string>();

  constructor(
    private store: RowStore = new MemoryRowStore(),
    options: CacheOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? CACHE_MAX_AGE_MS;
    this.maxEntries = options.maxEntries ?? CACHE_MAX_ENTRIES;
    this.maxBytes = options.maxBytes ?? CACHE_MAX_BYTES;
  }

  /** Whether rows are kept beyond the page session. */
  get persistent(): boolean {
    return !(this.store instanceof MemoryRowStore);
  }

  static key(projectKey: string, slug: string, branch: string | undefined): string {
    return `${branch ?? ''}\n${projectKey}/${slug}`;
  }

  /** The rows of `keys` that are younger than the age bound (undefined elsewhere). */
  async lookup(keys: readonly string[]): Promise<(CachedRow | undefined)[]> {
    let rows: (CachedRow | undefined)[];
    try {
      rows = await this.store.get(keys);
    } catch {
      this.fallBack();
      rows = await this.store.get(keys);
    }
    const oldest = this.now() - this.maxAgeMs;
    return rows.map((row, i) => this.pending.get(keys[i]) ?? (row && row.savedAt >= oldest && row.facts ? row : undefined));
  }

  /** Keeps a row read at `tip` (errors are not kept: the next open asks again). */
  save(key: string, tip: string, facts: RepoFacts): void {
    if (facts.status === 'error') return;
    const bytes = JSON.stringify(facts).length + key.length;
    this.pending.set(key, { key, tip, savedAt: facts.loadedAt, bytes, facts });
    this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
  }

  /** Writes what is pending; a failing store (quota, a closed database) turns into the memory fallback. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const rows = [...this.pending.values()];
    this.pending = new Map();
    if (!rows.length) return this.writing;
    const bounds = { entries: this.maxEntries, bytes: this.maxBytes, expiredBefore: this.now() - this.maxAgeMs };
    this.writing = this.writing.then(async () => {
      try {
        await this.store.put(rows, bounds);
      } catch {
        this.fallBack();
        await this.store.put(rows, bounds);
      }
    });
    return this.writing;
  }

  /** Refresh: the next read of these rows asks Bitbucket. */
  async forget(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.pending.delete(key);
    await this.writing;
    try {
      await this.store.remove(keys);
    } catch {
      this.fallBack();
    }
  }

  /** The user's "Clear cache": everything this user has kept for this Bitbucket. */
  async clear(): Promise<void> {
    this.pending.clear();
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.writing;
    try {
      await this.store.clear();
    } catch {
      this.fallBack();
    }
  }

  private fallBack(): void {
    if (!(this.store instanceof MemoryRowStore)) this.store = new MemoryRowStore();
  }
}
