import { Module } from '@nestjs/common';
import { PartnerAuthModule } from '../partner-auth/partner-auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { EndorsementsRepository } from './endorsements.repository.js';
import { EndorsementsService } from './endorsements.service.js';
import { PartnerUsersController } from './partner-users.controller.js';
import { ReputationExtensions } from './reputation-extensions.js';
import { ReputationController } from './reputation.controller.js';
import { ReputationService } from './reputation.service.js';
import { SubmissionsService } from './submissions.service.js';

/**
 * The reputation model and what feeds it: profiles for partners, endorsements, partner submissions. The
 * loan module registers its repayment reader on the exported ReputationExtensions.
 */
@Module({
  imports: [UsersModule, PartnerAuthModule],
  controllers: [PartnerUsersController, ReputationController],
  providers: [ReputationService, ReputationExtensions, EndorsementsRepository, EndorsementsService, SubmissionsService],
  exports: [ReputationService, ReputationExtensions],
})
export class ReputationModule {}
