import { types } from 'node:util';

const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const NET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * `instanceof Error` misses errors made in another realm, e.g. a socket error Node's own `net` raises when the
 * app runs inside a VM context (Jest); such a database failure would then leave as a 500 instead of a 503.
 */
export function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/** The database could not be reached (down, restarting, not connected yet), as opposed to a query it refused. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!isError(err)) return false;
  const e = err as Error & { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  if (code && (PG_UNAVAILABLE.has(code) || NET_UNAVAILABLE.has(code))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly|Query read timeout|DataSource is not initialized|Driver not Connected|the database pool is not open yet|cannot use a pool after calling end/i.test(
    e.message,
  );
}
