import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsObject, IsString } from 'class-validator';
import { PageQueryDto, PaginationDto } from '../../common/http/pagination.js';
import { EMPLOYMENT_STATUSES, INCOME_LIMITS } from '../application-data.js';
import { LOAN_STATUSES } from '../../loan-record/loan-record.types.js';
import { LOAN_TYPES } from '../products/loan-products.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';

const NUMBER = { allowNaN: false, allowInfinity: false } as const;

export class CalculateLoanDto {
  @ApiPropertyOptional({ example: 10000, default: 1000, description: 'Loan amount (at most two decimals)' })
  @IsOptionalNotNull()
  @IsNumber(NUMBER)
  amount?: number;

  @ApiPropertyOptional({ example: 5.5, default: 5.0, description: 'Annual interest rate (%), 0–100' })
  @IsOptionalNotNull()
  @IsNumber(NUMBER)
  rate?: number;

  @ApiPropertyOptional({ type: 'integer', example: 36, default: 36, description: 'Loan term in months, 1–480' })
  @IsOptionalNotNull()
  @IsInt()
  term_months?: number;

  @ApiPropertyOptional({
    enum: LOAN_TYPES,
    description:
      'Product the approval probability is judged against; by default the first of personal, mortgage, auto, ' +
      'business whose amount range holds the amount',
  })
  @IsOptionalNotNull()
  @IsIn(LOAN_TYPES)
  loan_type?: (typeof LOAN_TYPES)[number];
}

export class ScheduleRowDto {
  @ApiProperty({ type: 'integer', example: 1 })
  month: number;

  @ApiProperty({ example: 301.96 })
  payment: number;

  @ApiProperty({ example: 256.13 })
  principal: number;

  @ApiProperty({ example: 45.83 })
  interest: number;

  @ApiProperty({ example: 9743.87, description: 'Principal still owed after this payment' })
  balance: number;
}

export class LoanCalculationDto {
  @ApiProperty({ example: 10000.0 })
  loan_amount: number;

  @ApiProperty({ example: 5.5 })
  interest_rate: number;

  @ApiProperty({ type: 'integer', example: 36 })
  term_months: number;

  @ApiProperty({ example: 301.96 })
  monthly_payment: number;

  @ApiProperty({ example: 10870.56 })
  total_payment: number;

  @ApiProperty({ example: 870.56 })
  total_interest: number;

  @ApiProperty({ example: 78.5, description: 'Percent, one decimal; see the model document for the formula' })
  approval_probability: number;

  @ApiProperty({ type: 'integer', example: 720 })
  credit_score: number;

  @ApiProperty({ enum: LOAN_TYPES, example: 'personal', description: 'Product judged against' })
  loan_type: string | null;

  schedule: ScheduleRowDto[];
}

export class LoanCalculationResponseDto {
  @ApiProperty({ example: true })
  success: true;

  data: LoanCalculationDto;
}

export class ApplyLoanDto {
  @ApiProperty({ enum: LOAN_TYPES, example: 'personal' })
  @IsIn(LOAN_TYPES)
  loan_type: (typeof LOAN_TYPES)[number];

  @ApiProperty({ example: 10000.0, description: "Within the loan type's range, at most two decimals" })
  @IsNumber(NUMBER)
  requested_amount: number;

  @ApiProperty({ example: 36, description: "Within the loan type's term range" })
  @IsInt()
  requested_term_months: number;

  @ApiPropertyOptional({ example: 5.5, description: 'Desired annual interest rate (%)' })
  @IsOptionalNotNull()
  @IsNumber(NUMBER)
  requested_rate?: number;

  @ApiPropertyOptional({
    example: { purpose: 'Debt consolidation', employment_status: 'employed', monthly_income: 5000 },
    description:
      'Additional application info (at most 50 keys, 8 KB). monthly_income or annual_income, when given, ' +
      'is used in the affordability check: a number or decimal string, not negative, at most two decimals, at ' +
      `most ${INCOME_LIMITS.monthly_income.toLocaleString('en-US')} a month or ` +
      `${INCOME_LIMITS.annual_income.toLocaleString('en-US')} a year. employment_status, when given, is one of ` +
      `${EMPLOYMENT_STATUSES.join(', ')}; purpose is printable text of at most 500 characters.`,
    type: 'object',
    additionalProperties: true,
  })
  @IsOptionalNotNull()
  @IsObject()
  application_data?: Record<string, unknown>;
}

