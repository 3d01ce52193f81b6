import { createServer } from 'node:net';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import type { RateLimitStorage } from '../src/common/rate-limit/rate-limit.storage.js';
import { RedisThrottlerStorage } from '../src/common/rate-limit/redis-throttler.storage.js';
import { scrapeMetrics, startTestApp, unique, type TestApp } from './support/app.js';
import { redisAnswers, spareRedisUrl } from './support/redis-probe.js';

/**
 * The Redis ThrottlerStorage against a real Redis (REDIS_URL, else a local one in a database no other suite uses
 * by default), and the per-route outage policy of an app whose Redis is not there at all.
 */
const redisUrl = process.env.REDIS_URL ?? spareRedisUrl('rate-limit-storage');
const haveRedis = await redisAnswers(redisUrl);
if (!haveRedis)
  console.warn(`rate-limit-storage: no Redis answers at ${redisUrl}; the Redis storage cases are SKIPPED`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls of one command in INFO commandstats (server-wide). */
async function commandCalls(redis: Redis, command: string): Promise<number> {
  const info = await redis.info('commandstats');
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
}

(haveRedis ? describe : describe.skip)('RedisThrottlerStorage', () => {
  const instances: Redis[] = [];
  let direct: Redis;
  const connect = () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 0 });
    instances.push(redis);
    return redis;
  };
  beforeAll(() => {
    direct = connect();
  });
  afterAll(() => {
    for (const r of instances) r.disconnect();
  });

  it('counts concurrent hits from several instances exactly: each count once, the limit never overshot', async () => {
    const key = unique('burst');
    const [a, b]: RateLimitStorage[] = [new RedisThrottlerStorage(connect()), new RedisThrottlerStorage(connect())];
    const hits = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).increment(key, 60_000, 150, 60_000, 'default')),
    );
    expect(hits.map((h) => h.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(hits.filter((h) => !h.isBlocked)).toHaveLength(150);
    for (const h of hits.filter((h) => h.isBlocked)) expect(h.timeToBlockExpire).toBe(h.timeToExpire);
    expect(await direct.get(`rl:${key}`)).toBe('200');
    const ttl = await direct.pttl(`rl:${key}`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('takes one round trip per hit: one command sent, a script run on the server', async () => {
    const redis = connect();
    const storage: RateLimitStorage = new RedisThrottlerStorage(redis);
    await storage.increment(unique('warm'), 60_000, 10, 60_000, 'default'); // loads the script once
    const sent: string[] = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = (command: Parameters<typeof send>[0], stream?: Parameters<typeof send>[1]) => {
      sent.push(command.name);
      return send(command, stream);
    };
    const evalshaBefore = await commandCalls(direct, 'evalsha');
    const key = unique('trips');
    for (let i = 0; i < 20; i++) await storage.increment(key, 60_000, 10, 60_000, 'default');
    expect(sent).toEqual(Array(20).fill('evalsha'));
    // Server-wide, so other clients may add to it; ours are there.
    expect((await commandCalls(direct, 'evalsha')) - evalshaBefore).toBeGreaterThanOrEqual(20);
  });

  it('keeps the window of its first hit, and gives a key found without an expiry one', async () => {
    const storage: RateLimitStorage = new RedisThrottlerStorage(connect());
    const key = unique('window');
    await storage.increment(key, 1000, 10, 1000, 'default');
    await sleep(300);
    const second = await storage.increment(key, 1000, 10, 1000, 'default');
    expect(second.totalHits).toBe(2);
    expect(await direct.pttl(`rl:${key}`)).toBeLessThanOrEqual(700);
    await sleep(800);
    expect((await storage.increment(key, 1000, 10, 1000, 'default')).totalHits).toBe(1);

    const stuck = unique('stuck');
    await direct.set(`rl:${stuck}`, '7');
    const hit = await storage.increment(stuck, 5000, 10, 5000, 'default');
    expect(hit.totalHits).toBe(8);
    expect(await direct.pttl(`rl:${stuck}`)).toBeGreaterThan(0);
  });

  it('gives a hit back only within a live window', async () => {
    const storage: RateLimitStorage = new RedisThrottlerStorage(connect());
    const key = unique('undo');
    await storage.increment(key, 300, 10, 300, 'default');
    await storage.increment(key, 300, 10, 300, 'default');
    await storage.decrement(key);
    expect(await direct.get(`rl:${key}`)).toBe('1');
    await sleep(400);
    await storage.decrement(key);
    // DECR on the expired key would have left one without an expiry.
    expect(await direct.exists(`rl:${key}`)).toBe(0);
  });

  it('refunds concurrent free answers within the free budget exactly, and nothing after the window', async () => {
    const storage: RateLimitStorage = new RedisThrottlerStorage(connect());
    const key = unique('refund');
    await Promise.all(Array.from({ length: 10 }, () => storage.increment(key, 400, 10, 400, 'default')));
    const refunds = await Promise.all(
      Array.from({ length: 10 }, () => new RedisThrottlerStorage(connect()).refund(key, `free:${key}`, 400, 4)),
    );
    expect(refunds.filter((r) => r !== null)).toHaveLength(4);
    expect(await direct.get(`rl:${key}`)).toBe('6');
    expect(await direct.get(`rl:free:${key}`)).toBe('10');
    expect(await direct.pttl(`rl:free:${key}`)).toBeGreaterThan(0);
    await sleep(500);
    expect(await storage.refund(key, `free:${key}`, 400, 4)).toBeNull();
    expect(await direct.exists(`rl:${key}`)).toBe(0);
  });
});

/** Prometheus text → value of one sample, 0 when absent. */
function metricValue(text: string, labels: string): number {
  const m = new RegExp(`^rate_limit_store_fallback_total\\{${labels}\\} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

describe('while Redis does not answer', () => {
  let app: TestApp;
  beforeAll(async () => {
    // A port that refuses connections: Redis configured, and down from the start.
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as { port: number };
    closed.close();
    app = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}/0`, TRUST_PROXY: 'true' });
  });
  afterAll(() => app?.stop());

  it('lets ordinary routes through uncounted and keeps a per-instance limit on credential routes, with a metric', async () => {
    const before = (await scrapeMetrics(app)).text;
    const ip = { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
    for (let i = 0; i < 3; i++) {
      const res = await app.request('/health/live', { headers: ip });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    }
    const login = () =>
      app.request('/auth/login', {
        method: 'POST',
        headers: ip,
        json: { email: `${unique('nobody')}@example.com`, password: 'Wrong-pass-123' },
      });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await login());
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(answers.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0', '0']);
    expect(answers[5].body.code).toBe('RATE_LIMIT.EXCEEDED');
    expect(Number(answers[5].headers.get('retry-after'))).toBeGreaterThan(0);
    const after = (await scrapeMetrics(app)).text;
    const delta = (labels: string) => metricValue(after, labels) - metricValue(before, labels);
    expect(delta('scope="route",mode="per-instance"')).toBe(6);
    // The three probes (scrapes go to the metrics listener, which the limiter never sees).
    expect(delta('scope="route",mode="open"')).toBeGreaterThanOrEqual(3);
  });
});
