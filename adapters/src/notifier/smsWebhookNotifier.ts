import { randomUUID } from 'node:crypto';
import type { Clock, Notifier, NotificationChannel, OutgoingMessage } from '@resetline/domain';
import { NotificationDeliveryError, describeEndpoint } from './errors.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody } from './webhookSignature.js';

export type SmsWebhookNotifierOptions = Readonly<{
  /** SMS_WEBHOOK_URL: the gateway that turns the request into an SMS or a voice call. */
  url: string;
  /** SMS_WEBHOOK_SECRET: the HMAC key both sides hold. */
  secret: string;
  /** Budget for the whole request, answer included (default 10 s). */
  timeoutMs?: number;
  clock?: Clock;
}>;

const systemClock: Clock = { now: () => new Date() };

/** SMS and voice messages as signed JSON POSTs to a gateway; the contract is docs/sms-webhook.md. */
export class SmsWebhookNotifier implements Notifier {
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly clock: Clock;

  constructor(private readonly options: SmsWebhookNotifierOptions) {
    this.endpoint = describeEndpoint(options.url);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
  }

  async send(message: OutgoingMessage): Promise<{ id: string }> {
    const { channel } = message;
    if (channel === 'email') {
      throw new NotificationDeliveryError(
        channel,
        'ChannelNotSupported',
        false,
        'The SMS webhook sends sms and voice only, not email',
      );
    }
    const id = message.id ?? randomUUID();
    const body = JSON.stringify({
      id,
      channel,
      to: message.to,
      text: message.text,
      language: message.language ?? 'en',
    });
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    const response = await this.post(channel, body, timestamp);
    // Never read into an error: a gateway may echo the text, and with it the code.
    await response.body?.cancel();
    if (response.ok) return { id };
    throw this.refusal(channel, response.status);
  }

  async close(): Promise<void> {}

  private async post(
    channel: NotificationChannel,
    body: string,
    timestamp: string,
  ): Promise<Response> {
    try {
      return await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Resetline',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, timestamp, body),
        },
        body,
        // A redirect would resend a signed body somewhere else: treat it as a misconfiguration.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new NotificationDeliveryError(
          channel,
          'WebhookTimeout',
          true,
          `SMS webhook at ${this.endpoint} did not answer within ${this.timeoutMs} ms`,
          { cause: error },
        );
      }
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new NotificationDeliveryError(
        channel,
        'WebhookUnreachable',
        true,
        `SMS webhook at ${this.endpoint} is unreachable${code ? ` (${code})` : ''}`,
        { cause: error },
      );
    }
  }

  // 408 and 429 ask to come back later; other 4xx and 3xx will be refused again.
  private refusal(channel: NotificationChannel, status: number): NotificationDeliveryError {
    const retryable = status >= 500 || status === 408 || status === 429;
    return new NotificationDeliveryError(
      channel,
      retryable ? 'WebhookFailed' : 'WebhookRejected',
      retryable,
      `SMS webhook at ${this.endpoint} answered HTTP ${status}${retryable ? '' : ' (not retried)'}`,
    );
  }
}