export class LoanApplicationDto {
  @ApiProperty({ example: 'la_4c1d2e3f4a5b6c7d8e9f' })
  id: string;

  @ApiProperty({ example: 'LA-2024-001234' })
  application_number: string;

  @ApiProperty({ enum: LOAN_STATUSES, example: 'submitted' })
  status: string;

  @ApiProperty({ enum: LOAN_TYPES, example: 'personal' })
  loan_type: string;

  @ApiProperty({ example: 10000.0 })
  requested_amount: number;

  @ApiProperty({ type: 'integer', example: 36 })
  requested_term_months: number;

  @ApiProperty({ example: 5.5 })
  requested_rate: number | null;

  @ApiProperty({ type: 'integer', example: 720 })
  credit_score_at_application: number;

  @ApiProperty({ example: 78.5 })
  approval_probability: number;

  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' })
  submitted_at: string;

  @ApiProperty({ example: '24-48 hours' })
  estimated_response_time: string;
}

export class LoanApplicationResponseDto {
  @ApiProperty({ example: true })
  success: true;

  @ApiProperty({ example: 'Loan application submitted successfully' })
  message: string;

  data: LoanApplicationDto;
}

export class InstallmentDto {
  @ApiProperty({ type: 'integer', example: 1 })
  number: number;

  @ApiProperty({ example: '2025-02-01' })
  due_date: string;

  @ApiProperty({ example: 301.96 })
  amount_due: number;

  @ApiProperty({ example: 256.13 })
  principal: number;

  @ApiProperty({ example: 45.83 })
  interest: number;

  @ApiProperty({ example: 301.96 })
  amount_paid: number;

  @ApiProperty({ enum: ['upcoming', 'due', 'overdue', 'paid_on_time', 'paid_late'], example: 'paid_on_time' })
  status: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-30T10:00:00.000Z' })
  paid_at: string | null;
}

export class PaymentDto {
  @ApiProperty({ example: 'lp_1a2b3c4d5e6f7a8b9c0d' })
  id: string;

  @ApiProperty({ example: 301.96 })
  amount: number;

  @ApiProperty({ format: 'date-time', example: '2025-01-30T10:00:00.000Z' })
  paid_at: string;

  @ApiProperty({ enum: ['on_time', 'late'] })
  timeliness: string;
}

export class LoanDecisionViewDto {
  @ApiProperty({ example: 9000 })
  approved_amount: number | null;

  @ApiProperty({ example: 6.25 })
  approved_rate: number | null;

  @ApiProperty({ type: 'integer', example: 36 })
  approved_term_months: number | null;

  @ApiProperty({ example: 274.82 })
  monthly_payment: number | null;

  @ApiProperty({ example: null })
  reason: string | null;

  @ApiProperty({ format: 'date-time', example: '2024-12-31T09:00:00.000Z' })
  decided_at: string | null;
}

export class LoanSummaryDto extends LoanApplicationDto {
  @ApiProperty({ type: LoanDecisionViewDto })
  decision: LoanDecisionViewDto;
  @ApiProperty({ format: 'date-time' })
  disbursed_at: string | null;

  @ApiProperty({ format: 'date-time', description: 'When it was repaid, defaulted, rejected or cancelled' })
  closed_at: string | null;

  @ApiProperty({ example: 6543.21, description: 'Principal still owed' })
  outstanding_principal: number | null;
}

export class LoanDetailDto extends LoanSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true })
  application_data: Record<string, unknown>;

  installments: InstallmentDto[];

  payments: PaymentDto[];
}

export class LoanListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LOAN_STATUSES })
  @IsOptionalNotNull()
  @IsString()
  @IsIn(LOAN_STATUSES)
  status?: string;
}

export class LoanListDto {
  loans: LoanSummaryDto[];

  pagination: PaginationDto;
}

export class LoanListResponseDto {
  @ApiProperty({ example: true })
  success: true;

  data: LoanListDto;
}

export class LoanDetailResponseDto {
  @ApiProperty({ example: true })
  success: true;

  data: LoanDetailDto;
}
