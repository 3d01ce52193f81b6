import { randomBytes } from 'node:crypto';
import type { PipeTransform } from '@nestjs/common';

/**
 * An opaque, unguessable id with a type prefix (`cs_`, `ch_`, `la_`, DESIGN §2): 80 random bits, so ids
 * reveal neither counts nor order and cannot be enumerated.
 */
export function prefixedId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}

/** Whether `value` has the shape prefixedId(prefix) gives: the prefix, `_`, 20 lower-case hex digits. */
export function isPrefixedId(prefix: string, value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length === prefix.length + 21 &&
    value.startsWith(`${prefix}_`) &&
    /^[0-9a-f]{20}$/.test(value.slice(prefix.length + 1))
  );
}

/**
 * Refuses a path id that cannot be one of ours before it reaches the database (as "not found", since no
 * such record exists): a NUL or invalid text in a query parameter is a PostgreSQL error, not an answer.
 */
export class ParsePrefixedIdPipe implements PipeTransform<string, string> {
  constructor(
    private readonly prefix: string,
    private readonly notFound: () => Error,
  ) {}

  transform(value: string): string {
    if (!isPrefixedId(this.prefix, value)) throw this.notFound();
    return value;
  }
}
