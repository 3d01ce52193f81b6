import { randomUUID } from 'node:crypto';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginThrottle } from '../../src/auth/entities/login-throttle.entity.js';
import { LoginThrottleRepository } from '../../src/auth/throttle/login-throttle.repository.js';
import { LoginThrottleService } from '../../src/auth/throttle/login-throttle.service.js';
import { startMedium, type Medium } from './support/medium-module.js';

/** The login lockout on a real database: counting, locking, clearing, and guesses sent at once. */
describe('LoginThrottleService', () => {
  let medium: Medium;
  let throttle: LoginThrottleService;

  beforeAll(async () => {
    medium = await startMedium({
      imports: [TypeOrmModule.forFeature([LoginThrottle])],
      providers: [LoginThrottleRepository, LoginThrottleService],
      env: { AUTH_LOCKOUT_THRESHOLD: '3', AUTH_LOCKOUT_SECONDS: '600' },
    });
    throttle = medium.get(LoginThrottleService);
  });
  afterAll(() => medium?.close());

  const identifier = () => `${randomUUID()}@example.com`;
  const code = (err: unknown) => (err as { code?: string }).code;

  async function fail(id: string): Promise<number | null> {
    const attempt = await throttle.reserve(id);
    return throttle.recordFailure(id, attempt);
  }

  it('locks on the threshold-th consecutive failure, and refuses while locked, saying for how long', async () => {
    const id = identifier();
    expect(await fail(id)).toBeNull();
    expect(await fail(id)).toBeNull();
    expect(await fail(id)).toBe(600);
    const err = await throttle.reserve(id).catch((e: unknown) => e);
    expect(code(err)).toBe('AUTH.LOCKED');
    expect((err as { retryAfter?: number }).retryAfter).toBeGreaterThan(590);
  });

  it('forgets failures once a password is right', async () => {
    const id = identifier();
    await fail(id);
    await fail(id);
    await throttle.clear(id);
    expect(await fail(id)).toBeNull();
    expect(await fail(id)).toBeNull();
  });

  it('counts each identifier apart', async () => {
    const [a, b] = [identifier(), identifier()];
    await fail(a);
    await fail(a);
    expect(await fail(b)).toBeNull();
    expect(await fail(a)).toBe(600);
  });

  it('lets no more guesses sent at once be checked than the threshold allows', async () => {
    const id = identifier();
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => throttle.reserve(id)));
    const reserved = outcomes.filter((o) => o.status === 'fulfilled');
    expect(reserved).toHaveLength(3);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.map((o) => code(o.reason))).toEqual(Array(7).fill('AUTH.ATTEMPTS_IN_PROGRESS'));
  });

  it('releases the lock once its time is over', async () => {
    const id = identifier();
    for (let i = 0; i < 3; i++) await fail(id);
    await medium.db.query(
      `UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE identifier = $1`,
      [id],
    );
    expect(await throttle.reserve(id)).toBe(1);
  });
});
