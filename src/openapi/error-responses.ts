import { AuthError } from '../auth/auth.errors.js';
import {
  DATABASE_UNAVAILABLE_ANSWER,
  TRANSPORT_ANSWERS,
  UNEXPECTED_ANSWER,
} from '../common/errors/all-exceptions.filter.js';
import { envelope, validationFailed } from '../common/errors/index.js';
import { shuttingDown } from '../common/http/drain.js';
import {
  API_ERRORS_PREFIX,
  documentedError,
  EXAMPLE_REQUEST_ID,
  type DocumentedError,
} from '../common/http/api-errors.decorator.js';
import { RateLimitError } from '../common/rate-limit/rate-limit.errors.js';
import { AccessError } from '../common/security/index.js';
import { PartnerError } from '../partner-auth/partner-auth.errors.js';

export const ERROR_REF = { $ref: '#/components/schemas/ErrorResponseDto' };

interface Answer {
  status: number;
  code: string;
  message: string;
}

const answer = (a: Answer): DocumentedError => ({
  status: a.status,
  body: envelope(a.status, a.code, a.message, EXAMPLE_REQUEST_ID),
});

/** What an operation is, as far as the errors every operation of its kind can answer go. */
export interface OperationTraits {
  security: 'none' | 'bearer' | 'client';
  /** POST, PUT, PATCH, DELETE: Fastify reads a body (and refuses a non-JSON one) whether or not one is documented. */
  readsBody: boolean;
  /** The operation validates a documented body, query or path parameter. */
  validates: boolean;
  hasPathParams: boolean;
  /** The operation reads the database (all but the key set, liveness and metrics). */
  usesDatabase: boolean;
}

/**
 * The errors the shared kernel answers on any operation of a kind, each built by the code that raises it, so
 * status, code and message are the server's: transport (URL, body size, content type, JSON), validation,
 * authentication, the rate limit, the drain, a database outage and the unexpected.
 */
export function commonErrors(op: OperationTraits): DocumentedError[] {
  const errors: DocumentedError[] = [];
  // A path parameter that does not decode is refused by the router once it matched the route.
  if (op.hasPathParams) errors.push(answer(TRANSPORT_ANSWERS.FST_ERR_BAD_URL));
  if (op.validates) errors.push(documentedError(validationFailed([{ field: 'email', message: 'email is required' }])));
  if (op.readsBody) {
    errors.push(
      answer(TRANSPORT_ANSWERS.FST_ERR_CTP_INVALID_JSON_BODY),
      answer(TRANSPORT_ANSWERS.FST_ERR_CTP_BODY_TOO_LARGE),
      answer(TRANSPORT_ANSWERS.FST_ERR_CTP_INVALID_MEDIA_TYPE),
    );
  }
  if (op.hasPathParams) errors.push(answer(TRANSPORT_ANSWERS.FST_ERR_MAX_PARAM_LENGTH));
  if (op.security === 'bearer') {
    errors.push(
      ...[
        AccessError.unauthenticated(),
        AuthError.invalidToken(),
        AuthError.tokenExpired(),
        AuthError.sessionRevoked(),
        AuthError.inactive(),
      ].map(documentedError),
    );
  }
  if (op.security === 'client') {
    errors.push(
      ...[
        PartnerError.missingClient(),
        PartnerError.malformedClient(),
        PartnerError.unknownClient(),
        PartnerError.revokedClient(),
        PartnerError.quotaExceeded(60),
      ].map(documentedError),
    );
  }
  errors.push(documentedError(RateLimitError.exceeded(60)), answer(UNEXPECTED_ANSWER), documentedError(shuttingDown()));
  if (op.usesDatabase) errors.push(answer(DATABASE_UNAVAILABLE_ANSWER));
  return errors;
}

/** The errors `@ApiErrors` put on the operation (removing its extension keys). */
export function takeDeclaredErrors(op: Record<string, unknown>): DocumentedError[] {
  const errors: DocumentedError[] = [];
  for (const key of Object.keys(op)) {
    if (!key.startsWith(API_ERRORS_PREFIX)) continue;
    errors.push(...(op[key] as DocumentedError[]));
    delete op[key];
  }
  return errors;
}

interface ResponseObject {
  description?: string;
  content?: Record<string, { schema?: unknown; examples?: Record<string, unknown> }>;
  headers?: Record<string, unknown>;
}

const RETRY_AFTER = {
  description: 'Seconds to wait before retrying',
  schema: { type: 'integer', minimum: 1 },
};

/**
 * Writes each status's response: the envelope schema and one example per code (the server's own body), its
 * description listing the codes. A status a decorator documented with another body (a health report's 503)
 * keeps it.
 */
export function addErrorResponses(responses: Record<string, ResponseObject>, errors: DocumentedError[]): void {
  const byStatus = new Map<number, DocumentedError[]>();
  for (const e of errors) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e]);
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const key = String(status);
    const existing = responses[key];
    const schema = existing?.content?.['application/json']?.schema as { $ref?: string } | undefined;
    if (schema && schema.$ref !== ERROR_REF.$ref) continue;
    const examples: Record<string, { summary: string; value: unknown }> = {};
    const seen = new Set<string>();
    for (const e of list) {
      if (seen.has(e.body.code)) continue;
      seen.add(e.body.code);
      examples[e.body.code] = { summary: e.body.message, value: e.body };
    }
    const codes = [...seen].map((c) => `\`${c}\``).join(', ');
    const response: ResponseObject = {
      description: existing?.description ? `${existing.description} (${codes})` : codes,
      content: { 'application/json': { schema: ERROR_REF, examples } },
    };
    if (status === 423 || status === 429 || status === 503) response.headers = { 'Retry-After': RETRY_AFTER };
    responses[key] = response;
  }
  // JSON keeps insertion order: success first, then the errors by status.
  const sorted = Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b));
  for (const [k] of sorted) delete responses[k];
  for (const [k, v] of sorted) responses[k] = v;
}
