import { Module, type DynamicModule } from '@nestjs/common';
import { CommonModule } from './common/common.module.js';
import { AppConfig, ConfigModule } from './config/index.js';
import type { DatabaseEndpoint } from './database/database-endpoint.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseEndpoint): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(database, config.env.DATABASE_POOL_SIZE),
        CommonModule,
        HealthModule,
      ],
    };
  }
}
