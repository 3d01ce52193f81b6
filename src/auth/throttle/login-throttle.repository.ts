import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { LoginThrottle } from '../entities/login-throttle.entity.js';

/** An attempt's place in an identifier's count, and the seconds its lock still holds (null or ≤ 0: none). */
export interface ThrottleCount {
  failures: number;
  wait: number | null;
}

/** The login_throttle table. Locks run on the database's clock, so every instance agrees on them. */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectRepository(LoginThrottle) private readonly throttle: Repository<LoginThrottle>) {}

  /**
   * Counts one more attempt unless the identifier is locked. The count is one conditional UPDATE … RETURNING,
   * so attempts sent at once each get their own place; an identifier without a row gets one inserted with
   * the first place, ON CONFLICT DO NOTHING, and an attempt that loses that insert to another (or finds the
   * row deleted by a right password in between) counts again on the row that is there now.
   */
  async count(identifier: string): Promise<ThrottleCount> {
    for (;;) {
      const counted = await this.throttle
        .createQueryBuilder()
        .update()
        .set({
          failures: () => 'CASE WHEN locked_until > now() THEN failures ELSE failures + 1 END',
          updatedAt: () => 'now()',
        })
        .where({ identifier })
        .returning('failures, EXTRACT(EPOCH FROM (locked_until - now()))::float AS wait')
        .execute();
      const [row] = counted.raw as ThrottleCount[];
      if (row) return row;
      const inserted = await this.throttle
        .createQueryBuilder()
        .insert()
        .values({ identifier, failures: 1, updatedAt: () => 'now()' })
        .orIgnore()
        .returning(['failures'])
        .updateEntity(false)
        .execute();
      const [first] = inserted.raw as Array<{ failures: number }>;
      if (first) return { failures: first.failures, wait: null };
    }
  }

  async lock(identifier: string, seconds: number): Promise<void> {
    await this.throttle
      .createQueryBuilder()
      .update()
      .set({ failures: 0, lockedUntil: () => 'now() + make_interval(secs => :seconds)', updatedAt: () => 'now()' })
      .where({ identifier })
      .setParameter('seconds', seconds)
      .execute();
  }

  async clear(identifier: string): Promise<void> {
    await this.throttle.delete({ identifier });
  }
}
