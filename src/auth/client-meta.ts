import type { FastifyRequest } from 'fastify';
import type { ClientMeta } from './auth.service.js';

export function clientMeta(req: FastifyRequest): ClientMeta {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua : undefined };
}
