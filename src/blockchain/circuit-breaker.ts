export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit rejects everything before it lets one trial call through. */
  cooldownMs: number;
  /** Called on every transition, for logs. */
  onStateChange?: (state: CircuitState) => void;
  now?: () => number;
}

/** Thrown instead of calling a dependency the breaker has given up on. */
export class CircuitOpenError extends Error {
  constructor(readonly retryInMs: number) {
    super(`circuit open; next trial in ${retryInMs} ms`);
    this.name = 'CircuitOpenError';
  }
}

/**
 * Keeps a dead dependency from costing every caller a timeout. After `failureThreshold` consecutive failures
 * the circuit opens and calls fail at once; after `cooldownMs` exactly one trial call goes through
 * (half-open): its success closes the circuit, its failure opens it for another cool-down.
 *
 * Only errors `isFailure` accepts count: a node that answers "execution reverted" is alive and well.
 */
export class CircuitBreaker {
  private failures = 0;
  private opened: number | null = null;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.opened === null) return 'closed';
    return this.now() - this.opened >= this.options.cooldownMs ? 'half-open' : 'open';
  }

  async execute<T>(call: () => Promise<T>, isFailure: (err: unknown) => boolean = () => true): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      throw new CircuitOpenError(Math.max(0, this.options.cooldownMs - (this.now() - (this.opened ?? 0))));
    }
    const trial = state === 'half-open';
    if (trial) this.trialInFlight = true;
    try {
      const result = await call();
      this.succeeded();
      return result;
    } catch (err) {
      if (isFailure(err)) this.failed(trial);
      else this.succeeded();
      throw err;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }

  private succeeded(): void {
    this.failures = 0;
    if (this.opened !== null) {
      this.opened = null;
      this.options.onStateChange?.('closed');
    }
  }

  private failed(trial: boolean): void {
    this.failures += 1;
    if (trial) {
      this.opened = this.now();
      this.options.onStateChange?.('open');
    } else if (this.opened === null && this.failures >= this.options.failureThreshold) {
      this.opened = this.now();
      this.options.onStateChange?.('open');
    }
  }
}
