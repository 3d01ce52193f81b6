import { createClient } from '@blockscore/client';

/** Seed 000: log in, score yourself, price a loan and apply for it (a retry with the same key is safe). */
export async function blockscoreExample(baseUrl: string, email: string, password: string) {
  const login = await createClient({ baseUrl }).POST('/api/auth/login', { body: { email, password } });
  if (!login.data) throw new Error(`login: ${login.error?.message}`);
  const api = createClient({ baseUrl, token: login.data.tokens.access_token });

  const score = await api.POST('/api/credit/calculate-score', { body: { force_recalculation: false } });
  if (!score.data) throw new Error(`score: ${score.error?.message}`);

  const terms = await api.POST('/api/loans/calculate', { body: { amount: 10000, rate: 5.5, term_months: 36 } });
  if (!terms.data) throw new Error(`calculate: ${terms.error?.message}`);

  const application = await api.POST('/api/loans/apply', {
    params: { header: { 'Idempotency-Key': `first-loan-${email}` } },
    body: {
      loan_type: 'personal',
      requested_amount: 10000,
      requested_term_months: 36,
      requested_rate: 5.5,
      application_data: { purpose: 'Debt consolidation', employment_status: 'employed' },
    },
  });
  if (!application.data) throw new Error(`apply: ${application.error?.message}`);

  return {
    score: score.data.data.score,
    monthlyPayment: terms.data.data.monthly_payment,
    applicationNumber: application.data.data.application_number,
  };
}
