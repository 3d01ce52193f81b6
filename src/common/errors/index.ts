export * from './domain-error.js';
export { envelope, labelFor, type ErrorEnvelope } from './error-envelope.js';
export { AllExceptionsFilter, httpStatusOf, refusedBeforeWork, replyWithError } from './all-exceptions.filter.js';
