import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, tap, type Observable } from 'rxjs';
import { isDomainError } from '../common/errors/index.js';
import { PartnerCallLog } from './partner-call-log.service.js';

/**
 * Records every call a partner client was authenticated for, with the status it finally answered. Global,
 * so a partner route cannot forget it; calls refused before authentication are recorded by the authenticator.
 */
@Injectable()
export class PartnerCallLogInterceptor implements NestInterceptor {
  constructor(private readonly log: PartnerCallLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const partner = request.partner;
    if (!partner) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const call = this.log.describe(request);
    let outcome = 'ok';
    // 'close' fires once the answer is sent (or the client went away), when the final status is known.
    reply.raw.once('close', () => {
      void this.log.record({ partnerId: partner.partnerId, ...call, status: reply.raw.statusCode, outcome });
    });
    return next.handle().pipe(
      tap((body) => {
        // A validated challenge names its handle only in the answer.
        const handleId = (body as { handleId?: unknown } | null)?.handleId;
        if (!call.handle && typeof handleId === 'string') call.handle = handleId;
      }),
      catchError((err: unknown) => {
        outcome = isDomainError(err) ? err.code : 'ERROR';
        throw err;
      }),
    );
  }
}
