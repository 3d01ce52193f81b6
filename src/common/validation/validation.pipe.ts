import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { validationFailed, type FieldError } from '../errors/index.js';

/**
 * Flattens class-validator's tree into `details: [{field, message}]`, one entry per broken rule. A required field
 * that was not sent breaks every rule it has ("must be shorter than or equal to 254 characters", "must be an
 * email"); it gets one message that says what happened instead: "<field> is required".
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const missing = e.value === undefined && e.constraints && !('whitelistValidation' in e.constraints);
    if (missing) out.push({ field, message: `${field} is required` });
    else for (const message of Object.values(e.constraints ?? {})) out.push({ field, message });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * Strict by default: unknown fields are refused (mass assignment cannot sneak a `role` in), types are not
 * coerced from JSON, and every failure answers 400 in the envelope with `details`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The value is read only to tell a missing field from a wrong one; it never reaches a response or a log.
    validationError: { target: false, value: true },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors).map((d) =>
        d.message.startsWith('property ') && d.message.endsWith(' should not exist')
          ? { field: d.field, message: `${d.field} is not an accepted field` }
          : d,
      );
      // Refused before the handler ran: no quota counts it (free-answers.ts).
      return validationFailed(details, { beforeWork: true });
    },
  });
}
