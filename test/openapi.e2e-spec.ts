import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appModule, startTestApp, type TestApp } from './support/app.js';

type OpenApi = typeof import('../src/openapi/openapi.js');

describe('committed openapi.json', () => {
  let app: TestApp;
  // The app's copy: the document is read from the metadata its own classes carry.
  let buildOpenApiDocument: OpenApi['buildOpenApiDocument'];
  beforeAll(async () => {
    app = await startTestApp();
    ({ buildOpenApiDocument } = await appModule<OpenApi>('openapi/openapi.js'));
  });
  afterAll(() => app.stop());

  it('matches the spec the code generates (run `npm run openapi` after an API change)', () => {
    const committed: unknown = JSON.parse(readFileSync(join(process.cwd(), 'openapi.json'), 'utf8'));
    const generated: unknown = JSON.parse(JSON.stringify(buildOpenApiDocument(app.app, app.config.version)));
    expect(generated).toEqual(committed);
  });

  it('documents the error envelope on every operation', () => {
    const doc = buildOpenApiDocument(app.app, '0');
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { responses: Record<string, unknown> }>)) {
        expect({ op: `${method} ${path}`, has500: Boolean(op.responses['500']) }).toEqual({
          op: `${method} ${path}`,
          has500: true,
        });
      }
    }
  });
});
