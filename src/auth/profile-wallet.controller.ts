import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/http/api-errors.decorator.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { CurrentUser, type UserPrincipal } from '../common/security/index.js';
import { LinkWalletDto, WalletResponseDto } from './dto/link-wallet.dto.js';
import { iso } from '../users/index.js';
import { UsersError } from '../users/users.errors.js';
import { DocumentedAuthErrors } from './documented-errors.js';
import { AuthService } from './auth.service.js';

@ApiTags('Profile')
@Controller('profile')
export class ProfileWalletController {
  constructor(private readonly auth: AuthService) {}

  /** Link a wallet by signing the message of GET /api/v1/auth/wallet/nonce/ (one account per wallet). */
  @Post('wallet')
  @RateLimit(10, 60)
  @ApiCreatedResponse({ type: WalletResponseDto })
  @ApiErrors(...DocumentedAuthErrors.walletProof, UsersError.walletTaken())
  async link(@CurrentUser() user: UserPrincipal, @Body() body: LinkWalletDto): Promise<WalletResponseDto> {
    const wallet = await this.auth.linkWallet(user.userId, body);
    return {
      success: true,
      data: { wallet_address: wallet.address, chain_id: wallet.chainId, verified_at: iso(wallet.verifiedAt)! },
    };
  }
}
