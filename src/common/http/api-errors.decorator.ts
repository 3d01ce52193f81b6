import { ApiExtension } from '@nestjs/swagger';
import { httpStatusOf } from '../errors/all-exceptions.filter.js';
import type { DomainError } from '../errors/domain-error.js';
import { envelope, type ErrorEnvelope } from '../errors/error-envelope.js';

/** The extension keys ApiErrors writes; the document builder turns them into responses and removes them. */
export const API_ERRORS_PREFIX = 'x-api-errors-';

/** One documented error: its status and the envelope the server answers with. */
export interface DocumentedError {
  status: number;
  body: ErrorEnvelope;
}

/** A request id of the kind the server generates, for examples. */
export const EXAMPLE_REQUEST_ID = '5f1c9a2e';

export const documentedError = (error: DomainError): DocumentedError => {
  const status = httpStatusOf(error);
  return { status, body: envelope(status, error.code, error.message, EXAMPLE_REQUEST_ID, error.details) };
};

// Each use gets its own extension key: ApiExtension keeps the first value of a key, and a route may carry
// errors from its controller (@Roles), from a shared decorator and from its own list.
let uses = 0;

/**
 * The domain errors a route (or every route of a controller) can answer with, built by the module's own error
 * constructors so the documented status, code and message are the ones the server sends:
 * `@ApiErrors(LoansError.notFound(), LoansError.wrongState('repaid', 'cancelled'))`.
 * src/openapi groups them by status into responses with one example per code.
 */
export function ApiErrors(...errors: DomainError[]): MethodDecorator & ClassDecorator {
  return ApiExtension(`${API_ERRORS_PREFIX}${++uses}`, errors.map(documentedError)) as MethodDecorator & ClassDecorator;
}
