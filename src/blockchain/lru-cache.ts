interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * An in-process LRU with a time-to-live per entry and single-flight loading: concurrent `getOrLoad` calls for
 * one key share one load, so a burst of score requests for a wallet costs the node one read.
 *
 * In-process on purpose: chain reads are cheap to repeat on another instance and Redis is optional, so a
 * shared cache would add a dependency for little gain.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly defaultTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting moves the key to the most recently used end of the Map's insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, ttlMs = this.defaultTtlMs): void {
    this.entries.delete(key);
    if (ttlMs <= 0 || this.maxEntries <= 0) return;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The cached value, or the result of `load` (cached when `shouldCache` agrees). Failures are not cached. */
  async getOrLoad(key: string, load: () => Promise<V>, shouldCache: (value: V) => boolean = () => true): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise = (async () => {
      try {
        const value = await load();
        if (shouldCache(value)) this.set(key, value);
        return value;
      } finally {
        this.loading.delete(key);
      }
    })();
    this.loading.set(key, promise);
    return promise;
  }
}
