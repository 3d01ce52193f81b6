import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RedisHolder } from '../common/redis/redis.module.js';
import { ComponentHealthRegistry } from './component-health.registry.js';

export type UpDown = 'up' | 'down';

export interface ServicesStatus {
  database: UpDown;
  redis: UpDown | 'not_configured';
  blockchain: UpDown;
  ai_model: UpDown;
}

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisHolder,
    private readonly components: ComponentHealthRegistry,
  ) {}

  /** A round trip to the database, bounded so a dead server answers `down` within a second. */
  async database(timeoutMs = 1000): Promise<UpDown> {
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
      return 'up';
    } catch {
      return 'down';
    }
  }

  async redisStatus(): Promise<UpDown | 'not_configured'> {
    if (!this.redis.configured) return 'not_configured';
    return (await this.redis.ping()) ? 'up' : 'down';
  }

  async services(): Promise<ServicesStatus> {
    const [database, redis, blockchain, aiModel] = await Promise.all([
      this.database(),
      this.redisStatus(),
      this.components.status('blockchain'),
      this.components.status('ai_model'),
    ]);
    return { database, redis, blockchain, ai_model: aiModel };
  }
}
