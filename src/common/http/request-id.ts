import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SANE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Honours a sane incoming X-Request-Id (so traces join up across services), else 8 hex chars. */
export function genRequestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && SANE.test(incoming)) return incoming;
  return randomBytes(4).toString('hex');
}
