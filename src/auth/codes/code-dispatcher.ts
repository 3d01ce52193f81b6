import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ROOT_LOGGER } from '../../common/logging/logger.js';
import { PollingWorker } from '../../common/workers/polling-worker.js';
import { AppConfig } from '../../config/index.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import type { User } from '../../users/entities/user.entity.js';
import type { Identifier } from '../../users/index.js';
import { isActive, isVerifiedFor, UsersService } from '../../users/users.service.js';
import { codeMessage } from './code-messages.js';
import { VerificationCodeService, type CodePurpose, type QueuedRequest } from './verification-code.service.js';

/** Where links point (below APP_URL): the page that confirms with a POST. */
export const LINK_PAGE_PATH = '/api/v1/auth/verify/';

/** Longer than handling one request takes, so a live worker keeps the requests it took. */
const LEASE_SECONDS = 30;

/**
 * Turns queued send requests into codes and messages, after the reply: who (if anyone) a request reaches is
 * decided here, so a request for an identifier with no account costs the client exactly what one for an
 * account does. Each request is handled once, in one transaction with its code and its outbox message.
 */
@Injectable()
export class CodeDispatcher extends PollingWorker {
  protected readonly logger: Logger;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly codes: VerificationCodeService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    super();
    this.logger = logger.child({ module: 'codes' });
  }

  protected pollMs(): number {
    return this.config.env.OUTBOX_POLL_MS;
  }

  protected async drain(): Promise<void> {
    while (!this.stopping) {
      const request = await this.codes.claimRequest(LEASE_SECONDS);
      if (!request) return;
      const target = await this.target(request);
      const delivered = await this.db.transaction(async (m) => {
        const written = target
          ? await this.codes.issue(m, request, target.purpose, target.user.id, (issued, ttlSeconds) =>
              codeMessage(
                target.purpose,
                request.channel,
                issued.code
                  ? { code: issued.code, ttlSeconds }
                  : { linkUrl: this.linkUrl(issued.linkToken!), ttlSeconds },
              ),
            )
          : false;
        await this.codes.finish(m, request.id, written);
        return written;
      });
      if (delivered) this.notifications.dispatch();
    }
  }

  /** Who a request reaches, and with which kind of code; null when nobody should get anything. */
  private async target(request: QueuedRequest): Promise<{ user: User; purpose: CodePurpose } | null> {
    const id: Identifier = { kind: request.channel === 'email' ? 'email' : 'phone', value: request.destination };
    const pending = (user: User | null) =>
      user &&
      isActive(user) &&
      !isVerifiedFor(user, id) &&
      (id.kind === 'email' ? user.email : user.phone) === id.value;
    switch (request.purpose) {
      case 'signup':
      case 'email_add': {
        // A sign-up or an added e-mail names its account; a resend does not, and reaches the claim on file.
        const user = request.userId ? await this.users.findById(request.userId) : await this.users.findByIdentifier(id);
        if (!user || !pending(user)) return null;
        const purpose = request.userId
          ? request.purpose
          : user.authenticationType === 'wallet'
            ? 'email_add'
            : 'signup';
        return { user, purpose };
      }
      case 'login':
      case 'password_reset': {
        const user = await this.users.findSignInTarget(id);
        return user && isActive(user) ? { user, purpose: request.purpose } : null;
      }
    }
  }

  private linkUrl(token: string): string {
    return `${this.config.env.APP_URL.replace(/\/$/, '')}${LINK_PAGE_PATH}?token=${token}`;
  }
}
