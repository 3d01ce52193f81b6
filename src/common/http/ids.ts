import { randomBytes } from 'node:crypto';

/**
 * An opaque, unguessable id with a type prefix (`cs_`, `ch_`, `la_`, DESIGN §2): 80 random bits, so ids
 * reveal neither counts nor order and cannot be enumerated.
 */
export function prefixedId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}
