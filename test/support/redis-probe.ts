import { Redis } from 'ioredis';

/** Whether a Redis answers PING at `url` within a second; suites that need one skip their Redis cases if not. */
export async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * A local Redis database that no other suite uses by default, for a suite that needs a Redis when REDIS_URL is
 * not set: rate-limit-storage takes 11, multi-instance 14. TEST_REDIS_DBS="a,b" moves them (in that order),
 * so runs sharing one Redis server keep apart.
 */
export function spareRedisUrl(suite: 'rate-limit-storage' | 'multi-instance'): string {
  const [rateLimit = '11', multiInstance = '14'] = (process.env.TEST_REDIS_DBS ?? '').split(',').filter(Boolean);
  return `redis://127.0.0.1:6379/${suite === 'rate-limit-storage' ? rateLimit : multiInstance}`;
}
