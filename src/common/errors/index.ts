export * from './domain-error.js';
export { envelope, labelFor, type ErrorEnvelope } from './error-envelope.js';
export { AllExceptionsFilter, sendError, classifyError } from './all-exceptions.filter.js';
