import 'reflect-metadata';
import { Server as NetServer, type Server, type Socket } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { LogController, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { AppModule } from './app.module.js';
import { DomainError, ErrorKind, replyWithError } from './common/errors/index.js';
import { clientErrorHandler } from './common/http/client-error.js';
import { registerJsonOnlyBodies } from './common/http/json-body.js';
import { genRequestId } from './common/http/request-id.js';
import { SECURITY_HEADER_OPTIONS, securityHeaders } from './common/http/security-headers.js';
import { trustProxyOption } from './common/http/trust-proxy.js';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { MetricsRegistry } from './common/metrics/metrics.registry.js';
import { RateLimitGuard } from './common/rate-limit/rate-limit.guard.js';
import { publishThrottleTargets } from './common/rate-limit/route-throttle-target.js';
import { publishRouteAccess } from './common/security/index.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import type { AppConfig } from './config/index.js';
import { openDatabaseEndpoint, type DatabaseEndpoint } from './database/database-endpoint.js';
import { runMigrations } from './database/migrator.js';
import { buildOpenApiDocument } from './openapi/openapi.js';

export const BODY_LIMIT = 100 * 1024;

export interface RunningServer {
  app: NestFastifyApplication;
  logger: Logger;
  /** Base URL including the /api prefix, e.g. http://127.0.0.1:5000/api */
  url: string;
  port: number;
  /** Stops accepting, drains in-flight requests, then closes the database and Redis. */
  stop(): Promise<void>;
}

/** Builds and initialises the app without listening (used by `listen` and the OpenAPI writer). */
export interface ServerOptions {
  /** Where JSON logs go (stdout by default); tests capture them to prove nothing secret is logged. */
  logStream?: DestinationStream;
}

export async function createApp(
  config: AppConfig,
  options: ServerOptions = {},
): Promise<{ app: NestFastifyApplication; logger: Logger; database: DatabaseEndpoint; drain: DrainState }> {
  const logger = createLogger(config.env.LOG_LEVEL, options.logStream);
  if (config.env.TRUST_PROXY.kind === 'hops' && config.env.TRUST_PROXY.fromTrue) {
    logger.warn("TRUST_PROXY=true is read as 1 hop (production refuses it); set a hop count or the proxies' CIDRs");
  }
  const database = await openDatabaseEndpoint(config);
  try {
    if (config.env.MIGRATIONS_RUN_AT_BOOT) await runMigrations(database.url, database.embedded, logger);
    const adapter = new FastifyAdapter({
      loggerInstance: logger,
      genReqId: genRequestId,
      logController: new LogController({ requestIdLogLabel: 'request_id' }),
      bodyLimit: BODY_LIMIT,
      trustProxy: trustProxyOption(config.env.TRUST_PROXY),
      routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
      // Drain: on close, idle keep-alive sockets are closed at once, busy ones when their response is sent.
      forceCloseConnections: 'idle',
      // A request read while Fastify closes would get Fastify's own 503 body; our onRequest hook answers every
      // request during the drain with the 503 envelope instead, so Fastify's is turned off.
      return503OnClosing: false,
      // The router answers a malformed URL (400) or an over-long path parameter (414) before any hook runs;
      // they get the request id and the envelope like every other error.
      frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
        void reply.header('X-Request-Id', String(request.id));
        replyWithError(error, request, reply);
      },
      // Refused by Node's parser before a request exists (headers over 16 KB, …): the envelope, written raw.
      clientErrorHandler,
    });
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, database, logger), adapter, {
      logger: new PinoNestLogger(logger.child({ context: 'nest' })),
      abortOnError: false,
      // JSON only: configureApp installs the body parsers (no urlencoded, no text/plain; anything else is 415).
      bodyParser: false,
    });
    const drain = await configureApp(app, config);
    await app.init();
    return { app, logger, database, drain };
  } catch (err) {
    await database.stop();
    throw err;
  }
}

/** Requests the app has accepted and not yet answered; stop() waits for them before closing anything. */
export interface DrainState {
  draining: boolean;
  inFlight: number;
  /** Connections accepted whose first request has not been read yet: closing them would reset a request. */
  unread: Set<Socket>;
  lastConnectionAt: number;
}

