import { MemoryThrottlerStorage } from './memory-throttler.storage.js';
import type { RateLimitStorage } from './rate-limit.storage.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MemoryThrottlerStorage', () => {
  it('counts a window from its first hit and refuses past the limit until the window ends', async () => {
    const storage: RateLimitStorage = new MemoryThrottlerStorage();
    const hits = [];
    for (let i = 0; i < 5; i++) hits.push(await storage.increment('k', 60_000, 3, 60_000, 'default'));
    expect(hits.map((h) => [h.totalHits, h.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [5, true],
    ]);
    for (const h of hits) expect(h.timeToExpire).toBe(60);
    expect(hits[3].timeToBlockExpire).toBe(60);
    expect(hits[0].timeToBlockExpire).toBe(0);
    // Another key has its own window.
    expect((await storage.increment('other', 60_000, 3, 60_000, 'default')).totalHits).toBe(1);
  });

  it('opens a new window once the old one has ended', async () => {
    const storage: RateLimitStorage = new MemoryThrottlerStorage();
    await storage.increment('k', 80, 1, 80, 'default');
    expect((await storage.increment('k', 80, 1, 80, 'default')).isBlocked).toBe(true);
    await sleep(120);
    const fresh = await storage.increment('k', 80, 1, 80, 'default');
    expect([fresh.totalHits, fresh.isBlocked]).toEqual([1, false]);
  });

  it('gives a hit back within the window, and nothing once it has ended', async () => {
    const storage: RateLimitStorage = new MemoryThrottlerStorage();
    await storage.increment('k', 80, 5, 80, 'default');
    await storage.increment('k', 80, 5, 80, 'default');
    await storage.decrement('k');
    expect((await storage.increment('k', 80, 5, 80, 'default')).totalHits).toBe(2);
    await sleep(120);
    await storage.decrement('k');
    expect((await storage.increment('k', 80, 5, 80, 'default')).totalHits).toBe(1);
    // A key never hit is not created by a decrement.
    await storage.decrement('never');
    expect((await storage.increment('never', 80, 5, 80, 'default')).totalHits).toBe(1);
  });

  it('counts concurrent hits exactly', async () => {
    const storage: RateLimitStorage = new MemoryThrottlerStorage();
    const hits = await Promise.all(
      Array.from({ length: 50 }, () => storage.increment('k', 60_000, 10, 60_000, 'default')),
    );
    expect(hits.map((h) => h.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(hits.filter((h) => !h.isBlocked)).toHaveLength(10);
  });

  it('refunds a hit within the free budget of its key, and nothing past it or after the window', async () => {
    const storage: RateLimitStorage = new MemoryThrottlerStorage();
    const refunds = [];
    for (let i = 0; i < 3; i++) {
      await storage.increment('k', 80, 2, 80, 'default');
      refunds.push(await storage.refund('k', 'free:k', 80, 2));
    }
    // Two free hits, then the third counts.
    expect(refunds).toEqual([0, 0, null]);
    expect((await storage.increment('k', 80, 2, 80, 'default')).totalHits).toBe(2);
    await sleep(120);
    expect(await storage.refund('k', 'free:k', 80, 2)).toBeNull();
    // Both windows have closed: a fresh free budget.
    await storage.increment('k', 80, 2, 80, 'default');
    expect(await storage.refund('k', 'free:k', 80, 2)).toBe(0);
  });
});
