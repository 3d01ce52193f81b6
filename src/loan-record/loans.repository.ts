import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  EntityManager,
  QueryDeepPartialEntity,
  Repository,
  SelectQueryBuilder,
  UpdateQueryBuilder,
} from 'typeorm';
import type { PageRequest } from '../common/http/pagination.js';
import { returnedEntities } from '../database/returned-rows.js';
import { Loan } from './entities/loan.entity.js';
import type { LoanStatus } from './loan-record.types.js';

/** A loan with the principal still owed on it: null until it has instalments. */
export type LoanWithOutstanding = Loan & { outstanding: string | null };

/** An application to store; its number, status and submission time are the database's. */
export type NewApplication = Pick<
  Loan,
  | 'id'
  | 'userId'
  | 'loanType'
  | 'requestedAmount'
  | 'requestedTermMonths'
  | 'requestedRate'
  | 'applicationData'
  | 'creditScoreId'
  | 'creditScoreAtApplication'
  | 'approvalProbability'
  | 'approvalAssessment'
  | 'idempotencyKey'
  | 'requestHash'
>;

/** What a decision writes. */
const DECISION_COLUMNS = [
  'status',
  'approvedAmount',
  'approvedRate',
  'approvedTermMonths',
  'monthlyPayment',
  'decisionReason',
  'decidedBy',
  'decidedAt',
  'closedAt',
] as const;

export type DecisionColumns = Pick<Loan, (typeof DECISION_COLUMNS)[number]>;

export interface ApprovedTerms {
  approvedAmount: string;
  approvedRate: string;
  approvedTermMonths: number;
  monthlyPayment: string;
  decisionReason: string | null;
  decidedBy: string;
}

// Principal still owed, for loans that have instalments; payments settle interest first.
const OUTSTANDING = `(SELECT sum(greatest(0, i.principal - greatest(0, i.amount_paid - i.interest)))::text
   FROM loan_installments i WHERE i.loan_id = l.id)`;

// LA-<year>-<sequence, at least 6 digits>, numbered by the database so parallel applications never share one.
const APPLICATION_NUMBER = `(SELECT 'LA-' || to_char(now() AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(n::text, greatest(6, length(n::text)), '0')
   FROM (SELECT nextval('loan_application_seq') AS n) seq)`;

/**
 * The loans table. Writes take the caller's transaction (`manager`): the loan module records credit history and
 * audit in the same one.
 */
@Injectable()
export class LoansRepository {
  constructor(@InjectRepository(Loan) private readonly loans: Repository<Loan>) {}

  /** A loan, optionally only if it is `userId`'s, optionally locked for update inside a transaction. */
  async find(
    id: string,
    options: { userId?: string; manager?: EntityManager; lock?: boolean } = {},
  ): Promise<LoanWithOutstanding | null> {
    const query = this.withOutstanding(options.manager).where('l.id = :id', { id });
    if (options.userId) query.andWhere('l.userId = :userId', { userId: options.userId });
    if (options.lock) query.setLock('pessimistic_write', undefined, ['l']);
    const [loan] = await withOutstanding(query);
    return loan ?? null;
  }

  findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<Loan | null> {
    return this.loans.findOneBy({ userId, idempotencyKey });
  }

