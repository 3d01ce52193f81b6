import { LruCache } from './lru-cache.js';

describe('LruCache', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 0;
  });

  it('returns a value until its TTL runs out', () => {
    const cache = new LruCache<string>(10, 1_000, clock);
    cache.set('a', 'A');
    now = 999;
    expect(cache.get('a')).toBe('A');
    now = 1_000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry when full', () => {
    const cache = new LruCache<number>(2, 1_000, clock);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('keeps a per-entry TTL and caches null values', () => {
    const cache = new LruCache<string | null>(10, 1_000, clock);
    cache.set('long', 'L', 60_000);
    cache.set('none', null);
    now = 5_000;
    expect(cache.get('long')).toBe('L');
    expect(cache.get('none')).toBeUndefined();
    now = 0;
    cache.set('none', null);
    expect(cache.get('none')).toBeNull();
  });

  it('stores nothing with a TTL of 0 (caching switched off)', () => {
    const cache = new LruCache<string>(10, 0, clock);
    cache.set('a', 'A');
    expect(cache.get('a')).toBeUndefined();
  });

  it('shares one load among concurrent callers and caches its result', async () => {
    const cache = new LruCache<string>(10, 1_000, clock);
    let release!: (v: string) => void;
    let loads = 0;
    const load = () => ((loads += 1), new Promise<string>((resolve) => (release = resolve)));
    const first = cache.getOrLoad('k', load);
    const second = cache.getOrLoad('k', load);
    release('V');
    await expect(Promise.all([first, second])).resolves.toEqual(['V', 'V']);
    await expect(cache.getOrLoad('k', load)).resolves.toBe('V');
    expect(loads).toBe(1);
  });

  it('does not cache a failed load, so the next call tries again', async () => {
    const cache = new LruCache<string>(10, 1_000, clock);
    await expect(cache.getOrLoad('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(cache.getOrLoad('k', () => Promise.resolve('up'))).resolves.toBe('up');
  });

  it('skips caching a value the caller refuses', async () => {
    const cache = new LruCache<string>(10, 1_000, clock);
    await cache.getOrLoad(
      'k',
      () => Promise.resolve('partial'),
      (v) => v !== 'partial',
    );
    expect(cache.get('k')).toBeUndefined();
  });
});
