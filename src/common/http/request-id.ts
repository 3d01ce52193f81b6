import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SANE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

// One randomBytes call per 2,048 ids rather than one per request: a synchronous call into the OS RNG is
// measurable at thousands of requests per second, and request ids need uniqueness, not secrecy.
const POOL_IDS = 2048;
let pool = Buffer.alloc(0);
let offset = 0;

/** A fresh id, for answers written before a request exists (see client-error.ts). */
export function newRequestId(): string {
  if (offset >= pool.length) {
    pool = randomBytes(4 * POOL_IDS);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + 4);
  offset += 4;
  return id;
}

/** Honours a sane incoming X-Request-Id (so traces join up across services), else 8 hex chars. */
export function genRequestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && SANE.test(incoming)) return incoming;
  return newRequestId();
}
