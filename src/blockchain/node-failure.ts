import { HttpRequestError, TimeoutError } from 'viem';
import { CircuitOpenError } from './circuit-breaker.js';
import { DeadlineError } from './deadline.js';

/** HTTP statuses that describe the request rather than the node (the node answered, it is alive). */
const REQUEST_FAULTS = new Set([400, 413]);

const isTransportFault = (e: unknown) =>
  e instanceof DeadlineError ||
  e instanceof CircuitOpenError ||
  e instanceof TimeoutError ||
  (e instanceof HttpRequestError && !REQUEST_FAULTS.has(e.status ?? 0));

/**
 * Whether an error means the node could not be reached or did not answer in time. Only these count against
 * the circuit breaker and turn a wallet read into `available: false`; a JSON-RPC error (a revert, a refused
 * historical block, a log range too wide) comes from a live node and is handled where it happens.
 */
export function isNodeFailure(err: unknown): boolean {
  return hasCause(err, isTransportFault);
}

/** The read was refused by an open circuit rather than tried. */
export function isCircuitOpen(err: unknown): boolean {
  return hasCause(err, (e) => e instanceof CircuitOpenError);
}

/** viem wraps errors several levels deep (contract call → call → RPC request); look through the chain. */
function hasCause(err: unknown, test: (e: unknown) => boolean): boolean {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 10; depth++) {
    if (test(e)) return true;
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return false;
}

/** viem's one-line summary of an error, for logs: the full message carries the request and the RPC URL, which may hold an API key. */
export function shortMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'shortMessage' in err && typeof err.shortMessage === 'string')
    return err.shortMessage;
  return err instanceof Error ? err.message : String(err);
}
