import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CreditExtensions } from '../credit/credit-extensions.js';
import { CreditModule } from '../credit/credit.module.js';
import { ReputationExtensions } from '../reputation/reputation-extensions.js';
import { ReputationModule } from '../reputation/reputation.module.js';
import { AdminLoansController } from './admin-loans.controller.js';
import { LoanRecordReader } from './loan-record.reader.js';
import { LoanRepository } from './loan.repository.js';
import { LoanServicingService } from './loan-servicing.service.js';
import { LoansController } from './loans.controller.js';
import { LoansService } from './loans.service.js';

/** Applications, decisions, disbursement and repayment. Feeds credit and reputation their loan record. */
@Module({
  imports: [AuditModule, CreditModule, ReputationModule],
  controllers: [LoansController, AdminLoansController],
  providers: [LoanRepository, LoanRecordReader, LoansService, LoanServicingService],
  exports: [LoanRecordReader],
})
export class LoanModule implements OnModuleInit {
  constructor(
    @Inject(CreditExtensions) private readonly credit: CreditExtensions,
    @Inject(ReputationExtensions) private readonly reputation: ReputationExtensions,
    @Inject(LoanRecordReader) private readonly records: LoanRecordReader,
  ) {}

  onModuleInit(): void {
    this.credit.setLoanRecordReader((userId) => this.records.read(userId));
    this.reputation.setLoanRecordReader(async (userId) => {
      const { payments, repaidLoans, defaultedLoans } = await this.records.read(userId);
      return { ...payments, repaidLoans, defaultedLoans };
    });
  }
}
