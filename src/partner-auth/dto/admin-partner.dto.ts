import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional.js';

const ONE_PLAIN_LINE_PATTERN =
  '^[^\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u0600-\\u0605\\u061C\\u06DD\\u070F\\u0890\\u0891\\u08E2\\u180E' +
  '\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF\\uFFF9-\\uFFFB]+$';

/** POST /api/admin/partners. */
export class CreatePartnerDto {
  @ApiProperty({
    example: 'Acme Lending',
    description: 'Shown to users in passcode messages: one line, no control or invisible format characters',
    // The check below needs the `u` flag (\p{…}); generators and Swagger UI compile patterns without it, so the
    // document spells out the control characters and the format characters of the Basic Multilingual Plane.
    pattern: ONE_PLAIN_LINE_PATTERN,
  })
  // Trimmed before it is checked, so a blank name is refused here rather than by the database.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  // One plain line: the name is put into SMS and e-mail bodies.
  @Matches(/^[^\p{Cc}\p{Cf}]+$/u, { message: 'name must be a single line of plain text' })
  name: string;

  @ApiPropertyOptional({ example: 'api@acme.example', description: 'Who to call about this client' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  contact?: string;

  @ApiPropertyOptional({ type: 'integer', example: 600, default: 600 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(100000)
  rate_limit_per_minute?: number;
}

export class PartnerDto {
  @ApiProperty({ example: '550e8400-e29b-41d4-a716-446655440000' }) id: string;
  @ApiProperty({ example: 'Acme Lending' }) name: string;
  @ApiProperty({ example: 'api@acme.example' }) contact: string | null;
  @ApiProperty({ example: 'credo_Zi4c…', description: 'The start of the client id, to tell clients apart' })
  client_id_hint: string;
  @ApiProperty({ type: 'integer', example: 600 }) rate_limit_per_minute: number;
  @ApiProperty({ example: 'active' }) status: 'active' | 'revoked';
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: null }) revoked_at: string | null;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:31:00.000Z' }) last_used_at: string | null;
}

export class CreatedPartnerDto extends PartnerDto {
  @ApiProperty({
    example: 'credo_Zi4czDlpdMdP3RRN9DQ4kq0tGmFh2pX7sV1cLbYwZeA',
    description: 'The client id: shown only in this reply, stored only as a hash',
  })
  client_id: string;
}

export class CreatedPartnerResponseDto {
  @ApiProperty({ example: true }) success: boolean;
  data: CreatedPartnerDto;
}

export class PartnerResponseDto {
  @ApiProperty({ example: true }) success: boolean;
  data: PartnerDto;
}

export class PartnerListResponseDto {
  @ApiProperty({ example: true }) success: boolean;
  data: PartnerDto[];
}

export class PartnerCallsQueryDto {
  @ApiPropertyOptional({ default: 100 })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class PartnerCallDto {
  @ApiProperty({ example: 'POST' }) method: string;
  @ApiProperty({ example: '/api/partner/auth/:handleId' }) route: string;
  @ApiProperty({ example: '02598397346' }) handle: string | null;
  @ApiProperty({ type: 'integer', example: 201 }) status: number;
  @ApiProperty({ example: 'ok', description: '`ok` or the error code the call ended with' }) outcome: string;
  @ApiProperty({ example: 'a1b2c3d4' }) request_id: string | null;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' }) created_at: string;
}

export class PartnerCallsResponseDto {
  @ApiProperty({ example: true }) success: boolean;
  data: PartnerCallDto[];
}
