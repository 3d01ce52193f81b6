import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoanRecordModule } from '../loan-record/loan-record.module.js';
import { PartnerAuthModule } from '../partner-auth/partner-auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { EndorsementsRepository } from './endorsements.repository.js';
import { EndorsementsService } from './endorsements.service.js';
import { Endorsement } from './entities/endorsement.entity.js';
import { ReputationRating } from './entities/reputation-rating.entity.js';
import { ReputationTransaction } from './entities/reputation-transaction.entity.js';
import { PartnerUsersController } from './partner-users.controller.js';
import { ReputationController } from './reputation.controller.js';
import { ReputationFactsRepository } from './reputation-facts.repository.js';
import { ReputationSubmissionsRepository } from './reputation-submissions.repository.js';
import { ReputationService } from './reputation.service.js';
import { SubmissionsService } from './submissions.service.js';

/**
 * The reputation model and what feeds it: profiles for partners, endorsements, partner submissions, and
 * loan repayment read from LoanRecordModule.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Endorsement, ReputationTransaction, ReputationRating]),
    UsersModule,
    PartnerAuthModule,
    LoanRecordModule,
  ],
  controllers: [PartnerUsersController, ReputationController],
  providers: [
    ReputationService,
    EndorsementsRepository,
    ReputationSubmissionsRepository,
    ReputationFactsRepository,
    EndorsementsService,
    SubmissionsService,
  ],
  exports: [ReputationService],
})
export class ReputationModule {}
