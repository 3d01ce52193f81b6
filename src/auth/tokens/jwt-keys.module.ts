import { Module } from '@nestjs/common';
import { JwtKeys } from './jwt-keys.js';

/** One JwtKeys for JwtModule's key provider and for everyone else who resolves access-token keys. */
@Module({ providers: [JwtKeys], exports: [JwtKeys] })
export class JwtKeysModule {}
