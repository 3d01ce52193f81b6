import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * Optional, but not nullable: an absent field skips its rules, `null` is checked like any other value (and
 * refused by its type rule). class-validator's IsOptional treats null as absent, so a field documented as a
 * string could reach a handler as null and be stored, or read (`.trim()`), as one.
 */
export const IsOptionalNotNull = (options?: ValidationOptions): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined, options);
