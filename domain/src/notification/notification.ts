import { z } from 'zod';
import type { Event } from '../core/index.js';
import { deliveryChannels } from '../policy/index.js';
import { languageSchema } from '../tenant/tenant.js';

/** Delivery outcomes of a person's messages; tenant-wide digests use the tenant's stream. */
export const notificationStreamId = (userId: string): string => `notifications-${userId}`;
export const tenantNotificationStreamId = (tenantId: string): string =>
  `notifications-tenant-${tenantId}`;

/** What a message was about; also the template that rendered it. */
export const notificationTemplates = [
  'resetCode',
  'registrationCode',
  'passwordReset',
  'passwordChanged',
  'accountUnlocked',
  'passwordResetByAdmin',
  'adminPasswordReset',
  'resetInvitation',
  'reconfirmReminder',
  'complianceDigest',
] as const;
export type NotificationTemplate = (typeof notificationTemplates)[number];
export const notificationTemplateSchema = z.enum(notificationTemplates);

const delivery = {
  /** The stored event the message was sent for (its id is the job id, or its prefix). */
  sourceEventId: z.string().min(1),
  template: notificationTemplateSchema,
  channel: z.enum(deliveryChannels),
  /** Masked address (`j***@contoso.com`, `+31 6*****78`): reports never show it in full. */
  maskedTo: z.string().min(1),
};

export const notificationEventSchemas = {
  /** The transport accepted the message. */
  NotificationSent: z.object({ ...delivery, language: languageSchema }),
  /** Given up: `permanent` when the address or provider refused it, otherwise retries ran out. */
  NotificationFailed: z.object({
    ...delivery,
    reason: z.string().min(1).max(200),
    attempts: z.number().int().nonnegative(),
    permanent: z.boolean(),
  }),
} as const;

type Data<K extends keyof typeof notificationEventSchemas> = z.infer<
  (typeof notificationEventSchemas)[K]
>;
export type NotificationEventType = keyof typeof notificationEventSchemas;
export type NotificationSent = Event<'NotificationSent', Data<'NotificationSent'>>;
export type NotificationFailed = Event<'NotificationFailed', Data<'NotificationFailed'>>;
export type NotificationEvent = NotificationSent | NotificationFailed;
