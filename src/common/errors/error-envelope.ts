import { ErrorKind, type FieldError } from './domain-error.js';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  [ErrorKind.BadRequest]: 400,
  [ErrorKind.Unauthorized]: 401,
  [ErrorKind.Forbidden]: 403,
  [ErrorKind.NotFound]: 404,
  [ErrorKind.MethodNotAllowed]: 405,
  [ErrorKind.Conflict]: 409,
  [ErrorKind.PayloadTooLarge]: 413,
  [ErrorKind.UnsupportedMediaType]: 415,
  [ErrorKind.Unprocessable]: 422,
  [ErrorKind.Locked]: 423,
  [ErrorKind.RateLimited]: 429,
  [ErrorKind.Unavailable]: 503,
};

/** The seed's `error` labels. */
const LABELS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  423: 'Locked',
  429: 'Rate Limit Exceeded',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function labelFor(status: number): string {
  return LABELS[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
}

export interface ErrorEnvelope {
  success: false;
  error: string;
  code: string;
  message: string;
  request_id: string;
  details?: FieldError[];
}

export function envelope(
  status: number,
  code: string,
  message: string,
  requestId: string,
  details?: FieldError[],
): ErrorEnvelope {
  const body: ErrorEnvelope = { success: false, error: labelFor(status), code, message, request_id: requestId };
  if (details?.length) body.details = details;
  return body;
}
