import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export type PaymentTimeliness = 'on_time' | 'late';

/** A repayment recorded by staff against a loan. */
@Entity('loan_payments')
@Check('loan_payments_amount_check', 'amount > 0')
@Check('loan_payments_timeliness_check', `timeliness IN ('on_time','late')`)
@Index('loan_payments_loan', ['loanId', 'paidAt'])
export class LoanPayment {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  @ForeignKey('loans', { name: 'loan_payments_loan_id_fkey', onDelete: 'CASCADE' })
  loanId: string;

  /** numeric: pg returns it as an exact decimal string. */
  @Column({ type: 'numeric', precision: 14, scale: 2 })
  amount: string;

  @Column({ type: 'timestamptz' })
  paidAt: Date;

  @Column({ type: 'text' })
  timeliness: PaymentTimeliness;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'loan_payments_recorded_by_fkey', onDelete: 'SET NULL' })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
