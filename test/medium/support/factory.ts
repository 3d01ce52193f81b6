import { randomInt, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Rows for medium tests, written straight to the tables with every required column defaulted, so a test
 * states only what it is about. Unique by construction: suites share the database on the PostgreSQL pass.
 */
export class Factory {
  constructor(private readonly db: DataSource) {}

  async user(fields: Partial<UserFields> = {}): Promise<UserFields> {
    const user: UserFields = {
      id: randomUUID(),
      email: `${randomUUID()}@example.com`,
      emailVerifiedAt: null,
      phone: null,
      phoneVerifiedAt: null,
      status: 'active',
      kycStatus: 'not_started',
      kycVerifiedAt: null,
      // 11 digits, never starting with 0 so it reads as a number in every test output.
      handle: String(randomInt(1, 10)) + String(randomInt(0, 10_000_000_000)).padStart(10, '0'),
      ...fields,
    };
    await this.db.query(
      `INSERT INTO users (id, email, email_verified_at, phone, phone_verified_at, status, is_verified,
                          authentication_type, kyc_status, kyc_verified_at, handle)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'email', $8, $9, $10)`,
      [
        user.id,
        user.email,
        user.emailVerifiedAt,
        user.phone,
        user.phoneVerifiedAt,
        user.status,
        user.emailVerifiedAt !== null,
        user.kycStatus,
        user.kycVerifiedAt,
        user.handle,
      ],
    );
    return user;
  }

  /** A loan with its instalments; `approvedAmount` set means its money moved (or was to). */
  async loan(userId: string, fields: Partial<LoanFields> = {}): Promise<LoanFields> {
    const loan: LoanFields = {
      id: `ln_${randomUUID().replaceAll('-', '')}`,
      status: 'active',
      loanType: 'personal',
      requestedAmount: '1000.00',
      approvedAmount: '1000.00',
      installments: [],
      ...fields,
    };
    await this.db.query(
      `INSERT INTO loans (id, application_number, user_id, status, loan_type, requested_amount, requested_term_months,
                          credit_score_at_application, approval_probability, approval_assessment, request_hash,
                          approved_amount)
       VALUES ($1, $2, $3, $4, $5, $6, 12, 700, 80, '{}'::jsonb, $7, $8)`,
      [
        loan.id,
        `APP-${randomUUID()}`,
        userId,
        loan.status,
        loan.loanType,
        loan.requestedAmount,
        randomUUID(),
        loan.approvedAmount,
      ],
    );
    for (const [i, inst] of loan.installments.entries()) {
      await this.db.query(
        `INSERT INTO loan_installments (loan_id, number, due_date, amount_due, principal, interest, amount_paid, paid_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [loan.id, i + 1, inst.dueDate, inst.amountDue, inst.principal, inst.interest, inst.amountPaid, inst.paidAt],
      );
    }
    return loan;
  }
}

export interface UserFields {
  id: string;
  email: string;
  emailVerifiedAt: Date | null;
  phone: string | null;
  phoneVerifiedAt: Date | null;
  status: 'pending' | 'active' | 'locked' | 'suspended' | 'deactivated';
  kycStatus: 'not_started' | 'pending' | 'approved' | 'rejected';
  kycVerifiedAt: Date | null;
  handle: string;
}

export interface InstallmentFields {
  /** YYYY-MM-DD */
  dueDate: string;
  amountDue: string;
  principal: string;
  interest: string;
  amountPaid: string;
  paidAt: Date | null;
}

export interface LoanFields {
  id: string;
  status: 'submitted' | 'approved' | 'rejected' | 'cancelled' | 'active' | 'repaid' | 'defaulted';
  loanType: 'personal' | 'mortgage' | 'auto' | 'business';
  requestedAmount: string;
  approvedAmount: string | null;
  installments: InstallmentFields[];
}
