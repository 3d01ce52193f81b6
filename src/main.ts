import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config/index.js';
import { lowerBackgroundThreadPriority } from './common/runtime/background-thread-priority.js';
import { ScorecardModelError } from './credit/scorecard/scorecard.loader.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  // A .env beside package.json is read when present (values already in the environment win).
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting and what it accepts.\n`);
      process.exit(78);
    }
    throw err;
  }
  const reniced = await lowerBackgroundThreadPriority(config.env.BACKGROUND_THREAD_NICE);
  const server = await startServer(config);
  server.logger.info(
    {
      url: server.url,
      metrics: server.metricsUrl,
      docs: `${server.url}/docs`,
      database: config.env.DATABASE_URL ? 'external' : 'embedded',
      backgroundThreadsReniced: reniced,
    },
    'BlockScore API listening',
  );
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    server.logger.info({ signal }, 'draining in-flight requests');
    setTimeout(() => {
      server.logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.env.SHUTDOWN_TIMEOUT_MS).unref();
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        server.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ScorecardModelError) {
    // A bad model is a configuration problem (MODEL_PATH), not a crash: say what is wrong and stop.
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
