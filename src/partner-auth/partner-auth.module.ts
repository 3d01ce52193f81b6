import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { BlockchainModule } from '../blockchain/blockchain.module.js';
import { AuthenticatorRegistry } from '../common/security/index.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminPartnersController } from './admin-partners.controller.js';
import { ChallengesService } from './challenges/challenges.service.js';
import { PartnerAuthController } from './partner-auth.controller.js';
import { PartnerAuthenticator } from './partner-authenticator.js';
import { PartnerCallLogInterceptor } from './partner-call-log.interceptor.js';
import { PartnerCallLog } from './partner-call-log.service.js';
import { PartnerClientsService } from './partner-clients.service.js';
import { VerifiedHandlesService } from './verified-handles.service.js';

/**
 * Credo360 partner clients, their authentication (`Authorization: client <clientId>`), the call log and the
 * ownership challenges. Other modules use VerifiedHandlesService to ask whether a partner has proven a handle.
 */
@Module({
  imports: [AuditModule, UsersModule, NotificationsModule, BlockchainModule],
  controllers: [PartnerAuthController, AdminPartnersController],
  providers: [
    PartnerClientsService,
    PartnerAuthenticator,
    PartnerCallLog,
    ChallengesService,
    VerifiedHandlesService,
    { provide: APP_INTERCEPTOR, useClass: PartnerCallLogInterceptor },
  ],
  exports: [VerifiedHandlesService],
})
export class PartnerAuthModule implements OnModuleInit {
  constructor(
    @Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry,
    @Inject(PartnerAuthenticator) private readonly authenticator: PartnerAuthenticator,
  ) {}

  onModuleInit(): void {
    this.registry.partner = (request, admit) => this.authenticator.authenticate(request, admit);
  }
}
