import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credit scores (with the inputs each used), the credit history, and loans from application through
 * repayment. Money is `numeric(14,2)`: exact, and cents are what every amount is rounded to at the edge.
 */
export class CreditLoans1763800200000 implements MigrationInterface {
  name = 'CreditLoans1763800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE credit_scores (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      score integer NOT NULL CHECK (score BETWEEN 300 AND 850),
      rating text NOT NULL,
      probability_of_repayment numeric(5,4) NOT NULL,
      model_version text NOT NULL,
      wallet_address text,
      on_chain_used boolean NOT NULL,
      factors jsonb NOT NULL,
      recommendations jsonb NOT NULL,
      characteristics jsonb NOT NULL,
      inputs jsonb NOT NULL,
      calculated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX credit_scores_user_recent ON credit_scores (user_id, calculated_at DESC)`);

    await q.query(`CREATE TABLE credit_events (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      event_type text NOT NULL,
      event_date timestamptz NOT NULL,
      amount numeric(14,2),
      impact text NOT NULL CHECK (impact IN ('positive','negative','neutral')),
      description text NOT NULL,
      -- What the event is about (a loan id, 'email'); with the type it makes recording idempotent.
      reference text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, event_type, reference)
    )`);
    await q.query(`CREATE INDEX credit_events_user_date ON credit_events (user_id, event_date DESC, id DESC)`);

    await q.query(`CREATE SEQUENCE loan_application_seq START 1`);
    await q.query(`CREATE TABLE loans (
      id text PRIMARY KEY,
      application_number text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted','approved','rejected','cancelled','active','repaid','defaulted')),
      loan_type text NOT NULL CHECK (loan_type IN ('personal','mortgage','auto','business')),
      requested_amount numeric(14,2) NOT NULL CHECK (requested_amount > 0),
      requested_term_months integer NOT NULL CHECK (requested_term_months BETWEEN 1 AND 480),
      requested_rate numeric(9,6),
      application_data jsonb NOT NULL DEFAULT '{}'::jsonb,
      credit_score_id text REFERENCES credit_scores(id) ON DELETE SET NULL,
      credit_score_at_application integer NOT NULL,
      approval_probability numeric(4,1) NOT NULL,
      approval_assessment jsonb NOT NULL,
      idempotency_key text,
      request_hash text NOT NULL,
      approved_amount numeric(14,2),
      approved_rate numeric(9,6),
      approved_term_months integer,
      monthly_payment numeric(14,2),
      decision_reason text,
      decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
      decided_at timestamptz,
      disbursed_at timestamptz,
      closed_at timestamptz,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX loans_user_recent ON loans (user_id, submitted_at DESC, id DESC)`);
    await q.query(`CREATE INDEX loans_status ON loans (status, submitted_at)`);
    await q.query(
      `CREATE UNIQUE INDEX loans_idempotency ON loans (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    // One open application per loan type: a double-submitted form cannot become two applications.
    await q.query(
      `CREATE UNIQUE INDEX loans_one_open_per_type ON loans (user_id, loan_type) WHERE status = 'submitted'`,
    );

    await q.query(`CREATE TABLE loan_installments (
      loan_id text NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
      number integer NOT NULL,
      due_date date NOT NULL,
      amount_due numeric(14,2) NOT NULL,
      principal numeric(14,2) NOT NULL,
      interest numeric(14,2) NOT NULL,
      amount_paid numeric(14,2) NOT NULL DEFAULT 0,
      paid_at timestamptz,
      PRIMARY KEY (loan_id, number)
    )`);

    await q.query(`CREATE TABLE loan_payments (
      id text PRIMARY KEY,
      loan_id text NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
      amount numeric(14,2) NOT NULL CHECK (amount > 0),
      paid_at timestamptz NOT NULL,
      timeliness text NOT NULL CHECK (timeliness IN ('on_time','late')),
      recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX loan_payments_loan ON loan_payments (loan_id, paid_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE loan_payments`);
    await q.query(`DROP TABLE loan_installments`);
    await q.query(`DROP TABLE loans`);
    await q.query(`DROP SEQUENCE loan_application_seq`);
    await q.query(`DROP TABLE credit_events`);
    await q.query(`DROP TABLE credit_scores`);
  }
}
