import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { JWKS_PATH } from '../auth/index.js';
import { ErrorResponseDto } from '../common/http/error-response.dto.js';

type Operation = {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, unknown>;
  'x-public'?: boolean;
};

const ERROR_REF = { $ref: '#/components/schemas/ErrorResponseDto' };

const COMMON_ERRORS: Record<string, string> = {
  '400': 'Invalid input (malformed JSON, unknown field, wrong type); `details` lists each field',
  '413': 'Body over 100 KB',
  '429': 'Rate limit exceeded; see Retry-After',
  '500': 'Unexpected error (no internals are returned)',
};

/**
 * The generated document plus what the decorators cannot say globally: bearer security by default (the
 * guard denies by default too), `x-public` routes without security, and the error envelope on every route.
 */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('BlockScore platform API')
    .setDescription(
      'One service, three APIs: **BlockScore** (credit, loans, profile), **BlockAuth** (`/api/v1/auth/…`: signup, OTP, ' +
        'passwordless and wallet login) and **Credo360** (`/api/partner/…`: partner challenges and reputation).\n\n' +
        'Every error answers `{success:false, error, code, message, request_id}` (plus `details` for validation). ' +
        'Every response carries `X-Request-Id` and `X-RateLimit-Limit/Remaining/Reset` (Reset in unix seconds).',
    )
    .setVersion(version)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          `Access token from a login: a JWT signed ES256, its header \`kid\` naming one of the public keys at ` +
          `[${JWKS_PATH}](${JWKS_PATH}) (also \`x-jwks-uri\`). Anyone may verify it there without a shared ` +
          'secret: algorithm ES256, issuer `blockscore`, audience `blockscore-api`, `typ` claim `access`.',
      },
      'bearer',
    )
    .addSecurity('client', {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description: 'Partner client id: `Authorization: client <clientId>`',
    })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] });
  const bearer = document.components?.securitySchemes?.bearer;
  if (bearer) Object.assign(bearer, { 'x-jwks-uri': JWKS_PATH });
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item as Record<string, Operation>)) {
      if (typeof op !== 'object' || !op || !('responses' in op)) continue;
      if (op['x-public']) {
        op.security = [];
        delete op['x-public'];
      } else if (!op.security?.length) {
        op.security = [{ bearer: [] }];
      }
      const errors: Record<string, string> = { ...COMMON_ERRORS };
      if (op.security.length) errors['401'] = 'Missing or invalid credentials';
      for (const [status, description] of Object.entries(errors)) {
        if (!op.responses[status])
          op.responses[status] = { description, content: { 'application/json': { schema: ERROR_REF } } };
      }
    }
  }
  return document;
}

/** Swagger UI at /api/docs and the document at /api/docs-json and /api/docs-yaml; before `app.init()`. */
export function mountOpenApi(app: INestApplication, version: string): void {
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app, version), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: 'BlockScore API',
    swaggerOptions: { persistAuthorization: true },
  });
}
