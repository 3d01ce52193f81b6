import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../../src/audit/audit.module.js';
import { CreditEventsRepository } from '../../src/credit/credit-events.repository.js';
import { CreditHistoryService, type CreditEventInput } from '../../src/credit/credit-history.service.js';
import { CreditEvent } from '../../src/credit/entities/credit-event.entity.js';
import { User } from '../../src/users/entities/user.entity.js';
import { Wallet } from '../../src/users/entities/wallet.entity.js';
import { UsersRepository } from '../../src/users/users.repository.js';
import { UsersService } from '../../src/users/users.service.js';
import { WalletsRepository } from '../../src/users/wallets.repository.js';
import { Factory } from './support/factory.js';
import { startMedium, type Medium } from './support/medium-module.js';

/** CreditHistoryService on a real database: paging, order, idempotent recording, verifications picked up. */
describe('CreditHistoryService', () => {
  let medium: Medium;
  let history: CreditHistoryService;
  let factory: Factory;

  beforeAll(async () => {
    medium = await startMedium({
      imports: [TypeOrmModule.forFeature([User, Wallet, CreditEvent]), AuditModule],
      providers: [UsersRepository, WalletsRepository, UsersService, CreditEventsRepository, CreditHistoryService],
    });
    history = medium.get(CreditHistoryService);
    factory = new Factory(medium.db);
  });
  afterAll(() => medium?.close());

  const page = (n: number, perPage: number) => ({ page: n, perPage, offset: (n - 1) * perPage });
  const inquiry = (userId: string, day: number): CreditEventInput => ({
    userId,
    type: 'credit_inquiry',
    date: new Date(Date.UTC(2026, 0, day)),
    impact: 'neutral',
    description: `inquiry ${day}`,
    reference: `inquiry-${day}`,
  });

  it('pages newest first with an exact total, and an empty page past the end', async () => {
    const user = await factory.user();
    await history.recordAll([1, 2, 3, 4, 5].map((day) => inquiry(user.id, day)));

    const first = await history.list(user.id, page(1, 2));
    expect(first.total).toBe(5);
    expect(first.rows.map((r) => r.description)).toEqual(['inquiry 5', 'inquiry 4']);
    const third = await history.list(user.id, page(3, 2));
    expect(third.rows.map((r) => r.description)).toEqual(['inquiry 1']);
    const beyond = await history.list(user.id, page(4, 2));
    expect(beyond).toEqual({ rows: [], total: 5 });
  });

  it('orders events of the same moment by id, so pages never repeat or skip one', async () => {
    const user = await factory.user();
    const same = new Date(Date.UTC(2026, 1, 1));
    await history.recordAll(
      Array.from({ length: 7 }, (_, i) => ({ ...inquiry(user.id, 1), date: same, reference: `same-${i}` })),
    );
    const seen: string[] = [];
    for (let n = 1; n <= 4; n++) seen.push(...(await history.list(user.id, page(n, 2))).rows.map((r) => r.id));
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('records an event once per (type, reference): a retry adds nothing', async () => {
    const user = await factory.user();
    await history.record(inquiry(user.id, 9));
    await history.recordAll([inquiry(user.id, 9), inquiry(user.id, 9)]);
    expect((await history.list(user.id, page(1, 10))).total).toBe(1);
  });

  it('keeps one user’s events from another’s', async () => {
    const [a, b] = [await factory.user(), await factory.user()];
    await history.record(inquiry(a.id, 3));
    expect(await history.list(b.id, page(1, 10))).toEqual({ rows: [], total: 0 });
  });

  it('adds the e-mail and KYC verifications found on the user when the history is read, once', async () => {
    const user = await factory.user({
      emailVerifiedAt: new Date(Date.UTC(2025, 5, 1)),
      kycStatus: 'approved',
      kycVerifiedAt: new Date(Date.UTC(2025, 6, 1)),
    });
    await history.list(user.id, page(1, 10));
    const { rows, total } = await history.list(user.id, page(1, 10));
    expect(total).toBe(2);
    expect(rows.map((r) => [r.event_type, r.description, r.impact])).toEqual([
      ['verification', 'Identity verified (KYC)', 'positive'],
      ['verification', 'Email address verified', 'positive'],
    ]);
  });

  it('counts hard inquiries from a date on', async () => {
    const user = await factory.user();
    await history.recordAll([inquiry(user.id, 1), inquiry(user.id, 10), inquiry(user.id, 20)]);
    expect(await history.hardInquiriesSince(user.id, new Date(Date.UTC(2026, 0, 10)))).toBe(2);
    expect(await history.hardInquiriesSince(user.id, new Date(Date.UTC(2026, 0, 21)))).toBe(0);
  });
});
