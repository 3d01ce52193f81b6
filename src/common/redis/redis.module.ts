import { Module } from '@nestjs/common';
import { Broadcast } from './broadcast.js';
import { RedisHolder } from './redis-holder.js';
import { RedisMetrics } from './redis.metrics.js';

/** Imported by the rate limiter, health and the session cache, the three that use Redis. */
@Module({ providers: [RedisHolder, Broadcast, RedisMetrics], exports: [RedisHolder, Broadcast] })
export class RedisModule {}
