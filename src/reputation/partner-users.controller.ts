import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { markReplayed } from '../common/rate-limit/free-answers.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { CurrentPartner, PartnerClient, type PartnerPrincipal } from '../common/security/index.js';
import type { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { credoUserView, handleStatus } from './credo-profile.js';
import { CredoUserDto } from './dto/credo-user.dto.js';
import { RatingDto, SubmitRatingDto, SubmitTransactionDto, TransactionDto } from './dto/submission.dto.js';
import { ReputationError } from './reputation.errors.js';
import { ReputationService } from './reputation.service.js';
import { SubmissionsService } from './submissions.service.js';
import { ApiErrors } from '../common/http/api-errors.decorator.js';

const HANDLE = /^\d{11}$/;

/** Seed 004's user info, and the behaviour data partners send back (the seed's "future capability"). */
@ApiTags('Credo360 partner')
@Controller('partner/users')
@PartnerClient()
export class PartnerUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly reputation: ReputationService,
    private readonly submissions: SubmissionsService,
  ) {}

  /** A malformed handle cannot name anybody: 404, like an unknown one. */
  private async user(handle: string): Promise<User> {
    const user = HANDLE.test(handle) ? await this.users.findByHandle(handle) : null;
    if (!user) throw ReputationError.handleNotFound();
    return user;
  }

  @Get(':handleId')
  @RateLimit(600, 60)
  @ApiOperation({
    summary: "A user's Credo profile, reputation and verifications",
    description:
      "The profile shows the first name always and the rest only as the user's privacy settings allow. A " +
      'deactivated or suspended handle answers with its status only.',
  })
  @ApiOkResponse({ type: CredoUserDto })
  @ApiErrors(ReputationError.handleNotFound())
  async get(@Param('handleId') handleId: string): Promise<CredoUserDto> {
    const read = HANDLE.test(handleId) ? await this.reputation.byHandle(handleId) : null;
    if (!read) throw ReputationError.handleNotFound();
    return credoUserView(read.user, handleStatus(read.user) === 'valid' ? read.reputation : null);
  }

  @Post(':handleId/transactions')
  @RateLimit(600, 60)
  @ApiOperation({
    summary: 'Submit a transaction with the user',
    description:
      'Only for a handle this partner has verified by challenge. Idempotent by `external_id`: 201 when recorded, 200 ' +
      'with the stored record (and `Idempotent-Replayed: true`) when the same data is sent again, 409 when the id was used with other data.',
  })
  @ApiCreatedResponse({ type: TransactionDto })
  @ApiOkResponse({ type: TransactionDto, description: 'Already recorded with the same data' })
  @ApiErrors(
    ReputationError.handleNotFound(),
    ReputationError.handleInactive('suspended'),
    ReputationError.handleNotVerified(),
    ReputationError.externalIdConflict(),
    ReputationError.inTheFuture('occurred_at'),
  )
  async transaction(
    @CurrentPartner() partner: PartnerPrincipal,
    @Param('handleId') handleId: string,
    @Body() body: SubmitTransactionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TransactionDto> {
    const result = await this.submissions.submitTransaction(partner, await this.user(handleId), body);
    void reply.status(result.created ? 201 : 200);
    if (!result.created) markReplayed(reply);
    return result.record;
  }

  @Post(':handleId/ratings')
  @RateLimit(600, 60)
  @ApiOperation({
    summary: 'Submit a rating of the user',
    description:
      'Only for a handle this partner has verified by challenge. Idempotent by `external_id`, like transactions.',
  })
  @ApiCreatedResponse({ type: RatingDto })
  @ApiOkResponse({ type: RatingDto, description: 'Already recorded with the same data' })
  @ApiErrors(
    ReputationError.handleNotFound(),
    ReputationError.handleInactive('suspended'),
    ReputationError.handleNotVerified(),
    ReputationError.externalIdConflict(),
    ReputationError.inTheFuture('rated_at'),
  )
  async rating(
    @CurrentPartner() partner: PartnerPrincipal,
    @Param('handleId') handleId: string,
    @Body() body: SubmitRatingDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RatingDto> {
    const result = await this.submissions.submitRating(partner, await this.user(handleId), body);
    void reply.status(result.created ? 201 : 200);
    if (!result.created) markReplayed(reply);
    return result.record;
  }
}