async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<DrainState> {
  const drain: DrainState = { draining: false, inFlight: 0, unread: new Set(), lastConnectionAt: 0 };
  const inFlightRequests = new WeakSet<FastifyRequest>();
  /** Requests whose client hung up before the answer: done once their handler answers (into the void). */
  const abandoned = new WeakSet<FastifyRequest>();
  const done = (request: FastifyRequest) => {
    if (inFlightRequests.delete(request)) drain.inFlight--;
  };
  app.setGlobalPrefix('api');
  publishRouteAccess(app);
  publishThrottleTargets(app);
  app.useGlobalPipes(createValidationPipe());
  const origins = config.env.CORS_ORIGINS;
  app.enableCors({
    origin: origins.includes('*') ? true : origins.length ? origins : false,
    exposedHeaders: ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Idempotency-Key'],
    maxAge: 600,
  });

  const fastify = app.getHttpAdapter().getInstance();
  registerJsonOnlyBodies(fastify);
  fastify.server.on('connection', (socket: Socket) => {
    drain.lastConnectionAt = Date.now();
    drain.unread.add(socket);
    socket.once('close', () => drain.unread.delete(socket));
  });
  const headers = securityHeaders(SECURITY_HEADER_OPTIONS);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    drain.unread.delete(request.raw.socket);
    void reply.headers(headers);
    done();
  });
  const rateLimit = app.get(RateLimitGuard);
  const metrics = app.get(MetricsRegistry);

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('X-Request-Id', String(request.id));
    if (drain.draining) {
      void reply.header('Connection', 'close');
      throw new DomainError(ErrorKind.Unavailable, 'SERVICE.SHUTTING_DOWN', 'The server is shutting down; retry.', {
        retryAfter: 1,
      });
    }
    drain.inFlight++;
    inFlightRequests.add(request);
    // Fastify's onResponse runs only when a response finishes, and onRequestAbort only when the body was still
    // arriving: a client that hangs up after sending its request (a load generator at the end of its run, a
    // phone losing signal) triggers neither, and the drain would wait for it until the shutdown timeout.
    // The response's close always comes; the request is done then, or when its handler answers after that.
    reply.raw.once('close', () => (reply.sent ? done(request) : abandoned.add(request)));
    // Rate limits are counted by the RateLimitGuard (public routes) and the AccessGuard (bearer and partner ones,
    // once authenticated), not here: refusing a flood before its body is read saved nothing measurable
    // (bench/shield.js, bench/RESULTS.md).
  });
  // Callback style, as the security-header hook: no promise per response on every route for a rare case.
  fastify.addHook(
    'onSend',
    (request: FastifyRequest, reply: FastifyReply, payload: unknown, next: (err: null, value: unknown) => void) => {
      if (abandoned.delete(request)) done(request);
      // Answered before any guard counted it (no route, or refused while its body was read): counted against the
      // client IP now, with the headers.
      if (rateLimit.isPending(request)) {
        void rateLimit.settle(request, reply).then(() => next(null, payload));
        return;
      }
      next(null, payload);
    },
  );
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  // Errors raised before Nest's router (this hook, body parsing, size limits) reach Fastify's error
  // handler, which Nest points at the same global filter, so they get the envelope too.

  const document = buildOpenApiDocument(app, config.version);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: 'BlockScore API',
    swaggerOptions: { persistAuthorization: true },
  });
  return drain;
}

/** Boots the whole service: database (embedded or real), migrations, app, and listens. */
export async function startServer(config: AppConfig, options: ServerOptions = {}): Promise<RunningServer> {
  const { app, logger, database, drain } = await createApp(config, options);
  try {
    await app.listen({ port: config.env.PORT, host: config.env.HOST });
  } catch (err) {
    await app.close();
    await database.stop();
    throw err;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.env.PORT;
  const host = config.env.HOST === '0.0.0.0' || config.env.HOST === '::' ? '127.0.0.1' : config.env.HOST;
  let stopping: Promise<void> | null = null;
  return {
    app,
    logger,
    port,
    url: `http://${host}:${port}/api`,
    stop() {
      stopping ??= (async () => {
        // Drain first: refuse new requests (503, Connection: close), stop listening, and wait for every
        // accepted request to be answered; only then close the HTTP server, TypeORM and Redis (Nest's close),
        // and the embedded database last.
        drain.draining = true;
        const deadline = Date.now() + config.env.SHUTDOWN_TIMEOUT_MS;
        const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
        // Connections already queued in the kernel get a moment to be read (and answered 503) instead of
        // being reset when the listener closes.
        await sleep(Math.min(1000, config.env.SHUTDOWN_TIMEOUT_MS / 4));
        // Closing the listener resets whatever still waits in the kernel's accept queue, so keep accepting
        // until none has arrived for a moment. Timers run before the poll phase that accepts: after a stalled
        // loop, one poll phase must come first or the queue would look empty.
        await new Promise((r) => setImmediate(r));
        const acceptUntil = Math.min(deadline, Date.now() + 2000);
        while (Date.now() - drain.lastConnectionAt < 100 && Date.now() < acceptUntil) await sleep(20);
        // Only the listener: http.Server.close() would also run closeIdleConnections(), which (since Node 19)
        // destroys sockets whose request body is read but not yet answered.
        const httpServer = app.getHttpServer() as Server;
        NetServer.prototype.close.call(httpServer);
        // A connection accepted just now carries a request not read yet (answered 503 once read); a client
        // that opened one and sends nothing is not waited for beyond a moment.
        const unreadUntil = Math.min(deadline, Date.now() + 2000);
        const waiting = () => drain.inFlight > 0 || (drain.unread.size > 0 && Date.now() < unreadUntil);
        while (waiting() && Date.now() < deadline) await sleep(20);
        await app.close();
        await database.stop();
      })();
      return stopping;
    },
  };
}
