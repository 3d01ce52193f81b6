// Bulk rows for the growth bench (bench/growth.js) and the query-plan test (test/query-plans.e2e-spec.ts): users
// and everything the hot routes read about them, made in the database with generate_series, so 100k users and a
// million rows per large table take a minute and not hours of API calls. Every row satisfies the migrated schema's
// keys, foreign keys and checks; ids have the app's shapes (`cs_` + 20 hex digits, …) with an `f` first digit the
// app's random ids are unlikely to reach in these numbers.
//
// One account, the measured user (a real one the caller registered and signed in), gets a fixed amount of data of
// its own whatever the size, so a route's cost at two sizes differs by the tables around it, not by its own rows.

/** Rows per seeded user, the proportions of the issue's full size (100k users: 1M scores, 1M events, 200k loans). */
export const PER_USER = { scores: 10, events: 10, loans: 2 };
/** Instalments of each loan whose money moved (active, repaid, defaulted). */
export const INSTALMENTS_PER_LOAN = 6;

/** What the measured user owns, at every size: enough events for history page 500 at the default 20 a page. */
export const MEASURED = { events: 10_100, scores: 50, loans: 20, endorsers: 10, transactions: 5, ratings: 5 };

const uid = (n) => `md5('growth-user-' || (${n}))::uuid`;
const LOAN_TYPES = `ARRAY['personal','auto','business','mortgage']`;
// Loans rotate through every status; a user's two loans have different types, so never two open of one type.
const LOAN_STATUSES = `ARRAY['active','repaid','defaulted','rejected','cancelled','approved','submitted']`;
const EVENT_TYPES = `ARRAY['credit_inquiry','loan_application','loan_payment','loan_disbursement','late_payment']`;
const EVENT_IMPACTS = `ARRAY['neutral','neutral','positive','neutral','negative']`;
const HELD = `('active','repaid','defaulted')`;

/** A score's JSON columns when the caller has no real score to copy (the bench and the test copy one). */
const EMPTY_SCORE_JSON = { factors: [], recommendations: [], characteristics: {}, inputs: {} };

/**
 * Seeds `users` users and their rows through `query(text, params)` (a pg pool's or client's query), then the
 * measured user's own rows, then VACUUM ANALYZE. `scoreJson`: the JSON columns of a real score to copy into every seeded
 * one, so rows are as wide as the app's. `measured`: the measured user's own row counts (MEASURED by default; a
 * smaller database needs fewer, or that user's rows stop being a small share of each table). `concurrency`: how
 * many statements may run at once on the largest tables (a pool's query; not an embedded database, which runs one
 * session). Returns the seconds each step took.
 */
