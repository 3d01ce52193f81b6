import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParsePrefixedIdPipe } from '../common/http/ids.js';
import { pageRequest, pagination } from '../common/http/pagination.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { CurrentUser, type UserPrincipal } from '../common/security/index.js';
import { CreditHistoryService } from './credit-history.service.js';
import { CreditScoreService } from './credit-score.service.js';
import { CreditError } from './credit.errors.js';
import { eventView, explanationView, scoreView } from './credit.views.js';
import {
  CalculateScoreDto,
  CreditHistoryQueryDto,
  CreditHistoryResponseDto,
  CreditScoreExplanationResponseDto,
  CreditScoreResponseDto,
} from './dto/credit.dto.js';
import { ApiErrors } from '../common/http/api-errors.decorator.js';

const scoreId = new ParsePrefixedIdPipe('cs', CreditError.scoreNotFound);

@ApiTags('Credit')
@Controller('credit')
export class CreditController {
  constructor(
    private readonly scores: CreditScoreService,
    private readonly history: CreditHistoryService,
  ) {}

  @Post('calculate-score')
  @HttpCode(200)
  @RateLimit(10, 60)
  @ApiOperation({
    summary: 'Calculate or recalculate your credit score',
    description:
      'Scores your platform record and, when a linked wallet is given or known, its on-chain record. A score ' +
      'younger than 24 hours for the same wallet is returned unchanged unless force_recalculation is true. ' +
      'A wallet that is not linked to your account answers 403. When the chain node cannot be reached the ' +
      'score is still computed, from platform signals, and on_chain.available is false.',
  })
  @ApiOkResponse({ type: CreditScoreResponseDto })
  @ApiErrors(CreditError.invalidWallet(), CreditError.walletNotLinked())
  async calculate(
    @CurrentUser() user: UserPrincipal,
    @Body() body: CalculateScoreDto,
  ): Promise<CreditScoreResponseDto> {
    const score = await this.scores.calculate(user.userId, {
      walletAddress: body.walletAddress,
      force: body.force_recalculation ?? false,
    });
    return { success: true, data: scoreView(score) };
  }

  @Get('scores/:id')
  @ApiOperation({
    summary: 'Explain one of your past scores',
    description: 'Every characteristic as it was scored and the inputs the score was computed from.',
  })
  @ApiOkResponse({ type: CreditScoreExplanationResponseDto })
  @ApiErrors(CreditError.scoreNotFound())
  async explain(
    @CurrentUser() user: UserPrincipal,
    @Param('id', scoreId) id: string,
  ): Promise<CreditScoreExplanationResponseDto> {
    return { success: true, data: explanationView(await this.scores.get(user.userId, id)) };
  }

  @Get('history')
  @RateLimit(100, 3600)
  @ApiOperation({
    summary: 'Your credit history',
    description:
      'Inquiries, applications, decisions, disbursements, payments and verifications, newest first. ' +
      'per_page is capped at 100.',
  })
  @ApiOkResponse({ type: CreditHistoryResponseDto })
  async list(
    @CurrentUser() user: UserPrincipal,
    @Query() query: CreditHistoryQueryDto,
  ): Promise<CreditHistoryResponseDto> {
    const page = pageRequest(query);
    const { rows, total } = await this.history.list(user.userId, page);
    return { success: true, data: { history: rows.map(eventView), pagination: pagination(page, total) } };
  }
}
