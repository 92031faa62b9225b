import type { NotificationChannel, Notifier, OutgoingMessage } from '@resetline/domain';
import { DevOutbox } from './devOutbox.js';
import { SmsWebhookNotifier } from './smsWebhookNotifier.js';
import type { SmsWebhookNotifierOptions } from './smsWebhookNotifier.js';
import { SmtpNotifier } from './smtpNotifier.js';
import type { SmtpNotifierOptions } from './smtpNotifier.js';

export type NotifierConfig = Readonly<{
  /** SMTP_URL + SMTP_FROM: e-mail goes to the relay when set. */
  smtp?: SmtpNotifierOptions;
  /** SMS_WEBHOOK_URL + SMS_WEBHOOK_SECRET: sms and voice go to the gateway when set. */
  smsWebhook?: SmsWebhookNotifierOptions;
  /** Directory of the dev outbox that takes the channels with no transport configured. */
  outboxDirectory?: string;
}>;

export type NotifierTransport = 'smtp' | 'sms-webhook' | 'dev-outbox';

type ClosableNotifier = Notifier & { close(): Promise<void> };

/** Sends each message through the transport configured for its channel. */
export class ChannelNotifier implements Notifier {
  constructor(
    private readonly byChannel: Readonly<Record<NotificationChannel, ClosableNotifier>>,
    /** Which transport serves which channel, for the start-up log and the health page. */
    readonly routes: Readonly<Record<NotificationChannel, NotifierTransport>>,
    /** Present when at least one channel lands in the dev outbox, so the console can list it. */
    readonly outbox: DevOutbox | undefined,
  ) {}

  send(message: OutgoingMessage): Promise<{ id: string }> {
    return this.byChannel[message.channel].send(message);
  }

  async close(): Promise<void> {
    const transports = new Set(Object.values(this.byChannel));
    await Promise.all([...transports].map((transport) => transport.close()));
  }
}

export function createNotifier(config: NotifierConfig): ChannelNotifier {
  const needsOutbox = !config.smtp || !config.smsWebhook;
  if (needsOutbox && !config.outboxDirectory) {
    throw new Error(
      'Notifier: set SMTP_URL and SMS_WEBHOOK_URL, or give the dev outbox a directory for the channels without one',
    );
  }
  const outbox = needsOutbox
    ? new DevOutbox({ directory: config.outboxDirectory as string })
    : undefined;
  const email = config.smtp ? new SmtpNotifier(config.smtp) : (outbox as DevOutbox);
  const phone = config.smsWebhook
    ? new SmsWebhookNotifier(config.smsWebhook)
    : (outbox as DevOutbox);
  const emailRoute: NotifierTransport = config.smtp ? 'smtp' : 'dev-outbox';
  const phoneRoute: NotifierTransport = config.smsWebhook ? 'sms-webhook' : 'dev-outbox';
  return new ChannelNotifier(
    { email, sms: phone, voice: phone },
    { email: emailRoute, sms: phoneRoute, voice: phoneRoute },
    outbox,
  );
}
