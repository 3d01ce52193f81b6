import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { ROOT_LOGGER } from '../../common/logging/logger.js';
import { MetricsRegistry } from '../../common/metrics/metrics.registry.js';
import { Broadcast, BROADCAST_STALE_MS } from '../../common/redis/broadcast.js';
import type { Role } from '../../common/security/index.js';
import { AppConfig } from '../../config/index.js';

/** What the session check learned: enough to let a request in without asking the database again. */
export interface LiveSession {
  userId: string;
  role: Role;
  status: string;
  /** The session's own end (epoch ms): an entry never outlives it. */
  expiresAt: number;
}

interface Entry extends LiveSession {
  storedAt: number;
  /** The broadcast's epoch when it was stored: under another one it may have missed a revocation. */
  epoch: number;
}

/** What a check noted before asking the database (LiveSessions.mark). */
export interface CheckMark {
  heard: number;
  epoch: number;
}

/** Revocations, as every instance hears them: one session, or every session of a user (and their role). */
type Revocation = { session: string } | { user: string };

const CHANNEL = 'blockscore:sessions:revoked';
/** Revocations remembered for checks in flight: more arrive during one check only under a revocation storm. */
const HEARD_KEPT = 1024;
/** About 20 MB at most; the oldest go first. */
const MAX_ENTRIES = 100_000;

/**
 * Live sessions this instance checked recently, so that a request does not cost a database round trip to learn
 * that its session is still live.
 *
 * The guarantee (README, "Sessions"): a logout, password change or reset, suspension, role change or refresh-token
 * reuse on any instance drops the entry on every instance through the broadcast (Redis pub/sub, or in-process
 * alone). The instance that revoked answers once Redis has taken the message (the others hear it as Redis delivers
 * it), or, when Redis did not take it, once every instance also cut off from Redis has stopped trusting its cache.
 * An entry is trusted only while the broadcast is provably current (Broadcast.current) and under the epoch
 * it was stored in, and never longer than SESSION_CACHE_TTL_MS: the bound for the one case the broadcast cannot
 * cover, a revoking instance cut off from Redis while the others are not.
 */
@Injectable()
export class LiveSessions {
  private readonly logger: Logger;
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  /**
   * The latest revocations heard, numbered: a check that started before one that concerns its session or user
   * must not store what it read (it may have read the row just before the revocation was committed).
   */
  private readonly heard: Array<Revocation | null> = [];
  private heardCount = 0;
  private readonly lookups: Counter<'result'>;

