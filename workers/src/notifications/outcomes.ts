import { createHash } from 'node:crypto';
import {
  notificationStreamId,
  tenantNotificationStreamId,
  type Clock,
  type EventStore,
  type NotificationEvent,
} from '@resetline/domain';
import type { DeliveryJob } from './deliveryJob.js';

export const NOTIFIER_ACTOR = { kind: 'system', id: 'notification-worker' } as const;

/** How far back the duplicate check looks: redeliveries happen within minutes, not weeks. */
const RECENT_OUTCOMES = 200;

/**
 * A UUID derived from the job id (SHA-1, version 5 layout), so the outcome of one job always has
 * the same event id: a second append of it is a no-op in the store, and a rerun of the job can
 * see that the message already went out.
 */
export function outcomeEventId(jobId: string, outcome: 'sent' | 'failed'): string {
  const bytes = createHash('sha1').update(`resetline-notification/${jobId}/${outcome}`).digest();
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const outcomeStreamId = (job: DeliveryJob): string =>
  job.recipientUserId
    ? notificationStreamId(job.recipientUserId)
    : tenantNotificationStreamId(job.tenantId);

/** Records delivery outcomes as events and answers whether a job's message already went out. */
export class DeliveryOutcomes {
  constructor(
    private readonly eventStore: EventStore,
    private readonly clock: Clock,
  ) {}

  async alreadySent(jobId: string, job: DeliveryJob): Promise<boolean> {
    const sentId = outcomeEventId(jobId, 'sent');
    const recent = await this.eventStore.readStream(outcomeStreamId(job), {
      direction: 'backwards',
      maxCount: RECENT_OUTCOMES,
    });
    return recent.some((event) => event.id === sentId);
  }

  async record(jobId: string, job: DeliveryJob, event: NotificationEvent): Promise<void> {
    const outcome = event.type === 'NotificationSent' ? 'sent' : 'failed';
    try {
      await this.eventStore.appendToStream(outcomeStreamId(job), [
        {
          id: outcomeEventId(jobId, outcome),
          type: event.type,
          data: event.data,
          metadata: {
            tenantId: job.tenantId,
            actor: NOTIFIER_ACTOR,
            correlationId: job.correlationId,
            causationId: job.sourceEventId,
          },
          occurredAt: this.clock.now(),
        },
      ]);
    } catch (error) {
      // The same id stored with other data: an earlier run of this job recorded its outcome.
      if ((error as { reason?: string }).reason === 'DuplicateEventId') return;
      throw error;
    }
  }
}
