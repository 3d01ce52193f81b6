import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logging/logger.js';
import { AppConfig } from '../config/index.js';
import { DomainError, ErrorKind } from '../common/errors/index.js';
import { ConsoleMailTransport, SmtpMailTransport, type MailTransport } from './mail.transport.js';
import { ConsoleSmsTransport, TwilioSmsTransport, WebhookSmsTransport, type SmsTransport } from './sms.transport.js';

export const PRODUCT_NAME = 'BlockScore';

/** E-mail and SMS delivery. Messages carry only the code or link and the product name. */
@Injectable()
export class NotificationsService implements OnApplicationShutdown {
  private readonly mail: MailTransport;
  private readonly sms: SmsTransport;
  private readonly logger: Logger;

  constructor(@Inject(AppConfig) config: AppConfig, @Inject(ROOT_LOGGER) logger: Logger) {
    this.logger = logger.child({ module: 'notifications' });
    const env = config.env;
    this.mail = env.SMTP_URL
      ? new SmtpMailTransport(env.SMTP_URL, env.MAIL_FROM)
      : new ConsoleMailTransport(this.logger);
    switch (env.SMS_PROVIDER) {
      case 'twilio':
        this.sms = new TwilioSmsTransport(
          env.TWILIO_API_URL,
          env.TWILIO_ACCOUNT_SID!,
          env.TWILIO_AUTH_TOKEN!,
          env.TWILIO_FROM!,
        );
        break;
      case 'webhook':
        this.sms = new WebhookSmsTransport(env.SMS_WEBHOOK_URL!);
        break;
      case 'console':
        this.sms = new ConsoleSmsTransport(this.logger);
        break;
    }
  }

  async sendEmail(to: string, subject: string, text: string): Promise<void> {
    try {
      await this.mail.send({ to, subject, text });
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'e-mail delivery failed');
      throw new DomainError(
        ErrorKind.Unavailable,
        'NOTIFY.EMAIL_FAILED',
        'The e-mail could not be sent; try again shortly.',
        {
          retryAfter: 30,
        },
      );
    }
  }

  async sendSms(to: string, body: string): Promise<void> {
    try {
      await this.sms.send(to, body);
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'SMS delivery failed');
      throw new DomainError(
        ErrorKind.Unavailable,
        'NOTIFY.SMS_FAILED',
        'The SMS could not be sent; try again shortly.',
        {
          retryAfter: 30,
        },
      );
    }
  }

  onApplicationShutdown(): void {
    this.mail.close();
  }
}
