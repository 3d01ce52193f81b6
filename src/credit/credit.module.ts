import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlockchainModule } from '../blockchain/blockchain.module.js';
import { LoanRecordModule } from '../loan-record/loan-record.module.js';
import { UsersModule } from '../users/users.module.js';
import { AiModelHealthProbe } from './ai-model-health.probe.js';
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
  imports: [TypeOrmModule.forFeature([CreditScore, CreditEvent]), UsersModule, BlockchainModule, LoanRecordModule],
  controllers: [CreditController],
  providers: [
    scorecardProvider,
    CreditEventsRepository,
    CreditScoresRepository,
    CreditHistoryService,
    CreditScoreService,
    PlatformSignalsService,
    AiModelHealthProbe,
  ],
  exports: [CreditHistoryService, CreditScoreService],
})
export class CreditModule {}
