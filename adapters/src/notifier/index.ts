export { ChannelNotifier, createNotifier } from './createNotifier.js';
export type { NotifierConfig, NotifierTransport } from './createNotifier.js';
export { DevOutbox } from './devOutbox.js';
export type { DevOutboxOptions, OutboxMessage, OutboxQuery } from './devOutbox.js';
export { NotificationDeliveryError } from './errors.js';
export { SmsWebhookNotifier } from './smsWebhookNotifier.js';
export type { SmsWebhookNotifierOptions } from './smsWebhookNotifier.js';
export { SmtpNotifier } from './smtpNotifier.js';
export type { SmtpNotifierOptions } from './smtpNotifier.js';
export {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhookBody,
  verifyWebhookSignature,
} from './webhookSignature.js';
