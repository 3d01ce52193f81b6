import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CreditModule } from '../credit/credit.module.js';
import { LoanRecordModule } from '../loan-record/loan-record.module.js';
import { AdminLoansController } from './admin-loans.controller.js';
import { LoanRepository } from './loan.repository.js';
import { LoanServicingService } from './loan-servicing.service.js';
import { LoansController } from './loans.controller.js';
import { LoansService } from './loans.service.js';

/**
 * Applications, decisions, disbursement and repayment. The borrowing record that credit and reputation read
 * is LoanRecordModule's, which this module imports like they do.
 */
@Module({
  imports: [AuditModule, CreditModule, LoanRecordModule],
  controllers: [LoansController, AdminLoansController],
  providers: [LoanRepository, LoansService, LoanServicingService],
})
export class LoanModule {}
