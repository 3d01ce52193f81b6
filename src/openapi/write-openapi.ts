/** `npm run openapi`: regenerates the committed openapi.json from the code (a test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { loadConfig } from '../config/index.js';
import { createApp } from '../server.js';
import { buildOpenApiDocument } from './openapi.js';

const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'pglite://memory', LOG_LEVEL: 'error' });
const { app, database } = await createApp(config);
const document = buildOpenApiDocument(app, config.version);
writeFileSync(join(projectRoot, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
await app.close();
await database.stop();
process.stdout.write(`Wrote openapi.json (${Object.keys(document.paths).length} paths)\n`);
