import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { IsPlainText } from '../../common/validation/plain-text.js';

/** POST /api/reputation/endorsements. */
export class EndorseDto {
  @ApiProperty({ example: '02598397346', description: 'The Credo ID of the user you endorse (not your own)' })
  @IsString()
  @Matches(/^\d{11}$/, { message: 'handleId must be an 11-digit Credo ID' })
  handleId: string;

  @ApiPropertyOptional({
    example: 'Repaid me on time, twice.',
    description: 'A short review, printable text; weighs more',
  })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @IsPlainText({ multiline: true })
  review?: string;
}

/** DELETE /api/reputation/endorsements. */
export class WithdrawEndorsementDto {
  @ApiProperty({ example: '02598397346' })
  @IsString()
  @Matches(/^\d{11}$/, { message: 'handleId must be an 11-digit Credo ID' })
  handleId: string;
}

export class EndorsementDto {
  @ApiProperty({ example: '02598397346', description: 'Who is endorsed' }) handleId: string;
  review: string | null;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' }) created_at: string;
}

export class EndorsementResponseDto {
  @ApiProperty({ example: true }) success: boolean;
  data: EndorsementDto;
}

export class EndorsementsListDataDto {
  /** Whom you endorse */
  given: EndorsementDto[];
  /** Who endorses you (handleId is the endorser) */
  received: EndorsementDto[];
}

export class EndorsementsListResponseDto {
  @ApiProperty({ example: true }) success: boolean;
  data: EndorsementsListDataDto;
}

export class WithdrawnResponseDto {
  @ApiProperty({ example: true }) success: boolean;
  @ApiProperty({ example: 'Endorsement withdrawn.' }) message: string;
}
