import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsPositive, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCurrencyCode } from '../../common/validation/currency-code.js';
import { IsPastInstant } from '../../common/validation/instant.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { IsPlainText } from '../../common/validation/plain-text.js';

const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const EXTERNAL_ID_MESSAGE = 'must be letters, digits and . _ : - (starting with a letter or digit)';
/** Behaviour older than this says nothing about a person today; a timestamp older still is a mistake. */
export const SUBMISSION_MAX_AGE_YEARS = 20;
const WHEN = {
  example: '2024-12-30T15:30:00.000Z',
  description:
    'Defaults to now. A date, or a date-time with its offset (Z or ±hh:mm); not in the future, not more than ' +
    `${SUBMISSION_MAX_AGE_YEARS} years ago`,
};

/** POST /api/partner/users/:handleId/transactions — idempotent by the partner's own `external_id`. */
export class SubmitTransactionDto {
  @ApiProperty({ example: 'order-2024-000123', description: 'Your id for it; resending it changes nothing' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(EXTERNAL_ID, { message: `external_id ${EXTERNAL_ID_MESSAGE}` })
  external_id: string;

  @ApiPropertyOptional({ default: 'completed' })
  @IsOptionalNotNull()
  @IsIn(['completed', 'disputed'])
  status?: 'completed' | 'disputed';

  @ApiPropertyOptional({
    example: 'buyer-8812',
    description: 'Your id for the other party; distinct counterparties count as transactors',
  })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(EXTERNAL_ID, { message: `counterparty_id ${EXTERNAL_ID_MESSAGE}` })
  counterparty_id?: string;

  @ApiPropertyOptional({
    example: 125.5,
    minimum: 0.01,
    description: 'Greater than 0, at most 1,000,000,000,000, two decimals',
  })
  @IsOptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @IsPositive()
  @Max(1e12)
  amount?: number;

  @ApiPropertyOptional({ example: 'USD', pattern: '^[A-Z]{3}$', description: 'An ISO 4217 currency code' })
  @IsOptionalNotNull()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional(WHEN)
  @IsOptionalNotNull()
  @IsPastInstant({ maxAgeYears: SUBMISSION_MAX_AGE_YEARS })
  occurred_at?: string;
}

/** POST /api/partner/users/:handleId/ratings — idempotent by the partner's own `external_id`. */
export class SubmitRatingDto {
  @ApiProperty({ example: 'review-77812' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(EXTERNAL_ID, { message: `external_id ${EXTERNAL_ID_MESSAGE}` })
  external_id: string;

  @ApiProperty({ type: 'integer', example: 5, description: 'Stars' })
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;

  @ApiPropertyOptional({ example: 'Paid on time, easy to deal with.', description: 'Printable text' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @IsPlainText({ multiline: true })
  review?: string;

  @ApiPropertyOptional({ example: 'seller-1002', description: 'Your id for who gave the rating' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(EXTERNAL_ID, { message: `rater_id ${EXTERNAL_ID_MESSAGE}` })
  rater_id?: string;

  @ApiPropertyOptional({ example: 'order-2024-000123', description: 'The transaction it rates, if any' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(EXTERNAL_ID, { message: `transaction_external_id ${EXTERNAL_ID_MESSAGE}` })
  transaction_external_id?: string;

  @ApiPropertyOptional(WHEN)
  @IsOptionalNotNull()
  @IsPastInstant({ maxAgeYears: SUBMISSION_MAX_AGE_YEARS })
  rated_at?: string;
}

export class TransactionDto {
  @ApiProperty({ example: 'tx_5f0c7a8e2b1d4c3f9a6e8d7c6b5a4f3e' }) id: string;
  @ApiProperty({ example: 'order-2024-000123' }) external_id: string;
  @ApiProperty({ example: '02598397346' }) handleId: string;
  @ApiProperty({ example: 'completed', enum: ['completed', 'disputed'] }) status: string;
  @ApiProperty({ example: 'buyer-8812' }) counterparty_id: string | null;
  @ApiProperty({ example: 125.5 }) amount: number | null;
  @ApiProperty({ example: 'USD' }) currency: string | null;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' }) occurred_at: string;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:01.000Z' }) created_at: string;
}

export class RatingDto {
  @ApiProperty({ example: 'rt_5f0c7a8e2b1d4c3f9a6e8d7c6b5a4f3e' }) id: string;
  @ApiProperty({ example: 'review-77812' }) external_id: string;
  @ApiProperty({ example: '02598397346' }) handleId: string;
  @ApiProperty({ type: 'integer', example: 5 }) score: number;
  review: string | null;
  rater_id: string | null;
  transaction_external_id: string | null;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' }) rated_at: string;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:01.000Z' }) created_at: string;
}
