import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CreditModule } from '../credit/credit.module.js';
import { LoanRecordModule } from '../loan-record/loan-record.module.js';
import { AdminLoansController } from './admin-loans.controller.js';
import { LoanApplyReplays } from './loan-apply.replays.js';
import { LoanServicingService } from './loan-servicing.service.js';
import { LoansController } from './loans.controller.js';
import { LoansService } from './loans.service.js';

/**
 * Applications, decisions, disbursement and repayment: the rules and the routes. The loans tables are
 * LoanRecordModule's (which credit and reputation import too, for the borrowing record): this module writes
 * them through its LoanBookService.
 */
@Module({
  imports: [AuditModule, CreditModule, LoanRecordModule],
  controllers: [LoansController, AdminLoansController],
  providers: [LoansService, LoanServicingService, LoanApplyReplays],
})
export class LoanModule {}
