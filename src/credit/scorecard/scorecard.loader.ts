import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scorecardSchema, type Scorecard } from './scorecard.schema.js';

/**
 * The bundled artifact. `nest build` copies src/**\/*.json to dist/src/, so this relative location holds
 * from both src/ (tests) and dist/src/ (the build).
 */
export const BUNDLED_SCORECARD_PATH = fileURLToPath(new URL('../model/scorecard-v1.json', import.meta.url));

/** The model cannot be used; the message names the file and every problem found. */
export class ScorecardModelError extends Error {
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`Scorecard model ${path} is unusable: ${problems.join('; ')}`);
    this.name = 'ScorecardModelError';
  }
}

/**
 * Reads and checks a scorecard artifact: the bundled one, or `path` (MODEL_PATH) to swap it. Called
 * once at boot, so a bad model stops the service before it answers with wrong scores.
 */
export function loadScorecard(path: string = BUNDLED_SCORECARD_PATH): Scorecard {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScorecardModelError(path, [`cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ScorecardModelError(path, [`is not valid JSON (${(err as Error).message})`]);
  }
  return parseScorecard(json, path);
}

/** Validates an already-parsed artifact; `origin` names it in errors. */
export function parseScorecard(json: unknown, origin = 'scorecard'): Scorecard {
  const result = scorecardSchema.safeParse(json);
  if (!result.success) {
    throw new ScorecardModelError(
      origin,
      result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  return result.data;
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
