import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../../config/index.js';
import { JwksController } from './jwks.controller.js';
import { JwtKeys } from './jwt-keys.js';
import { JwtKeysModule } from './jwt-keys.module.js';
import { jwtModuleOptions } from './jwt-options.js';
import { TokenService } from './token.service.js';

/**
 * Every token the service issues, on @nestjs/jwt: TokenService issues and verifies them, JwtKeys resolves the
 * access-token keys by `kid` (for any guard or strategy that verifies them), JwksController publishes them.
 */
@Module({
  imports: [
    JwtKeysModule,
    JwtModule.registerAsync({ imports: [JwtKeysModule], inject: [JwtKeys, AppConfig], useFactory: jwtModuleOptions }),
  ],
  controllers: [JwksController],
  providers: [TokenService],
  exports: [JwtKeysModule, TokenService],
})
export class TokensModule {}
