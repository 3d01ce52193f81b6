import type { MigrationInterface } from 'typeorm';
import { Foundation1763800000000 } from './1763800000000-foundation.js';
import { Accounts1763800100000 } from './1763800100000-accounts.js';
import { CreditLoans1763800200000 } from './1763800200000-credit-loans.js';
import { PartnersReputation1763800300000 } from './1763800300000-partners-reputation.js';
import { ScoreReuseIndex1763800400000 } from './1763800400000-score-reuse-index.js';
import { AuditLog1763800500000 } from './1763800500000-audit-log.js';
import { Outbox1763800600000 } from './1763800600000-outbox.js';
import { CreditHistoryPageIndex1763800700000 } from './1763800700000-credit-history-page-index.js';

/** Every migration, in order. Listed explicitly: no globs, the same list in tests, app and CLI. */
export const migrations: Array<new () => MigrationInterface> = [
  Foundation1763800000000,
  Accounts1763800100000,
  CreditLoans1763800200000,
  PartnersReputation1763800300000,
  ScoreReuseIndex1763800400000,
  AuditLog1763800500000,
  Outbox1763800600000,
  CreditHistoryPageIndex1763800700000,
];
