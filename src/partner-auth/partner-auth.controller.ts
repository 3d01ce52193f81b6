import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SecretParams } from '../common/logging/secret-params.js';
import { PER_INSTANCE_WHEN_REDIS_DOWN, RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { CurrentPartner, PartnerClient, type PartnerPrincipal } from '../common/security/index.js';
import { ChallengesService } from './challenges/challenges.service.js';
import {
  AuthMethodsDto,
  ChallengeDto,
  CreateChallengeQueryDto,
  ValidateChallengeDto,
  ValidatedHandleDto,
} from './dto/challenge.dto.js';
import { ApiErrors } from '../common/http/api-errors.decorator.js';
import { PartnerError } from './partner-auth.errors.js';

/** Seed 004's authentication endpoints: prove that a Credo ID belongs to the user a partner deals with. */
@ApiTags('Credo360 partner')
@Controller('partner/auth')
@PartnerClient()
export class PartnerAuthController {
  constructor(private readonly challenges: ChallengesService) {}

  @Get(':handleId')
  @RateLimit(600, 60)
  @ApiOperation({ summary: 'Authentication methods available for a Credo ID' })
  @ApiOkResponse({ type: AuthMethodsDto })
  @ApiErrors(PartnerError.handleNotFound())
  async methods(@Param('handleId') handleId: string): Promise<AuthMethodsDto> {
    return { methods: await this.challenges.methodsFor(await this.challenges.findUser(handleId)) };
  }

  @Post(':handleId')
  @RateLimit(60, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOperation({
    summary: 'Create an authentication challenge',
    description:
      'A passcode is sent to the user (SMS or e-mail, naming the partner); a signature challenge returns a nonce for ' +
      'the user to sign with a linked wallet.',
  })
  @ApiCreatedResponse({ type: ChallengeDto })
  @ApiErrors(
    PartnerError.handleNotFound(),
    PartnerError.handleInactive('suspended'),
    PartnerError.ownHandle(),
    PartnerError.methodUnavailable('signature'),
    PartnerError.deliveryUnavailable('sms'),
    PartnerError.tooManyPasscodes(3600),
  )
  create(
    @CurrentPartner() partner: PartnerPrincipal,
    @Param('handleId') handleId: string,
    @Query() query: CreateChallengeQueryDto,
  ): Promise<ChallengeDto> {
    return this.challenges.create(partner, handleId, {
      method: query.method ?? 'passcode',
      delivery: query.delivery,
      length: query.length,
      attempts: query.attempts,
    });
  }

  @Patch(':challengeId')
  // The challenge id is a bearer secret (stored hashed): the partner holding it may answer the challenge.
  @SecretParams('challengeId')
  @HttpCode(200)
  @RateLimit(120, 60, PER_INSTANCE_WHEN_REDIS_DOWN)
  @ApiOperation({
    summary: 'Validate an authentication challenge',
    description:
      'A wrong answer says how many attempts remain; expired, exhausted and used challenges are refused. A ' +
      'challenge created by another partner answers 404, like one that does not exist.',
  })
  @ApiOkResponse({ type: ValidatedHandleDto })
  @ApiErrors(
    PartnerError.challengeNotFound(),
    PartnerError.challengeUsed(),
    PartnerError.wrongResponse(2),
    PartnerError.challengeExpired(),
    PartnerError.challengeExhausted(),
    PartnerError.handleInactive('suspended'),
  )
  validate(
    @CurrentPartner() partner: PartnerPrincipal,
    @Param('challengeId') challengeId: string,
    @Body() body: ValidateChallengeDto,
  ): Promise<ValidatedHandleDto> {
    return this.challenges.validate(partner, challengeId, body.response);
  }
}
