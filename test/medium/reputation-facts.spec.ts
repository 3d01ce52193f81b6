import { TypeOrmModule } from '@nestjs/typeorm';
import { CreditScore } from '../../src/credit/entities/credit-score.entity.js';
import { LoanRecordModule } from '../../src/loan-record/loan-record.module.js';
import { LoanRecordService } from '../../src/loan-record/loan-record.service.js';
import { ReputationFactsRepository } from '../../src/reputation/reputation-facts.repository.js';
import { User } from '../../src/users/entities/user.entity.js';
import { Wallet } from '../../src/users/entities/wallet.entity.js';
import { Factory, type InstallmentFields } from './support/factory.js';
import { startMedium, type Medium } from './support/medium-module.js';

/**
 * The reputation's one-statement read on a real database: it counts repayment as LoanRecordService does (it reads
 * the same tables in its own statement), and reads the user by handle or id.
 */
describe('ReputationFactsRepository', () => {
  let medium: Medium;
  let facts: ReputationFactsRepository;
  let records: LoanRecordService;
  let factory: Factory;

  beforeAll(async () => {
    medium = await startMedium({
      // The statement is raw SQL: the entities are only the users mapping and the loans tables' foreign keys.
      imports: [TypeOrmModule.forFeature([User, Wallet, CreditScore]), LoanRecordModule],
      providers: [ReputationFactsRepository],
    });
    facts = medium.get(ReputationFactsRepository);
    records = medium.get(LoanRecordService);
    factory = new Factory(medium.db);
  });
  afterAll(() => medium?.close());

  const now = new Date('2026-06-15T12:00:00Z');
  const inst = (dueDate: string, fields: Partial<InstallmentFields> = {}): InstallmentFields => ({
    dueDate,
    amountDue: '100.00',
    principal: '90.00',
    interest: '10.00',
    amountPaid: '0',
    paidAt: null,
    ...fields,
  });

  it('counts repayment as the loan record does', async () => {
    const user = await factory.user();
    await factory.loan(user.id, {
      status: 'active',
      installments: [
        inst('2026-03-01', { amountPaid: '100.00', paidAt: new Date('2026-03-01T10:00:00Z') }),
        inst('2026-04-01', { amountPaid: '100.00', paidAt: new Date('2026-04-03T10:00:00Z') }),
        inst('2026-05-16'),
        inst('2026-05-10'),
        inst('2026-07-01', { amountPaid: '15.00' }),
      ],
    });
    await factory.loan(user.id, { status: 'repaid', installments: [inst('2026-01-01', { amountPaid: '100.00' })] });
    await factory.loan(user.id, { status: 'defaulted', installments: [inst('2026-02-01')] });
    await factory.loan(user.id, { status: 'submitted', approvedAmount: null, installments: [inst('2026-01-05')] });

    const [read] = await facts.read('id', user.id, now);
    const record = await records.read(user.id, now);
    expect(read.loans).toEqual({
      ...record.payments,
      repaidLoans: record.repaidLoans,
      defaultedLoans: record.defaultedLoans,
    });
    expect(read.loans).toEqual({ onTime: 1, late: 1, missed: 2, repaidLoans: 1, defaultedLoans: 1 });
  });

  it('reads the same user by handle and by id, with no endorsers, wallets or submissions yet', async () => {
    const user = await factory.user({ emailVerifiedAt: new Date('2026-01-01T00:00:00Z') });
    const byHandle = await facts.read('handle', user.handle, now);
    expect(byHandle).toEqual(await facts.read('id', user.id, now));
    expect(byHandle).toHaveLength(1);
    expect(byHandle[0]).toMatchObject({
      user: { id: user.id, handle: user.handle, email: user.email },
      hasReview: null,
      walletsVerifiedAt: [],
      completed: 0,
      disputed: 0,
      transactors: 0,
      ratingCounts: [0, 0, 0, 0, 0],
      reviews: 0,
    });
    expect(await facts.read('handle', '00000000000', now)).toEqual([]);
  });

  it('reads when each wallet was verified, first linked first, as dates', async () => {
    const user = await factory.user();
    const link = (address: string, verifiedAt: string, createdAt: string) =>
      medium.db.query(
        `INSERT INTO wallets (user_id, address, chain_id, verified_at, created_at) VALUES ($1, $2, 1, $3, $4)`,
        [user.id, address, verifiedAt, createdAt],
      );
    await link(`0x${'c'.repeat(40)}`, '2026-02-02T00:00:00Z', '2026-02-01T00:00:00Z');
    await link(`0x${'d'.repeat(40)}`, '2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z');
    const [read] = await facts.read('id', user.id, now);
    expect(read.walletsVerifiedAt).toEqual([new Date('2026-01-02T00:00:00Z'), new Date('2026-02-02T00:00:00Z')]);
  });
});
