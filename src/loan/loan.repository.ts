import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PageRequest } from '../common/http/pagination.js';
import type { InstallmentRow, LoanRow, PaymentRow, LoanStatus } from './loan.types.js';

export type LoanWithOutstanding = LoanRow & { outstanding: string | null };

// Principal still owed, for loans that have instalments; payments settle interest first.
const OUTSTANDING = `(SELECT sum(greatest(0, i.principal - greatest(0, i.amount_paid - i.interest)))::text
   FROM loan_installments i WHERE i.loan_id = l.id) AS outstanding`;

/** The loans tables' SQL in one place; services own the rules, this owns the queries. */
@Injectable()
export class LoanRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** A loan, optionally only if it is `userId`'s, optionally locked for update inside a transaction. */
  async find(
    id: string,
    options: { userId?: string; manager?: EntityManager; lock?: boolean } = {},
  ): Promise<LoanWithOutstanding | null> {
    const manager = options.manager ?? this.db.manager;
    const params: unknown[] = [id];
    let where = 'l.id = $1';
    if (options.userId) {
      params.push(options.userId);
      where += ' AND l.user_id = $2';
    }
    const rows = await manager.query<LoanWithOutstanding[]>(
      `SELECT l.*, ${OUTSTANDING} FROM loans l WHERE ${where}${options.lock ? ' FOR UPDATE OF l' : ''}`,
      params,
    );
    return rows[0] ?? null;
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<LoanRow | null> {
    const rows = await this.db.query<LoanRow[]>(`SELECT * FROM loans WHERE user_id = $1 AND idempotency_key = $2`, [
      userId,
      key,
    ]);
    return rows[0] ?? null;
  }

  async list(
    filter: { userId?: string; status?: LoanStatus },
    page: PageRequest,
  ): Promise<{ rows: LoanWithOutstanding[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.userId) {
      params.push(filter.userId);
      conditions.push(`l.user_id = $${params.length}`);
    }
    if (filter.status) {
      params.push(filter.status);
      conditions.push(`l.status = $${params.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [rows, count] = await Promise.all([
      this.db.query<LoanWithOutstanding[]>(
        `SELECT l.*, ${OUTSTANDING} FROM loans l ${where}
         ORDER BY l.submitted_at DESC, l.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, page.perPage, page.offset],
      ),
      this.db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM loans l ${where}`, params),
    ]);
    return { rows, total: count[0].total };
  }

  installments(loanId: string, manager: EntityManager = this.db.manager): Promise<InstallmentRow[]> {
    return manager.query<InstallmentRow[]>(
      `SELECT loan_id, number, due_date::text AS due_date, amount_due, principal, interest, amount_paid, paid_at
       FROM loan_installments WHERE loan_id = $1 ORDER BY number`,
      [loanId],
    );
  }

  payments(loanId: string, manager: EntityManager = this.db.manager): Promise<PaymentRow[]> {
    return manager.query<PaymentRow[]>(
      `SELECT id, loan_id, amount, paid_at, timeliness, created_at FROM loan_payments
       WHERE loan_id = $1 ORDER BY paid_at, created_at`,
      [loanId],
    );
  }
}
