import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/http/api-errors.decorator.js';
import { PER_INSTANCE_WHEN_REDIS_DOWN, RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { CurrentUser, Public, type UserPrincipal } from '../common/security/index.js';
import { iso } from '../users/index.js';
import { AuthError } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { DocumentedAuthErrors } from './documented-errors.js';
import { clientMeta } from './client-meta.js';
import {
  LoginDto,
  LoginResponseDto,
  RefreshResponseDto,
  RefreshTokenDto,
  RegisterDto,
  RegisterResponseDto,
  SuccessMessageDto,
} from './dto/blockscore-auth.dto.js';

/** Seed 000's authentication routes under /api/auth. */
@ApiTags('BlockScore auth')
@Controller('auth')
export class BlockScoreAuthController {
  constructor(private readonly auth: AuthService) {}

  /** Register a new user account; a verification code goes to the email (confirm with /api/v1/auth/signup/confirm/). */
  @Post('register')
  @Public()
  @RateLimit(5, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiCreatedResponse({ type: RegisterResponseDto })
  @ApiErrors(
    AuthError.badIdentifier('email'),
    ...DocumentedAuthErrors.createsAccount,
    AuthError.resendTooSoon(60),
    AuthError.tooManyCodes(3600),
  )
  async register(@Body() body: RegisterDto, @Req() req: FastifyRequest): Promise<RegisterResponseDto> {
    const user = await this.auth.register(body.email, body.password, clientMeta(req));
    return {
      success: true,
      message: 'User registered successfully',
      user: { id: user.id, email: user.email!, status: user.status, created_at: iso(user.createdAt)! },
    };
  }

  /** Authenticate and receive tokens. 401 for bad credentials, 423 after 5 consecutive failures, 403 while unverified. */
  @Post('login')
  @HttpCode(200)
  @Public()
  @RateLimit(5, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(...DocumentedAuthErrors.passwordLogin)
  async login(@Body() body: LoginDto, @Req() req: FastifyRequest): Promise<LoginResponseDto> {
    const { pair, user } = await this.auth.loginWithPassword(body.email, body.password, clientMeta(req));
    return {
      success: true,
      message: 'Login successful',
      user: { id: user.id, email: user.email ?? '', status: user.status, last_login: iso(user.lastLoginAt)! },
      tokens: { access_token: pair.access, refresh_token: pair.refresh },
    };
  }

  /** Logout: the session (and every token of it) stops working at once, on every instance. */
  @Post('logout')
  @HttpCode(200)
  @RateLimit(100, 3600)
  @ApiOkResponse({ type: SuccessMessageDto })
  async logout(@CurrentUser() user: UserPrincipal): Promise<SuccessMessageDto> {
    await this.auth.logout(user.sessionId);
    return { success: true, message: 'Logout successful' };
  }

  /** Exchange a refresh token for a new pair (single use, rotating; re-use revokes the session). */
  @Post('refresh')
  @HttpCode(200)
  @Public()
  @RateLimit(30, 60)
  @ApiOkResponse({ type: RefreshResponseDto })
  @ApiErrors(...DocumentedAuthErrors.refresh)
  async refresh(@Body() body: RefreshTokenDto): Promise<RefreshResponseDto> {
    const pair = await this.auth.refresh(body.refresh_token);
    return { success: true, tokens: { access_token: pair.access, refresh_token: pair.refresh } };
  }
}
