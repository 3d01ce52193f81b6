import type { Provider } from '@nestjs/common';
import { AppConfig } from '../config/index.js';
import { loadScorecard } from './scorecard/scorecard.loader.js';

/** The scorecard in use: the bundled artifact, or MODEL_PATH's. Loaded and checked once, at boot. */
export const SCORECARD = Symbol('SCORECARD');

export const scorecardProvider: Provider = {
  provide: SCORECARD,
  useFactory: (config: AppConfig) => loadScorecard(config.env.MODEL_PATH),
  inject: [AppConfig],
};
