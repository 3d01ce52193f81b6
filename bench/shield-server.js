// The built service for bench/shield.js, with or without the before-routing shield (BENCH_SHIELD=on|off): public
// routes counted in onRequest before the body is read, or by the global RateLimitGuard after it was parsed.
import { loadConfig } from '../dist/src/config/index.js';
import { startServer } from '../dist/src/server.js';

const server = await startServer(loadConfig(), { countBeforeRouting: process.env.BENCH_SHIELD !== 'off' });
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
