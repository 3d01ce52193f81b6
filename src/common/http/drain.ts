import { Server as NetServer, type Server, type Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { commonError, ErrorKind } from '../errors/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a request that arrives during the drain answers (documented on every operation). */
export const shuttingDown = () =>
  commonError(ErrorKind.Unavailable, 'SERVICE.SHUTTING_DOWN', 'The server is shutting down; retry.', {
    retryAfter: 1,
  });

/**
 * Graceful shutdown: once `settle` starts, every new request is answered 503 (`Connection: close`), and it
 * returns when every request the app accepted before has been answered, so the caller may then close the app.
 */
export class RequestDrain {
  private draining = false;
  /** Requests the app has accepted and not yet answered. */
  private inFlight = 0;
  /** Connections accepted whose first request has not been read yet: closing them would reset a request. */
  private readonly unread = new Set<Socket>();
  private lastConnectionAt = 0;
  private readonly inFlightRequests = new WeakSet<FastifyRequest>();
  /** Requests whose client hung up before the answer: done once their handler answers (into the void). */
  private readonly abandoned = new WeakSet<FastifyRequest>();

  /** Tracks connections and requests; its onRequest hook must come after the response-header one. */
  configure(fastify: FastifyInstance): void {
    fastify.server.on('connection', (socket: Socket) => {
      this.lastConnectionAt = Date.now();
      this.unread.add(socket);
      socket.once('close', () => this.unread.delete(socket));
    });
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      this.unread.delete(request.raw.socket);
      if (this.draining) {
        // Errors thrown before Nest's router (here, body parsing, size limits) reach Fastify's error handler,
        // which Nest points at the same global filter: this one answers in the envelope too.
        void reply.header('Connection', 'close');
        throw shuttingDown();
      }
      this.inFlight++;
      this.inFlightRequests.add(request);
      // Fastify's onResponse runs only when a response finishes, and onRequestAbort only when the body was still
      // arriving: a client that hangs up after sending its request (a load generator at the end of its run, a
      // phone losing signal) triggers neither, and the drain would wait for it until the shutdown timeout.
      // The response's close always comes; the request is done then, or when its handler answers after that.
      reply.raw.once('close', () => (reply.sent ? this.done(request) : this.abandoned.add(request)));
    });
    // Callback style: no promise per response on every route for a rare case.
    fastify.addHook(
      'onSend',
      (request: FastifyRequest, _reply: FastifyReply, payload: unknown, next: (err: null, value: unknown) => void) => {
        if (this.abandoned.delete(request)) this.done(request);
        next(null, payload);
      },
    );
  }

  /**
   * Refuses new requests, stops listening and waits (at most `timeoutMs`) until every accepted request is answered.
   * The HTTP server, TypeORM and Redis are closed by the caller afterwards (Nest's close), the database last.
   */
  async settle(app: INestApplication, timeoutMs: number): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + timeoutMs;
    // Connections already queued in the kernel get a moment to be read (and answered 503) instead of
    // being reset when the listener closes.
    await sleep(Math.min(1000, timeoutMs / 4));
    // Closing the listener resets whatever still waits in the kernel's accept queue, so keep accepting
    // until none has arrived for a moment. Timers run before the poll phase that accepts: after a stalled
    // loop, one poll phase must come first or the queue would look empty.
    await new Promise((r) => setImmediate(r));
    const acceptUntil = Math.min(deadline, Date.now() + 2000);
    while (Date.now() - this.lastConnectionAt < 100 && Date.now() < acceptUntil) await sleep(20);
    // Only the listener: http.Server.close() would also run closeIdleConnections(), which (since Node 19)
    // destroys sockets whose request body is read but not yet answered.
    NetServer.prototype.close.call(app.getHttpServer() as Server);
    // A connection accepted just now carries a request not read yet (answered 503 once read); a client
    // that opened one and sends nothing is not waited for beyond a moment.
    const unreadUntil = Math.min(deadline, Date.now() + 2000);
    const waiting = () => this.inFlight > 0 || (this.unread.size > 0 && Date.now() < unreadUntil);
    while (waiting() && Date.now() < deadline) await sleep(20);
  }

  private done(request: FastifyRequest): void {
    if (this.inFlightRequests.delete(request)) this.inFlight--;
  }
}
