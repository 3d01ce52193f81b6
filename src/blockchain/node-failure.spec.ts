import { HttpRequestError, RpcRequestError, TimeoutError, UnknownRpcError } from 'viem';
import { CircuitOpenError } from './circuit-breaker.js';
import { DeadlineError } from './deadline.js';
import { isCircuitOpen, isNodeFailure } from './node-failure.js';

describe('isNodeFailure', () => {
  const url = 'http://node.example';

  it('counts an unreachable node, a timeout, a 429/5xx and an open circuit', () => {
    expect(isNodeFailure(new HttpRequestError({ url, details: 'fetch failed' }))).toBe(true);
    expect(isNodeFailure(new HttpRequestError({ url, status: 503 }))).toBe(true);
    expect(isNodeFailure(new HttpRequestError({ url, status: 429 }))).toBe(true);
    expect(isNodeFailure(new TimeoutError({ body: {}, url }))).toBe(true);
    expect(isNodeFailure(new DeadlineError('eth_call', 3000))).toBe(true);
    expect(isNodeFailure(new CircuitOpenError(1000))).toBe(true);
  });

  it('looks through the errors viem wraps around them', () => {
    const wrapped = new UnknownRpcError(new DeadlineError('eth_call', 3000));
    expect(isNodeFailure(wrapped)).toBe(true);
    expect(isCircuitOpen(new UnknownRpcError(new CircuitOpenError(5)))).toBe(true);
    expect(isCircuitOpen(wrapped)).toBe(false);
  });

  it('does not count answers of a live node: JSON-RPC errors and bad requests', () => {
    const reverted = new RpcRequestError({ body: {}, url, error: { code: 3, message: 'execution reverted' } });
    expect(isNodeFailure(reverted)).toBe(false);
    expect(isNodeFailure(new UnknownRpcError(reverted))).toBe(false);
    expect(isNodeFailure(new HttpRequestError({ url, status: 400 }))).toBe(false);
    expect(isNodeFailure(new Error('something else'))).toBe(false);
  });
});
