// The bare references for bench/routes.js: the least code that does the service's work on the benchmarked
// routes — Fastify, jose and pg, no framework, no validation layer, no rate limiting, no metrics. Both verify the
// same JWT (ES256, issuer, audience, type) and refuse a session that is revoked or expired.
// - REFERENCE_MODE=copy (default): the service's own queries, a session check and then the reads (four statements
//   for a profile, three for a quote).
// - REFERENCE_MODE=floor: one statement per request (issue 13's floor): the live session joined to what the
//   answer needs, as a named prepared statement. Over the same normalized schema, the least work a correct answer
//   takes.
// Both also answer POST /api/auth/login the least way (bench/login.js): argon2id verify with our parameters, one
// statement writing the session, its refresh token and the last login, and the two tokens signed as ours are.
// Run by the bench with: PORT, DATABASE_URL, JWT_PUBLIC_KEY (PEM), REFERENCE_MODE; for logins JWT_PRIVATE_KEY (PEM)
// and JWT_REFRESH_SECRET.
import { createHash, createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import Fastify from 'fastify';
import { jwtVerify, SignJWT } from 'jose';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const key = createPublicKey(process.env.JWT_PUBLIC_KEY);
const app = Fastify({ logger: false });

/** The copy's session check: the service's own statement, after the token. */
async function authenticate(request, reply) {
  const payload = await claims(request, reply);
  if (!payload) return null;
  const { rows } = await pool.query(
    `SELECT u.status, (s.revoked_at IS NOT NULL OR s.expires_at <= now()) AS revoked
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.user_id = $2`,
    [payload.sid, payload.sub],
  );
  if (!rows[0] || rows[0].revoked) {
    reply.code(401).send({ success: false, error: 'Unauthorized' });
    return null;
  }
  return payload.sub;
}

app.get('/api/health/live', async () => ({ status: 'ok' }));

const floor = process.env.REFERENCE_MODE === 'floor';

/** The verified token's claims, or null after answering 401. The floor checks the session in its one statement. */
async function claims(request, reply) {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  try {
    const { payload } = await jwtVerify(token ?? '', key, {
      algorithms: ['ES256'],
      issuer: 'blockscore',
      audience: 'blockscore-api',
    });
    if (payload.typ !== 'access') throw new Error('wrong type');
    return payload;
  } catch {
    reply.code(401).send({ success: false, error: 'Unauthorized' });
    return null;
  }
}

const LIVE_SESSION = `s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()`;
const profileStatement = {
  name: 'floor-profile',
  text: `SELECT u.id, u.email, u.status, u.created_at, u.last_login_at, u.first_name, u.last_name, u.kyc_status,
                u.handle, w.address AS wallet_address, cs.score, cs.calculated_at
           FROM sessions s
           JOIN users u ON u.id = s.user_id
           LEFT JOIN LATERAL (SELECT address FROM wallets WHERE user_id = u.id ORDER BY created_at LIMIT 1) w ON true
           LEFT JOIN LATERAL (SELECT score, calculated_at FROM credit_scores WHERE user_id = u.id
                               ORDER BY calculated_at DESC LIMIT 1) cs ON true
          WHERE ${LIVE_SESSION}`,
};
const quoteStatement = {
  name: 'floor-quote',
  text: `SELECT cs.score, cs.probability_of_repayment,
                (SELECT coalesce(sum(approved_amount), 0) FROM loans
                  WHERE user_id = s.user_id AND status IN ('active', 'defaulted')) AS owed
           FROM sessions s
           LEFT JOIN LATERAL (SELECT score, probability_of_repayment FROM credit_scores WHERE user_id = s.user_id
                               ORDER BY calculated_at DESC LIMIT 1) cs ON true
          WHERE ${LIVE_SESSION}`,
};

/** Profile and quote inputs in one round trip each: null (after a 401) when the session is not live. */
async function floorRead(statement, request, reply) {
  const payload = await claims(request, reply);
  if (!payload) return null;
  const { rows } = await pool.query({ ...statement, values: [payload.sid, payload.sub] });
  if (!rows[0]) {
    reply.code(401).send({ success: false, error: 'Unauthorized' });
    return null;
  }
  return rows[0];
}

async function profileInputs(request, reply) {
  if (floor) {
    const row = await floorRead(profileStatement, request, reply);
    return row && { u: row, wallet: row.wallet_address, score: row.score === null ? undefined : row };
  }
  const userId = await authenticate(request, reply);
  if (!userId) return null;
  const [user, wallets, score] = await Promise.all([
    pool.query('SELECT * FROM users WHERE id = $1', [userId]),
    pool.query('SELECT address FROM wallets WHERE user_id = $1 ORDER BY created_at', [userId]),
    pool.query(
      'SELECT score, calculated_at FROM credit_scores WHERE user_id = $1 ORDER BY calculated_at DESC LIMIT 1',
      [userId],
    ),
  ]);
  return { u: user.rows[0], wallet: wallets.rows[0]?.address, score: score.rows[0] };
}

async function quoteInputs(request, reply) {
  if (floor) return floorRead(quoteStatement, request, reply);
  const userId = await authenticate(request, reply);
  if (!userId) return null;
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
  return score.rows[0] ?? {};
}

app.get('/api/profile', async (request, reply) => {
  const inputs = await profileInputs(request, reply);
  if (!inputs) return reply;
  const { u, wallet, score } = inputs;
  return {
    success: true,
    data: {
      id: u.id,
      email: u.email,
      status: u.status,
      created_at: u.created_at.toISOString(),
      last_login: u.last_login_at?.toISOString() ?? null,
      profile: {
        wallet_address: wallet ?? null,
        full_name: [u.first_name, u.last_name].filter(Boolean).join(' ') || null,
        kyc_status: u.kyc_status,
        credit_score: score?.score ?? null,
        last_score_update: score?.calculated_at.toISOString() ?? null,
        handle: u.handle,
      },
    },
  };
});

// Float annuity rounded to cents, the schedule's last row absorbing the rounding: what a quick
// implementation would do. The caller's latest score and debt on the platform feed the approval figure.
app.post('/api/loans/calculate', async (request, reply) => {
  const score = await quoteInputs(request, reply);
  if (!score) return reply;
  const { amount = 1000, rate = 5, term_months: n = 36 } = request.body ?? {};
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
  const p = Number(score.probability_of_repayment ?? 0.9);
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
      credit_score: score.score ?? null,
      schedule,
    },
  };
});

