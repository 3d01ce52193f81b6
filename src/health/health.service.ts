import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
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
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly redis: RedisHolder,
    private readonly components: ComponentHealthRegistry,
  ) {}

  /**
   * A round trip to the database (terminus's ping, as /health/ready uses), bounded so a dead server answers
   * `down` within a second. The ping reports a failure or the timeout as `down` rather than throwing.
   */
  async database(timeoutMs = 1000): Promise<UpDown> {
    const result = await this.typeorm.pingCheck('database', { timeout: timeoutMs });
    return result.database.status === 'up' ? 'up' : 'down';
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
