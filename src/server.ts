import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream, Logger } from 'pino';
import { AppModule } from './app.module.js';
import { configureHttp } from './common/http/configure-http.js';
import { createHttpAdapter, warnOnBareTrustProxy } from './common/http/http-adapter.js';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { startMetricsListener, reachableHost } from './common/metrics/metrics-listener.js';
import { MetricsRegistry } from './common/metrics/metrics.registry.js';
import { configureRequestMetrics } from './common/metrics/request-metrics.js';
import { configureRateLimit } from './common/rate-limit/rate-limit.hooks.js';
import { publishRouteAccess } from './common/security/index.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import type { AppConfig } from './config/index.js';
import { openDatabaseEndpoint } from './database/database-endpoint.js';
import { runMigrations } from './database/migrator.js';
import { mountOpenApi } from './openapi/openapi.js';

export interface RunningServer {
  app: NestFastifyApplication;
  logger: Logger;
  /** Base URL including the /api prefix, e.g. http://127.0.0.1:5000/api */
  url: string;
  port: number;
  /** Full URL of the Prometheus endpoint on the metrics listener (METRICS_PORT), e.g. http://127.0.0.1:9464/metrics */
  metricsUrl: string;
  /** Stops accepting, drains in-flight requests, then closes the database and Redis. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Where JSON logs go (stdout by default); tests capture them to prove nothing secret is logged. */
  logStream?: DestinationStream;
  /** A PGlite dump a `pglite://memory` database starts from (tests: a migrated one, to skip the cluster's setup). */
  embeddedSnapshot?: Blob;
}

/** Builds and initialises the app without listening (used by `startServer` and the OpenAPI writer). */
export async function createApp(config: AppConfig, options: ServerOptions = {}) {
  const logger = createLogger(config.env.LOG_LEVEL, options.logStream);
  warnOnBareTrustProxy(config, logger);
  const database = await openDatabaseEndpoint(config, options.embeddedSnapshot);
  try {
    if (config.env.MIGRATIONS_RUN_AT_BOOT) await runMigrations(database.url, database.embedded, logger);
    const module = AppModule.forRoot(config, database, logger);
    const app = await NestFactory.create<NestFastifyApplication>(module, createHttpAdapter(config, logger), {
      logger: new PinoNestLogger(logger.child({ context: 'nest' })),
      abortOnError: false,
      bodyParser: false, // JSON only: configureHttp installs the body parsers.
    });
    // Before init, which hands Fastify the routes with their config; Fastify runs hooks in the order added here.
    publishRouteAccess(app);
    app.useGlobalPipes(createValidationPipe());
    const drain = configureHttp(app, config);
    configureRateLimit(app);
    configureRequestMetrics(app);
    mountOpenApi(app, config.version);
    await app.init();
    return { app, logger, database, drain };
  } catch (err) {
    await database.stop();
    throw err;
  }
}

/** Boots the whole service: database (embedded or real), migrations, app, and listens. */
export async function startServer(config: AppConfig, options: ServerOptions = {}): Promise<RunningServer> {
  const { app, logger, database, drain } = await createApp(config, options);
  let metrics: Awaited<ReturnType<typeof startMetricsListener>> | null = null;
  const close = () => (metrics?.close() ?? Promise.resolve()).then(() => app.close()).then(() => database.stop());
  try {
    await app.listen({ port: config.env.PORT, host: config.env.HOST });
    metrics = await startMetricsListener(app.get(MetricsRegistry).registry, {
      port: config.env.METRICS_PORT,
      host: config.env.METRICS_HOST,
      token: config.env.METRICS_TOKEN,
    });
  } catch (err) {
    await close();
    throw err;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.env.PORT;
  const host = reachableHost(config.env.HOST);
  let stopping: Promise<void> | null = null;
  // Drain first (new requests get 503, accepted ones their answer), then the metrics listener (scraped until the
  // drain is done), Nest's close, the embedded database last.
  const stop = () => (stopping ??= drain.settle(app, config.env.SHUTDOWN_TIMEOUT_MS).then(close));
  return { app, logger, port, url: `http://${host}:${port}/api`, metricsUrl: metrics.url, stop };
}
