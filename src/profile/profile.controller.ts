import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { CurrentUser, type UserPrincipal } from '../common/security/index.js';
import { ProfileResponseDto, UpdateProfileDto } from './dto/profile.dto.js';
import { fullName, iso } from '../users/index.js';
import { UsersService, type ProfilePatch, type ProfileRow } from '../users/users.service.js';

@ApiTags('Profile')
@Controller('profile')
export class ProfileController {
  constructor(private readonly users: UsersService) {}

  /** The caller's profile (seed 000); credit fields are null until a score exists. */
  @Get()
  @RateLimit(100, 3600)
  @ApiOkResponse({ type: ProfileResponseDto })
  async get(@CurrentUser() principal: UserPrincipal): Promise<ProfileResponseDto> {
    return this.render(await this.users.getProfile(principal.userId));
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
    return this.render(await this.users.updateProfile(principal.userId, patch));
  }

  private render({ user, walletAddress, latestScore }: ProfileRow): ProfileResponseDto {
    return {
      success: true,
      data: {
        id: user.id,
        email: user.email,
        status: user.status,
        created_at: iso(user.createdAt)!,
        last_login: iso(user.lastLoginAt),
        profile: {
          wallet_address: walletAddress,
          full_name: fullName(user),
          kyc_status: user.kycStatus,
          credit_score: latestScore?.score ?? null,
          last_score_update: latestScore ? latestScore.calculatedAt.toISOString() : null,
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
