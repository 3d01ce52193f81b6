import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ROOT_LOGGER } from '../common/logging/logger.js';
import { loggableUrl } from '../common/logging/secret-params.js';
import { queryRows } from '../database/query-rows.js';

export interface PartnerCall {
  partnerId: string | null;
  method: string;
  route: string;
  handle: string | null;
  status: number;
  /** `ok`, or the error code the call ended with. */
  outcome: string;
  requestId: string | null;
}

export interface RecordedCall extends Omit<PartnerCall, 'partnerId'> {
  createdAt: Date;
}

const HANDLE = /^\d{11}$/;

/** The audit trail of the partner API: who called what, about which handle, and how it ended. */
@Injectable()
export class PartnerCallLog {
  private readonly logger: Logger;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ module: 'partner-call-log' });
  }

  /**
   * What a request names, for the record: the route pattern (never a secret path parameter's value), and the
   * handle only when it is a well-formed Credo ID.
   */
  describe(request: FastifyRequest): Pick<PartnerCall, 'method' | 'route' | 'handle' | 'requestId'> {
    const handle = (request.params as Record<string, unknown> | undefined)?.handleId;
    return {
      method: request.method,
      route: request.routeOptions.url ?? loggableUrl(request).split('?')[0].slice(0, 200),
      handle: typeof handle === 'string' && HANDLE.test(handle) ? handle : null,
      requestId: String(request.id),
    };
  }

  /** Never fails the call it records: a lost row is logged, the partner's answer stands. */
  async record(call: PartnerCall): Promise<void> {
    try {
      await queryRows(
        this.db,
        `INSERT INTO partner_calls (partner_id, method, route, handle, status, outcome, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [call.partnerId, call.method, call.route, call.handle, call.status, call.outcome, call.requestId],
      );
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message }, call }, 'partner call not recorded');
    }
  }

  async list(partnerId: string, limit: number): Promise<RecordedCall[]> {
    const rows = await queryRows<{
      method: string;
      route: string;
      handle: string | null;
      status: number;
      outcome: string;
      request_id: string | null;
      created_at: Date;
    }>(
      this.db,
      `SELECT method, route, handle, status, outcome, request_id, created_at FROM partner_calls
        WHERE partner_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [partnerId, limit],
    );
    return rows.map((r) => ({
      method: r.method,
      route: r.route,
      handle: r.handle,
      status: r.status,
      outcome: r.outcome,
      requestId: r.request_id,
      createdAt: r.created_at,
    }));
  }
}
