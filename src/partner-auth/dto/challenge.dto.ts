import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional.js';

export class AuthMethodsDto {
  @ApiProperty({
    example: ['passcode', 'signature'],
    enum: ['passcode', 'signature'],
    isArray: true,
    description: 'passcode when the user has a verified phone or e-mail; signature when a wallet is linked',
  })
  methods: Array<'passcode' | 'signature'>;
}

/** Query of POST /api/partner/auth/:handleId. Only `method` is in the seed; the rest tune a passcode. */
export class CreateChallengeQueryDto {
  @ApiPropertyOptional({ default: 'passcode' })
  @IsOptionalNotNull()
  @IsIn(['passcode', 'signature'])
  method?: 'passcode' | 'signature';

  @ApiPropertyOptional({
    enum: ['sms', 'email', 'otp'],
    description: 'Where the passcode goes; by default SMS when the phone is verified, else e-mail',
  })
  @IsOptionalNotNull()
  @IsIn(['sms', 'email', 'otp'])
  delivery?: 'sms' | 'email' | 'otp';

  @ApiPropertyOptional({ default: 6, description: 'Passcode digits' })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(4)
  @Max(8)
  length?: number;

  @ApiPropertyOptional({ default: 3, description: 'Passcode validation attempts' })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  attempts?: number;
}

export class ChallengeValidationDto {
  @ApiPropertyOptional({ type: 'integer', example: 6, description: 'passcode: number of digits (4–8)' })
  length?: number;
  @ApiPropertyOptional({ type: 'integer', example: 3, description: 'passcode: allowed validation attempts (1–5)' })
  attempts?: number;
  @ApiPropertyOptional({ example: 'sms', enum: ['otp', 'email', 'sms'], description: 'passcode: how it was sent' })
  delivery?: 'otp' | 'email' | 'sms';
  @ApiPropertyOptional({
    example: 'AedIRjmL72qsnE2uzNW8uVHU1YPqU5q5laRROPr9Q1M=',
    description: 'signature: base64 of 32 random bytes, to be signed (EIP-191 personal_sign) as this exact string',
  })
  nonce?: string;
}

export class ChallengeDto {
  @ApiProperty({ example: 'chl_Zi4czDlpdMdP3RRN9DQ4kq0tGmFh2pX7sV1cLbYwZeA', maxLength: 160 })
  challengeId: string;
  @ApiProperty({ example: 'passcode', enum: ['passcode', 'signature'] })
  method: 'passcode' | 'signature';
  @ApiProperty({
    type: 'integer',
    example: 1528249689,
    description: 'Unix timestamp (seconds) until which it can be validated',
  })
  expiresAt: number;
  validation: ChallengeValidationDto;
}

export class ValidateChallengeDto {
  @ApiProperty({ example: '783423', description: 'The passcode the user received, or the 0x signature of the nonce' })
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  response: string;
}

export class ValidatedHandleDto {
  @ApiProperty({ example: '02598397346', description: 'Credo ID of the user who answered the challenge' })
  handleId: string;
}