export async function seedGrowth(
  query,
  { users, measuredUserId, modelVersion, scoreJson = EMPTY_SCORE_JSON, measured: own = MEASURED, concurrency = 1 },
) {
  if (users < 3) throw new Error('seed at least 3 users (each endorses the next two)');
  const took = {};
  const timed = async (name, work) => {
    const started = performance.now();
    await work();
    took[name] = (took[name] ?? 0) + (performance.now() - started) / 1000;
  };
  const step = (name, text, params = []) => timed(name, () => query(text, params));
  /** `insert(from, to)` over 1..count, in `concurrency` ranges at once, timed as one step. */
  const split = (name, count, insert) => {
    const size = Math.ceil(count / concurrency);
    const ranges = Array.from({ length: concurrency }, (_, i) => [i * size + 1, Math.min(count, (i + 1) * size)]);
    return timed(name, () => Promise.all(ranges.filter(([a, b]) => a <= b).map(([a, b]) => insert(a, b))));
  };
  const json = [scoreJson.factors, scoreJson.recommendations, scoreJson.characteristics, scoreJson.inputs].map((j) =>
    JSON.stringify(j),
  );

  await step(
    'users',
    `INSERT INTO users (id, email, email_verified_at, status, is_verified, authentication_type, role, first_name,
                        last_name, country, handle, created_at, updated_at, last_login_at)
     SELECT ${uid('i')}, 'growth-' || i || '@example.com', now() - (i % 700) * interval '1 day', 'active', true,
            'email', 'user', 'Growth', 'User ' || i, 'US', '7' || lpad(i::text, 10, '0'),
            now() - (i % 700 + 1) * interval '1 day', now(), now() - (i % 30) * interval '1 day'
       FROM generate_series(1, $1::int) i`,
    [users],
  );
  await step(
    'sessions',
    `INSERT INTO sessions (id, user_id, created_at, expires_at, ip, user_agent)
     SELECT md5('growth-session-' || i)::uuid, ${uid('i')}, now() - interval '1 day', now() + interval '29 days',
            '127.0.0.1', 'growth-seed'
       FROM generate_series(1, $1::int) i`,
    [users],
  );
  await step(
    'wallets',
    `INSERT INTO wallets (user_id, address, chain_id, verified_at, created_at)
     SELECT ${uid('i')}, '0x' || md5('growth-wallet-' || i) || substr(md5('growth-wallet+' || i), 1, 8), 1,
            now() - (i % 300) * interval '1 day', now() - (i % 300) * interval '1 day'
       FROM generate_series(2, $1::int, 2) i`,
    [users],
  );

  const me = `'${measuredUserId.replace(/[^0-9a-f-]/gi, '')}'::uuid`;
  /**
   * Row j of 1..bulk + mine is the measured user's when j * mine / total steps up (exactly `mine` rows, evenly
   * spread), else the next bulk row b: the measured user's rows sit among everyone's in the heap, as a real
   * user's accumulate between other users' writes. m: the measured row's number, b: the bulk row's.
   */
  const interleaved = (table, bulk, mine, insert) => {
    const total = bulk + mine;
    const spread = `LATERAL (SELECT j::bigint * ${mine} / ${total} AS m, (j - 1)::bigint * ${mine} / ${total} AS m0) x,
              LATERAL (SELECT m <> m0 AS mine, j - m AS b) y`;
    return split(table, total, (from, to) => insert(spread, from, to));
  };
  const ownerOf = `CASE WHEN mine THEN ${me} ELSE ${uid(`(b - 1) % ${users} + 1`)} END`;

  await interleaved('credit_scores', users * PER_USER.scores, own.scores, (spread, from, to) =>
    query(
      `INSERT INTO credit_scores (id, user_id, score, rating, probability_of_repayment, model_version, wallet_address,
                                  on_chain_used, factors, recommendations, characteristics, inputs, calculated_at)
       SELECT 'cs_f' || lpad(to_hex(j), 19, '0'), ${ownerOf}, 300 + (j * 37) % 551, 'Good', 0.9000, $3, NULL, false,
              $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, now() - (j % 400 + 2) * interval '1 day'
         FROM generate_series($1::int, $2::int) j, ${spread}`,
      [from, to, modelVersion, ...json],
    ),
  );
  await interleaved('credit_events', users * PER_USER.events, own.events, (spread, from, to) =>
    query(
      `INSERT INTO credit_events (id, user_id, event_type, event_date, amount, impact, description, reference,
                                  created_at)
       SELECT 'ch_f' || lpad(to_hex(j), 19, '0'), ${ownerOf}, (${EVENT_TYPES})[j % 5 + 1], at,
              CASE WHEN j % 5 >= 2 THEN (100 + j % 900)::numeric(14, 2) END, (${EVENT_IMPACTS})[j % 5 + 1],
              'Seeded event ' || j, 'growth-' || j, at
         FROM generate_series($1::int, $2::int) j, ${spread},
              LATERAL (SELECT now() - (j % 20000) * interval '37 minutes' AS at) d`,
      [from, to],
    ),
  );
  // A bulk user's two loans are in different rounds of b, so of different types: never two open of one type; the
  // measured user's types and statuses turn with m, which gives its open ones different types too.
  await interleaved('loans', users * PER_USER.loans, own.loans, (spread, from, to) =>
    query(
      `INSERT INTO loans (id, application_number, user_id, status, loan_type, requested_amount, requested_term_months,
                          requested_rate, application_data, credit_score_at_application, approval_probability,
                          approval_assessment, request_hash, approved_amount, approved_rate, approved_term_months,
                          monthly_payment, decision_reason, decided_at, disbursed_at, closed_at, submitted_at, updated_at)
       SELECT 'la_f' || lpad(to_hex(j), 19, '0'), 'LA-2025-G' || lpad(j::text, 7, '0'), ${ownerOf}, st, ty,
              amount, ${INSTALMENTS_PER_LOAN}, 5.5, '{"purpose": "Seeded", "employment_status": "employed"}', 650, 75.0,
              '{"factors": []}', md5('growth-loan-' || j),
              CASE WHEN decided THEN amount END, CASE WHEN decided THEN 5.5 END,
              CASE WHEN decided THEN ${INSTALMENTS_PER_LOAN} END,
              CASE WHEN decided THEN round(amount / ${INSTALMENTS_PER_LOAN} * 1.03, 2) END,
              CASE WHEN st = 'rejected' THEN 'Seeded decision' END,
              CASE WHEN st <> 'submitted' THEN at + interval '1 day' END,
              CASE WHEN st IN ${HELD} THEN at + interval '2 days' END,
              CASE WHEN st IN ('repaid', 'defaulted', 'cancelled') THEN at + interval '200 days' END, at, at
         FROM generate_series($1::int, $2::int) j, ${spread},
              LATERAL (SELECT (${LOAN_STATUSES})[(CASE WHEN mine THEN m ELSE b END) % 7 + 1] AS st,
                              (${LOAN_TYPES})[CASE WHEN mine THEN m % 4 ELSE ((b - 1) / ${users}) % 4 END + 1] AS ty,
                              (1000 + (j % 50) * 500)::numeric(14, 2) AS amount,
                              now() - (j % 700 + 10) * interval '1 day' AS at) l,
              LATERAL (SELECT st IN ('approved', 'active', 'repaid', 'defaulted') AS decided) d`,
      [from, to],
    ),
  );

  await step(
    'endorsements',
    `INSERT INTO endorsements (endorser_id, endorsee_id, review, created_at)
     SELECT ${uid('i')}, ${uid(`(i + o - 1) % ${users} + 1`)}, CASE WHEN i % 3 = 0 THEN 'Reliable' END,
            now() - (i % 200) * interval '1 day'
       FROM generate_series(1, $1::int) i, generate_series(1, 2) o`,
    [users],
  );
  const [{ id: partnerId }] = await rows(
    query,
    `INSERT INTO partner_clients (name, contact, client_id_hash, client_id_hint)
     VALUES ('Growth seed partner', 'seed@example.com', md5(gen_random_uuid()::text) || md5(gen_random_uuid()::text),
             'credo_seed…')
     RETURNING id`,
  );
  const transactions = (userOf, from, to) =>
    step(
      'reputation',
      `INSERT INTO reputation_transactions (partner_id, user_id, external_id, counterparty_id, amount, currency, status,
                                            occurred_at)
       SELECT $3, ${userOf}, 'growth-t-' || i, 'cp-' || (i % 97), (10 + i % 500)::numeric(20, 2), 'USD',
              CASE WHEN i % 10 = 0 THEN 'disputed' ELSE 'completed' END, now() - (i % 300) * interval '1 day'
         FROM generate_series($1::int, $2::int) i`,
      [from, to, partnerId],
    );
  const ratings = (userOf, from, to) =>
    step(
      'reputation',
      `INSERT INTO reputation_ratings (partner_id, user_id, external_id, score, review, rater_id, rated_at)
       SELECT $3, ${userOf}, 'growth-r-' || i, 1 + i % 5, CASE WHEN i % 2 = 0 THEN 'Fine' END, 'rater-' || (i % 89),
              now() - (i % 300) * interval '1 day'
         FROM generate_series($1::int, $2::int) i`,
      [from, to, partnerId],
    );
  await transactions(uid('i'), 1, users);
  await ratings(uid('i'), 1, users);

  // The measured user's endorsers and partner submissions, numbered after the bulk ones.
  await step(
    'endorsements',
    `INSERT INTO endorsements (endorser_id, endorsee_id, review, created_at)
     SELECT ${uid('i')}, ${me}, 'Known them for years', now() - i * interval '3 days' FROM generate_series(1, $1::int) i`,
    [Math.min(own.endorsers, users)],
  );
  await transactions(me, users + 1, users + own.transactions);
  await ratings(me, users + 1, users + own.ratings);

  // Instalments and a payment for every seeded loan whose money moved.
  await step(
    'loan_installments',
    `INSERT INTO loan_installments (loan_id, number, due_date, amount_due, principal, interest, amount_paid, paid_at)
     SELECT l.id, n, (l.disbursed_at AT TIME ZONE 'UTC')::date + n * 30, l.monthly_payment,
            round(l.approved_amount / ${INSTALMENTS_PER_LOAN}, 2),
            l.monthly_payment - round(l.approved_amount / ${INSTALMENTS_PER_LOAN}, 2),
            CASE WHEN paid THEN l.monthly_payment ELSE 0 END,
            CASE WHEN paid THEN l.disbursed_at + (n * 30 - (n % 2)) * interval '1 day' END
       FROM loans l, generate_series(1, ${INSTALMENTS_PER_LOAN}) n,
            LATERAL (SELECT l.status = 'repaid' OR (l.status = 'active' AND n <= 3) OR n = 1 AS paid) p
      WHERE l.id LIKE 'la\\_f%' AND l.status IN ${HELD}
      -- A loan's instalments are written together, at disbursement: side by side in the heap.
      ORDER BY l.id, n`,
  );
  await step(
    'loan_payments',
    `INSERT INTO loan_payments (id, loan_id, amount, paid_at, timeliness)
     SELECT 'lp_' || substr(l.id, 4), l.id, l.monthly_payment, l.disbursed_at + interval '30 days', 'on_time'
       FROM loans l WHERE l.id LIKE 'la\\_f%' AND l.status IN ${HELD}`,
  );
  // VACUUM as well: autovacuum would soon visit tables that just grew this much, and its visibility map changes
  // what an index-only scan costs; a run measures the settled state, not that visit mid-round.
  await step('vacuum analyze', 'VACUUM ANALYZE');
  return took;
}

async function rows(query, text, params = []) {
  const result = await query(text, params);
  return result.rows;
}

/** The tables the seed fills: the ones that grow with the user base. */
export const GROWN_TABLES = [
  'users',
  'sessions',
  'wallets',
  'credit_scores',
  'credit_events',
  'loans',
  'loan_installments',
  'loan_payments',
  'endorsements',
  'reputation_transactions',
  'reputation_ratings',
];

/** Row counts of the tables the seed fills, for the caller to print. */
export async function tableSizes(query) {
  const counts = await rows(
    query,
    GROWN_TABLES.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM ${t}`).join(' UNION ALL '),
  );
  return Object.fromEntries(counts.map((r) => [r.t, r.n]));
}
