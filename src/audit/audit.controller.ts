import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/security/index.js';
import { AuditListResponseDto, AuditQueryDto } from './dto/audit.dto.js';
import { AuditService } from './audit.service.js';

/** Read-only by design: no route changes or deletes an audit row, and the table refuses it too. */
@ApiTags('Admin')
@Controller('admin/audit')
@Roles('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'Every staff and admin action, newest first',
    description:
      'Filter by actor_id, target_type and/or target_id, action, and a time range [from, to). Each entry ' +
      'names who acted (and in which role), what they did to what, the fields that changed, and the request id.',
  })
  @ApiOkResponse({ type: AuditListResponseDto })
  async list(@Query() query: AuditQueryDto): Promise<AuditListResponseDto> {
    return { success: true, data: await this.audit.list(query) };
  }
}
