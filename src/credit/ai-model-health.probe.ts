import { Injectable } from '@nestjs/common';
import { HealthProbe, type ComponentProbe } from '../health/index.js';
import { CreditScoreService } from './credit-score.service.js';

/**
 * Puts the scoring model into /api/health. The model was loaded and schema-checked when the credit module was
 * built (a bad one stops the boot); the probe also proves it still scores.
 */
@Injectable()
@HealthProbe('ai_model')
export class AiModelHealthProbe implements ComponentProbe {
  constructor(private readonly scores: CreditScoreService) {}

  healthy(): Promise<boolean> {
    return Promise.resolve(this.scores.selfCheck());
  }
}
