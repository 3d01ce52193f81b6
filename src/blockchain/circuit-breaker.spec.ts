import { CircuitBreaker, CircuitOpenError, type CircuitState } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  let now = 0;
  let transitions: CircuitState[] = [];
  const breaker = () => {
    now = 1_000;
    transitions = [];
    return new CircuitBreaker({
      failureThreshold: 3,
      cooldownMs: 10_000,
      now: () => now,
      onStateChange: (s) => transitions.push(s),
    });
  };
  const fail = () => Promise.reject(new Error('ECONNREFUSED'));
  const ok = () => Promise.resolve('ok');
  /** A call that records whether the breaker let it through. */
  const spy = () => {
    const call = Object.assign(() => ((call.calls += 1), ok()), { calls: 0 });
    return call;
  };

  it('stays closed below the threshold and resets the count on a success', async () => {
    const b = breaker();
    await expect(b.execute(fail)).rejects.toThrow('ECONNREFUSED');
    await expect(b.execute(fail)).rejects.toThrow('ECONNREFUSED');
    await expect(b.execute(ok)).resolves.toBe('ok');
    await expect(b.execute(fail)).rejects.toThrow('ECONNREFUSED');
    await expect(b.execute(fail)).rejects.toThrow('ECONNREFUSED');
    expect(b.state).toBe('closed');
  });

  it('opens after the threshold of consecutive failures and then rejects without calling', async () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) await expect(b.execute(fail)).rejects.toThrow('ECONNREFUSED');
    expect(b.state).toBe('open');
    expect(transitions).toEqual(['open']);
    const call = spy();
    await expect(b.execute(call)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(call.calls).toBe(0);
  });

  it('lets exactly one trial through after the cool-down and closes on its success', async () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) await expect(b.execute(fail)).rejects.toThrow();
    now += 10_000;
    expect(b.state).toBe('half-open');

    let release!: (v: string) => void;
    const trial = b.execute(() => new Promise<string>((resolve) => (release = resolve)));
    const other = spy();
    await expect(b.execute(other)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(other.calls).toBe(0);

    release('back');
    await expect(trial).resolves.toBe('back');
    expect(b.state).toBe('closed');
    expect(transitions).toEqual(['open', 'closed']);
    await expect(b.execute(ok)).resolves.toBe('ok');
  });

  it('re-opens for a full cool-down when the trial fails', async () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) await expect(b.execute(fail)).rejects.toThrow();
    now += 10_000;
    await expect(b.execute(fail)).rejects.toThrow('ECONNREFUSED');
    expect(b.state).toBe('open');
    now += 9_999;
    expect(b.state).toBe('open');
    now += 1;
    expect(b.state).toBe('half-open');
  });

  it('does not count errors the caller says are not failures of the dependency', async () => {
    const b = breaker();
    const reverted = () => Promise.reject(new Error('execution reverted'));
    const isFailure = (err: unknown) => !(err as Error).message.includes('reverted');
    for (let i = 0; i < 5; i++) await expect(b.execute(reverted, isFailure)).rejects.toThrow('reverted');
    expect(b.state).toBe('closed');
  });

  it('tells how long until the next trial', async () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) await expect(b.execute(fail)).rejects.toThrow();
    now += 4_000;
    await expect(b.execute(ok)).rejects.toMatchObject({ retryInMs: 6_000 });
  });
});
