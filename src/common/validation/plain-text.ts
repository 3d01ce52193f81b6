import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Characters that make text lie about itself when a partner or an underwriter reads it: control characters,
 * bidirectional overrides and invisible format characters (zero-width spaces, soft hyphens, BOM), line and
 * paragraph separators, unpaired surrogates and private-use characters. Zero-width (non-)joiners stay: several
 * scripts and emoji need them, as do the tag characters of subdivision flags.
 */
const HIDDEN = /[\p{Cc}\p{Cs}\p{Co}\p{Zl}\p{Zp}]|(?!\u200C|\u200D|[\u{E0020}-\u{E007F}])\p{Cf}/u;
/** Line breaks and tabs, allowed in multi-line text only. */
const LAYOUT = /[\n\r\t]/g;

export interface PlainTextOptions {
  /** Bios and reviews: line breaks and tabs are allowed. */
  multiline?: boolean;
}

export function isPlainText(value: unknown, options: PlainTextOptions = {}): boolean {
  if (typeof value !== 'string') return false;
  return !HIDDEN.test(options.multiline ? value.replace(LAYOUT, '') : value);
}

/** Printable text; on one line unless `multiline`. */
export const IsPlainText = (options: PlainTextOptions = {}, validation?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPlainText',
      validator: {
        validate: (value) => isPlainText(value, options),
        defaultMessage: (args) =>
          `${args?.property} must be printable text` +
          (options.multiline
            ? ' (no control, invisible or bidirectional-override characters)'
            : ' on one line (no line breaks, control, invisible or bidirectional-override characters)'),
      },
    },
    validation,
  );

/** Not empty once spaces are trimmed: a name of spaces is no name. */
export const IsNotBlank = (validation?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value) => typeof value === 'string' && value.trim() !== '',
        defaultMessage: (args) => `${args?.property} must not be blank`,
      },
    },
    validation,
  );

/** A person's or a place's name: printable, on one line, not blank, with at least one letter. */
export const IsName = (validation?: ValidationOptions): PropertyDecorator => {
  const decorators = [
    IsPlainText({}, validation),
    IsNotBlank(validation),
    ValidateBy(
      {
        name: 'hasLetter',
        validator: {
          validate: (value) => typeof value === 'string' && /\p{L}/u.test(value),
          defaultMessage: (args) => `${args?.property} must contain a letter`,
        },
      },
      validation,
    ),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
};
