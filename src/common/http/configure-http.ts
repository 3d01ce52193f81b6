import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../config/index.js';
import { configureCors } from './cors.js';
import { RequestDrain } from './drain.js';
import { registerJsonOnlyBodies } from './json-body.js';
import { answerMethodNotAllowed } from './method-not-allowed.js';
import { configureResponseHeaders } from './response-headers.js';

/**
 * The HTTP surface every route shares: the /api prefix, CORS, JSON-only bodies, the response headers (helmet's
 * and the request id), the drain, and 405 for a known path asked with a method it does not serve. Before
 * `app.init()`; Fastify runs hooks in the order they are added, so the headers are set before the drain may refuse
 * a request, and hooks added after these run after them.
 */
export function configureHttp(app: NestFastifyApplication, config: AppConfig): RequestDrain {
  app.setGlobalPrefix('api');
  configureCors(app, config);
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonOnlyBodies(fastify);
  configureResponseHeaders(fastify);
  const drain = new RequestDrain();
  drain.configure(fastify);
  answerMethodNotAllowed(fastify);
  return drain;
}
