import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-strategy';
import { StrategyNames, type PartnerAdmission, type PartnerPrincipal } from '../common/security/index.js';
import { PartnerAuthenticator } from './partner-authenticator.js';

type Request = Parameters<Strategy['authenticate']>[0];
type Verify = (
  request: FastifyRequest,
  admit: PartnerAdmission['admit'],
  done: (err: unknown, partner?: PartnerPrincipal | false) => void,
) => void;

/**
 * passport's strategy for `Authorization: client <clientId>` (seed 004), registered under the name it is given.
 * The guard's authenticate options carry `admit` (PartnerAdmission), which verify calls between establishing
 * the client and spending its quota.
 */
export class ClientIdPassportStrategy extends Strategy {
  declare name: string;
  private readonly verify: Verify;

  constructor(options: { name: string }, verify: Verify) {
    super();
    this.name = options.name;
    this.verify = verify;
  }

  override authenticate(request: Request, options: PartnerAdmission): void {
    this.verify(request as unknown as FastifyRequest, options.admit, (err, partner) => {
      if (err) return this.error(err as Error);
      if (!partner) return this.fail(401);
      this.success(partner);
    });
  }
}

/**
 * The client-id strategy: the client lookup, revocation, call log of refusals and per-client quota are the
 * PartnerAuthenticator's, every refusal a PartnerError.
 */
@Injectable()
export class ClientIdStrategy extends PassportStrategy(ClientIdPassportStrategy) {
  constructor(
    names: StrategyNames,
    private readonly clients: PartnerAuthenticator,
  ) {
    super({ name: names.clientId });
  }

  validate(request: FastifyRequest, admit: PartnerAdmission['admit']): Promise<PartnerPrincipal> {
    return this.clients.authenticate(request, admit);
  }
}
