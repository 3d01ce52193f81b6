import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { RedisHolder } from '../common/redis/redis-holder.js';
import { healthProbe, type ComponentName, type ComponentProbe } from './health-probe.decorator.js';

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
    private readonly discovery: DiscoveryService,
  ) {}

  private discovered?: Map<ComponentName, ComponentProbe>;

  /** The `@HealthProbe` providers, looked up once every module has been built. */
  private get probes(): Map<ComponentName, ComponentProbe> {
    this.discovered ??= new Map(
      this.discovery
        .getProviders({ metadataKey: healthProbe.KEY })
        .filter((wrapper) => wrapper.instance)
        .map((wrapper) => [
          this.discovery.getMetadataByDecorator(healthProbe, wrapper)!,
          wrapper.instance as ComponentProbe,
        ]),
    );
    return this.discovered;
  }

  /** A component no module probes is `down`: nothing provides it. */
  private async component(name: ComponentName, timeoutMs = 2500): Promise<UpDown> {
    const probe = this.probes.get(name);
    if (!probe) return 'down';
    try {
      const ok = await Promise.race([
        probe.healthy(),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
      ]);
      return ok ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }

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
      this.component('blockchain'),
      this.component('ai_model'),
    ]);
    return { database, redis, blockchain, ai_model: aiModel };
  }
}
