import { ApiProperty } from '@nestjs/swagger';
import type { JwkSet, PublicJwk } from '../jwt-keys.js';

/** A public key that verifies ES256 access tokens whose header names its `kid` (RFC 7517 / 7518). */
export class JwkDto implements PublicJwk {
  @ApiProperty({ enum: ['EC'] })
  kty: 'EC';

  @ApiProperty({ enum: ['P-256'] })
  crv: 'P-256';

  @ApiProperty({ description: 'x coordinate, base64url', example: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU' })
  x: string;

  @ApiProperty({ description: 'y coordinate, base64url', example: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' })
  y: string;

  @ApiProperty({
    description: 'Key id, the RFC 7638 thumbprint unless the key was configured with its own',
    example: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
  })
  kid: string;

  use: 'sig';

  alg: 'ES256';
}

/** The keys that verify our access tokens: the current signing key first, then keys still honoured. */
export class JwksDto implements JwkSet {
  keys: JwkDto[];
}
