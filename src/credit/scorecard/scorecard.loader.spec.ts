import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_SCORECARD_PATH, loadScorecard, ScorecardModelError } from './scorecard.loader.js';

describe('loadScorecard', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scorecard-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the bundled model beside the source by default', () => {
    expect(BUNDLED_SCORECARD_PATH).toMatch(/src[/\\]credit[/\\]model[/\\]scorecard-v1\.json$/);
    const model = loadScorecard();
    expect(model.version).toBe('1.0.0');
    expect(model.characteristics.length).toBeGreaterThan(10);
  });

  it('loads another artifact from a path (MODEL_PATH)', () => {
    const path = join(dir, 'v2.json');
    const json = JSON.parse(readFileSync(BUNDLED_SCORECARD_PATH, 'utf8')) as { version: string };
    writeFileSync(path, JSON.stringify({ ...json, version: '2.0.0' }));
    expect(loadScorecard(path).version).toBe('2.0.0');
  });

  it('names the file and the schema problem when the artifact is unsound', () => {
    const path = join(dir, 'bad.json');
    const json = JSON.parse(readFileSync(BUNDLED_SCORECARD_PATH, 'utf8')) as { categories: { weight: number }[] };
    json.categories[1].weight = 0.5;
    writeFileSync(path, JSON.stringify(json));
    expect(() => loadScorecard(path)).toThrow(ScorecardModelError);
    expect(() => loadScorecard(path)).toThrow(
      `Scorecard model ${path} is unusable: categories: weights must sum to 1, not 1.2`,
    );
  });

  it('names the file when it is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "version": ');
    expect(() => loadScorecard(path)).toThrow(new RegExp(`Scorecard model ${path} is unusable: is not valid JSON`));
  });

  it('names the file when it cannot be read', () => {
    const path = join(dir, 'absent.json');
    expect(() => loadScorecard(path)).toThrow(`Scorecard model ${path} is unusable: cannot be read (ENOENT)`);
  });
});
