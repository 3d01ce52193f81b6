import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { BlockchainModule } from './blockchain/blockchain.module.js';
import { CommonModule } from './common/common.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { AppConfig, ConfigModule } from './config/index.js';
import type { DatabaseEndpoint } from './database/database-endpoint.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CreditModule } from './credit/credit.module.js';
import { LoanModule } from './loan/loan.module.js';
import { PartnerAuthModule } from './partner-auth/partner-auth.module.js';
import { ProfileModule } from './profile/profile.module.js';
import { ReputationModule } from './reputation/reputation.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseEndpoint, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule.forRoot(database, config.env.DATABASE_POOL_SIZE),
        CommonModule,
        HealthModule,
        BlockchainModule,
        UsersModule,
        AuthModule,
        CreditModule,
        ProfileModule,
        LoanModule,
        PartnerAuthModule,
        ReputationModule,
      ],
    };
  }
}
