import { availableParallelism } from 'node:os';
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. argon2 runs in libuv's pool, off the event loop. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/**
 * At most one hash per core: libuv's pool has 4 threads, and on a small machine 4 concurrent argon2 runs only
 * fight each other (and the event loop) for the same cores without finishing any sooner.
 */
class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

@Injectable()
export class PasswordHasher {
  private readonly slots = new Semaphore(Math.max(1, availableParallelism()));

  /** Verified against when no account matches, so unknown identifiers take as long as wrong passwords. */
  private dummy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return this.slots.run(() => argon2.hash(password, OPTIONS));
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    this.dummy ??= argon2.hash('not-a-real-password-just-timing', OPTIONS);
    const target = hash ?? (await this.dummy);
    try {
      const ok = await this.slots.run(() => argon2.verify(target, password));
      return ok && hash !== null;
    } catch {
      return false;
    }
  }
}
