import { scrapeMetrics, type TestApp } from './app.js';

type Result = 'hit' | 'miss' | 'bypass';

/** An instance's session-cache lookups so far, by outcome, from its own metrics listener. */
export async function sessionLookups(app: Pick<TestApp, 'metricsUrl'>): Promise<Record<Result, number>> {
  const text = (await scrapeMetrics(app)).text;
  const read = (result: Result) =>
    Number(new RegExp(`^session_cache_lookups_total\\{result="${result}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hit: read('hit'), miss: read('miss'), bypass: read('bypass') };
}

/** The cache hits `request` caused on `app` (nothing else may use the instance meanwhile). */
export async function hitsDuring(app: Pick<TestApp, 'metricsUrl'>, request: () => Promise<unknown>): Promise<number> {
  const before = (await sessionLookups(app)).hit;
  await request();
  return (await sessionLookups(app)).hit - before;
}
