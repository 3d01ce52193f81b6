import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { BlockchainModule } from '../blockchain/blockchain.module.js';
import { RateLimitModule } from '../common/rate-limit/rate-limit.module.js';
import { SecurityModule } from '../common/security/security.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminPartnersController } from './admin-partners.controller.js';
import { ChallengesService } from './challenges/challenges.service.js';
import { PartnerChallengesRepository } from './challenges/partner-challenges.repository.js';
import { ClientIdStrategy } from './client-id.strategy.js';
import { PartnerCall } from './entities/partner-call.entity.js';
import { PartnerChallenge } from './entities/partner-challenge.entity.js';
import { PartnerClient } from './entities/partner-client.entity.js';
import { PartnerVerifiedHandle } from './entities/partner-verified-handle.entity.js';
import { PartnerAuthController } from './partner-auth.controller.js';
import { PartnerAuthenticator } from './partner-authenticator.js';
import { PartnerCallLogInterceptor } from './partner-call-log.interceptor.js';
import { PartnerCallLog } from './partner-call-log.service.js';
import { PartnerCallsRepository } from './partner-calls.repository.js';
import { PartnerClientsRepository } from './partner-clients.repository.js';
import { PartnerClientsService } from './partner-clients.service.js';
import { VerifiedHandlesRepository } from './verified-handles.repository.js';
import { VerifiedHandlesService } from './verified-handles.service.js';

/**
 * Credo360 partner clients, their authentication (`Authorization: client <clientId>`), the call log and the
 * ownership challenges. Other modules use VerifiedHandlesService to ask whether a partner has proven a handle.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PartnerClient, PartnerCall, PartnerChallenge, PartnerVerifiedHandle]),
    AuditModule,
    UsersModule,
    NotificationsModule,
    BlockchainModule,
    SecurityModule,
    RateLimitModule,
  ],
  controllers: [PartnerAuthController, AdminPartnersController],
  providers: [
    PartnerClientsRepository,
    PartnerCallsRepository,
    PartnerChallengesRepository,
    VerifiedHandlesRepository,
    PartnerClientsService,
    PartnerAuthenticator,
    ClientIdStrategy,
    PartnerCallLog,
    ChallengesService,
    VerifiedHandlesService,
    { provide: APP_INTERCEPTOR, useClass: PartnerCallLogInterceptor },
  ],
  exports: [VerifiedHandlesService],
})
export class PartnerAuthModule {}
