/** What went wrong, independent of transport; the one exception filter maps it to an HTTP status. */
export enum ErrorKind {
  BadRequest = 'BadRequest',
  Unauthorized = 'Unauthorized',
  Forbidden = 'Forbidden',
  NotFound = 'NotFound',
  MethodNotAllowed = 'MethodNotAllowed',
  Conflict = 'Conflict',
  PayloadTooLarge = 'PayloadTooLarge',
  UnsupportedMediaType = 'UnsupportedMediaType',
  Unprocessable = 'Unprocessable',
  Locked = 'Locked',
  RateLimited = 'RateLimited',
  Unavailable = 'Unavailable',
}

export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  details?: FieldError[];
  /** Seconds a client should wait before retrying (423, 429, 503). */
  retryAfter?: number;
  /** A limit other than the route's refused the request (429): the X-RateLimit-* headers describe that one. */
  rateLimit?: { limit: number; remaining: number; reset: number };
  /** Refused before any work was done for it (the validation pipe, the JSON parser): its answer spends no quota. */
  beforeWork?: boolean;
}

/**
 * Every code reads AREA.REASON in upper snake case. Each module names the codes it raises as a union type beside
 * its errors (`CreditErrorCode` in credit.errors.ts) and builds them with `errorsOf<…>()`, so a code nobody
 * declared does not compile; README's error table is the list clients read.
 */
export type ErrorCode = `${Uppercase<string>}.${Uppercase<string>}`;

/**
 * Services throw these. `code` is stable and machine-readable (`AUTH.INVALID_CREDENTIALS`); `message` is
 * for people and must never carry secrets or internals. The HTTP status follows from `kind`, in the exception
 * filter only.
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  readonly details?: FieldError[];
  readonly retryAfter?: number;
  readonly rateLimit?: DomainErrorOptions['rateLimit'];
  readonly beforeWork?: boolean;

  constructor(
    readonly kind: ErrorKind,
    readonly code: C,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.details = options.details;
    this.retryAfter = options.retryAfter;
    this.rateLimit = options.rateLimit;
    this.beforeWork = options.beforeWork;
  }
}

/** `instanceof` narrows a generic class to `DomainError<any>`; this keeps the code typed. */
export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;

/** A module's error constructor, typed to the codes that module declares. */
export function errorsOf<C extends ErrorCode>() {
  return (kind: ErrorKind, code: C, message: string, options?: DomainErrorOptions): DomainError<C> =>
    new DomainError(kind, code, message, options);
}

/** Codes raised by the shared kernel: transport, validation, access, rate limits, lifecycle. */
export type CommonErrorCode =
  | 'REQUEST.VALIDATION_FAILED'
  | 'REQUEST.MALFORMED_JSON'
  | 'REQUEST.INVALID_JSON_BODY'
  | 'REQUEST.EMPTY_JSON'
  | 'REQUEST.UNSUPPORTED_MEDIA_TYPE'
  | 'REQUEST.BODY_TOO_LARGE'
  | 'REQUEST.BAD_URL'
  | 'REQUEST.BAD_CONTENT_LENGTH'
  | 'REQUEST.PARAM_TOO_LONG'
  | 'REQUEST.HEADERS_TOO_LARGE'
  | 'REQUEST.TIMEOUT'
  | 'REQUEST.MALFORMED'
  | 'REQUEST.INVALID'
  | 'ROUTE.NOT_FOUND'
  | 'REQUEST.METHOD_NOT_ALLOWED'
  | 'AUTH.UNAUTHENTICATED'
  | 'AUTH.FORBIDDEN_ROLE'
  | 'PARTNER.UNAUTHENTICATED'
  | 'RATE_LIMIT.EXCEEDED'
  | 'RATE_LIMIT.ACCOUNT_CREATION'
  | 'SERVICE.UNAVAILABLE'
  | 'SERVICE.DATABASE_UNAVAILABLE'
  | 'SERVICE.SHUTTING_DOWN'
  | 'HEALTH.NOT_READY';

export const commonError = errorsOf<CommonErrorCode>();

/**
 * The code and message the validation pipe answers with; services checking what DTOs cannot use it too (after
 * work, so without `beforeWork`: their refusals count toward quotas).
 */
export const validationFailed = (details: FieldError[], options: { beforeWork?: boolean } = {}) =>
  commonError(ErrorKind.BadRequest, 'REQUEST.VALIDATION_FAILED', 'Validation failed', { details, ...options });
