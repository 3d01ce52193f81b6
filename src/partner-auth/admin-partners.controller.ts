import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, type AuditActor } from '../audit/index.js';
import { Roles } from '../common/security/index.js';
import {
  CreatePartnerDto,
  CreatedPartnerResponseDto,
  PartnerCallsQueryDto,
  PartnerCallsResponseDto,
  PartnerListResponseDto,
  PartnerResponseDto,
  type PartnerDto,
} from './dto/admin-partner.dto.js';
import { PartnerCallLog } from './partner-call-log.service.js';
import { PartnerClientsService, type PartnerClient } from './partner-clients.service.js';
import { ApiErrors } from '../common/http/api-errors.decorator.js';
import { PartnerError } from './partner-auth.errors.js';

/**
 * Partner clients of the Credo360 API (role `admin`); creating and revoking are audited. A client cannot
 * verify the handle of the admin who created it (no admin rates themselves through their own partner).
 */
@ApiTags('Admin')
@Controller('admin/partners')
@Roles('admin')
export class AdminPartnersController {
  constructor(
    private readonly clients: PartnerClientsService,
    private readonly calls: PartnerCallLog,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a partner client',
    description: "The client id is in this reply only. The client cannot verify its creator's own handle.",
  })
  @ApiCreatedResponse({ type: CreatedPartnerResponseDto })
  async create(@Actor() actor: AuditActor, @Body() body: CreatePartnerDto): Promise<CreatedPartnerResponseDto> {
    const { client, clientId } = await this.clients.create(actor, {
      name: body.name.trim(),
      contact: body.contact?.trim() || undefined,
      rateLimitPerMinute: body.rate_limit_per_minute,
    });
    return { success: true, data: { ...view(client), client_id: clientId } };
  }

  @Get()
  @ApiOperation({ summary: 'List partner clients (without their ids)' })
  @ApiOkResponse({ type: PartnerListResponseDto })
  async list(): Promise<PartnerListResponseDto> {
    return { success: true, data: (await this.clients.list()).map(view) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a partner client', description: 'Its next call, on any instance, answers 401.' })
  @ApiOkResponse({ type: PartnerResponseDto })
  @ApiErrors(PartnerError.partnerNotFound())
  async revoke(@Actor() actor: AuditActor, @Param('id') id: string): Promise<PartnerResponseDto> {
    return { success: true, data: view(await this.clients.revoke(actor, id)) };
  }

  @Get(':id/calls')
  @ApiOperation({ summary: "A partner client's recorded calls, newest first" })
  @ApiOkResponse({ type: PartnerCallsResponseDto })
  @ApiErrors(PartnerError.partnerNotFound())
  async listCalls(@Param('id') id: string, @Query() query: PartnerCallsQueryDto): Promise<PartnerCallsResponseDto> {
    const client = await this.clients.get(id);
    const calls = await this.calls.list(client.id, query.limit ?? 100);
    return {
      success: true,
      data: calls.map((c) => ({
        method: c.method,
        route: c.route,
        handle: c.handle,
        status: c.status,
        outcome: c.outcome,
        request_id: c.requestId,
        created_at: c.createdAt.toISOString(),
      })),
    };
  }
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function view(c: PartnerClient): PartnerDto {
  return {
    id: c.id,
    name: c.name,
    contact: c.contact,
    client_id_hint: c.clientIdHint,
    rate_limit_per_minute: c.rateLimitPerMinute,
    status: c.revokedAt ? 'revoked' : 'active',
    created_at: new Date(c.createdAt).toISOString(),
    revoked_at: iso(c.revokedAt),
    last_used_at: iso(c.lastUsedAt),
  };
}
