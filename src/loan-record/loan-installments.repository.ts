import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { LoanInstallment } from './entities/loan-installment.entity.js';

/** One line of a schedule to store; nothing is paid on it yet. */
export type NewInstallment = Pick<LoanInstallment, 'number' | 'dueDate' | 'amountDue' | 'principal' | 'interest'>;

/** The loan_installments table: a loan's repayment schedule and what has been paid on each line. */
@Injectable()
export class LoanInstallmentsRepository {
  constructor(@InjectRepository(LoanInstallment) private readonly installments: Repository<LoanInstallment>) {}

  /** In schedule order; inside the caller's transaction when given its manager. */
  forLoan(loanId: string, manager?: EntityManager): Promise<LoanInstallment[]> {
    const repo = manager ? manager.getRepository(LoanInstallment) : this.installments;
    return repo.find({ where: { loanId }, order: { number: 'ASC' } });
  }

  /** The whole schedule in one INSERT. */
  async insertSchedule(manager: EntityManager, loanId: string, schedule: NewInstallment[]): Promise<void> {
    await manager
      .getRepository(LoanInstallment)
      .createQueryBuilder()
      .insert()
      .values(schedule.map((line) => ({ ...line, loanId })))
      .updateEntity(false)
      .execute();
  }

  /**
   * Adds `amount` (a decimal string) to what was paid on one line, in the statement itself so it adds to
   * the stored value; `paidAt` marks the line paid when this payment completes it.
   */
  async addPayment(
    manager: EntityManager,
    loanId: string,
    number: number,
    amount: string,
    paidAt: Date | null,
  ): Promise<void> {
    await manager
      .getRepository(LoanInstallment)
      .createQueryBuilder()
      .update()
      .set({ amountPaid: () => 'amount_paid + :amount', ...(paidAt ? { paidAt } : {}) })
      .where('loan_id = :loanId AND number = :number', { loanId, number })
      .setParameter('amount', amount)
      .execute();
  }
}
