import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/http/api-errors.decorator.js';
import { PER_INSTANCE_WHEN_REDIS_DOWN, RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { CurrentUser, Public, type UserPrincipal } from '../common/security/index.js';
import { meView, tokenUserView } from '../users/index.js';
import { UsersService } from '../users/users.service.js';
import { UsersError } from '../users/users.errors.js';
import { AuthError } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { DocumentedAuthErrors } from './documented-errors.js';
import { clientMeta } from './client-meta.js';
import { renderLinkPage } from './links/link-page.js';
import {
  AccessRefreshDto,
  AddEmailDto,
  BasicLoginDto,
  ChangePasswordDto,
  ConfirmCodeDto,
  MeDto,
  MessageDto,
  NonceQueryDto,
  NonceResponseDto,
  RefreshDto,
  ResetConfirmDto,
  SendCodeDto,
  SignupDto,
  TokenResponseDto,
  VerifyLinkDto,
  VerifyLinkQueryDto,
  WalletLoginDto,
} from './dto/blockauth.dto.js';
import { WalletAuthService } from './wallet/wallet-auth.service.js';

/** Seed 003 (BlockAuth) under /api/v1/auth/; trailing slashes optional. */
@ApiTags('BlockAuth')
@Controller('v1/auth')
export class BlockAuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly wallets: WalletAuthService,
  ) {}

  /** Create an account by email or phone and send an OTP or link to verify it. */
  @Post('signup')
  @HttpCode(200)
  @Public()
  @RateLimit(5, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: MessageDto })
  @ApiErrors(...DocumentedAuthErrors.sendsCode, ...DocumentedAuthErrors.createsAccount)
  async signup(@Body() body: SignupDto, @Req() req: FastifyRequest): Promise<MessageDto> {
    return { message: await this.auth.signup(body, clientMeta(req)) };
  }

  /** Verify the code sent at signup (or when a wallet account added an email). */
  @Post('signup/confirm')
  @HttpCode(200)
  @Public()
  @RateLimit(10, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: MessageDto })
  @ApiErrors(...DocumentedAuthErrors.spendsCode)
  async confirm(@Body() body: ConfirmCodeDto): Promise<MessageDto> {
    return { message: await this.auth.confirmSignup(body.identifier, body.code) };
  }

  /** Resend the verification code or link; answers alike whether or not the identifier is known. 429 during the cooldown. */
  @Post('signup/otp/resend')
  @HttpCode(200)
  @Public()
  @RateLimit(5, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: MessageDto })
  @ApiErrors(...DocumentedAuthErrors.sendsCode)
  async resend(@Body() body: SendCodeDto, @Req() req: FastifyRequest): Promise<MessageDto> {
    return { message: await this.auth.resend(body, clientMeta(req)) };
  }

  /**
   * The page a link opens (text/html). It spends nothing: mail scanners and link previews open every link
   * they see. Its button confirms with POST verify/ (or, for a reset link, password/reset/confirm/).
   */
  @Get('verify')
  @Public()
  @RateLimit(30, 60)
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'The confirmation page for the link, naming what it is for',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async linkPage(@Query() query: VerifyLinkQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const page = renderLinkPage(query.token, await this.auth.describeLink(query.token));
    void reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Content-Security-Policy', page.csp)
      .header('Cache-Control', 'no-store')
      .header('Referrer-Policy', 'no-referrer');
    return page.html;
  }

  /** Confirm a link (from its page): verifies the identifier, or signs in for a sign-in link. */
  @Post('verify')
  @HttpCode(200)
  @Public()
  @RateLimit(10, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiExtraModels(MessageDto, TokenResponseDto)
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(MessageDto) }, { $ref: getSchemaPath(TokenResponseDto) }] },
  })
  @ApiErrors(AuthError.invalidLink(), AuthError.invalidCode(0), ...DocumentedAuthErrors.startsSession)
  async verify(@Body() body: VerifyLinkDto, @Req() req: FastifyRequest): Promise<MessageDto | TokenResponseDto> {
    const result = await this.auth.confirmLink(body.token, clientMeta(req));
    if ('message' in result) return result;
    return { access: result.pair.access, refresh: result.pair.refresh, user: tokenUserView(result.user) };
  }

  /** Log in with email or phone and password. */
  @Post('login/basic')
  @HttpCode(200)
  @Public()
  @RateLimit(5, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiErrors(...DocumentedAuthErrors.passwordLogin)
  async basic(@Body() body: BasicLoginDto, @Req() req: FastifyRequest): Promise<TokenResponseDto> {
    const { pair, user } = await this.auth.loginWithPassword(body.identifier, body.password, clientMeta(req));
    return { access: pair.access, refresh: pair.refresh, user: tokenUserView(user) };
  }

  /** Send a sign-in code or link; answers alike whether or not the identifier is known. */
  @Post('login/passwordless')
  @HttpCode(200)
  @Public()
  @RateLimit(5, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: MessageDto })
  @ApiErrors(...DocumentedAuthErrors.sendsCode)
  async passwordless(@Body() body: SendCodeDto, @Req() req: FastifyRequest): Promise<MessageDto> {
    return { message: await this.auth.passwordlessStart(body, clientMeta(req)) };
  }

  /** Complete a passwordless sign-in with the code (or the link's token). */
  @Post('login/passwordless/confirm')
  @HttpCode(200)
  @Public()
  @RateLimit(10, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiErrors(...DocumentedAuthErrors.spendsCode, ...DocumentedAuthErrors.startsSession)
  async passwordlessConfirm(@Body() body: ConfirmCodeDto, @Req() req: FastifyRequest): Promise<TokenResponseDto> {
    const { pair, user } = await this.auth.passwordlessConfirm(body.identifier, body.code, clientMeta(req));
    return { access: pair.access, refresh: pair.refresh, user: tokenUserView(user) };
  }

  /**
   * A single-use nonce (5 min) for wallet login, with seed 003's message ready to sign and the EIP-4361 fields
   * (domain, uri, chain id, version, issued-at, expiry) to build a Sign-In with Ethereum message instead.
   */
  @Get('wallet/nonce')
  @Public()
  @RateLimit(30, 60)
  @ApiOkResponse({ type: NonceResponseDto })
  @ApiErrors(
    AuthError.invalidWalletAddress(),
    AuthError.badAddressChecksum(),
    AuthError.nonceDomainNotAllowed(['app.blockscore.example.com']),
  )
  nonce(@Query() query: NonceQueryDto, @Req() req: FastifyRequest): Promise<NonceResponseDto> {
    return this.wallets.issueNonce(query.wallet_address, { domain: query.domain, origin: req.headers.origin });
  }

  /** Log in with an Ethereum wallet signature; the first login creates the account. */
  @Post('login/wallet')
  @HttpCode(200)
  @Public()
  @RateLimit(10, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: AccessRefreshDto })
  @ApiErrors(
    ...DocumentedAuthErrors.walletProof,
    DocumentedAuthErrors.accountCreation,
    ...DocumentedAuthErrors.startsSession,
  )
  async wallet(@Body() body: WalletLoginDto, @Req() req: FastifyRequest): Promise<AccessRefreshDto> {
    const { pair } = await this.auth.walletLogin(body, clientMeta(req));
    return { access: pair.access, refresh: pair.refresh };
  }

  /** New access and refresh tokens; the old refresh token stops working. */
  @Post('token/refresh')
  @HttpCode(200)
  @Public()
  @RateLimit(30, 60)
  @ApiOkResponse({ type: AccessRefreshDto })
  @ApiErrors(...DocumentedAuthErrors.refresh)
  async refresh(@Body() body: RefreshDto): Promise<AccessRefreshDto> {
    const pair = await this.auth.refresh(body.refresh);
    return { access: pair.access, refresh: pair.refresh };
  }

  /** The current user's profile. */
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() principal: UserPrincipal): Promise<MeDto> {
    const [user, wallets] = await Promise.all([
      this.users.getById(principal.userId),
      this.users.listWallets(principal.userId),
    ]);
    return meView(user, wallets);
  }

  /** Change the password; every session of the user ends. */
  @Post('password/change')
  @HttpCode(200)
  @RateLimit(5, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: MessageDto })
  @ApiErrors(AuthError.passwordMismatch(), AuthError.wrongPassword(), DocumentedAuthErrors.weakPassword)
  async changePassword(@CurrentUser() user: UserPrincipal, @Body() body: ChangePasswordDto): Promise<MessageDto> {
    await this.auth.changePassword(user.userId, body.old_password, body.new_password, body.confirm_password);
    return { message: 'Password changed successfully.' };
  }

  /** Send a password-reset code or link; answers alike whether or not the identifier is known. */
  @Post('password/reset')
  @HttpCode(200)
  @Public()
  @RateLimit(5, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: MessageDto })
  @ApiErrors(...DocumentedAuthErrors.sendsCode)
  async reset(@Body() body: SendCodeDto, @Req() req: FastifyRequest): Promise<MessageDto> {
    return { message: await this.auth.resetStart(body, clientMeta(req)) };
  }

  /** Set a new password with the code (or the reset link's token); every session of the user ends. */
  @Post('password/reset/confirm')
  @HttpCode(200)
  @Public()
  @RateLimit(10, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: MessageDto })
  @ApiErrors(...DocumentedAuthErrors.spendsCode, AuthError.passwordMismatch(), DocumentedAuthErrors.weakPassword)
  async resetConfirm(@Body() body: ResetConfirmDto): Promise<MessageDto> {
    await this.auth.resetConfirm(body.identifier, body.code, body.new_password, body.confirm_password);
    return { message: 'Password reset successful.' };
  }

  /** A wallet account adds an email; it is verified through signup/confirm/. */
  @Post('wallet/email/add')
  @HttpCode(200)
  @RateLimit(5, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOkResponse({ type: MessageDto })
  @ApiErrors(
    AuthError.badIdentifier('email'),
    AuthError.notWalletAccount(),
    AuthError.emailAlreadySet(),
    UsersError.emailTaken(),
    AuthError.resendTooSoon(60),
    AuthError.tooManyCodes(3600),
  )
  async addEmail(
    @CurrentUser() user: UserPrincipal,
    @Body() body: AddEmailDto,
    @Req() req: FastifyRequest,
  ): Promise<MessageDto> {
    return {
      message: await this.auth.addEmailToWalletAccount(
        user.userId,
        body.email,
        body.verification_type,
        clientMeta(req),
      ),
    };
  }
}
