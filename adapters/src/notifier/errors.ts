import type { NotificationChannel } from '@resetline/domain';

/**
 * A message could not be delivered. `retryable` tells the job processor whether to try again
 * (network trouble, 4xx SMTP replies, 5xx from the webhook) or to fail the job for good
 * (rejected address, bad credentials, 4xx from the webhook). Messages never contain the text
 * sent, so never a code.
 */
export class NotificationDeliveryError extends Error {
  constructor(
    readonly channel: NotificationChannel,
    /** Stable cause, e.g. `SmtpRejected`, `WebhookTimeout`. */
    readonly reason: string,
    readonly retryable: boolean,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NotificationDeliveryError';
  }
}

/** `host:port` of a transport URL, without credentials or path, for error messages. */
export function describeEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  } catch {
    return 'an unparsable URL';
  }
}
