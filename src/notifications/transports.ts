import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logging/logger.js';
import { AppConfig } from '../config/index.js';
import type { Channel } from './entities/outbox-message.entity.js';
import { ConsoleMailTransport, SmtpMailTransport, type MailTransport } from './mail.transport.js';
import { ConsoleSmsTransport, TwilioSmsTransport, WebhookSmsTransport, type SmsTransport } from './sms.transport.js';

/** The configured e-mail and SMS transports; only the outbox worker sends through them. */
@Injectable()
export class Transports implements OnApplicationShutdown {
  private readonly mail: MailTransport;
  private readonly sms: SmsTransport;

  constructor(config: AppConfig, @Inject(ROOT_LOGGER) rootLogger: Logger) {
    const logger = rootLogger.child({ module: 'notifications' });
    const env = config.env;
    this.mail = env.SMTP_URL ? new SmtpMailTransport(env.SMTP_URL, env.MAIL_FROM) : new ConsoleMailTransport(logger);
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
        this.sms = new ConsoleSmsTransport(logger);
        break;
    }
  }

  send(channel: Channel, to: string, subject: string | null, body: string): Promise<void> {
    return channel === 'email' ? this.mail.send({ to, subject: subject ?? '', text: body }) : this.sms.send(to, body);
  }

  onApplicationShutdown(): void {
    this.mail.close();
  }
}
