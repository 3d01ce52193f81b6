import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { LoanStatus, LoanType } from '../loan-record.types.js';

/** A loan from application through decision and disbursement to repayment. Money is exact: numeric strings. */
@Entity('loans')
@Check('loans_status_check', `status IN ('submitted','approved','rejected','cancelled','active','repaid','defaulted')`)
@Check('loans_loan_type_check', `loan_type IN ('personal','mortgage','auto','business')`)
@Check('loans_requested_amount_check', 'requested_amount > 0')
@Check('loans_requested_term_months_check', 'requested_term_months BETWEEN 1 AND 480')
@Unique('loans_application_number_key', ['applicationNumber'])
// submitted_at DESC, id DESC in the migration: TypeORM compares an index's columns, not their order.
@Index('loans_user_recent', ['userId', 'submittedAt', 'id'])
@Index('loans_status', ['status', 'submittedAt'])
@Index('loans_idempotency', ['userId', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
// One open application per loan type: a double-submitted form cannot become two applications.
@Index('loans_one_open_per_type', ['userId', 'loanType'], { unique: true, where: `status = 'submitted'` })
export class Loan {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  applicationNumber: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { name: 'loans_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text', default: 'submitted' })
  status: LoanStatus;

  @Column({ type: 'text' })
  loanType: LoanType;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  requestedAmount: string;

  @Column({ type: 'integer' })
  requestedTermMonths: number;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  requestedRate: string | null;

  @Column({ type: 'jsonb', default: {} })
  applicationData: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  @ForeignKey('credit_scores', { name: 'loans_credit_score_id_fkey', onDelete: 'SET NULL' })
  creditScoreId: string | null;

  @Column({ type: 'integer' })
  creditScoreAtApplication: number;

  @Column({ type: 'numeric', precision: 4, scale: 1 })
  approvalProbability: string;

  @Column({ type: 'jsonb' })
  approvalAssessment: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  approvedAmount: string | null;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  approvedRate: string | null;

  @Column({ type: 'integer', nullable: true })
  approvedTermMonths: number | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  monthlyPayment: string | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'loans_decided_by_fkey', onDelete: 'SET NULL' })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  disbursedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  submittedAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
