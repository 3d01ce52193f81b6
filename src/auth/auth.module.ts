import { Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logging/logger.js';
import { RateLimitModule } from '../common/rate-limit/rate-limit.module.js';
import { RedisModule } from '../common/redis/redis.module.js';
import { SecurityModule } from '../common/security/security.module.js';
import { AppConfig } from '../config/index.js';
import { DatabaseConnector } from '../database/database-connector.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AuthService } from './auth.service.js';
import { BlockAuthController } from './blockauth.controller.js';
import { BlockScoreAuthController } from './blockscore-auth.controller.js';
import { CodeDispatcher } from './codes/code-dispatcher.js';
import { CodeSendsRepository } from './codes/code-sends.repository.js';
import { VerificationCodeService } from './codes/verification-code.service.js';
import { VerificationCodesRepository } from './codes/verification-codes.repository.js';
import { CodeSend } from './entities/code-send.entity.js';
import { LoginThrottle } from './entities/login-throttle.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { Session } from './entities/session.entity.js';
import { VerificationCode } from './entities/verification-code.entity.js';
import { WalletNonce } from './entities/wallet-nonce.entity.js';
import { JwtStrategy } from './jwt.strategy.js';
import { PasswordHasher } from './password/password-hasher.js';
import { ProfileWalletController } from './profile-wallet.controller.js';
import { LiveSessions } from './sessions/live-sessions.js';
import { SessionService } from './sessions/session.service.js';
import { SessionsRepository } from './sessions/sessions.repository.js';
import { LoginThrottleRepository } from './throttle/login-throttle.repository.js';
import { LoginThrottleService } from './throttle/login-throttle.service.js';
import { TokensModule } from './tokens/tokens.module.js';
import { WalletAuthService } from './wallet/wallet-auth.service.js';
import { WalletNoncesRepository } from './wallet/wallet-nonces.repository.js';
import { BlockchainModule } from '../blockchain/blockchain.module.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Session, RefreshToken, VerificationCode, CodeSend, LoginThrottle, WalletNonce]),
    UsersModule,
    NotificationsModule,
    BlockchainModule,
    TokensModule,
    SecurityModule,
    RateLimitModule,
    RedisModule,
  ],
  controllers: [BlockScoreAuthController, BlockAuthController, ProfileWalletController, AdminUsersController],
  providers: [
    SessionsRepository,
    VerificationCodesRepository,
    CodeSendsRepository,
    LoginThrottleRepository,
    WalletNoncesRepository,
    AuthService,
    JwtStrategy,
    PasswordHasher,
    SessionService,
    LiveSessions,
    VerificationCodeService,
    CodeDispatcher,
    LoginThrottleService,
    WalletAuthService,
  ],
  exports: [WalletAuthService, SessionService, TokensModule],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly database: DatabaseConnector,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = this.config.env;
    if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
    if (this.database.connected) return this.auth.ensureAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
    // Booted during a database outage: the admin is made once the database is reached.
    void this.database
      .whenConnected()
      .then(() => this.auth.ensureAdmin(ADMIN_EMAIL, ADMIN_PASSWORD))
      .catch((err: unknown) =>
        this.logger.error({ err: { message: (err as Error).message } }, 'could not create ADMIN_EMAIL'),
      );
  }
}
