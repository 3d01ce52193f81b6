import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator.js';
import { Public } from '../../common/security/index.js';
import { JwksDto } from './dto/jwks.dto.js';
import { JwtKeys } from './jwt-keys.js';

/**
 * Verifiers cache the set and refetch it when a token names a `kid` they have not seen (after a rotation),
 * which the JWKS clients in common use rate-limit themselves to one fetch per 30 s or so: 60 a minute per
 * client leaves room for a fleet behind one address and still bounds a flood.
 */
const JWKS_LIMIT = [60, 60] as const;

@ApiTags('BlockAuth')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: JwtKeys) {}

  @Get('jwks.json')
  @Public()
  @RateLimit(...JWKS_LIMIT)
  // Keys change only with a restart under new settings; a rotation keeps the old key listed for a token TTL.
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'Public keys of our access tokens (JWKS)',
    description:
      'Verify an access token (ES256) with the key its header `kid` names; issuer `blockscore`, audience ' +
      '`blockscore-api`. After a rotation the previous key stays listed until its last token expires.',
  })
  @ApiOkResponse({ type: JwksDto })
  jwks(): JwksDto {
    return this.keys.jwks();
  }
}
