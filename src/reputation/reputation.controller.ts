import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { CurrentUser, type UserPrincipal } from '../common/security/index.js';
import { UsersService } from '../users/users.service.js';
import { verificationsView } from './credo-profile.js';
import {
  EndorseDto,
  EndorsementResponseDto,
  EndorsementsListResponseDto,
  WithdrawEndorsementDto,
  WithdrawnResponseDto,
} from './dto/endorsement.dto.js';
import { MyReputationResponseDto } from './dto/reputation.dto.js';
import { EndorsementsService } from './endorsements.service.js';
import { ReputationService } from './reputation.service.js';
import { ApiErrors } from '../common/http/api-errors.decorator.js';
import { ReputationError } from './reputation.errors.js';

/** A user's own reputation, and endorsements between users. */
@ApiTags('Reputation')
@Controller('reputation')
export class ReputationController {
  constructor(
    private readonly reputation: ReputationService,
    private readonly endorsements: EndorsementsService,
    private readonly users: UsersService,
  ) {}

  @Get('me')
  @RateLimit(100, 3600)
  @ApiOperation({ summary: 'Your Credo Score, its segments and what feeds them' })
  @ApiOkResponse({ type: MyReputationResponseDto })
  async me(@CurrentUser() principal: UserPrincipal): Promise<MyReputationResponseDto> {
    const user = await this.users.getById(principal.userId);
    const rep = await this.reputation.forUser(user);
    return {
      success: true,
      data: {
        handleId: user.handle,
        reputation: rep.reputation,
        verifications: verificationsView(user, rep.wallets),
        payments: { credoWallet: rep.wallets.length > 0, loans: rep.loans },
      },
    };
  }

  @Get('endorsements')
  @RateLimit(100, 3600)
  @ApiOperation({ summary: 'Endorsements you gave and received (newest 200 of each)' })
  @ApiOkResponse({ type: EndorsementsListResponseDto })
  async list(@CurrentUser() principal: UserPrincipal): Promise<EndorsementsListResponseDto> {
    return { success: true, data: await this.endorsements.list(principal.userId) };
  }

  @Post('endorsements')
  @RateLimit(30, 3600)
  @ApiOperation({
    summary: 'Endorse another user',
    description:
      'Not yourself, and once per user. Only an active account with a verified e-mail or phone and standing ' +
      '(30 days old, an approved KYC, or a credit history) may endorse, at most 5 times in 30 days; ' +
      'see src/reputation/model/REPUTATION.md.',
  })
  @ApiCreatedResponse({ type: EndorsementResponseDto })
  @ApiErrors(
    ReputationError.handleNotFound(),
    ReputationError.selfEndorsement(),
    ReputationError.endorserInactive(),
    ReputationError.endorserUnverified(false, 3),
    ReputationError.endorserWithoutStanding(3),
    ReputationError.alreadyEndorsed(),
    ReputationError.endorsementQuota(new Date('2026-02-01T00:00:00.000Z')),
  )
  async endorse(@CurrentUser() principal: UserPrincipal, @Body() body: EndorseDto): Promise<EndorsementResponseDto> {
    return { success: true, data: await this.endorsements.endorse(principal.userId, body.handleId, body.review) };
  }

  @Delete('endorsements')
  @HttpCode(200)
  @RateLimit(30, 3600)
  @ApiOperation({ summary: 'Withdraw your endorsement of a user' })
  @ApiOkResponse({ type: WithdrawnResponseDto })
  @ApiErrors(ReputationError.endorsementNotFound())
  async withdraw(
    @CurrentUser() principal: UserPrincipal,
    @Body() body: WithdrawEndorsementDto,
  ): Promise<WithdrawnResponseDto> {
    await this.endorsements.withdraw(principal.userId, body.handleId);
    return { success: true, message: 'Endorsement withdrawn.' };
  }

  @Delete('endorsements/:handleId')
  @HttpCode(200)
  @RateLimit(30, 3600)
  @ApiOperation({ summary: 'Withdraw your endorsement of a user (handle in the path)' })
  @ApiOkResponse({ type: WithdrawnResponseDto })
  @ApiErrors(ReputationError.endorsementNotFound())
  async withdrawByPath(
    @CurrentUser() principal: UserPrincipal,
    @Param('handleId') handleId: string,
  ): Promise<WithdrawnResponseDto> {
    await this.endorsements.withdraw(principal.userId, handleId);
    return { success: true, message: 'Endorsement withdrawn.' };
  }
}
