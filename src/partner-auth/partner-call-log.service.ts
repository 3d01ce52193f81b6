import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logging/logger.js';
import { loggableUrl } from '../common/logging/secret-params.js';
import { PartnerCallsRepository } from './partner-calls.repository.js';

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
    private readonly calls: PartnerCallsRepository,
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
      await this.calls.insert(call);
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message }, call }, 'partner call not recorded');
    }
  }

  list(partnerId: string, limit: number): Promise<RecordedCall[]> {
    return this.calls.latest(partnerId, limit);
  }
}
