import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PageRequest } from '../common/http/pagination.js';
import type { LoanInstallment } from './entities/loan-installment.entity.js';
import type { LoanPayment } from './entities/loan-payment.entity.js';
import type { Loan } from './entities/loan.entity.js';
import { LoanInstallmentsRepository, type NewInstallment } from './loan-installments.repository.js';
import { LoanPaymentsRepository, type NewPayment } from './loan-payments.repository.js';
import type { LoanStatus } from './loan-record.types.js';
import {
  LoansRepository,
  type ApprovedTerms,
  type DecisionColumns,
  type LoanWithOutstanding,
  type NewApplication,
} from './loans.repository.js';

export type { ApprovedTerms, DecisionColumns, LoanWithOutstanding, NewApplication, NewInstallment, NewPayment };

/** A loan with its schedule and its payments. */
export interface LoanDetail {
  loan: LoanWithOutstanding;
  installments: LoanInstallment[];
  payments: LoanPayment[];
}

/**
 * The loans tables for the loan module, which keeps the rules: each method is one step it takes. Writes run in
 * the caller's transaction (`manager`, from `transaction`), where it also records credit history and audit;
 * a transition reads its loan with `lock` first, so two operators acting at once cannot both move it.
 */
@Injectable()
export class LoanBookService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loans: LoansRepository,
    private readonly installments: LoanInstallmentsRepository,
    private readonly payments: LoanPaymentsRepository,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The loan, its instalments and payments; only `userId`'s when given one. */
  async detail(id: string, userId?: string): Promise<LoanDetail | null> {
    const loan = await this.loans.find(id, { userId });
    if (!loan) return null;
    const [installments, payments] = await Promise.all([this.installments.forLoan(id), this.payments.forLoan(id)]);
    return { loan, installments, payments };
  }

  list(
    filter: { userId?: string; status?: LoanStatus },
    page: PageRequest,
  ): Promise<{ rows: LoanWithOutstanding[]; total: number }> {
    return this.loans.list(filter, page);
  }

  findByIdempotencyKey(userId: string, key: string): Promise<Loan | null> {
    return this.loans.findByIdempotencyKey(userId, key);
  }

  /** The loan locked for update until `manager`'s transaction ends; only `userId`'s when given one. */
  lock(manager: EntityManager, id: string, userId?: string): Promise<LoanWithOutstanding | null> {
    return this.loans.find(id, { userId, manager, lock: true });
  }

  installmentsOf(manager: EntityManager, id: string): Promise<LoanInstallment[]> {
    return this.installments.forLoan(id, manager);
  }

  /** Null when a unique index refused it: the same Idempotency-Key, or an open application of its type. */
  apply(manager: EntityManager, application: NewApplication): Promise<Loan | null> {
    return this.loans.insertApplication(manager, application);
  }

  cancel(manager: EntityManager, id: string): Promise<Loan> {
    return this.loans.cancel(manager, id);
  }

  reject(manager: EntityManager, id: string, reason: string, decidedBy: string): Promise<DecisionColumns> {
    return this.loans.reject(manager, id, reason, decidedBy);
  }

  approve(manager: EntityManager, id: string, terms: ApprovedTerms): Promise<DecisionColumns> {
    return this.loans.approve(manager, id, terms);
  }

  /** Stores the schedule and makes the loan active. */
  async disburse(manager: EntityManager, id: string, at: Date, schedule: NewInstallment[]): Promise<void> {
    await this.installments.insertSchedule(manager, id, schedule);
    await this.loans.activate(manager, id, at);
  }

  lastPaymentAt(manager: EntityManager, id: string): Promise<Date | null> {
    return this.payments.lastPaidAt(manager, id);
  }

  /** `amount` (decimal string) paid on one instalment; `paidAt` when it completes it. */
  payInstallment(
    manager: EntityManager,
    id: string,
    number: number,
    amount: string,
    paidAt: Date | null,
  ): Promise<void> {
    return this.installments.addPayment(manager, id, number, amount, paidAt);
  }

  recordPayment(manager: EntityManager, payment: NewPayment): Promise<void> {
    return this.payments.insert(manager, payment);
  }

  markRepaid(manager: EntityManager, id: string, at: Date): Promise<void> {
    return this.loans.markRepaid(manager, id, at);
  }

  markDefaulted(
    manager: EntityManager,
    id: string,
    reason: string,
  ): Promise<Pick<Loan, 'status' | 'decisionReason' | 'closedAt'>> {
    return this.loans.markDefaulted(manager, id, reason);
  }
}
