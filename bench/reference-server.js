// The bare reference for bench/routes.js: the least code that does the same work as the service on the
// benchmarked routes — Fastify, jose and pg, no framework, no validation layer, no rate limiting, no metrics.
// It verifies the same JWT (ES256, issuer, audience, type), checks the session row, and reads the same tables.
// Run by the bench with: PORT, DATABASE_URL, JWT_PUBLIC_KEY (PEM).
import { createPublicKey } from 'node:crypto';
import Fastify from 'fastify';
import { jwtVerify } from 'jose';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const key = createPublicKey(process.env.JWT_PUBLIC_KEY);
const app = Fastify({ logger: false });

async function authenticate(request, reply) {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  try {
    const { payload } = await jwtVerify(token ?? '', key, {
      algorithms: ['ES256'],
      issuer: 'blockscore',
      audience: 'blockscore-api',
    });
    if (payload.typ !== 'access') throw new Error('wrong type');
    const { rows } = await pool.query(
      `SELECT u.status, (s.revoked_at IS NOT NULL OR s.expires_at <= now()) AS revoked
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.user_id = $2`,
      [payload.sid, payload.sub],
    );
    if (!rows[0] || rows[0].revoked) throw new Error('revoked');
    return payload.sub;
  } catch {
    reply.code(401).send({ success: false, error: 'Unauthorized' });
    return null;
  }
}

app.get('/api/health/live', async () => ({ status: 'ok' }));

app.get('/api/profile', async (request, reply) => {
  const userId = await authenticate(request, reply);
  if (!userId) return reply;
  const [user, wallets, score] = await Promise.all([
    pool.query('SELECT * FROM users WHERE id = $1', [userId]),
    pool.query('SELECT address FROM wallets WHERE user_id = $1 ORDER BY created_at', [userId]),
    pool.query(
      'SELECT score, calculated_at FROM credit_scores WHERE user_id = $1 ORDER BY calculated_at DESC LIMIT 1',
      [userId],
    ),
  ]);
  const u = user.rows[0];
  return {
    success: true,
    data: {
      id: u.id,
      email: u.email,
      status: u.status,
      created_at: u.created_at.toISOString(),
      last_login: u.last_login_at?.toISOString() ?? null,
      profile: {
        wallet_address: wallets.rows[0]?.address ?? null,
        full_name: [u.first_name, u.last_name].filter(Boolean).join(' ') || null,
        kyc_status: u.kyc_status,
        credit_score: score.rows[0]?.score ?? null,
        last_score_update: score.rows[0]?.calculated_at.toISOString() ?? null,
        handle: u.handle,
      },
    },
  };
});

// Float annuity rounded to cents, the schedule's last row absorbing the rounding: what a quick
// implementation would do. The caller's latest score and debt on the platform feed the approval figure.
app.post('/api/loans/calculate', async (request, reply) => {
  const userId = await authenticate(request, reply);
  if (!userId) return reply;
  const { amount = 1000, rate = 5, term_months: n = 36 } = request.body ?? {};
  // The debt read is part of the service's work (affordability), so the reference does it too.
  const [score] = await Promise.all([
    pool.query(
      'SELECT score, probability_of_repayment FROM credit_scores WHERE user_id = $1 ORDER BY calculated_at DESC LIMIT 1',
      [userId],
    ),
    pool.query(
      `SELECT coalesce(sum(approved_amount), 0) AS owed FROM loans WHERE user_id = $1 AND status IN ('active','defaulted')`,
      [userId],
    ),
  ]);
  const r = rate / 1200;
  const payment = Math.round((r === 0 ? amount / n : (amount * r) / (1 - (1 + r) ** -n)) * 100) / 100;
  const schedule = [];
  let balance = amount;
  for (let month = 1; month <= n; month++) {
    const interest = Math.round(balance * r * 100) / 100;
    const principal = month === n ? balance : Math.round((payment - interest) * 100) / 100;
    balance = Math.round((balance - principal) * 100) / 100;
    schedule.push({ month, payment: principal + interest, principal, interest, balance });
  }
  const p = Number(score.rows[0]?.probability_of_repayment ?? 0.9);
  return {
    success: true,
    data: {
      loan_amount: amount,
      interest_rate: rate,
      term_months: n,
      monthly_payment: payment,
      total_payment: Math.round(payment * n * 100) / 100,
      total_interest: Math.round((payment * n - amount) * 100) / 100,
      approval_probability: Math.round(p * 85 * (1 - (0.2 * (amount - 1000)) / 49000) * 10) / 10,
      credit_score: score.rows[0]?.score ?? null,
      schedule,
    },
  };
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () =>
  app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0)),
);
