import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/**
 * Optional, but not nullable: `undefined` skips the field, `null` is validated (and refused) like any other
 * value. For fields the update reads (`.trim()`, `.country`), where null would be a 500 rather than "unset".
 */
const PresentNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class PrivacySettingsDto {
  @ApiPropertyOptional({ description: 'Partners may see your last name' })
  @IsOptional()
  @IsBoolean()
  show_last_name?: boolean;

  @ApiPropertyOptional({ description: 'Partners may see your city, region and country' })
  @IsOptional()
  @IsBoolean()
  show_location?: boolean;

  @ApiPropertyOptional({ description: 'Partners may see your age in years' })
  @IsOptional()
  @IsBoolean()
  show_age?: boolean;

  @ApiPropertyOptional({ description: 'Partners may see your gender' })
  @IsOptional()
  @IsBoolean()
  show_gender?: boolean;

  @ApiPropertyOptional({ description: 'Partners may see your picture' })
  @IsOptional()
  @IsBoolean()
  show_picture?: boolean;
}

export class LocationDto {
  @ApiPropertyOptional({ example: 'Redondo Beach' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string;

  @ApiPropertyOptional({ example: 'California' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;

  @ApiProperty({ example: 'us', description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(/^[a-zA-Z]{2}$/, { message: 'country must be a two-letter country code' })
  country: string;
}

/** PATCH /api/profile — only these fields; anything else (role, status, is_verified…) is refused with 400. */
export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'John Doe', description: 'Split into first and last name at the first space' })
  @PresentNotNull()
  @IsString()
  @Length(1, 200)
  full_name?: string;

  @ApiPropertyOptional({ example: 'John' })
  @PresentNotNull()
  @IsString()
  @Length(1, 100)
  first_name?: string;

  @ApiPropertyOptional({ example: 'Doe' })
  @PresentNotNull()
  @IsString()
  @Length(1, 100)
  last_name?: string;

  @ApiPropertyOptional({ example: '1990-01-31' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'date_of_birth must be a date like 1990-01-31' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date_of_birth must be a date like 1990-01-31' })
  date_of_birth?: string;

  @ApiPropertyOptional({ example: 'Builder of things.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  bio?: string;

  @ApiPropertyOptional({ enum: ['male', 'female', 'other'] })
  @IsOptional()
  @IsIn(['male', 'female', 'other'])
  gender?: 'male' | 'female' | 'other';

  @ApiPropertyOptional({ example: 'https://example.com/me.png' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(500)
  picture_url?: string;

  @ApiPropertyOptional({ type: LocationDto })
  @PresentNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ type: PrivacySettingsDto })
  @PresentNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => PrivacySettingsDto)
  privacy?: PrivacySettingsDto;
}

export class LinkWalletDto {
  @ApiProperty({ example: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e' })
  @IsString()
  @MaxLength(42)
  wallet_address: string;

  @ApiProperty({
    description: 'The message from GET /api/v1/auth/wallet/nonce/ (or an EIP-4361 message with that nonce)',
  })
  @IsString()
  @MaxLength(2000)
  message: string;

  @ApiProperty({ example: '0x…', description: 'personal_sign signature of the message' })
  @IsString()
  @Matches(/^0x[0-9a-fA-F]+$/, { message: 'signature must be 0x-prefixed hex' })
  @MaxLength(8192)
  signature: string;
}

export class ProfileDetailsDto {
  @ApiProperty({ example: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e', nullable: true, type: String })
  wallet_address: string | null;
  @ApiProperty({ example: 'John Doe', nullable: true, type: String })
  full_name: string | null;
  @ApiProperty({ example: 'approved', enum: ['not_started', 'pending', 'approved', 'rejected'] })
  kyc_status: string;
  @ApiProperty({ example: 720, nullable: true, type: Number })
  credit_score: number | null;
  @ApiProperty({ example: '2024-12-30T15:30:00.000Z', nullable: true, type: String })
  last_score_update: string | null;
  @ApiProperty({ example: '02598397346', description: 'Credo handle' })
  handle: string;
  @ApiProperty({ example: 'John', nullable: true, type: String })
  first_name: string | null;
  @ApiProperty({ example: 'Doe', nullable: true, type: String })
  last_name: string | null;
  @ApiProperty({ example: '1990-01-31', nullable: true, type: String })
  date_of_birth: string | null;
  @ApiProperty({ nullable: true, type: String })
  bio: string | null;
  @ApiProperty({ type: PrivacySettingsDto })
  privacy: PrivacySettingsDto;
}

export class ProfileDataDto {
  @ApiProperty({ example: '550e8400-e29b-41d4-a716-446655440000' })
  id: string;
  @ApiProperty({ example: 'user@example.com', nullable: true, type: String })
  email: string | null;
  @ApiProperty({ example: 'active' })
  status: string;
  @ApiProperty({ example: '2024-01-15T10:00:00.000Z' })
  created_at: string;
  @ApiProperty({ example: '2024-12-30T15:30:00.000Z', nullable: true, type: String })
  last_login: string | null;
  @ApiProperty({ type: ProfileDetailsDto })
  profile: ProfileDetailsDto;
}

export class ProfileResponseDto {
  @ApiProperty({ example: true })
  success: boolean;
  @ApiProperty({ type: ProfileDataDto })
  data: ProfileDataDto;
}

export class WalletDataDto {
  @ApiProperty({ example: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e' })
  wallet_address: string;
  @ApiProperty({ example: 1 })
  chain_id: number;
  @ApiProperty({ example: '2024-12-30T15:30:00.000Z' })
  verified_at: string;
}

export class WalletResponseDto {
  @ApiProperty({ example: true })
  success: boolean;
  @ApiProperty({ type: WalletDataDto })
  data: WalletDataDto;
}
