import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { JWKS_PATH } from '../auth/index.js';
import { ErrorResponseDto } from '../common/http/error-response.dto.js';
import { declareTags, describeOperations, mergeEquivalentPaths, withSeedTrailingSlashes } from './document-shape.js';
import { addErrorResponses, commonErrors, takeDeclaredErrors, type OperationTraits } from './error-responses.js';

type Operation = {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
  'x-public'?: boolean;
};

const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** Operations that never touch the database, so never answer SERVICE.DATABASE_UNAVAILABLE. */
const WITHOUT_DATABASE = new Set(['JwksController_jwks', 'HealthController_live']);

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
        'Every response carries `X-Request-Id` and `X-RateLimit-Limit/Remaining/Reset` (Reset in unix seconds).\n\n' +
        'Each operation lists every status it can answer, with one example per error code. A method a path does not ' +
        'serve answers 405 Method Not Allowed in the same envelope, with an `Allow` header naming the methods it does; ' +
        'a path no operation has answers 404 `ROUTE.NOT_FOUND`.',
    )
    .setVersion(version)
    .setLicense('UNLICENSED', 'https://docs.npmjs.com/cli/configuring-npm/package-json#license')
    // The origin the document is served from: Swagger UI at /api/docs calls the same server.
    .addServer('/', 'This server (paths include /api)')
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
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (typeof op !== 'object' || !op || !('responses' in op)) continue;
      if (op['x-public']) {
        op.security = [];
        delete op['x-public'];
      } else if (!op.security?.length) {
        op.security = [{ bearer: [] }];
      }
      const scheme = op.security.flatMap((s) => Object.keys(s))[0];
      const params = op.parameters ?? [];
      const traits: OperationTraits = {
        security: scheme === 'bearer' ? 'bearer' : scheme === 'client' ? 'client' : 'none',
        readsBody: BODY_METHODS.has(method),
        validates: Boolean(op.requestBody) || params.some((p) => p.in === 'query'),
        hasPathParams: params.some((p) => p.in === 'path'),
        usesDatabase: !WITHOUT_DATABASE.has(op.operationId ?? ''),
      };
      addErrorResponses(op.responses as never, [...takeDeclaredErrors(op), ...commonErrors(traits)]);
    }
  }
  mergeEquivalentPaths(document);
  withSeedTrailingSlashes(document);
  describeOperations(document);
  declareTags(document);
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
