import { Writable } from 'node:stream';
import { startTestApp, unique, type TestApp } from './support/app.js';
import { bearer, PASSWORD, registerVerified } from './support/auth-helpers.js';
import { MailCapture, SmsCapture } from './support/mail-capture.js';
import { outboxSettled } from './support/outbox.js';
import { until } from './support/wait.js';

/** A fresh E.164 US number (555-01xx is reserved for fiction, so use a valid-looking 415 range). */
function phone(): string {
  return `+1415555${String(Math.floor(1000 + Math.random() * 8999))}`;
}

describe('codes, links, passwordless, reset and lockout', () => {
  let app: TestApp;
  const mail = new MailCapture();
  const sms = new SmsCapture();
  const logLines: string[] = [];

  beforeAll(async () => {
    await mail.start();
    await sms.start();
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    app = await startTestApp(
      {
        SMTP_URL: mail.url,
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: sms.url,
        RATE_LIMIT_ENABLED: 'false',
        AUTH_LOCKOUT_SECONDS: '2',
        OTP_RESEND_SECONDS: '60',
        OTP_HOURLY_LIMIT: '50',
        LOG_LEVEL: 'info',
      },
      { logStream },
    );
  });
  afterAll(async () => {
    await app.stop();
    await mail.stop();
    await sms.stop();
  });

  const post = (path: string, json: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', json, headers });

  it('signs up by e-mail with an OTP and verifies it (seed 003)', async () => {
    const email = `${unique('su')}@example.com`;
    const res = await post('/v1/auth/signup/', {
      identifier: email,
      password: 'MySecretPassword123',
      method: 'email',
      verification_type: 'otp',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'otp sent via email.' });
    const code = await mail.code(email);
    expect((await post('/v1/auth/signup/confirm/', { identifier: email, code })).body).toEqual({
      message: 'Email verified successfully.',
    });
    const login = await post('/v1/auth/login/basic/', { identifier: email, password: 'MySecretPassword123' });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({
      access: expect.any(String),
      refresh: expect.any(String),
      user: { id: expect.any(String), email, is_verified: true },
    });
  });

  it('signs up by phone with an SMS code, normalising the number to E.164', async () => {
    const number = phone();
    const res = await post('/v1/auth/signup/', {
      identifier: number.replace('+1415', '+1 (415) '),
      password: 'MySecretPassword123',
      method: 'sms',
    });
    expect(res.body).toEqual({ message: 'otp sent via sms.' });
    const code = await sms.code(number);
    expect((await sms.latest(number)).body).toMatch(/^Your BlockScore verification code is \d{6}\./);
    const ok = await post('/v1/auth/signup/confirm/', { identifier: number, code });
    expect(ok.body).toEqual({ message: 'Phone number verified successfully.' });
    expect((await post('/v1/auth/login/basic/', { identifier: number, password: 'MySecretPassword123' })).status).toBe(
      200,
    );
  });

  it('verifies by link: the page (GET) spends nothing, its POST to /api/v1/auth/verify/ confirms', async () => {
    const email = `${unique('link')}@example.com`;
    await post('/v1/auth/signup/', { identifier: email, password: 'MySecretPassword123', verification_type: 'link' });
    const token = await mail.linkToken(email);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits
    const page = await app.request(`/v1/auth/verify/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('Confirm your address');
    const res = await post('/v1/auth/verify/', { token });
    expect(res.body).toEqual({ message: 'Email verified successfully.' });
    const again = await post('/v1/auth/verify/', { token });
    expect(again.status).toBe(400);
  });

  it('refuses a method that does not match the identifier and a bad identifier', async () => {
    const mismatch = await post('/v1/auth/signup/', {
      identifier: `${unique('m')}@example.com`,
      password: 'MySecretPassword123',
      method: 'sms',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.details[0].field).toBe('method');
    const bad = await post('/v1/auth/signup/', { identifier: 'nobody', password: 'MySecretPassword123' });
    expect(bad.status).toBe(400);
    const enumBad = await post('/v1/auth/signup/', {
      identifier: 'a@example.com',
      password: 'MySecretPassword123',
      verification_type: 'carrier-pigeon',
    });
    expect(enumBad.status).toBe(400);
  });

  it('lets exactly one of 20 parallel confirms of one code win', async () => {
    const email = `${unique('race')}@example.com`;
    await post('/v1/auth/signup/', { identifier: email, password: 'MySecretPassword123' });
    const code = await mail.code(email);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post('/v1/auth/signup/confirm/', { identifier: email, code })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(19);
  });

  it('stops a code after 5 wrong attempts and says how many are left', async () => {
    const email = `${unique('att')}@example.com`;
    await post('/v1/auth/signup/', { identifier: email, password: 'MySecretPassword123' });
    const code = await mail.code(email);
    const wrong = code === '000000' ? '111111' : '000000';
    const messages: string[] = [];
    for (let i = 0; i < 5; i++)
      messages.push((await post('/v1/auth/signup/confirm/', { identifier: email, code: wrong })).body.message);
    expect(messages[0]).toBe('Invalid or expired code. 4 attempts left.');
    expect(messages[3]).toBe('Invalid or expired code. 1 attempt left.');
    const right = await post('/v1/auth/signup/confirm/', { identifier: email, code });
    expect(right.status).toBe(400);
  });

  it('answers resend within the cooldown with 429 and the seconds left, alike for unknown identifiers', async () => {
    const email = `${unique('cool')}@example.com`;
    await post('/v1/auth/signup/', { identifier: email, password: 'MySecretPassword123' });
    const known = await post('/v1/auth/signup/otp/resend/', { identifier: email });
    expect(known.status).toBe(429);
    expect(known.body.message).toMatch(/wait \d+ seconds/);
    expect(Number(known.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(known.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    const ghost = `${unique('ghost')}@example.com`;
    const first = await post('/v1/auth/signup/otp/resend/', { identifier: ghost });
    expect(first.body).toEqual({ message: 'otp sent via email.' });
    const second = await post('/v1/auth/signup/otp/resend/', { identifier: ghost });
    expect(second.status).toBe(429);
    await outboxSettled(app, [ghost]);
    expect(mail.count(ghost)).toBe(0);
  });

  it('signs in without a password by e-mail code and by SMS', async () => {
    const account = await registerVerified(app, mail);
    const start = await post('/v1/auth/login/passwordless/', {
      identifier: account.email,
      method: 'email',
      verification_type: 'otp',
    });
    expect(start.body).toEqual({ message: 'otp sent via email.' });
    const code = await mail.code(account.email, 1);
    const done = await post('/v1/auth/login/passwordless/confirm/', { identifier: account.email, code });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      access: expect.any(String),
      refresh: expect.any(String),
      user: { id: account.id, is_verified: true },
    });

    const number = phone();
    await post('/v1/auth/signup/', { identifier: number, password: 'MySecretPassword123' });
    await post('/v1/auth/signup/confirm/', { identifier: number, code: await sms.code(number) });
    // A different purpose has its own cooldown.
    expect((await post('/v1/auth/login/passwordless/', { identifier: number, method: 'sms' })).body).toEqual({
      message: 'otp sent via sms.',
    });
    const smsCode = await sms.code(number, 1);
    expect((await post('/v1/auth/login/passwordless/confirm/', { identifier: number, code: smsCode })).status).toBe(
      200,
    );
  });

  it('signs in by a passwordless link', async () => {
    const account = await registerVerified(app, mail);
    await post('/v1/auth/login/passwordless/', { identifier: account.email, verification_type: 'link' });
    const token = await mail.linkToken(account.email, 1);
    const res = await post('/v1/auth/verify/', { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ access: expect.any(String), user: { id: account.id } });
  });

  it('answers passwordless and reset alike for unknown identifiers, sending nothing', async () => {
    const ghost = `${unique('nobody')}@example.com`;
    const pw = await post('/v1/auth/login/passwordless/', { identifier: ghost });
    const reset = await post('/v1/auth/password/reset/', { identifier: ghost });
    expect(pw.body).toEqual({ message: 'otp sent via email.' });
    expect(reset.body).toEqual({ message: 'Password reset OTP sent via email.' });
    await outboxSettled(app, [ghost]);
    expect(mail.count(ghost)).toBe(0);
    const confirm = await post('/v1/auth/login/passwordless/confirm/', { identifier: ghost, code: '123456' });
    expect(confirm.status).toBe(400);
  });

  it('resets a password with the e-mailed code and ends every session', async () => {
    const account = await registerVerified(app, mail);
    const before = await post('/auth/login', { email: account.email, password: PASSWORD });
    const reset = await post('/v1/auth/password/reset/', {
      identifier: account.email,
      method: 'email',
      verification_type: 'otp',
    });
    expect(reset.body).toEqual({ message: 'Password reset OTP sent via email.' });
    const code = await mail.code(account.email, 1);
    const weak = await post('/v1/auth/password/reset/confirm/', {
      identifier: account.email,
      code,
      new_password: 'password',
      confirm_password: 'password',
    });
    expect(weak.status).toBe(400);
    const ok = await post('/v1/auth/password/reset/confirm/', {
      identifier: account.email,
      code,
      new_password: 'NewSecurePassword123',
      confirm_password: 'NewSecurePassword123',
    });
    expect(ok.body).toEqual({ message: 'Password reset successful.' });
    expect((await app.request('/profile', { headers: bearer(before.body.tokens.access_token) })).status).toBe(401);
    expect((await post('/auth/login', { email: account.email, password: 'NewSecurePassword123' })).status).toBe(200);
  });

  it('locks after 5 consecutive failures with 423 and Retry-After, for unknown identifiers too, and unlocks', async () => {
    const account = await registerVerified(app, mail);
    const attempt = (email: string, password: string) => post('/auth/login', { email, password });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(account.email, 'Wrong-pass-1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const locked = await attempt(account.email, PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.body.error).toBe('Locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);

    const ghost = `${unique('lockghost')}@example.com`;
    const ghostStatuses: number[] = [];
    for (let i = 0; i < 6; i++) ghostStatuses.push((await attempt(ghost, 'Wrong-pass-1')).status);
    expect(ghostStatuses).toEqual([401, 401, 401, 401, 423, 423]);

    await new Promise((r) => setTimeout(r, 2200));
    expect((await attempt(account.email, PASSWORD)).status).toBe(200);
  });

  it('writes no password, hash, code or token to any log line', async () => {
    const account = await registerVerified(app, mail);
    const tokens = await post('/auth/login', { email: account.email, password: PASSWORD });
    await app.request('/profile', { headers: bearer(tokens.body.tokens.access_token) });
    await post('/v1/auth/login/passwordless/', { identifier: account.email });
    const code = await mail.code(account.email, 1);
    await post('/v1/auth/login/passwordless/confirm/', { identifier: account.email, code });
    await app.request(`/v1/auth/verify/?token=${'x'.repeat(43)}`);
    expect(logLines.length).toBeGreaterThan(5);
    const all = logLines.join('\n');
    for (const secret of [
      PASSWORD,
      'MySecretPassword123',
      code,
      tokens.body.tokens.access_token,
      tokens.body.tokens.refresh_token,
      'x'.repeat(43),
      '$argon2id$',
    ]) {
      expect(all.includes(secret)).toBe(false);
    }
    expect(all).toContain('"request_id"');
  });
});

describe('Twilio SMS at its HTTP boundary', () => {
  it("posts the code to Twilio's Messages API with basic auth", async () => {
    const { createServer } = await import('node:http');
    const received: Array<{ url: string; auth: string; body: string }> = [];
    const twilio = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ url: req.url ?? '', auth: req.headers.authorization ?? '', body });
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"sid":"SM1"}');
      });
    });
    await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', r));
    const port = (twilio.address() as { port: number }).port;
    const app = await startTestApp({
      RATE_LIMIT_ENABLED: 'false',
      SMS_PROVIDER: 'twilio',
      TWILIO_API_URL: `http://127.0.0.1:${port}`,
      TWILIO_ACCOUNT_SID: 'AC123',
      TWILIO_AUTH_TOKEN: 'secret-token',
      TWILIO_FROM: '+15005550006',
    });
    try {
      const number = phone();
      const res = await app.request('/v1/auth/signup/', {
        method: 'POST',
        json: { identifier: number, password: 'MySecretPassword123' },
      });
      expect(res.body).toEqual({ message: 'otp sent via sms.' });
      await until(() => received.length > 0, 'the Twilio request');
      expect(received).toHaveLength(1);
      expect(received[0].url).toBe('/2010-04-01/Accounts/AC123/Messages.json');
      expect(received[0].auth).toBe(`Basic ${Buffer.from('AC123:secret-token').toString('base64')}`);
      const form = new URLSearchParams(received[0].body);
      expect(form.get('To')).toBe(number);
      expect(form.get('From')).toBe('+15005550006');
      expect(form.get('Body')).toMatch(/BlockScore verification code is \d{6}/);
    } finally {
      await app.stop();
      twilio.closeAllConnections();
      await new Promise<void>((r) => twilio.close(() => r()));
    }
  });
});
