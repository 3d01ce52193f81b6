import { custom, http, type Chain, type CustomTransport, type EIP1193RequestFn } from 'viem';
import type { CircuitBreaker } from './circuit-breaker.js';
import { withDeadline } from './deadline.js';
import { isNodeFailure } from './node-failure.js';

export interface GuardOptions {
  timeoutMs: number;
  retries: number;
  breaker: CircuitBreaker;
}

/**
 * viem's HTTP transport (per-attempt timeout, retries with back-off) behind a circuit breaker and one overall
 * deadline. Every action of a client built on it — reads, multicall, ENS, signature checks — is guarded the
 * same way, and a request never takes longer than `timeoutMs` however many retries it makes.
 */
export function guardedTransport(chain: Chain, rpcUrl: string | undefined, options: GuardOptions): CustomTransport {
  const inner = http(rpcUrl, { timeout: options.timeoutMs, retryCount: options.retries, retryDelay: 100 })({ chain });
  const request = inner.request as EIP1193RequestFn;
  return custom(
    {
      request: ({ method, params }: { method: string; params?: unknown }) =>
        options.breaker.execute(
          () => withDeadline(request({ method, params } as never), options.timeoutMs, method),
          isNodeFailure,
        ),
    },
    // Retries happen inside the breaker (in the HTTP transport), so one logical request is one breaker outcome.
    { retryCount: 0 },
  );
}
