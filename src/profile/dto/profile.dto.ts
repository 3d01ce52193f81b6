import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { KYC_STATUSES, USER_STATUSES } from '../../users/index.js';
import { IsCountryCode } from '../../common/validation/country-code.js';
import { ADULT_AGE, IsDateOfBirth } from '../../common/validation/date-of-birth.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { IsName, IsPlainText } from '../../common/validation/plain-text.js';
import { IsPublicHttpsUrl } from '../../common/validation/public-https-url.js';

const MAX_PICTURE_URL_LENGTH = 500;

export class PrivacySettingsDto {
  /** Partners may see your last name */
  @IsOptionalNotNull()
  @IsBoolean()
  show_last_name?: boolean;

  /** Partners may see your city, region and country */
  @IsOptionalNotNull()
  @IsBoolean()
  show_location?: boolean;

  /** Partners may see your age in years */
  @IsOptionalNotNull()
  @IsBoolean()
  show_age?: boolean;

  /** Partners may see your gender */
  @IsOptionalNotNull()
  @IsBoolean()
  show_gender?: boolean;

  /** Partners may see your picture */
  @IsOptionalNotNull()
  @IsBoolean()
  show_picture?: boolean;
}

export class LocationDto {
  @ApiPropertyOptional({ example: 'Redondo Beach', description: 'Printable, one line' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsName()
  city?: string | null;

  @ApiPropertyOptional({ example: 'California', description: 'Printable, one line' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsName()
  region?: string | null;

  @ApiProperty({
    example: 'us',
    pattern: '^[a-zA-Z]{2}$',
    description: 'An assigned ISO 3166-1 alpha-2 code, either case (stored in lower case)',
  })
  @IsString()
  @IsCountryCode()
  country: string;
}

/**
 * PATCH /api/profile — only these fields; anything else (role, status, is_verified…) is refused with 400.
 * Fields a user may remove (last name, date of birth, bio, gender, picture, location) take null for that;
 * the others are optional but never null.
 */
export class UpdateProfileDto {
  @ApiPropertyOptional({
    example: 'John Doe',
    description: 'Split into first and last name at the first space; printable, one line, with a letter',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 200)
  @IsName()
  full_name?: string;

  @ApiPropertyOptional({ example: 'John', description: 'Printable, one line, with a letter' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 100)
  @IsName()
  first_name?: string;

  @ApiPropertyOptional({ example: 'Doe', description: 'Printable, one line, with a letter; null removes it' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @IsName()
  last_name?: string | null;

  @ApiPropertyOptional({
    example: '1990-01-31',
    format: 'date',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    description:
      `A real calendar date in the past giving an age from ${ADULT_AGE.min} to ${ADULT_AGE.max} years ` +
      '(BlockScore is a credit service for adults); null removes it',
  })
  @IsOptional()
  @IsDateOfBirth()
  date_of_birth?: string | null;

  @ApiPropertyOptional({
    example: 'Builder of things.',
    description: 'Printable text, line breaks allowed; null removes it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @IsPlainText({ multiline: true })
  bio?: string | null;

  @ApiPropertyOptional({ description: 'null removes it' })
  @IsOptional()
  @IsIn(['male', 'female', 'other'])
  gender?: 'male' | 'female' | 'other' | null;

  @ApiPropertyOptional({
    example: 'https://example.com/me.png',
    format: 'uri',
    pattern: '^https://',
    description:
      'Partners may fetch it: https on the default port, a public host name (no IP address, no localhost or ' +
      '.internal), no user name or password; null removes it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PICTURE_URL_LENGTH)
  @IsPublicHttpsUrl(MAX_PICTURE_URL_LENGTH)
  picture_url?: string | null;

  /** null removes it */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto | null;

  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => PrivacySettingsDto)
  privacy?: PrivacySettingsDto;
}

export class ProfileDetailsDto {
  @ApiProperty({ example: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e' })
  wallet_address: string | null;
  @ApiProperty({ example: 'John Doe' })
  full_name: string | null;
  @ApiProperty({ example: 'approved', enum: KYC_STATUSES })
  kyc_status: string;
  @ApiProperty({ type: 'integer', example: 720 })
  credit_score: number | null;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' })
  last_score_update: string | null;
  @ApiProperty({ example: '02598397346', description: 'Credo handle' })
  handle: string;
  @ApiProperty({ example: 'John' })
  first_name: string | null;
  @ApiProperty({ example: 'Doe' })
  last_name: string | null;
  @ApiProperty({ example: '1990-01-31' })
  date_of_birth: string | null;
  bio: string | null;
  @ApiProperty({ type: PrivacySettingsDto })
  privacy: PrivacySettingsDto;
}

export class ProfileDataDto {
  @ApiProperty({ example: '550e8400-e29b-41d4-a716-446655440000' })
  id: string;
  @ApiProperty({ example: 'user@example.com' })
  email: string | null;
  @ApiProperty({ example: 'active', enum: USER_STATUSES })
  status: string;
  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:00:00.000Z' })
  created_at: string;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' })
  last_login: string | null;
  profile: ProfileDetailsDto;
}

export class ProfileResponseDto {
  @ApiProperty({ example: true })
  success: boolean;
  data: ProfileDataDto;
}
