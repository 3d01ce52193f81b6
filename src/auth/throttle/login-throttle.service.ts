import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { AuthError } from '../auth.errors.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';

/**
 * Consecutive failed password logins per identifier, counted whether or not an account exists, so a 423
 * reveals nothing. In the database, so the count is shared by every instance.
 *
 * Every attempt reserves its place in the count before the password is checked, so guesses sent at once
 * cannot all pass a check made before any of them had failed: the attempt that reaches the threshold is the
 * last one checked, and the lock it engages holds for every other.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly throttle: LoginThrottleRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts this attempt as a failure until it is shown otherwise and returns its place in the count.
   * Refused with 423 while locked, and with 429 (retry in a second) while attempts that failed or are still
   * being checked already fill the allowance.
   */
  async reserve(identifier: string): Promise<number> {
    const { AUTH_LOCKOUT_THRESHOLD: threshold } = this.config.env;
    const { failures, wait } = await this.throttle.count(identifier);
    if (wait !== null && wait > 0) throw AuthError.locked(Math.ceil(wait));
    // The allowance is taken by attempts still being checked; whether they lock the account is not known
    // yet, so this one is told to retry rather than that the account is locked.
    if (failures > threshold) throw AuthError.attemptsInFlight();
    return failures;
  }

  /** The reserved attempt failed; returns the lock's seconds when it was the one that reached the threshold. */
  async recordFailure(identifier: string, attempt: number): Promise<number | null> {
    const { AUTH_LOCKOUT_THRESHOLD: threshold, AUTH_LOCKOUT_SECONDS: seconds } = this.config.env;
    if (attempt < threshold) return null;
    await this.throttle.lock(identifier, seconds);
    return seconds;
  }

  /** The password was right: the failures before it no longer count. */
  async clear(identifier: string): Promise<void> {
    await this.throttle.clear(identifier);
  }
}
