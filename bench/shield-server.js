// The built service for bench/shield.js. BENCH_SHIELD=on adds the before-routing shield the service used to have
// (and no longer has: see bench/RESULTS.md): public and unmatched routes counted in onRequest, before the body is
// read, so a flood over the limit is refused unread. Off: the service as built, where the RateLimitGuard counts
// public routes after Fastify has read and parsed the body.
import { loadConfig } from '../dist/src/config/index.js';
import { RateLimitGuard } from '../dist/src/common/rate-limit/rate-limit.guard.js';
import { routeAccessOf } from '../dist/src/common/security/route-access.js';
import { createApp } from '../dist/src/server.js';

const config = loadConfig();
const { app, database } = await createApp(config);
if (process.env.BENCH_SHIELD === 'on') {
  const limits = app.get(RateLimitGuard);
  // After the service's own onRequest hooks (request id, drain), as the shield was. `admit` without an identity
  // counts the request against the client IP once; the guard then finds it counted.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      const access = routeAccessOf(request);
      if (access !== 'bearer' && access !== 'partner') await limits.admit(request, reply);
    });
}
await app.listen({ port: config.env.PORT, host: config.env.HOST });
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => database.stop())
      .then(() => process.exit(0)),
);
