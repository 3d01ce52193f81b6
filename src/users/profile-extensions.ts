import { Injectable } from '@nestjs/common';

export interface CreditSummary {
  credit_score: number | null;
  last_score_update: string | null;
}

/**
 * The profile shows the latest credit score, which the credit module owns. It registers a reader here so
 * the users module needs no import of credit internals (and credit may depend on users).
 */
@Injectable()
export class ProfileExtensions {
  private creditReader: ((userId: string) => Promise<CreditSummary>) | null = null;

  setCreditReader(reader: (userId: string) => Promise<CreditSummary>): void {
    this.creditReader = reader;
  }

  credit(userId: string): Promise<CreditSummary> {
    return this.creditReader
      ? this.creditReader(userId)
      : Promise.resolve({ credit_score: null, last_score_update: null });
  }
}
