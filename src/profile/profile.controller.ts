import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { CurrentUser, type UserPrincipal } from '../common/security/index.js';
import { CreditScoreService } from '../credit/credit-score.service.js';
import { ProfileResponseDto, UpdateProfileDto } from './dto/profile.dto.js';
import type { User } from '../users/entities/user.entity.js';
import type { Wallet } from '../users/entities/wallet.entity.js';
import { fullName, iso } from '../users/index.js';
import { UsersService, type ProfilePatch } from '../users/users.service.js';

interface CreditSummary {
  credit_score: number | null;
  last_score_update: string | null;
}

@ApiTags('Profile')
@Controller('profile')
export class ProfileController {
  constructor(
    private readonly users: UsersService,
    private readonly scores: CreditScoreService,
  ) {}

  /** The caller's profile (seed 000); credit fields are null until a score exists. */
  @Get()
  @RateLimit(100, 3600)
  @ApiOkResponse({ type: ProfileResponseDto })
  async get(@CurrentUser() principal: UserPrincipal): Promise<ProfileResponseDto> {
    // The three reads are independent: one round trip's wait instead of two.
    const [user, wallets, credit] = await Promise.all([
      this.users.getById(principal.userId),
      this.users.listWallets(principal.userId),
      this.credit(principal.userId),
    ]);
    return this.render(user, wallets, credit);
  }

  /** Update name, date of birth, bio, location, gender, picture and privacy settings. */
  @Patch()
  @ApiOkResponse({ type: ProfileResponseDto })
  async update(@CurrentUser() principal: UserPrincipal, @Body() body: UpdateProfileDto): Promise<ProfileResponseDto> {
    const current = await this.users.getById(principal.userId);
    const patch: ProfilePatch = {};
    if (body.full_name !== undefined) {
      const [first, ...rest] = body.full_name.trim().split(/\s+/);
      patch.firstName = first;
      patch.lastName = rest.join(' ') || null;
    }
    if (body.first_name !== undefined) patch.firstName = body.first_name.trim();
    if (body.last_name !== undefined) patch.lastName = body.last_name?.trim() ?? null;
    if (body.date_of_birth !== undefined) patch.dateOfBirth = body.date_of_birth;
    if (body.bio !== undefined) patch.bio = body.bio;
    if (body.gender !== undefined) patch.gender = body.gender;
    if (body.picture_url !== undefined) patch.pictureUrl = body.picture_url;
    if (body.location !== undefined) {
      patch.city = body.location?.city ?? null;
      patch.region = body.location?.region ?? null;
      patch.country = body.location?.country.toLowerCase() ?? null;
    }
    if (body.privacy !== undefined) {
      // The validated DTO carries every declared field, unset ones as undefined; only the sent ones may
      // change, or turning one setting on would turn the others off.
      const sent = Object.entries(body.privacy).filter(([, v]) => v !== undefined);
      patch.privacy = { ...current.privacy, ...Object.fromEntries(sent) };
    }
    return this.view(await this.users.updateProfile(principal.userId, patch));
  }

  private async view(user: User): Promise<ProfileResponseDto> {
    const [wallets, credit] = await Promise.all([this.users.listWallets(user.id), this.credit(user.id)]);
    return this.render(user, wallets, credit);
  }

  /** The latest score, which the credit module owns. */
  private async credit(userId: string): Promise<CreditSummary> {
    const latest = await this.scores.latest(userId);
    return {
      credit_score: latest?.score ?? null,
      last_score_update: latest ? latest.calculatedAt.toISOString() : null,
    };
  }

  private render(user: User, wallets: Wallet[], credit: CreditSummary): ProfileResponseDto {
    return {
      success: true,
      data: {
        id: user.id,
        email: user.email,
        status: user.status,
        created_at: iso(user.createdAt)!,
        last_login: iso(user.lastLoginAt),
        profile: {
          wallet_address: wallets[0]?.address ?? null,
          full_name: fullName(user),
          kyc_status: user.kycStatus,
          credit_score: credit.credit_score,
          last_score_update: credit.last_score_update,
          handle: user.handle,
          first_name: user.firstName,
          last_name: user.lastName,
          date_of_birth: user.dateOfBirth,
          bio: user.bio,
          privacy: user.privacy,
        },
      },
    };
  }
}
