import { z } from 'zod';
import { UnrecoverableJobError } from '@resetline/adapters';
import type { EventStore, JobHandler, JobQueue, RecordedEvent } from '@resetline/domain';
import { contactsOf } from '../notifications/contacts.js';
import { deliveryJob, type PlannedJob } from '../notifications/deliveryJob.js';
import { userAsOf } from '../dispatcher/userHistory.js';

export const REMINDER_QUEUE = 'reminders';
const DAY_MS = 24 * 3600 * 1000;

const reminderSchema = z.object({
  tenantId: z.string().min(1),
  userId: z.string().min(1),
  /** When the security info was registered or reviewed: the reminder is due `days` later. */
  confirmedAt: z.iso.datetime(),
  sourceEventId: z.string().min(1),
  correlationId: z.string().min(1),
});

/** A delayed job per registration or review, due when the tenant's re-confirmation period ends. */
export function reminderJob(
  event: RecordedEvent,
  userId: string,
  days: number,
  now: Date,
): PlannedJob {
  const due = event.occurredAt.getTime() + days * DAY_MS;
  return {
    queue: REMINDER_QUEUE,
    payload: {
      tenantId: event.metadata.tenantId,
      userId,
      confirmedAt: event.occurredAt.toISOString(),
      sourceEventId: event.id,
      correlationId: event.metadata.correlationId,
    },
    options: { jobId: event.id, delayMs: Math.max(0, due - now.getTime()), attempts: 5 },
  };
}

/**
 * When the reminder is due, the user is reminded on every registered address, unless they
 * registered or reviewed again since (that scheduled a later reminder) or no longer exist.
 */
export const remindToReconfirm =
  (deps: Readonly<{ eventStore: EventStore; jobQueue: JobQueue }>): JobHandler =>
  async (payload, context) => {
    const parsed = reminderSchema.safeParse(payload);
    if (!parsed.success) throw new UnrecoverableJobError(`Reminder job ${context.id} is invalid`);
    const job = parsed.data;
    const user = await userAsOf(deps.eventStore, job.userId, Number.MAX_SAFE_INTEGER);
    if (!user || user.status !== 'active') return;
    const confirmedAt = user.securityInfoConfirmedAt?.getTime() ?? 0;
    if (confirmedAt > Date.parse(job.confirmedAt)) return;
    const contacts = contactsOf(user, ['email', 'sms']);
    for (const [index, contact] of contacts.entries()) {
      const planned = deliveryJob(`${context.id}.r${index}`, {
        ...contact,
        template: 'reconfirmReminder',
        tenantId: job.tenantId,
        recipientUserId: user.userId,
        language: user.language,
        username: user.username,
        sourceEventId: job.sourceEventId,
        correlationId: job.correlationId,
        occurredAt: job.confirmedAt,
      });
      await deps.jobQueue.enqueue(planned.queue, planned.payload, planned.options);
    }
  };
