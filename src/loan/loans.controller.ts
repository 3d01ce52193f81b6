import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParsePrefixedIdPipe } from '../common/http/ids.js';
import { markReplayed } from '../common/rate-limit/free-answers.js';
import { ReplaysFrom } from '../common/rate-limit/stored-replays.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { CurrentUser, type UserPrincipal } from '../common/security/index.js';
import {
  ApplyLoanDto,
  CalculateLoanDto,
  LoanApplicationResponseDto,
  LoanCalculationResponseDto,
  LoanDetailResponseDto,
  LoanListQueryDto,
  LoanListResponseDto,
} from './dto/loan.dto.js';
import { applicationView } from './loan.views.js';
import { LoansError } from './loans.errors.js';
import { LoanApplyReplays } from './loan-apply.replays.js';
import { LoansService } from './loans.service.js';
import { ApiErrors } from '../common/http/api-errors.decorator.js';

const loanId = new ParsePrefixedIdPipe('la', LoansError.notFound);

@ApiTags('Loans')
@Controller('loans')
export class LoansController {
  constructor(private readonly loans: LoansService) {}

  @Post('calculate')
  @HttpCode(200)
  @RateLimit(100, 3600)
  @ApiOperation({
    summary: 'Calculate loan terms and payment schedule',
    description:
      'Defaults: amount 1000, rate 5.0 %, 36 months. The monthly payment is the annuity payment rounded to the ' +
      'cent and total_payment = monthly_payment × term_months (at 0 % the last payment is the remainder and ' +
      'the total is the amount). The schedule rows add up exactly to the totals. approval_probability and ' +
      'credit_score are for the caller.',
  })
  @ApiOkResponse({ type: LoanCalculationResponseDto })
  @ApiErrors(LoansError.invalidTerms([{ field: 'term_months', message: 'term_months must not be greater than 480' }]))
  async calculate(
    @CurrentUser() user: UserPrincipal,
    @Body() body: CalculateLoanDto,
  ): Promise<LoanCalculationResponseDto> {
    const q = await this.loans.quote(user.userId, body);
    return {
      success: true,
      data: {
        loan_amount: q.amount,
        interest_rate: q.annualRatePercent,
        term_months: q.termMonths,
        monthly_payment: q.monthlyPayment,
        total_payment: q.totalPayment,
        total_interest: q.totalInterest,
        approval_probability: q.approvalProbability,
        credit_score: q.creditScore,
        loan_type: q.loanType,
        schedule: q.schedule,
      },
    };
  }

  @Post('apply')
  @RateLimit(3, 3600)
  @ReplaysFrom(LoanApplyReplays)
  @ApiOperation({
    summary: 'Submit a new loan application',
    description:
      'Amounts and terms must fit the loan type (personal 1,000–50,000 over 6–84 months; mortgage ' +
      '50,000–1,000,000 over 60–480; auto 5,000–100,000 over 12–96; business 10,000–500,000 over 6–120). ' +
      'Send an Idempotency-Key to make retries safe: the same key and body answer the first application again ' +
      '(Idempotent-Replayed: true); the same key with a different body answers 422. Without a key, a second ' +
      'application of a type that is still under review answers 409. Each application is a hard inquiry in ' +
      'your credit history.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–255 visible ASCII characters' })
  @ApiCreatedResponse({ type: LoanApplicationResponseDto })
  @ApiErrors(
    LoansError.invalid([{ field: 'amount', message: 'must be between 1000 and 50000 for a personal loan' }]),
    LoansError.invalidIdempotencyKey(),
    LoansError.openApplication('personal'),
    LoansError.idempotencyKeyReused(),
  )
  async apply(
    @CurrentUser() user: UserPrincipal,
    @Body() body: ApplyLoanDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoanApplicationResponseDto> {
    const { loan, replayed } = await this.loans.apply(user.userId, body, idempotencyKey);
    if (replayed) markReplayed(reply);
    reply.status(201);
    return { success: true, message: 'Loan application submitted successfully', data: applicationView(loan) };
  }

  @Get()
  @ApiOperation({ summary: 'Your loan applications and loans, newest first' })
  @ApiOkResponse({ type: LoanListResponseDto })
  async list(@CurrentUser() user: UserPrincipal, @Query() query: LoanListQueryDto): Promise<LoanListResponseDto> {
    return { success: true, data: await this.loans.list(user.userId, query) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your loans, with its instalments and payments' })
  @ApiOkResponse({ type: LoanDetailResponseDto })
  @ApiErrors(LoansError.notFound())
  async get(@CurrentUser() user: UserPrincipal, @Param('id', loanId) id: string): Promise<LoanDetailResponseDto> {
    return { success: true, data: await this.loans.get(user.userId, id) };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an application under review, or decline an approved offer before disbursement' })
  @ApiOkResponse({ type: LoanDetailResponseDto })
  @ApiErrors(LoansError.notFound(), LoansError.wrongState('active', 'cancelled'))
  async cancel(@CurrentUser() user: UserPrincipal, @Param('id', loanId) id: string): Promise<LoanDetailResponseDto> {
    return { success: true, data: await this.loans.cancel(user.userId, id) };
  }
}
