import { randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisHolder } from './redis-holder.js';

/**
 * How long this instance may go without proof that its subscription is current before it stops trusting what it
 * learned from it. Proof is a PING answered on the subscriber connection: Redis answers in order, so every
 * message published before the PING was processed reached us before its answer.
 */
export const BROADCAST_STALE_MS = 1000;
const PING_EVERY_MS = BROADCAST_STALE_MS / 5;

export type BroadcastHandler = (message: string) => void;

/**
 * Messages every instance hears: Redis pub/sub when REDIS_URL is set, in-process otherwise (one instance alone).
 *
 * What a listener may rely on is `current`: while it is true, every message published anywhere until
 * BROADCAST_STALE_MS ago has been delivered here. `epoch` changes whenever that may have stopped holding (the
 * subscriber connection dropped, or went quiet for longer than BROADCAST_STALE_MS), so anything derived under an
 * earlier epoch may have missed a message and must not be trusted.
 */
@Injectable()
export class Broadcast implements OnModuleInit, OnApplicationShutdown {
  private readonly handlers = new Map<string, BroadcastHandler[]>();
  private subscriber: Redis | null = null;
  private subscribed = false;
  /** When the last answered PING was sent: everything published before it has been delivered. */
  private provenAt = 0;
  private pinger: NodeJS.Timeout | null = null;
  private epochValue = 0;
  /** Tags what this instance publishes, so that it does not handle its own messages twice. */
  private readonly origin = randomUUID();

  constructor(private readonly redis: RedisHolder) {}

  get distributed(): boolean {
    return this.redis.client !== null;
  }

  get current(): boolean {
    if (!this.distributed) return true;
    return this.subscribed && Date.now() - this.provenAt <= BROADCAST_STALE_MS;
  }

  get epoch(): number {
    return this.epochValue;
  }

  /**
   * Best called from a constructor: then the first subscription already covers the channel. Pub/sub channels are
   * server-wide, so the name is qualified with REDIS_URL's database: deployments sharing a server keep apart.
   */
  on(channel: string, handler: BroadcastHandler): void {
    const known = this.handlers.has(channel);
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
    if (!known && this.subscriber?.status === 'ready') void this.subscribe();
  }

  /**
   * Delivers at once to this instance, then to the others through Redis. False when Redis did not take it: the
   * other instances may not hear it, and the caller decides what that costs.
   */
  async publish(channel: string, message: string): Promise<boolean> {
    this.deliver(channel, message);
    const client = this.redis.client;
    if (!client) return true;
    try {
      await client.publish(this.wire(channel), `${this.origin} ${message}`);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A request that found something cached yields to the event loop once first: a message Redis delivered before
   * the request arrived is then handled before the cache is read, even when both became readable together.
   */
  async settle(): Promise<void> {
    if (this.distributed) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  onModuleInit(): void {
    const client = this.redis.client;
    if (!client) return;
    const subscriber = client.duplicate({ autoResubscribe: false, lazyConnect: true });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('message', (wired: string, message: string) => this.heard(wired, message));
    // A dropped connection may have lost messages; the next one subscribes afresh under a new epoch.
    subscriber.on('close', () => this.invalidate());
    subscriber.on('ready', () => void this.subscribe());
    this.pinger = setInterval(() => void this.ping(), PING_EVERY_MS).unref();
    // Not awaited: nothing waits for the subscription (checks go to the database until it is current), so a
    // Redis that is down does not hold the boot.
    void subscriber.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    this.subscriber?.disconnect();
  }

  private async subscribe(): Promise<void> {
    const subscriber = this.subscriber;
    const channels = [...this.handlers.keys()];
    if (!subscriber || !channels.length) return;
    try {
      await subscriber.subscribe(...channels.map((channel) => this.wire(channel)));
      this.subscribed = true;
      await this.ping();
    } catch {
      subscriber.disconnect(true);
    }
  }

  private async ping(): Promise<void> {
    const subscriber = this.subscriber;
    if (!subscriber || !this.subscribed) return;
    const sentAt = Date.now();
    try {
      await subscriber.ping();
    } catch {
      return;
    }
    // A gap longer than the bound: messages may have been late, so what was learned before is stale.
    if (sentAt - this.provenAt > BROADCAST_STALE_MS) this.invalidate();
    this.provenAt = Math.max(this.provenAt, sentAt);
  }

  private invalidate(): void {
    this.epochValue++;
    if (this.subscriber?.status !== 'ready') this.subscribed = false;
  }

  private wire(channel: string): string {
    return `${channel}@${this.redis.client?.options.db ?? 0}`;
  }

  /** A message from Redis: this instance's own were delivered when published, so they are skipped. */
  private heard(wired: string, framed: string): void {
    const space = framed.indexOf(' ');
    if (framed.slice(0, space) === this.origin) return;
    this.deliver(wired.slice(0, wired.lastIndexOf('@')), framed.slice(space + 1));
  }

  private deliver(channel: string, message: string): void {
    for (const handler of this.handlers.get(channel) ?? []) handler(message);
  }
}
