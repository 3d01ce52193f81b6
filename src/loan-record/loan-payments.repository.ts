import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { LoanPayment } from './entities/loan-payment.entity.js';

/** A repayment to store; its creation time is the database's. */
export type NewPayment = Omit<LoanPayment, 'createdAt'>;

/** The loan_payments table: repayments recorded by staff. */
@Injectable()
export class LoanPaymentsRepository {
  constructor(@InjectRepository(LoanPayment) private readonly payments: Repository<LoanPayment>) {}

  /** Oldest first (by payment date, then by when it was recorded). */
  forLoan(loanId: string): Promise<LoanPayment[]> {
    return this.payments.find({
      select: { id: true, loanId: true, amount: true, paidAt: true, timeliness: true, createdAt: true },
      where: { loanId },
      order: { paidAt: 'ASC', createdAt: 'ASC' },
    });
  }

  /** When the latest payment on the loan is dated; null before the first. */
  async lastPaidAt(manager: EntityManager, loanId: string): Promise<Date | null> {
    const row = await manager
      .getRepository(LoanPayment)
      .createQueryBuilder('p')
      .select('max(p.paidAt)', 'at')
      .where('p.loanId = :loanId', { loanId })
      .getRawOne<{ at: Date | null }>();
    return row?.at ?? null;
  }

  async insert(manager: EntityManager, payment: NewPayment): Promise<void> {
    await manager
      .getRepository(LoanPayment)
      .createQueryBuilder()
      .insert()
      .values(payment)
      .updateEntity(false)
      .execute();
  }
}
