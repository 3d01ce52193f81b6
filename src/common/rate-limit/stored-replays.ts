import { SetMetadata, type Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * Tells whether a request would only replay an answer already stored for it (the same Idempotency-Key from the
 * same client). `tracker` is who the request counts against: `user:<id>` on a bearer route.
 */
export interface StoredReplays {
  isStoredReplay(request: FastifyRequest, tracker: string): Promise<boolean>;
}

export const REPLAYS_FROM = 'rate-limit:replays-from';

/**
 * For a route whose retries replay a stored answer: over its limit, a request that `lookup` (a provider of the
 * route's module) recognises as such a replay is still answered, so a client that spent its limit can learn what
 * became of a request whose answer it lost. Like every replay it spends nothing (README "What counts").
 */
export const ReplaysFrom = (lookup: Type<StoredReplays>) => SetMetadata(REPLAYS_FROM, lookup);
