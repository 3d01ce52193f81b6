import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNumber, IsString, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional.js';

const NUMBER = { allowNaN: false, allowInfinity: false } as const;

export class LoanDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiPropertyOptional({ example: 9000, description: 'At most the requested amount; defaults to it' })
  @IsOptionalNotNull()
  @IsNumber(NUMBER)
  approved_amount?: number;

  @ApiPropertyOptional({
    example: 6.25,
    description: "Annual rate (%); defaults to the requested rate, else the product's base APR",
  })
  @IsOptionalNotNull()
  @IsNumber(NUMBER)
  approved_rate?: number;

  @ApiPropertyOptional({ type: 'integer', example: 36, description: 'Defaults to the requested term' })
  @IsOptionalNotNull()
  @IsInt()
  approved_term_months?: number;

  @ApiPropertyOptional({ example: 'Debt-to-income ratio too high', description: 'Required to reject' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason?: string;
}

export class DisburseLoanDto {
  @ApiPropertyOptional({
    example: '2025-01-02T10:00:00.000Z',
    description:
      'When the money was sent (defaults to now; may be in the past, never before the approval or in the future)',
  })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  disbursed_at?: string;
}

export class RecordPaymentDto {
  @ApiProperty({ example: 301.96, description: 'Amount received, at most two decimals' })
  @IsNumber(NUMBER)
  amount: number;

  @ApiPropertyOptional({
    example: '2025-02-01T09:00:00.000Z',
    description:
      'When it was received (defaults to now; never before the disbursement or the last recorded payment, nor in the future)',
  })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  paid_at?: string;
}

export class DefaultLoanDto {
  @ApiProperty({ example: 'No payment for 120 days' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}
