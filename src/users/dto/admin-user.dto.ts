import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { KYC_STATUSES, ROLES, USER_STATUSES } from '../user-values.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';

/** PATCH /api/admin/users/:id (role `admin`). */
export class AdminUpdateUserDto {
  @ApiPropertyOptional({ enum: ['user', 'underwriter', 'admin'] })
  @IsOptionalNotNull()
  @IsIn(['user', 'underwriter', 'admin'])
  role?: 'user' | 'underwriter' | 'admin';

  @ApiPropertyOptional({ description: 'KYC decision' })
  @IsOptionalNotNull()
  @IsIn(['not_started', 'pending', 'approved', 'rejected'])
  kyc_status?: 'not_started' | 'pending' | 'approved' | 'rejected';

  @ApiPropertyOptional({ description: 'Suspending ends every session at once' })
  @IsOptionalNotNull()
  @IsIn(['active', 'suspended', 'deactivated'])
  status?: 'active' | 'suspended' | 'deactivated';
}

export class AdminUserDto {
  id: string;
  email: string | null;
  phone: string | null;
  @ApiProperty({ enum: ROLES })
  role: string;
  @ApiProperty({ enum: USER_STATUSES })
  status: string;
  @ApiProperty({ enum: KYC_STATUSES })
  kyc_status: string;
  is_verified: boolean;
  handle: string;
  @ApiProperty({ format: 'date-time' })
  created_at: string;
}

export class AdminUserResponseDto {
  @ApiProperty({ example: true }) success: boolean;
  data: AdminUserDto;
}
