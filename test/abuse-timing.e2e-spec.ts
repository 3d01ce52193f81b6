import { startTestApp, stopWithMail, unique, type TestApp } from './support/app.js';
import { PASSWORD } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';
import { outboxSettled } from './support/outbox.js';

/**
 * Issue 10, finding 5's timing half (the outage half and the other findings are in abuse-accounts.e2e-spec.ts):
 * known and unknown identifiers answered alike in time. It compares medians a few milliseconds apart, so `.ci/run`
 * runs it alone; beside another suite on two cores it would measure the neighbour. The mail server takes 250 ms
 * per message, as the issue's timing attack assumed.
 */
describe('abuse of the account flows (issue 10)', () => {
  let app: TestApp;
  const mail = new MailCapture({ delayMs: 250 });

  beforeAll(async () => {
    await mail.start();
    app = await startTestApp({ SMTP_URL: mail.url, RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => stopWithMail(app, mail));

  const post = (path: string, json: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', json, headers });
  const email = (prefix: string) => `${unique(prefix)}@example.com`;

  describe('finding 5: account enumeration by time', () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

    it('answers known and unknown identifiers alike, with medians under 10 ms apart', async () => {
      const known: string[] = [];
      for (let i = 0; i < 12; i++) {
        const address = email('known');
        expect((await post('/v1/auth/signup/', { identifier: address, password: PASSWORD })).status).toBe(200);
        known.push(address);
      }
      await outboxSettled(app, known);
      for (const path of ['/v1/auth/login/passwordless/', '/v1/auth/password/reset/']) {
        const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
        const answers = new Set<string>();
        for (let i = 0; i < known.length; i++) {
          // Alternate which goes first, so drift on a shared machine hits both alike.
          const pair: Array<['known' | 'unknown', string]> = [
            ['known', known[i]],
            ['unknown', email('ghost')],
          ];
          if (i % 2) pair.reverse();
          for (const [kind, identifier] of pair) {
            const started = performance.now();
            const res = await post(path, { identifier });
            times[kind].push(performance.now() - started);
            answers.add(`${res.status} ${res.text}`);
          }
        }
        expect(answers.size).toBe(1);
        const medians = { path, known: median(times.known), unknown: median(times.unknown) };
        const gap = Math.abs(medians.known - medians.unknown);
        process.stderr.write(
          `TIMING ${JSON.stringify({ ...medians, gap, k: times.known.map(Math.round), u: times.unknown.map(Math.round) })}\n`,
        );
        expect({ ...medians, gap, under10ms: gap < 10 }).toMatchObject({ under10ms: true });
      }
      // The known ones did get their messages, after the replies.
      await outboxSettled(app, known);
      for (const address of known) expect(mail.count(address)).toBe(3);
    });
  });
});
