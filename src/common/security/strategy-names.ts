import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import passport from 'passport';

let apps = 0;

/**
 * The names this app's passport strategies are registered under. Passport keeps strategies in one process-wide
 * registry by name, and one process may run several apps (the tests do, each with its own database and keys):
 * under shared names the app booted last would authenticate every app's requests with its own keys and
 * database. So each app's strategies carry the app's number, its AccessGuard asks for exactly those, and they
 * leave the registry when the app closes.
 */
@Injectable()
export class StrategyNames implements OnModuleDestroy {
  /** passport-jwt, for bearer access tokens (auth/jwt.strategy.ts). */
  readonly jwt: string;
  /** `Authorization: client <id>` (partner-auth/client-id.strategy.ts). */
  readonly clientId: string;

  constructor() {
    const app = ++apps;
    this.jwt = `jwt#${app}`;
    this.clientId = `client-id#${app}`;
  }

  onModuleDestroy(): void {
    passport.unuse(this.jwt);
    passport.unuse(this.clientId);
  }
}
