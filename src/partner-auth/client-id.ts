import { createHash, randomBytes } from 'node:crypto';

/** A recognisable prefix, so a leaked id is easy to spot in logs and by secret scanners. */
export const CLIENT_ID_PREFIX = 'credo_';
const CLIENT_ID = /^credo_[A-Za-z0-9_-]{43}$/;
const HEADER = /^client[ \t]+(\S+)[ \t]*$/i;

/** 32 random bytes: far too many to guess, so a plain SHA-256 is enough to store it (no slow hash needed). */
export function newClientId(): string {
  return CLIENT_ID_PREFIX + randomBytes(32).toString('base64url');
}

export function hashClientId(clientId: string): string {
  return createHash('sha256').update(clientId).digest('hex');
}

/** Enough of the id for an admin to tell clients apart, far too little to use. */
export function clientIdHint(clientId: string): string {
  return `${clientId.slice(0, CLIENT_ID_PREFIX.length + 4)}…`;
}

export type ParsedAuthorization = { kind: 'missing' } | { kind: 'malformed' } | { kind: 'client'; clientId: string };

export function parseAuthorization(header: string | string[] | undefined): ParsedAuthorization {
  if (header === undefined || header === '') return { kind: 'missing' };
  if (typeof header !== 'string') return { kind: 'malformed' };
  const id = HEADER.exec(header.trim())?.[1];
  if (!id) return /^client\b/i.test(header.trim()) ? { kind: 'malformed' } : { kind: 'missing' };
  return CLIENT_ID.test(id) ? { kind: 'client', clientId: id } : { kind: 'malformed' };
}
