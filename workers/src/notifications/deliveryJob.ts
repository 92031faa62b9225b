import { z } from 'zod';
import {
  deliveryChannels,
  languageSchema,
  notificationTemplateSchema,
  type JobOptions,
} from '@resetline/domain';

/** The queue every message goes through, whatever its channel. */
export const DELIVERY_QUEUE = 'notifications';

/** Transport trouble is retried with exponential backoff: 2 s, 4 s, 8 s... over about 17 min. */
export const DELIVERY_ATTEMPTS = 10;
export const DELIVERY_BACKOFF = { type: 'exponential', delayMs: 2000 } as const;

const digestCountsSchema = z.record(z.string(), z.number().int().nonnegative());

/**
 * One message to one address. Secrets never travel in clear: a code travels only as the value
 * the SecretBox sealed when the event was decided, and is opened by the processor at send time.
 */
export const deliveryJobSchema = z.object({
  template: notificationTemplateSchema,
  channel: z.enum(deliveryChannels),
  to: z.string().min(1),
  maskedTo: z.string().min(1),
  tenantId: z.string().min(1),
  /** Whose delivery stream records the outcome; absent for tenant-wide messages. */
  recipientUserId: z.string().min(1).optional(),
  /** Chosen from the user when known; otherwise the tenant's language at send time. */
  language: languageSchema.optional(),
  sourceEventId: z.string().min(1),
  correlationId: z.string().min(1),
  occurredAt: z.iso.datetime(),
  sealedCode: z.string().min(1).optional(),
  expiresAt: z.iso.datetime().optional(),
  /** Who the message is about (another admin, the user themself): a display name, no secret. */
  subjectName: z.string().max(256).optional(),
  username: z.string().max(256).optional(),
  /** Weekly digest only: the week and its counts by activity. */
  digest: z
    .object({ from: z.iso.datetime(), to: z.iso.datetime(), counts: digestCountsSchema })
    .optional(),
});
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

/** A job to enqueue: `jobId` is the source event id, suffixed when one event fans out. */
export type PlannedJob = Readonly<{
  queue: string;
  payload: Readonly<Record<string, unknown>>;
  options: JobOptions;
}>;

export const deliveryJob = (jobId: string, job: DeliveryJob, delayMs?: number): PlannedJob => ({
  queue: DELIVERY_QUEUE,
  payload: job,
  options: {
    jobId,
    attempts: DELIVERY_ATTEMPTS,
    backoff: DELIVERY_BACKOFF,
    ...(delayMs ? { delayMs } : {}),
  },
});
