/** What went wrong, independent of transport; the one exception filter maps it to an HTTP status. */
export enum ErrorKind {
  BadRequest = 'BadRequest',
  Unauthorized = 'Unauthorized',
  Forbidden = 'Forbidden',
  NotFound = 'NotFound',
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
}

/**
 * Services throw these. `code` is stable and machine-readable (`AUTH.INVALID_CREDENTIALS`); `message` is
 * for people and must never carry secrets or internals.
 */
export class DomainError extends Error {
  readonly details?: FieldError[];
  readonly retryAfter?: number;
  readonly rateLimit?: DomainErrorOptions['rateLimit'];

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.details = options.details;
    this.retryAfter = options.retryAfter;
    this.rateLimit = options.rateLimit;
  }
}

export const badRequest = (code: string, message: string, details?: FieldError[]) =>
  new DomainError(ErrorKind.BadRequest, code, message, { details });
/** The code and message the validation pipe answers with; services checking what DTOs cannot use it too. */
export const validationFailed = (details: FieldError[]) =>
  badRequest('REQUEST.VALIDATION_FAILED', 'Validation failed', details);
export const unauthorized = (code: string, message: string) => new DomainError(ErrorKind.Unauthorized, code, message);
export const forbidden = (code: string, message: string) => new DomainError(ErrorKind.Forbidden, code, message);
export const conflict = (code: string, message: string) => new DomainError(ErrorKind.Conflict, code, message);
export const notFound = (code: string, message: string) => new DomainError(ErrorKind.NotFound, code, message);
