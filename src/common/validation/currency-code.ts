import { ValidateBy, type ValidationOptions } from 'class-validator';

/** The ISO 4217 currencies the runtime's ICU knows (about 160 in circulation); unknown codes mean nothing. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && CURRENCIES.has(value);
}

export const IsCurrencyCode = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCurrencyCode',
      validator: {
        validate: isCurrencyCode,
        defaultMessage: (args) => `${args?.property} must be an ISO 4217 currency code in upper case, such as USD`,
      },
    },
    options,
  );
