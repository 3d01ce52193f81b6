import pino, { type DestinationStream, type Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { loggableUrl } from './secret-params.js';

const SECRET_KEYS = [
  'password',
  'old_password',
  'new_password',
  'confirm_password',
  'token',
  'access',
  'refresh',
  'access_token',
  'refresh_token',
  'code',
  'otp',
  'signature',
  'secret',
  'client_id',
  'response',
];

/**
 * JSON logs; every request log line carries `request_id`. Credentials never reach a log line: headers that
 * carry them, any field named like a secret, secret query parameters, and the path parameters a route marks
 * with `@SecretParams` are redacted.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'blockscore' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'res.headers["set-cookie"]',
          ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
        ],
        censor: '[REDACTED]',
      },
      serializers: {
        req(req: FastifyRequest) {
          return {
            method: req.method,
            url: loggableUrl(req),
            remoteAddress: req.ip,
            userAgent: req.headers['user-agent'],
          };
        },
        res(res: { statusCode: number }) {
          return { statusCode: res.statusCode };
        },
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}

/** Nest's own messages through the same JSON logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

/** Injection token for the app's root pino logger (modules take a child of it). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
