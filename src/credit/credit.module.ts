import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlockchainModule } from '../blockchain/blockchain.module.js';
import { ComponentHealthModule } from '../health/component-health.module.js';
import { ComponentHealthRegistry } from '../health/index.js';
import { LoanRecordModule } from '../loan-record/loan-record.module.js';
import { UsersModule } from '../users/users.module.js';
import { CreditEventsRepository } from './credit-events.repository.js';
import { CreditHistoryService } from './credit-history.service.js';
import { CreditScoreService } from './credit-score.service.js';
import { CreditScoresRepository } from './credit-scores.repository.js';
import { CreditController } from './credit.controller.js';
import { CreditEvent } from './entities/credit-event.entity.js';
import { CreditScore } from './entities/credit-score.entity.js';
import { PlatformSignalsService } from './platform-signals.service.js';
import { scorecardProvider } from './scorecard.provider.js';

/**
 * Scores, their explanations and the credit history. Reads the borrowing record from LoanRecordModule; loans
 * import this module, and it never imports loans.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([CreditScore, CreditEvent]),
    UsersModule,
    BlockchainModule,
    ComponentHealthModule,
    LoanRecordModule,
  ],
  controllers: [CreditController],
  providers: [
    scorecardProvider,
    CreditEventsRepository,
    CreditScoresRepository,
    CreditHistoryService,
    CreditScoreService,
    PlatformSignalsService,
  ],
  exports: [CreditHistoryService, CreditScoreService],
})
export class CreditModule implements OnModuleInit {
  constructor(
    private readonly scores: CreditScoreService,
    private readonly health: ComponentHealthRegistry,
  ) {}

  onModuleInit(): void {
    // The model was loaded and schema-checked when this module was built (a bad one stops the boot);
    // the probe also proves it still scores.
    this.health.register('ai_model', () => Promise.resolve(this.scores.selfCheck()));
  }
}
