import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. argon2 runs in libuv's pool, off the event loop. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** Verified against when no account matches, so unknown identifiers take as long as wrong passwords. */
  private dummy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    this.dummy ??= argon2.hash('not-a-real-password-just-timing', OPTIONS);
    const target = hash ?? (await this.dummy);
    try {
      const ok = await argon2.verify(target, password);
      return ok && hash !== null;
    } catch {
      return false;
    }
  }
}
