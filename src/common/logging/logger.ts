import pino, { type DestinationStream, type Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

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

/** Query parameters whose values are credentials (verification links, etc.). */
const SECRET_QUERY = /([?&](?:token|code|refresh|access_token|signature)=)[^&]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[REDACTED]');
}

/**
 * JSON logs; every request log line carries `request_id`. Credentials never reach a log line: headers that
 * carry them, any field named like a secret, and secret query parameters are redacted.
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
            url: redactUrl(req.url),
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
