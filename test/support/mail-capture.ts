import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMessage {
  to: string;
  raw: string;
  text: string;
}

function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const found = find();
      if (found !== undefined) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error(`no ${what} arrived within ${timeoutMs} ms`));
      setTimeout(tick, 25);
    };
    tick();
  });
}

/** A real SMTP server in the test process that keeps every message it receives. */
export class MailCapture {
  readonly messages: CapturedMessage[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  /** `delayMs`: how long the server takes to accept each message, like a real relay under load. */
  constructor(private readonly options: { delayMs?: number } = {}) {}

  /** Listens on `port` (a restart after `stop()` passes the old one), by default a free one. */
  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          const body = raw
            .split(/\r?\n\r?\n/)
            .slice(1)
            .join('\n\n');
          // Undo quoted-printable soft breaks so codes and links read whole.
          const text = body.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
          const accept = () => {
            for (const rcpt of session.envelope.rcptTo)
              this.messages.push({ to: rcpt.address.toLowerCase(), raw, text });
            callback();
          };
          if (this.options.delayMs) setTimeout(accept, this.options.delayMs);
          else accept();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The newest message to an address, waiting for it when it is still on its way. */
  latest(to: string, after = 0, timeoutMs = 5000): Promise<CapturedMessage> {
    return waitFor(
      () =>
        this.messages
          .filter((m) => m.to === to.toLowerCase())
          .slice(after)
          .at(-1),
      `e-mail to ${to}`,
      timeoutMs,
    );
  }

  count(to: string): number {
    return this.messages.filter((m) => m.to === to.toLowerCase()).length;
  }

  async code(to: string, after = 0, timeoutMs = 5000): Promise<string> {
    const m = await this.latest(to, after, timeoutMs);
    const match = /\b(\d{6})\b/.exec(m.text);
    if (!match) throw new Error(`no code in the e-mail to ${to}`);
    return match[1];
  }

  async linkToken(to: string, after = 0): Promise<string> {
    const m = await this.latest(to, after);
    const match = /verify\/\?token=([A-Za-z0-9_-]+)/.exec(m.text);
    if (!match) throw new Error(`no link in the e-mail to ${to}`);
    return match[1];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

/** The SMS webhook target (SMS_PROVIDER=webhook): keeps every `{to, body}` it receives. */
export class SmsCapture {
  readonly messages: Array<{ to: string; body: string }> = [];
  private server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      try {
        this.messages.push(JSON.parse(raw) as { to: string; body: string });
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/sms`;
  }

  latest(to: string, after = 0): Promise<{ to: string; body: string }> {
    return waitFor(
      () =>
        this.messages
          .filter((m) => m.to === to)
          .slice(after)
          .at(-1),
      `SMS to ${to}`,
    );
  }

  count(to: string): number {
    return this.messages.filter((m) => m.to === to).length;
  }

  async code(to: string, after = 0): Promise<string> {
    const m = await this.latest(to, after);
    const match = /\b(\d{6})\b/.exec(m.body);
    if (!match) throw new Error(`no code in the SMS to ${to}`);
    return match[1];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
