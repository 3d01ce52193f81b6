import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PaymentsDto, ReputationDto, VerificationsDto } from './reputation.dto.js';

export class HandleDto {
  @ApiProperty({ example: '02598397346' }) id: string;
  @ApiProperty({ example: 'valid', enum: ['valid', 'deactivated', 'suspended'] }) status: string;
}

export class NameDto {
  @ApiProperty({ example: 'Irakliy' }) firstName: string;
  @ApiPropertyOptional({ example: 'K', description: 'Only when the user shows it' }) lastName?: string;
}

export class PictureDto {
  @ApiProperty({ example: 'profile' }) source: string;
  @ApiProperty({ type: 'integer', example: 1493840810506, description: 'Unix ms' }) updatedOn: number;
  @ApiProperty({ example: 'https://example.com/me.png' }) fullUrl: string;
  @ApiProperty({ example: 'https://example.com/me.png' }) thumbUrl: string;
}

export class LocationDto {
  @ApiPropertyOptional({ example: 'Redondo Beach' }) city?: string;
  @ApiPropertyOptional({ example: 'California' }) state?: string;
  @ApiPropertyOptional({ example: 'California', description: 'Same as state' }) region?: string;
  @ApiProperty({ example: 'us' }) country: string;
}

export class AgeDto {
  @ApiProperty({ type: 'integer', example: 25 }) years: number;
}

export class CredoProfileDto {
  @ApiPropertyOptional({ description: 'Present when the user has given a first name' }) name?: NameDto;
  @ApiPropertyOptional({ type: PictureDto }) picture?: PictureDto;
  @ApiPropertyOptional({ type: LocationDto }) location?: LocationDto;
  @ApiPropertyOptional({ type: AgeDto }) age?: AgeDto;
  @ApiPropertyOptional({ enum: ['male', 'female', 'other'] }) gender?: 'male' | 'female' | 'other';
}

/** Seed 004's user info; a deactivated or suspended handle has `handle` only. */
export class CredoUserDto {
  @ApiProperty({ type: HandleDto }) handle: HandleDto;
  @ApiPropertyOptional({ description: "Filtered by the user's privacy settings" })
  profile?: CredoProfileDto;
  @ApiPropertyOptional({ type: ReputationDto }) reputation?: ReputationDto;
  @ApiPropertyOptional({ description: 'Keyed by type' }) verifications?: VerificationsDto;
  @ApiPropertyOptional({ type: PaymentsDto }) payments?: PaymentsDto;
  @ApiPropertyOptional({ type: 'integer', example: 1482750938147, description: 'Unix ms of account creation' })
  memberSince?: number;
}
