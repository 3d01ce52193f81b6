import { Module } from '@nestjs/common';
import { LoanRecordService } from './loan-record.service.js';

/**
 * The read side of the loans tables: a user's borrowing record. Its own module because credit and reputation
 * read it while loans depend on credit (a score at application): credit, reputation and loans all import this,
 * and none of them imports another to get it.
 */
@Module({
  providers: [LoanRecordService],
  exports: [LoanRecordService],
})
export class LoanRecordModule {}
