import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto, PaginationDto } from '../../common/http/pagination.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction, type AuditTargetType } from '../audit-actions.js';

/** GET /api/admin/audit: every filter is optional and they combine with AND. */
export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only actions by this user' })
  @IsOptionalNotNull()
  @IsUUID('all')
  actor_id?: string;

  @ApiPropertyOptional({ enum: AUDIT_TARGET_TYPES, description: 'Only actions on this kind of object' })
  @IsOptionalNotNull()
  @IsIn(AUDIT_TARGET_TYPES)
  target_type?: AuditTargetType;

  @ApiPropertyOptional({ example: 'la_0123456789abcdef0123', description: 'Only actions on the object with this id' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  target_id?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptionalNotNull()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ format: 'date-time', description: 'Actions at or after this time (ISO-8601)' })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Actions before this time (ISO-8601, exclusive)' })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditEntryDto {
  @ApiProperty({ example: '42', description: 'Increasing with insertion; a string, as it is a 64-bit integer' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  actor_id: string;

  @ApiProperty({ enum: ['user', 'underwriter', 'admin'], description: 'The role the actor held when acting' })
  actor_role: string;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action: AuditAction;

  @ApiProperty({ enum: AUDIT_TARGET_TYPES })
  target_type: AuditTargetType;

  @ApiProperty({ example: 'la_0123456789abcdef0123' })
  target_id: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { status: 'approved', disbursed_at: null },
    description: 'The fields the action changed, as they were (`{}` for a creation)',
  })
  before: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { status: 'active', disbursed_at: '2025-01-02T10:00:00.000Z' },
    description: 'The fields the action changed, as they became, and what it created; never a secret',
  })
  after: Record<string, unknown>;

  @ApiProperty({ example: '1f2e3d4c', description: 'The X-Request-Id of the request that acted' })
  request_id: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-02T10:00:00.000Z' })
  created_at: string;
}

export class AuditListDto {
  /** Newest first */
  entries: AuditEntryDto[];

  pagination: PaginationDto;
}

export class AuditListResponseDto {
  @ApiProperty({ example: true })
  success: true;

  data: AuditListDto;
}
