import { ApiProperty } from '@nestjs/swagger';

export class ServicesDto {
  @ApiProperty({ example: 'up' })
  database: 'up' | 'down';

  @ApiProperty({ example: 'up' })
  redis: 'up' | 'down' | 'not_configured';

  @ApiProperty({ example: 'up' })
  blockchain: 'up' | 'down';

  @ApiProperty({ example: 'up' })
  ai_model: 'up' | 'down';
}

/** Seed 000's health shape. */
export class HealthDto {
  @ApiProperty({ example: true })
  success: boolean;

  @ApiProperty({ example: 'healthy' })
  status: 'healthy' | 'degraded' | 'unhealthy';

  @ApiProperty({ example: '2024-12-30T15:30:00.000Z' })
  timestamp: string;

  @ApiProperty({ example: '1.0.0' })
  version: string;

  @ApiProperty({ type: ServicesDto })
  services: ServicesDto;

  @ApiProperty({ example: 'a1b2c3d4' })
  request_id: string;
}

/** Seed 003's health shape. */
export class AuthHealthDto {
  @ApiProperty({ example: 'healthy' })
  status: 'healthy' | 'unhealthy';

  @ApiProperty({ example: '2024-12-30T15:30:00.000Z' })
  timestamp: string;

  @ApiProperty({ example: 'blockauth' })
  service: string;

  @ApiProperty({ example: 'production' })
  environment: string;

  @ApiProperty({ example: '1.0.0' })
  app_version: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { database: 'up', redis: 'up' } })
  components: Record<string, string>;

  @ApiProperty({ example: 'a1b2c3d4' })
  request_id: string;
}

export class ProbeDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiProperty({ type: 'object', additionalProperties: true, example: { database: { status: 'up' } } })
  details: Record<string, unknown>;

  /** The X-Request-Id of this answer, as in every other body, so a probe's failure can be found in the logs. */
  @ApiProperty({ example: 'a1b2c3d4' })
  request_id: string;
}
