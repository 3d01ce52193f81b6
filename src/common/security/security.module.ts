import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AccessGuard } from './access.guard.js';
import { StrategyNames } from './strategy-names.js';

/**
 * Deny by default: the global AccessGuard, and the names this app's passport strategies register under (the auth
 * and partner-auth modules import this module for them).
 */
@Module({
  imports: [RateLimitModule],
  providers: [StrategyNames, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [StrategyNames],
})
export class SecurityModule {}