const signingKey = process.env.JWT_PRIVATE_KEY ? createPrivateKey(process.env.JWT_PRIVATE_KEY) : null;
const refreshSecret = new TextEncoder().encode(process.env.JWT_REFRESH_SECRET ?? '');
const ACCESS_TTL = 900;
const REFRESH_TTL = 7 * 24 * 3600;
const sign = (typ, sub, sid, jti, ttl, key, alg) =>
  new SignJWT({ sid, typ })
    .setProtectedHeader({ alg })
    .setSubject(sub)
    .setJti(jti)
    .setIssuer('blockscore')
    .setAudience('blockscore-api')
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(key);
const startSession = {
  name: 'reference-login',
  text: `WITH s AS (INSERT INTO sessions (id, user_id, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5)),
              r AS (INSERT INTO refresh_tokens (jti, session_id, token_hash, expires_at) VALUES ($6, $1, $7, $3))
         UPDATE users SET last_login_at = now() WHERE id = $2 RETURNING last_login_at`,
};
// Seed 000's login. No lockout bookkeeping, which the service does on every attempt: the reference is the floor.
app.post('/api/auth/login', async (request, reply) => {
  const { email, password } = request.body ?? {};
  const { rows } = await pool.query({
    name: 'reference-user',
    text: 'SELECT id, email, status, password_hash FROM users WHERE email = $1',
    values: [String(email).toLowerCase()],
  });
  const user = rows[0];
  if (!user?.password_hash || !(await argon2.verify(user.password_hash, String(password)))) {
    return reply.code(401).send({ success: false, error: 'Unauthorized' });
  }
  if (user.status !== 'active') return reply.code(403).send({ success: false, error: 'Forbidden' });
  const [sid, jti] = [randomUUID(), randomUUID()];
  const [access, refresh] = await Promise.all([
    sign('access', user.id, sid, randomUUID(), ACCESS_TTL, signingKey, 'ES256'),
    sign('refresh', user.id, sid, jti, REFRESH_TTL, refreshSecret, 'HS256'),
  ]);
  const expires = new Date(Date.now() + REFRESH_TTL * 1000);
  const hash = createHash('sha256').update(refresh).digest('hex');
  const session = await pool.query({
    ...startSession,
    values: [sid, user.id, expires, request.ip, request.headers['user-agent'] ?? null, jti, hash],
  });
  return {
    success: true,
    message: 'Login successful',
    user: { id: user.id, email: user.email, status: user.status, last_login: session.rows[0].last_login_at },
    tokens: { access_token: access, refresh_token: refresh },
  };
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () =>
  app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0)),
);