  /** Newest first, ties by id, so pages never repeat or skip a loan. */
  async list(
    filter: { userId?: string; status?: LoanStatus },
    page: PageRequest,
  ): Promise<{ rows: LoanWithOutstanding[]; total: number }> {
    const where = {
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    const [rows, total] = await Promise.all([
      withOutstanding(
        this.withOutstanding()
          .where(where)
          .orderBy('l.submittedAt', 'DESC')
          .addOrderBy('l.id', 'DESC')
          .limit(page.perPage)
          .offset(page.offset),
      ),
      this.loans.countBy(where),
    ]);
    return { rows, total };
  }

  /** Null when a unique index refused it: the same Idempotency-Key, or an open application of its type. */
  async insertApplication(manager: EntityManager, application: NewApplication): Promise<Loan | null> {
    const repo = manager.getRepository(Loan);
    const result = await repo
      .createQueryBuilder()
      .insert()
      // jsonb columns: TypeORM's deep-partial type cannot take a Record<string, unknown>.
      .values({ ...application, applicationNumber: () => APPLICATION_NUMBER } as QueryDeepPartialEntity<Loan>)
      .orIgnore()
      .updateEntity(false)
      .returning(this.allColumns())
      .execute();
    return returnedEntities(repo, result.raw)[0] ?? null;
  }

  cancel(manager: EntityManager, id: string): Promise<Loan> {
    return returning(this.update(manager, id, { status: 'cancelled', closedAt: () => 'now()' }), this.allColumns());
  }

  reject(manager: EntityManager, id: string, reason: string, decidedBy: string): Promise<DecisionColumns> {
    const values = { decisionReason: reason, decidedBy, decidedAt: () => 'now()', closedAt: () => 'now()' };
    return returning(this.update(manager, id, { status: 'rejected', ...values }), DECISION_COLUMNS);
  }

  approve(manager: EntityManager, id: string, terms: ApprovedTerms): Promise<DecisionColumns> {
    const values = { status: 'approved' as const, ...terms, decidedAt: () => 'now()' };
    return returning(this.update(manager, id, values), DECISION_COLUMNS);
  }

  async activate(manager: EntityManager, id: string, disbursedAt: Date): Promise<void> {
    await this.update(manager, id, { status: 'active', disbursedAt }).execute();
  }

  async markRepaid(manager: EntityManager, id: string, closedAt: Date): Promise<void> {
    await this.update(manager, id, { status: 'repaid', closedAt }).execute();
  }

  /** Keeps a reason given earlier (at the decision) over this one. */
  markDefaulted(
    manager: EntityManager,
    id: string,
    reason: string,
  ): Promise<Pick<Loan, 'status' | 'decisionReason' | 'closedAt'>> {
    const values = {
      status: 'defaulted' as const,
      decisionReason: () => 'coalesce(decision_reason, :reason)',
      closedAt: () => 'now()',
    };
    return returning(this.update(manager, id, values).setParameter('reason', reason), [
      'status',
      'decisionReason',
      'closedAt',
    ]);
  }

  /** One UPDATE of one loan, stamped with the database's now(). */
  private update(manager: EntityManager, id: string, values: QueryDeepPartialEntity<Loan>): UpdateQueryBuilder<Loan> {
    return manager
      .getRepository(Loan)
      .createQueryBuilder()
      .update()
      .set({ ...values, updatedAt: () => 'now()' })
      .where('id = :id', { id });
  }

  private allColumns(): (keyof Loan)[] {
    return this.loans.metadata.columns.map((c) => c.propertyPath as keyof Loan);
  }

  private withOutstanding(manager?: EntityManager): SelectQueryBuilder<Loan> {
    const repo = manager ? manager.getRepository(Loan) : this.loans;
    return repo.createQueryBuilder('l').addSelect(OUTSTANDING, 'outstanding');
  }
}

/** The named columns of the row an UPDATE left. */
async function returning<K extends keyof Loan>(
  query: UpdateQueryBuilder<Loan>,
  columns: readonly K[],
): Promise<Pick<Loan, K>> {
  const result = await query.returning(columns as readonly string[] as string[]).execute();
  const [row] = returnedEntities(query.connection.getRepository(Loan), result.raw);
  return row;
}

/** The loans with the outstanding principal the query selected beside each. */
async function withOutstanding(query: SelectQueryBuilder<Loan>): Promise<LoanWithOutstanding[]> {
  const { entities, raw } = await query.getRawAndEntities<{ l_id: string; outstanding: string | null }>();
  const owed = new Map(raw.map((r) => [r.l_id, r.outstanding]));
  return entities.map((loan) => Object.assign(loan, { outstanding: owed.get(loan.id) ?? null }));
}
