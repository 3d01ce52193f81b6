import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength } from 'class-validator';
import { PageQueryDto, PaginationDto } from '../../common/http/pagination.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';

export class CalculateScoreDto {
  @ApiPropertyOptional({
    example: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e',
    description:
      'A wallet linked to your account; defaults to your first linked wallet. Without one, the score uses platform signals only.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(42)
  walletAddress?: string;

  @ApiPropertyOptional({ default: false, description: 'Recalculate even if a score younger than 24 h exists' })
  @IsOptionalNotNull()
  @IsBoolean()
  force_recalculation?: boolean;
}

export class ScoreRangeDto {
  @ApiProperty({ type: 'integer', example: 300 })
  min: number;

  @ApiProperty({ type: 'integer', example: 850 })
  max: number;
}

export class ScoreFactorDto {
  @ApiProperty({ example: 'Excellent payment history' })
  factor: string;

  @ApiProperty({ enum: ['positive', 'negative', 'neutral'], example: 'positive' })
  impact: string;

  @ApiProperty({ example: 'Consistently repaying debts on time' })
  description: string;

  @ApiProperty({ example: 'PH_ON_TIME_STRONG', description: 'Stable reason code' })
  code: string;

  @ApiProperty({ type: 'integer', example: 120, description: 'Points this characteristic contributed' })
  points: number;

  @ApiProperty({ type: 'integer', example: 140, description: 'The most it can contribute' })
  max_points: number;
}

export class OnChainStatusDto {
  @ApiProperty({ example: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e' })
  wallet_address: string | null;

  @ApiProperty({ description: 'false when no wallet was scored or no node could be read' })
  available: boolean;

  @ApiProperty({ example: ['mainnet'] })
  chains: string[];
}

export class CreditScoreDto {
  @ApiProperty({ example: 'cs_3f9a0c2b7d1e4a5b6c7d' })
  credit_score_id: string;

  @ApiProperty({ type: 'integer', example: 720 })
  score: number;

  @ApiProperty({ type: ScoreRangeDto })
  score_range: ScoreRangeDto;

  @ApiProperty({ enum: ['Exceptional', 'Very Good', 'Good', 'Fair', 'Poor'], example: 'Good' })
  rating: string;

  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' })
  calculated_at: string;

  @ApiProperty({ example: '1.0.0' })
  model_version: string;

  @ApiProperty({ type: [ScoreFactorDto] })
  factors: ScoreFactorDto[];

  @ApiProperty({ example: ['Continue making on-time payments'] })
  recommendations: string[];

  @ApiProperty({ example: 0.9697, description: "The model's probability of repayment at this score" })
  probability_of_repayment: number;

  @ApiProperty({ type: OnChainStatusDto })
  on_chain: OnChainStatusDto;
}

export class CreditScoreResponseDto {
  @ApiProperty({ example: true })
  success: true;

  data: CreditScoreDto;
}

export class CharacteristicDto {
  @ApiProperty({ example: 'PH_ON_TIME' })
  id: string;

  @ApiProperty({ example: 'On-time loan payments' })
  name: string;

  @ApiProperty({ example: 'payment_history' })
  category: string;

  @ApiProperty({ example: 'platform.payments.onTime' })
  signal: string;

  @ApiProperty({ example: 12, description: 'null took the "no data" bin' })
  value: number | null;

  @ApiProperty({ example: '12 or more' })
  bin: string;

  @ApiProperty({ example: 'PH_ON_TIME_STRONG' })
  code: string;

  @ApiProperty({ enum: ['positive', 'negative', 'neutral'] })
  impact: string;

  @ApiProperty({ type: 'integer', example: 120 })
  points: number;

  @ApiProperty({ type: 'integer', example: 140 })
  max_points: number;
}

export class CreditScoreExplanationDto extends CreditScoreDto {
  @ApiProperty({ description: 'Every characteristic as scored' })
  characteristics: CharacteristicDto[];

  @ApiProperty({
    description: 'The inputs the score was computed from (on-chain and platform signals), as stored with it',
    type: 'object',
    additionalProperties: true,
  })
  inputs: Record<string, unknown>;
}

export class CreditScoreExplanationResponseDto {
  @ApiProperty({ example: true })
  success: true;

  data: CreditScoreExplanationDto;
}

export class CreditHistoryQueryDto extends PageQueryDto {}

export class CreditEventDto {
  @ApiProperty({ example: 'ch_8b1d2e3f4a5b6c7d8e9f' })
  id: string;

  @ApiProperty({
    example: 'loan_payment',
    enum: [
      'credit_inquiry',
      'loan_application',
      'loan_cancelled',
      'loan_approved',
      'loan_rejected',
      'loan_disbursement',
      'loan_payment',
      'late_payment',
      'loan_repaid',
      'loan_default',
      'verification',
    ],
  })
  event_type: string;

  @ApiProperty({ format: 'date-time', example: '2024-12-15T10:00:00.000Z' })
  event_date: string;

  @ApiPropertyOptional({ example: 500.0, description: 'Present when the event moves money' })
  amount?: number;

  @ApiProperty({ enum: ['positive', 'negative', 'neutral'], example: 'positive' })
  impact: string;

  @ApiProperty({ example: 'On-time loan payment' })
  description: string;
}

export class CreditHistoryDto {
  history: CreditEventDto[];

  pagination: PaginationDto;
}

export class CreditHistoryResponseDto {
  @ApiProperty({ example: true })
  success: true;

  data: CreditHistoryDto;
}