  constructor(
    private readonly config: AppConfig,
    private readonly broadcast: Broadcast,
    metrics: MetricsRegistry,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ module: 'sessions' });
    broadcast.on(CHANNEL, (message) => this.drop(parse(message)));
    this.lookups = new Counter({
      name: 'session_cache_lookups_total',
      help:
        "Session checks by outcome: hit (answered from this instance's cache), miss (asked the database), " +
        'bypass (the revocation broadcast was not provably current, so the database was asked)',
      labelNames: ['result'],
      registers: [metrics.registry],
    });
  }

  private get ttlMs(): number {
    return this.config.env.SESSION_CACHE_TTL_MS;
  }

  /** The cached session, if it may be trusted now; null sends the caller to the database. */
  async get(sessionId: string, userId: string): Promise<LiveSession | null> {
    if (!this.ttlMs) return null;
    if (!this.broadcast.current) {
      this.clear();
      this.lookups.inc({ result: 'bypass' });
      return null;
    }
    if (!this.entries.has(sessionId)) {
      this.lookups.inc({ result: 'miss' });
      return null;
    }
    await this.broadcast.settle();
    const entry = this.entries.get(sessionId);
    const now = Date.now();
    const trusted =
      entry &&
      this.broadcast.current &&
      entry.epoch === this.broadcast.epoch &&
      entry.userId === userId &&
      now - entry.storedAt <= this.ttlMs &&
      entry.expiresAt > now;
    if (!trusted) {
      if (entry) this.remove(sessionId, entry.userId);
      this.lookups.inc({ result: 'miss' });
      return null;
    }
    this.lookups.inc({ result: 'hit' });
    return entry;
  }

  /**
   * Taken before the database is asked. `remember` stores only if no revocation of it was heard in between, and
   * the broadcast's epoch did not change meanwhile (a revocation during a reconnect would not have been heard).
   */
  mark(): CheckMark {
    return { heard: this.heardCount, epoch: this.broadcast.epoch };
  }

  remember(mark: CheckMark, sessionId: string, session: LiveSession): void {
    if (!this.ttlMs || !this.broadcast.current || mark.epoch !== this.broadcast.epoch) return;
    if (this.revokedSince(mark.heard, sessionId, session.userId)) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.remove(oldest, entry.userId);
    }
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { ...session, storedAt: Date.now(), epoch: mark.epoch });
    const sessions = this.byUser.get(session.userId) ?? new Set<string>();
    sessions.add(sessionId);
    this.byUser.set(session.userId, sessions);
  }

  /** After the revocation is committed: drops it here at once and tells every other instance. */
  sessionRevoked(sessionId: string): Promise<void> {
    return this.announce({ session: sessionId });
  }

  /** After the change is committed: every session of the user (revoked, or carrying an old role or status). */
  userChanged(userId: string): Promise<void> {
    return this.announce({ user: userId });
  }

  private async announce(revocation: Revocation): Promise<void> {
    const started = Date.now();
    if (await this.broadcast.publish(CHANNEL, JSON.stringify(revocation))) return;
    // Redis did not take it. Instances cut off from Redis too stop trusting their caches within
    // BROADCAST_STALE_MS, so the caller's answer waits that long; ones still connected keep their entry until
    // SESSION_CACHE_TTL_MS at most, and the retries below shorten that if Redis comes back sooner.
    this.logger.warn({ revocation }, 'revocation not broadcast (Redis unavailable); retrying');
    void this.retry(revocation, started);
    const wait = BROADCAST_STALE_MS - (Date.now() - started);
    if (wait > 0) await sleep(wait);
  }

  private async retry(revocation: Revocation, started: number): Promise<void> {
    while (Date.now() - started < this.ttlMs) {
      await sleep(BROADCAST_STALE_MS / 2, undefined, { ref: false });
      if (await this.broadcast.publish(CHANNEL, JSON.stringify(revocation))) return;
    }
  }

  private revokedSince(mark: number, sessionId: string, userId: string): boolean {
    // Older than what is kept: it cannot be told, so it counts as revoked.
    if (this.heardCount - mark > this.heard.length) return true;
    return this.heard
      .slice(this.heard.length - (this.heardCount - mark))
      .some((r) => !r || ('session' in r ? r.session === sessionId : r.user === userId));
  }

  private drop(revocation: Revocation | null): void {
    this.heard.push(revocation);
    if (this.heard.length > HEARD_KEPT) this.heard.shift();
    this.heardCount++;
    if (!revocation) return this.clear();
    if ('session' in revocation) {
      const entry = this.entries.get(revocation.session);
      if (entry) this.remove(revocation.session, entry.userId);
      return;
    }
    for (const sessionId of this.byUser.get(revocation.user) ?? []) this.entries.delete(sessionId);
    this.byUser.delete(revocation.user);
  }

  private remove(sessionId: string, userId: string): void {
    this.entries.delete(sessionId);
    const sessions = this.byUser.get(userId);
    sessions?.delete(sessionId);
    if (sessions && !sessions.size) this.byUser.delete(userId);
  }

  private clear(): void {
    this.entries.clear();
    this.byUser.clear();
  }
}

/** Another instance's message; anything unreadable drops everything (never trust what could not be read). */
function parse(message: string): Revocation | null {
  try {
    const value = JSON.parse(message) as Record<string, unknown>;
    if (typeof value.session === 'string') return { session: value.session };
    if (typeof value.user === 'string') return { user: value.user };
  } catch {
    // falls through
  }
  return null;
}
