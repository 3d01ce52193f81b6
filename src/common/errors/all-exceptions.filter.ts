import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { secretParamValues, withoutSecretParams } from '../logging/secret-params.js';
import { isDatabaseUnavailable, isError } from './database-unavailable.js';
import { DomainError, isDomainError } from './domain-error.js';
import { STATUS_BY_KIND, envelope, labelFor } from './error-envelope.js';
import type { CommonErrorCode, FieldError } from './domain-error.js';

interface Classified {
  status: number;
  code: string;
  message: string;
  details?: FieldError[];
  retryAfter?: number;
  rateLimit?: DomainError['rateLimit'];
  /** Unexpected: log with the stack. */
  unexpected?: boolean;
  /** A 400 decided before any work was done for the request (see refusedBeforeWork). */
  beforeWork?: boolean;
}

const refusedEarly = new WeakSet<FastifyRequest>();

/**
 * True once `request` was answered with a 400 decided before any work was done for it: the validation pipe, the
 * JSON body parser, or Fastify refusing the URL or body framing. Quotas do not count such a request (rate-limit's
 * free-answers.ts); an error raised by a handler or service never is one, whatever its code.
 */
export const refusedBeforeWork = (request: FastifyRequest): boolean => refusedEarly.has(request);

/**
 * The HTTP status a domain error answers with. The filter is the only place that decides it; code that must know
 * it before the answer is sent (the partner call log records it) asks here instead of deciding it again.
 */
export const httpStatusOf = (error: DomainError): number => STATUS_BY_KIND[error.kind];

/**
 * What each Fastify transport error (body parsing, size, content type, URL) answers; the API document quotes it.
 * `beforeWork`: refused before any work was done, so the answer spends no quota (README "What counts").
 */
export const TRANSPORT_ANSWERS = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'REQUEST.BODY_TOO_LARGE',
    message: 'Request body exceeds the 100 KB limit.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type; send application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'REQUEST.EMPTY_JSON',
    message: 'Body cannot be empty when Content-Type is application/json.',
    beforeWork: true,
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'REQUEST.BAD_URL',
    message: 'The URL is not valid (malformed percent-encoding).',
    beforeWork: true,
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'REQUEST.PARAM_TOO_LONG',
    message: 'A path parameter exceeds 200 characters.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'REQUEST.BAD_CONTENT_LENGTH',
    message: 'Content-Length does not match the body.',
    beforeWork: true,
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'REQUEST.MALFORMED_JSON',
    message: 'The request body is not valid JSON.',
    beforeWork: true,
  },
} as const satisfies Record<string, { status: number; code: CommonErrorCode; message: string; beforeWork?: true }>;

/** What an error nothing expected answers (no internals). */
export const UNEXPECTED_ANSWER = { status: 500, code: 'INTERNAL', message: 'An unexpected error occurred.' } as const;

/** What a request answers while the database cannot be reached. */
export const DATABASE_UNAVAILABLE_ANSWER = {
  status: 503,
  code: 'SERVICE.DATABASE_UNAVAILABLE',
  message: 'The database is temporarily unavailable.',
} as const satisfies { status: number; code: CommonErrorCode; message: string };

/** Turns a Fastify transport error (body parsing, size, content type) into a client error. */
function classifyTransport(error: Error): Classified | null {
  const err = error as Error & { statusCode?: number; code?: string };
  const status = err.statusCode;
  if (!status || status < 400 || status >= 500) return null;
  const known = err.code !== undefined && Object.hasOwn(TRANSPORT_ANSWERS, err.code);
  if (known) return { ...TRANSPORT_ANSWERS[err.code as keyof typeof TRANSPORT_ANSWERS] };
  if (err instanceof SyntaxError) return { ...TRANSPORT_ANSWERS.FST_ERR_CTP_INVALID_JSON_BODY };
  return { status, code: 'REQUEST.INVALID', message: labelFor(status) };
}

function classifyError(exception: unknown): Classified {
  // Nest's adapter wraps a Fastify transport error (JSON parsing, body size, content type) in an
  // HttpException and keeps the original as `cause`; classify the original.
  const original = exception instanceof HttpException && isError(exception.cause) ? exception.cause : exception;
  const fastifyCode = (original as { code?: unknown } | null)?.code;
  if (isError(original) && typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_')) {
    const transport = classifyTransport(original);
    if (transport) return transport;
  }
  if (isDomainError(exception)) {
    return {
      status: httpStatusOf(exception),
      code: exception.code,
      message: exception.message,
      details: exception.details,
      retryAfter: exception.retryAfter,
      rateLimit: exception.rateLimit,
      beforeWork: exception.beforeWork && httpStatusOf(exception) === 400,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const raw = typeof res === 'string' ? res : (res as { message?: unknown }).message;
    const message = typeof raw === 'string' ? raw : labelFor(status);
    if (status === 404)
      return { status, code: 'ROUTE.NOT_FOUND', message: message.replace(/^Cannot /, 'No route for ') };
    if (status >= 500) {
      return status === 503
        ? { status, code: 'SERVICE.UNAVAILABLE', message }
        : { ...UNEXPECTED_ANSWER, unexpected: true };
    }
    return { status, code: `HTTP.${status}`, message };
  }
  if (isError(exception)) {
    const transport = classifyTransport(exception);
    if (transport) return transport;
    if (isDatabaseUnavailable(exception)) {
      return { ...DATABASE_UNAVAILABLE_ANSWER, retryAfter: 5 };
    }
  }
  return { ...UNEXPECTED_ANSWER, unexpected: true };
}

/** The only place that writes error bodies: every failure leaves as the seed's envelope. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    replyWithError(exception, request, reply);
  }
}

/** The error as logged: a message or stack that quotes a secret path parameter (a challenge id) loses it. */
function loggableError(exception: unknown, request: FastifyRequest): unknown {
  if (!isError(exception) || !secretParamValues(request).length) return exception;
  return {
    type: exception.name,
    message: withoutSecretParams(exception.message, request),
    stack: withoutSecretParams(exception.stack ?? '', request),
  };
}

function loggableMessage(exception: unknown, request: FastifyRequest): string | undefined {
  const message = (exception as Error | null)?.message;
  return typeof message === 'string' ? withoutSecretParams(message, request) : message;
}

/** Sends the envelope for any error; also used for the errors Fastify's router raises before Nest sees a request. */
export function replyWithError(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const c = classifyError(exception);
  if (c.unexpected) request.log.error({ err: loggableError(exception, request) }, 'unhandled error');
  else if (c.status >= 500) request.log.warn({ err: { message: loggableMessage(exception, request) } }, c.code);
  if (reply.sent) return;
  if (c.beforeWork) refusedEarly.add(request);
  if (c.retryAfter !== undefined) reply.header('Retry-After', String(Math.max(1, Math.ceil(c.retryAfter))));
  if (c.rateLimit) {
    reply.header('X-RateLimit-Limit', String(c.rateLimit.limit));
    reply.header('X-RateLimit-Remaining', String(c.rateLimit.remaining));
    reply.header('X-RateLimit-Reset', String(c.rateLimit.reset));
  }
  void reply
    .status(c.status)
    .header('Content-Type', 'application/json; charset=utf-8')
    .send(envelope(c.status, c.code, c.message, String(request.id), c.details));
}
