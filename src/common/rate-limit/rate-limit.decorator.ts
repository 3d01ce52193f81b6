import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/error-response.dto.js';

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitRule = { limit: 100, windowSeconds: 3600 };

/** A per-route limit (seed 000's table); routes without one get 100 per hour. */
export function RateLimit(limit: number, windowSeconds: number) {
  const rule: RateLimitRule = { limit, windowSeconds };
  return applyDecorators(
    RouteConfig({ rateLimit: rule }),
    ApiResponse({
      status: 429,
      description: `Rate limit: ${limit} per ${windowSeconds >= 3600 ? `${windowSeconds / 3600} h` : `${windowSeconds / 60} min`}`,
      type: ErrorResponseDto,
    }),
  );
}
