import { TypeOrmModule } from '@nestjs/typeorm';
import { CreditScore } from '../../src/credit/entities/credit-score.entity.js';
import { LoanRecordModule } from '../../src/loan-record/loan-record.module.js';
import { LoanRecordService } from '../../src/loan-record/loan-record.service.js';
import { User } from '../../src/users/entities/user.entity.js';
import { Factory, type InstallmentFields } from './support/factory.js';
import { startMedium, type Medium } from './support/medium-module.js';

/** The scorecard's view of a user's borrowing, read by one statement from real rows. */
describe('LoanRecordService', () => {
  let medium: Medium;
  let reader: LoanRecordService;
  let factory: Factory;

  beforeAll(async () => {
    // The loans tables' entities name users and credit_scores in their foreign keys.
    medium = await startMedium({ imports: [TypeOrmModule.forFeature([User, CreditScore]), LoanRecordModule] });
    reader = medium.get(LoanRecordService);
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

  it('reads nothing for a user without loans', async () => {
    const user = await factory.user();
    expect(await reader.read(user.id, now)).toEqual({
      payments: { onTime: 0, late: 0, missed: 0 },
      outstandingDebt: '0',
      approvedCredit: '0',
      loanTypes: [],
      defaultedLoans: 0,
      repaidLoans: 0,
    });
  });

  it('counts only loans whose money moved: applications and rejections are not credit', async () => {
    const user = await factory.user();
    await factory.loan(user.id, { status: 'submitted', approvedAmount: null });
    await factory.loan(user.id, { status: 'rejected', approvedAmount: null, loanType: 'auto' });
    await factory.loan(user.id, { status: 'approved', approvedAmount: '500.00', loanType: 'business' });
    const record = await reader.read(user.id, now);
    expect(record.approvedCredit).toBe('0');
    expect(record.loanTypes).toEqual([]);
  });

  it('sorts instalments into on time, late and missed (past the grace days), and owes unpaid principal', async () => {
    const user = await factory.user();
    await factory.loan(user.id, {
      status: 'active',
      approvedAmount: '400.00',
      installments: [
        inst('2026-03-01', { amountPaid: '100.00', paidAt: new Date('2026-03-01T10:00:00Z') }),
        inst('2026-04-01', { amountPaid: '100.00', paidAt: new Date('2026-04-03T10:00:00Z') }),
        // 30 days or fewer overdue is not yet missed; more is.
        inst('2026-05-16'),
        inst('2026-05-10'),
        // Part paid: the interest is settled first, so 5 of principal is covered.
        inst('2026-07-01', { amountPaid: '15.00' }),
      ],
    });
    const record = await reader.read(user.id, now);
    expect(record.payments).toEqual({ onTime: 1, late: 1, missed: 1 });
    expect(Number(record.outstandingDebt)).toBe(90 + 90 + 85);
    expect(record.approvedCredit).toBe('400.00');
    expect(record.loanTypes).toEqual(['personal']);
  });

  it('totals several loans, counts repaid and defaulted ones, and owes nothing on a repaid one', async () => {
    const user = await factory.user();
    await factory.loan(user.id, { status: 'repaid', approvedAmount: '300.00', installments: [inst('2026-01-01')] });
    await factory.loan(user.id, {
      status: 'defaulted',
      approvedAmount: '200.00',
      loanType: 'auto',
      installments: [inst('2026-02-01')],
    });
    const other = await factory.user();
    await factory.loan(other.id, { status: 'active', approvedAmount: '9999.00' });

    const record = await reader.read(user.id, now);
    expect(Number(record.approvedCredit)).toBe(500);
    expect(record.repaidLoans).toBe(1);
    expect(record.defaultedLoans).toBe(1);
    expect([...record.loanTypes].sort()).toEqual(['auto', 'personal']);
    expect(Number(record.outstandingDebt)).toBe(90);
  });

  describe('outstandingAndScore (a quote in one statement)', () => {
    const score = (userId: string, fields: { id: string; model: string; wallet: string | null; at: string }) =>
      medium.db.query(
        `INSERT INTO credit_scores (id, user_id, score, rating, probability_of_repayment, model_version,
                                    wallet_address, on_chain_used, factors, recommendations, characteristics,
                                    inputs, calculated_at)
         VALUES ($1, $2, 700, 'good', 0.9, $3, $4, false, '[]', '[]', '[]', '{}', $5)`,
        [fields.id, userId, fields.model, fields.wallet, fields.at],
      );
    const wallet = (userId: string, address: string, createdAt: string) =>
      medium.db.query(`INSERT INTO wallets (user_id, address, chain_id, created_at) VALUES ($1, $2, 1, $3)`, [
        userId,
        address,
        createdAt,
      ]);

    it('owes what the record owes, and has no score before one is made', async () => {
      const user = await factory.user();
      await factory.loan(user.id, {
        status: 'active',
        approvedAmount: '400.00',
        installments: [
          inst('2026-03-01', { amountPaid: '100.00', paidAt: now }),
          inst('2026-07-01', { amountPaid: '15.00' }),
        ],
      });
      await factory.loan(user.id, {
        status: 'defaulted',
        approvedAmount: '200.00',
        installments: [inst('2026-02-01')],
      });
      await factory.loan(user.id, { status: 'repaid', approvedAmount: '300.00', installments: [inst('2026-01-01')] });
      await factory.loan(user.id, { status: 'submitted', approvedAmount: null, installments: [inst('2026-01-01')] });
      const quote = await reader.outstandingAndScore(user.id, 'v-test');
      expect(quote).toEqual({ outstandingDebt: (await reader.read(user.id, now)).outstandingDebt, score: null });
      expect(Number(quote.outstandingDebt)).toBe(85 + 90);
    });

    it("reads the model's newest score for the first linked wallet, of any age", async () => {
      const user = await factory.user();
      const [first, second] = [`0x${'a'.repeat(40)}`, `0x${'b'.repeat(40)}`];
      await wallet(user.id, second, '2026-02-01T00:00:00Z');
      await wallet(user.id, first, '2026-01-01T00:00:00Z');
      const id = (name: string) => `cs_${user.id.slice(0, 8)}_${name}`;
      await score(user.id, { id: id('old'), model: 'v-test', wallet: first, at: '2026-03-01T00:00:00Z' });
      await score(user.id, { id: id('new'), model: 'v-test', wallet: first, at: '2026-04-01T00:00:00Z' });
      await score(user.id, { id: id('second'), model: 'v-test', wallet: second, at: '2026-05-01T00:00:00Z' });
      await score(user.id, { id: id('nowallet'), model: 'v-test', wallet: null, at: '2026-05-02T00:00:00Z' });
      await score(user.id, { id: id('model'), model: 'v-other', wallet: first, at: '2026-06-01T00:00:00Z' });
      const { score: read } = await reader.outstandingAndScore(user.id, 'v-test');
      expect(read).toEqual({
        id: id('new'),
        score: 700,
        probability_of_repayment: '0.9000',
        model_version: 'v-test',
        calculated_at: new Date('2026-04-01T00:00:00Z'),
      });
    });

    it('reads a score made without a wallet for a user who has none', async () => {
      const user = await factory.user();
      const id = `cs_${user.id.slice(0, 8)}_nowallet`;
      await score(user.id, { id, model: 'v-test', wallet: null, at: '2026-04-01T00:00:00Z' });
      expect((await reader.outstandingAndScore(user.id, 'v-test')).score?.id).toBe(id);
    });
  });
});
