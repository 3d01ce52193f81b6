import { Controller, Get, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/index.js';
import { commonError, ErrorKind } from '../common/errors/index.js';
import { ApiErrors } from '../common/http/api-errors.decorator.js';
import { ErrorResponseDto } from '../common/http/error-response.dto.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { Public } from '../common/security/index.js';
import { AuthHealthDto, HealthDto, ProbeDto } from './dto/health.dto.js';
import { HealthService } from './health.service.js';

/** Probes are polled every few seconds by every kubelet; their limit must never trip. */
const PROBE_LIMIT = [6000, 60] as const;

const notReady = (down: string[]) =>
  commonError(ErrorKind.Unavailable, 'HEALTH.NOT_READY', `Not ready: ${down.join(', ') || 'dependency'} down`, {
    retryAfter: 5,
  });

@ApiTags('Health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly terminus: HealthCheckService,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly config: AppConfig,
  ) {}

  /** System health and the status of each service (seed 000). 503 with status `unhealthy` when the database is down. */
  @Get('health')
  @Public()
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The database is down' })
  async status(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const services = await this.health.services();
    const healthy = services.database === 'up';
    const degraded = healthy && Object.values(services).some((s) => s === 'down');
    if (!healthy) void reply.status(503);
    return {
      success: healthy,
      status: healthy ? (degraded ? 'degraded' : 'healthy') : 'unhealthy',
      timestamp: new Date().toISOString(),
      version: this.config.version,
      services,
      request_id: String(req.id),
    };
  }

  /** BlockAuth health (seed 003): 503 when the database is down. */
  @Get('v1/auth/health')
  @Public()
  @ApiTags('BlockAuth')
  @ApiOkResponse({ type: AuthHealthDto })
  @ApiServiceUnavailableResponse({ type: AuthHealthDto, description: 'The database is down' })
  async authHealth(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthHealthDto> {
    const services = await this.health.services();
    const healthy = services.database === 'up';
    if (!healthy) void reply.status(503);
    return {
      status: healthy ? 'healthy' : 'unhealthy',
      timestamp: new Date().toISOString(),
      service: 'blockauth',
      environment: this.config.env.NODE_ENV,
      app_version: this.config.version,
      components: { database: services.database, redis: services.redis },
      request_id: String(req.id),
    };
  }

  /** Liveness: the process answers. Never checks the database, or one outage would restart every pod. */
  @Get('health/live')
  @Public()
  @RateLimit(...PROBE_LIMIT)
  @ApiOkResponse({ type: ProbeDto })
  async live(@Req() req: FastifyRequest): Promise<ProbeDto> {
    const result = await this.terminus.check([]);
    return { status: 'ok', details: result.details, request_id: String(req.id) };
  }

  /**
   * Readiness: only what this instance cannot serve without, the database; 503 while it is down. Redis never
   * gates it: it is shared, so every pod would leave rotation at once, while limits fail open or count per
   * instance without it. Redis down shows in /api/health (`degraded`) and in the fallback metric instead.
   */
  @Get('health/ready')
  @Public()
  @RateLimit(...PROBE_LIMIT)
  @ApiOkResponse({ type: ProbeDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto })
  @ApiErrors(notReady(['database']))
  async ready(@Req() req: FastifyRequest): Promise<ProbeDto> {
    const checks: HealthIndicatorFunction[] = [() => this.typeorm.pingCheck('database').withTimeout(1000)];
    try {
      const result = await this.terminus.check(checks);
      return { status: 'ok', details: result.details, request_id: String(req.id) };
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const body = err.getResponse() as { error?: Record<string, unknown> };
      const down = Object.keys(body.error ?? {});
      throw notReady(down);
    }
  }
}
