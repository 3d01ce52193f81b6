import 'reflect-metadata';
import { RouteConfig } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { FastifyRequest } from 'fastify';
import { loggableUrl, SecretParams, withoutSecretParams } from './secret-params.js';

/** Just what the helpers read of a Fastify request after routing. */
const routed = (url: string, pattern: string | undefined, params: Record<string, string>, secretParams?: string[]) =>
  ({
    url,
    params,
    routeOptions: { url: pattern, config: secretParams ? { secretParams } : {} },
  }) as unknown as FastifyRequest;

describe('secret path parameters', () => {
  const id = 'chl_Zm9vYmFyYmF6cXV4';

  it("rebuilds a marked route's URL from its pattern, whatever the request's spelling", () => {
    for (const url of [
      `/api/partner/auth/${id}`,
      `/api/partner/auth/${id}/`,
      `/api/partner/auth/chl%5F${id.slice(4)}`,
    ]) {
      const req = routed(url, '/api/partner/auth/:challengeId', { challengeId: id }, ['challengeId']);
      expect(loggableUrl(req)).toBe('/api/partner/auth/[REDACTED]');
    }
  });

  it('keeps the other parameters and the query, with secret query values redacted', () => {
    const req = routed(
      `/api/x/02598397346/${id}?page=2&token=abc`,
      '/api/x/:handleId/:secret',
      { handleId: '02598397346', secret: id },
      ['secret'],
    );
    expect(loggableUrl(req)).toBe('/api/x/02598397346/[REDACTED]?page=2&token=[REDACTED]');
  });

  it('leaves unmarked routes as they are, secret query values aside', () => {
    expect(loggableUrl(routed('/api/loans/la_1?code=123456', '/api/loans/:id', { id: 'la_1' }))).toBe(
      '/api/loans/la_1?code=[REDACTED]',
    );
    expect(loggableUrl(routed('/api/nowhere', undefined, {}))).toBe('/api/nowhere');
  });

  it('takes the values out of error text, raw or percent-encoded', () => {
    const req = routed(`/api/partner/auth/${id}`, '/api/partner/auth/:challengeId', { challengeId: 'a b' }, [
      'challengeId',
    ]);
    expect(withoutSecretParams('no a b here, nor a%20b', req)).toBe('no [REDACTED] here, nor [REDACTED]');
  });

  it('keeps what else the route has in its Fastify route config', () => {
    class Routes {
      @SecretParams('challengeId')
      @RouteConfig({ other: { limit: 120 } })
      validate(this: void) {}
    }
    expect(Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, Routes.prototype.validate)).toEqual({
      other: { limit: 120 },
      secretParams: ['challengeId'],
    });
  });
});
