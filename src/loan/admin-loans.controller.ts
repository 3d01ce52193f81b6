import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, type AuditActor } from '../audit/index.js';
import { ParsePrefixedIdPipe } from '../common/http/ids.js';
import { Roles } from '../common/security/index.js';
import { DefaultLoanDto, DisburseLoanDto, LoanDecisionDto, RecordPaymentDto } from './dto/admin-loan.dto.js';
import { LoanDetailResponseDto, LoanListQueryDto, LoanListResponseDto } from './dto/loan.dto.js';
import { LoanServicingService } from './loan-servicing.service.js';
import { LoansError } from './loans.errors.js';
import { ApiErrors } from '../common/http/api-errors.decorator.js';
import { validationFailed } from '../common/errors/index.js';

/** A milestone for the examples of out-of-order dates. */
const EXAMPLE_MILESTONE = { event: 'the disbursement', at: new Date('2026-01-15T10:00:00.000Z') };

const loanId = new ParsePrefixedIdPipe('la', LoansError.notFound);

/**
 * Staff work on loans. Every write is refused on a loan the caller borrows (403 LOAN.OWN_APPLICATION for a
 * decision, LOAN.OWN_LOAN for the rest) and is written to the audit log with the change.
 */
@ApiTags('Admin')
@Controller('admin/loans')
@Roles('underwriter', 'admin')
export class AdminLoansController {
  constructor(private readonly servicing: LoanServicingService) {}

  @Get()
  @ApiOperation({
    summary: 'All loans, newest first, optionally by status (the underwriting queue: ?status=submitted)',
  })
  @ApiOkResponse({ type: LoanListResponseDto })
  async list(@Query() query: LoanListQueryDto): Promise<LoanListResponseDto> {
    return { success: true, data: await this.servicing.list(query) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Any loan, with its instalments and payments' })
  @ApiOkResponse({ type: LoanDetailResponseDto })
  @ApiErrors(LoansError.notFound())
  async get(@Param('id', loanId) id: string): Promise<LoanDetailResponseDto> {
    return { success: true, data: await this.servicing.get(id) };
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve (with terms) or reject (with a reason) an application under review',
    description: 'Approved terms default to the requested ones; the amount may be lowered, never raised.',
  })
  @ApiOkResponse({ type: LoanDetailResponseDto })
  @ApiErrors(
    LoansError.notFound(),
    LoansError.ownApplication(),
    LoansError.wrongState('approved', 'decided'),
    validationFailed([{ field: 'reason', message: 'is required to reject an application' }]),
  )
  async decide(
    @Actor() actor: AuditActor,
    @Param('id', loanId) id: string,
    @Body() body: LoanDecisionDto,
  ): Promise<LoanDetailResponseDto> {
    return { success: true, data: await this.servicing.decide(actor, id, body) };
  }

  @Post(':id/disburse')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the disbursement of an approved loan; its instalment schedule starts then',
    description: 'disbursed_at defaults to now; it may be in the past, but not before the approval.',
  })
  @ApiOkResponse({ type: LoanDetailResponseDto })
  @ApiErrors(
    LoansError.notFound(),
    LoansError.ownLoan(),
    LoansError.wrongState('submitted', 'disbursed'),
    LoansError.disbursementOutOfOrder(EXAMPLE_MILESTONE),
  )
  async disburse(
    @Actor() actor: AuditActor,
    @Param('id', loanId) id: string,
    @Body() body: DisburseLoanDto,
  ): Promise<LoanDetailResponseDto> {
    return { success: true, data: await this.servicing.disburse(actor, id, body) };
  }

  @Post(':id/payments')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a payment received',
    description:
      'Applied to the oldest unpaid instalments. On time when the oldest instalment it reaches was not past ' +
      'due on paid_at; the payment that settles the last instalment repays the loan. paid_at defaults to now; ' +
      'it may be in the past, but not before the disbursement or the last recorded payment.',
  })
  @ApiOkResponse({ type: LoanDetailResponseDto })
  @ApiErrors(
    LoansError.notFound(),
    LoansError.ownLoan(),
    LoansError.wrongState('approved', 'paid'),
    LoansError.paymentOutOfOrder(EXAMPLE_MILESTONE),
    LoansError.overpayment('1250.00'),
  )
  async pay(
    @Actor() actor: AuditActor,
    @Param('id', loanId) id: string,
    @Body() body: RecordPaymentDto,
  ): Promise<LoanDetailResponseDto> {
    return { success: true, data: await this.servicing.recordPayment(actor, id, body) };
  }

  @Post(':id/default')
  @HttpCode(200)
  @ApiOperation({ summary: 'Declare an active loan in default (an instalment must be over 30 days overdue)' })
  @ApiOkResponse({ type: LoanDetailResponseDto })
  @ApiErrors(
    LoansError.notFound(),
    LoansError.ownLoan(),
    LoansError.wrongState('repaid', 'declared in default'),
    LoansError.notDelinquent(),
  )
  async declareDefault(
    @Actor() actor: AuditActor,
    @Param('id', loanId) id: string,
    @Body() body: DefaultLoanDto,
  ): Promise<LoanDetailResponseDto> {
    return { success: true, data: await this.servicing.declareDefault(actor, id, body) };
  }
}
