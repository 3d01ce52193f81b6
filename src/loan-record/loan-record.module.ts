import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoanInstallment } from './entities/loan-installment.entity.js';
import { LoanPayment } from './entities/loan-payment.entity.js';
import { Loan } from './entities/loan.entity.js';
import { LoanBookService } from './loan-book.service.js';
import { LoanInstallmentsRepository } from './loan-installments.repository.js';
import { LoanPaymentsRepository } from './loan-payments.repository.js';
import { LoanRecordRepository } from './loan-record.repository.js';
import { LoanRecordService } from './loan-record.service.js';
import { LoansRepository } from './loans.repository.js';

/**
 * The loans tables (loans, loan_installments, loan_payments) and every statement on them. Its own module, low
 * in the layers, because credit and reputation read a borrower's record while loans depend on credit (a score
 * at application): credit, reputation and loans all import this, and none of them imports another to get it.
 * LoanRecordService is the record they read; LoanBookService the steps the loan module takes, under its rules.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Loan, LoanInstallment, LoanPayment])],
  providers: [
    LoansRepository,
    LoanInstallmentsRepository,
    LoanPaymentsRepository,
    LoanRecordRepository,
    LoanRecordService,
    LoanBookService,
  ],
  exports: [LoanRecordService, LoanBookService],
})
export class LoanRecordModule {}
