import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** One line of a loan's repayment schedule. Money is exact: numeric strings. */
@Entity('loan_installments')
export class LoanInstallment {
  @PrimaryColumn({ type: 'text' })
  @ForeignKey('loans', { name: 'loan_installments_loan_id_fkey', onDelete: 'CASCADE' })
  loanId: string;

  /** 1-based position in the schedule. */
  @PrimaryColumn({ type: 'integer' })
  number: number;

  /** 'YYYY-MM-DD'. */
  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  amountDue: string;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  principal: string;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  interest: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, default: 0 })
  amountPaid: string;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt: Date | null;
}
