import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { BlockchainModule } from '../blockchain/blockchain.module.js';
import { ComponentHealthModule } from '../health/component-health.module.js';
import { ComponentHealthRegistry } from '../health/component-health.registry.js';
import { ProfileExtensions } from '../users/profile-extensions.js';
import { UsersModule } from '../users/users.module.js';
import { CreditExtensions } from './credit-extensions.js';
import { CreditHistoryService } from './credit-history.service.js';
import { CreditScoreService } from './credit-score.service.js';
import { CreditController } from './credit.controller.js';
import { PlatformSignalsService } from './platform-signals.service.js';
import { scorecardProvider } from './scorecard.provider.js';

/** Scores, their explanations and the credit history. Loans import this module; it never imports loans. */
@Module({
  imports: [UsersModule, BlockchainModule, ComponentHealthModule],
  controllers: [CreditController],
  providers: [scorecardProvider, CreditExtensions, CreditHistoryService, CreditScoreService, PlatformSignalsService],
  exports: [CreditExtensions, CreditHistoryService, CreditScoreService],
})
export class CreditModule implements OnModuleInit {
  constructor(
    @Inject(CreditScoreService) private readonly scores: CreditScoreService,
    @Inject(ComponentHealthRegistry) private readonly health: ComponentHealthRegistry,
    @Inject(ProfileExtensions) private readonly profile: ProfileExtensions,
  ) {}

  onModuleInit(): void {
    // The model was loaded and schema-checked when this module was built (a bad one stops the boot);
    // the probe also proves it still scores.
    this.health.register('ai_model', () => Promise.resolve(this.scores.selfCheck()));
    this.profile.setCreditReader(async (userId) => {
      const latest = await this.scores.latest(userId);
      return {
        credit_score: latest?.score ?? null,
        last_score_update: latest ? latest.calculatedAt.toISOString() : null,
      };
    });
  }
}
