import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    // Parsed by hand so the timeouts can be set: a dead mail server must not hold a request for minutes.
    const u = new URL(url);
    const secure = u.protocol === 'smtps:';
    this.transporter = nodemailer.createTransport({
      host: u.hostname,
      port: Number(u.port || (secure ? 465 : 587)),
      secure,
      auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10000,
      ignoreTLS: u.searchParams.get('ignoreTLS') === 'true',
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.transporter.close();
  }
}

/**
 * Development default: prints the message so a developer can read the code. It writes to stdout on purpose,
 * not through the logger, so structured logs never carry a code.
 */
export class ConsoleMailTransport implements MailTransport {
  constructor(private readonly logger: Logger) {}

  send(mail: OutgoingMail): Promise<void> {
    this.logger.info({ channel: 'email' }, 'message printed to the console (no SMTP_URL set)');
    process.stdout.write(`\n--- e-mail to ${mail.to} ---\nSubject: ${mail.subject}\n\n${mail.text}\n---\n`);
    return Promise.resolve();
  }

  close(): void {}
}
