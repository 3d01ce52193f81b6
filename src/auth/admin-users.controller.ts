import { Body, Controller, Get, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, type AuditActor } from '../audit/index.js';
import { Roles } from '../common/security/index.js';
import { AdminUpdateUserDto, AdminUserResponseDto } from '../users/dto/admin-user.dto.js';
import type { User } from '../users/entities/user.entity.js';
import { iso } from '../users/index.js';
import { UsersError } from '../users/users.errors.js';
import { UsersService } from '../users/users.service.js';
import { SessionService } from './sessions/session.service.js';
import { ApiErrors } from '../common/http/api-errors.decorator.js';

// A malformed id cannot name a user: 404, like an unknown one.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => UsersError.notFound() });

/** Role, KYC decision and suspension (role `admin`). */
@ApiTags('Admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionService,
  ) {}

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: "A user's account: role, status, KYC status and verification" })
  @ApiOkResponse({ type: AdminUserResponseDto })
  @ApiErrors(UsersError.notFound())
  async get(@Param('id', uuid) id: string): Promise<AdminUserResponseDto> {
    return { success: true, data: view(await this.users.getById(id)) };
  }

  /** Suspending or deactivating a user ends every session of theirs at once, in the same transaction. */
  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: "Change a user's role, KYC status or account status",
    description: "Audited. Refused (403 USERS.OWN_ACCOUNT) on the admin's own account.",
  })
  @ApiOkResponse({ type: AdminUserResponseDto })
  @ApiErrors(UsersError.notFound(), UsersError.ownAccount())
  async update(
    @Actor() actor: AuditActor,
    @Param('id', uuid) id: string,
    @Body() body: AdminUpdateUserDto,
  ): Promise<AdminUserResponseDto> {
    const { status } = body;
    const ends = status === 'suspended' || status === 'deactivated';
    const user = await this.users.adminUpdate(
      id,
      { role: body.role, kycStatus: body.kyc_status, status },
      { actor, within: ends ? (m) => this.sessions.revokeAllForUserWithin(m, id, `admin_${status}`) : undefined },
    );
    // Committed: every instance drops the user's cached sessions, which carry the old role and status.
    await this.sessions.userChanged(id);
    return { success: true, data: view(user) };
  }
}

function view(u: User) {
  return {
    id: u.id,
    email: u.email,
    phone: u.phone,
    role: u.role,
    status: u.status,
    kyc_status: u.kycStatus,
    is_verified: u.isVerified,
    handle: u.handle,
    created_at: iso(u.createdAt)!,
  };
}
