import { Injectable } from '@nestjs/common';
import { LoanRecordService } from '../loan-record/loan-record.service.js';
import { UsersService } from '../users/users.service.js';
import { CreditHistoryService } from './credit-history.service.js';
import type { PlatformSignals } from './scorecard/score-inputs.js';

const DAY_MS = 86_400_000;

/** A user's on-platform record in the scorecard's terms: account, verifications, loans, inquiries. */
@Injectable()
export class PlatformSignalsService {
  constructor(
    private readonly users: UsersService,
    private readonly loanRecords: LoanRecordService,
    private readonly history: CreditHistoryService,
  ) {}

  async read(userId: string, now = new Date()): Promise<PlatformSignals> {
    const yearAgo = new Date(now);
    yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
    const [user, wallets, loans, inquiries] = await Promise.all([
      this.users.getById(userId),
      this.users.listWallets(userId),
      this.loanRecords.read(userId),
      this.history.hardInquiriesSince(userId, yearAgo),
    ]);
    return {
      accountAgeDays: Math.max(0, Math.floor((now.getTime() - new Date(user.createdAt).getTime()) / DAY_MS)),
      verifications: {
        email: user.emailVerifiedAt !== null,
        phone: user.phoneVerifiedAt !== null,
        wallet: wallets.length > 0,
        kyc: user.kycStatus === 'approved',
      },
      payments: loans.payments,
      outstandingDebt: loans.outstandingDebt,
      approvedCredit: loans.approvedCredit,
      hardInquiries12m: inquiries,
      loanTypes: loans.loanTypes,
      defaultedLoans: loans.defaultedLoans,
    };
  }
}
