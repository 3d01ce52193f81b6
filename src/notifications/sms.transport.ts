import type { Logger } from 'pino';

export interface SmsTransport {
  send(to: string, body: string): Promise<void>;
}

async function post(url: string, init: RequestInit, what: string): Promise<void> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${what} answered ${res.status}`);
}

/** Twilio's Messages API (form-encoded, basic auth). */
export class TwilioSmsTransport implements SmsTransport {
  constructor(
    private readonly apiUrl: string,
    private readonly accountSid: string,
    private readonly authToken: string,
    private readonly from: string,
  ) {}

  send(to: string, body: string): Promise<void> {
    return post(
      `${this.apiUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(this.accountSid)}/Messages.json`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ To: to, From: this.from, Body: body }).toString(),
      },
      'Twilio',
    );
  }
}

/** POSTs `{to, body}` as JSON to SMS_WEBHOOK_URL (an SMS gateway of your own). */
export class WebhookSmsTransport implements SmsTransport {
  constructor(private readonly url: string) {}

  send(to: string, body: string): Promise<void> {
    return post(
      this.url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to, body }) },
      'SMS webhook',
    );
  }
}

export class ConsoleSmsTransport implements SmsTransport {
  constructor(private readonly logger: Logger) {}

  send(to: string, body: string): Promise<void> {
    this.logger.info({ channel: 'sms' }, 'message printed to the console (SMS_PROVIDER=console)');
    process.stdout.write(`\n--- SMS to ${to} ---\n${body}\n---\n`);
    return Promise.resolve();
  }
}
