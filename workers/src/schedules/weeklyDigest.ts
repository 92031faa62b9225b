import { z } from 'zod';
import { UnrecoverableJobError } from '@resetline/adapters';
import type { Clock, EventStore, JobHandler, JobQueue } from '@resetline/domain';
import { contactsOf } from '../notifications/contacts.js';
import { deliveryJob, type PlannedJob } from '../notifications/deliveryJob.js';
import { userAsOf } from '../dispatcher/userHistory.js';

export const DIGEST_QUEUE = 'digests';
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The week's counts by activity for one tenant; the ClickHouse reports can take this over. */
export interface DigestSource {
  summarize(tenantId: string, from: Date, to: Date): Promise<Readonly<Record<string, number>>>;
}

const digestSchema = z.object({
  tenantId: z.string().min(1),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
});

/** Monday 00:00 UTC after `now`: digests cover Monday-to-Monday weeks. */
export function nextWeekBoundary(now: Date): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const daysToMonday = (8 - day.getUTCDay()) % 7 || 7;
  return new Date(day.getTime() + daysToMonday * 24 * 3600 * 1000);
}

/** One job per tenant and week, id from both: scheduling the same week twice is a no-op. */
export function digestJob(tenantId: string, to: Date, now: Date): PlannedJob {
  const from = new Date(to.getTime() - WEEK_MS);
  const week = to.toISOString().slice(0, 10).replaceAll('-', '');
  return {
    queue: DIGEST_QUEUE,
    payload: { tenantId, from: from.toISOString(), to: to.toISOString() },
    options: {
      jobId: `digest-${tenantId.replace(/[^A-Za-z0-9_.~-]/g, '_')}-${week}`,
      delayMs: Math.max(0, to.getTime() - now.getTime()),
      attempts: 5,
      backoff: { type: 'exponential', delayMs: 60_000 },
    },
  };
}

export const firstDigestJob = (tenantId: string, now: Date): PlannedJob =>
  digestJob(tenantId, nextWeekBoundary(now), now);

export type DigestDeps = Readonly<{
  eventStore: EventStore;
  jobQueue: JobQueue;
  clock: Clock;
  source: DigestSource;
  adminsOf(tenantId: string): readonly string[];
}>;

/**
 * At the end of a week: e-mails the tenant's admins the week's counts, then schedules the next
 * week (a chain of delayed jobs, since the JobQueue port has no repeatable jobs).
 */
export const sendWeeklyDigest =
  (deps: DigestDeps): JobHandler =>
  async (payload, context) => {
    const parsed = digestSchema.safeParse(payload);
    if (!parsed.success) throw new UnrecoverableJobError(`Digest job ${context.id} is invalid`);
    const { tenantId, from, to } = parsed.data;
    const counts = await deps.source.summarize(tenantId, new Date(from), new Date(to));
    for (const adminId of deps.adminsOf(tenantId)) {
      const admin = await userAsOf(deps.eventStore, adminId, Number.MAX_SAFE_INTEGER);
      if (!admin || admin.status !== 'active') continue;
      for (const [index, contact] of contactsOf(admin, ['email']).entries()) {
        const planned = deliveryJob(`${context.id}.${adminId}.${index}`, {
          ...contact,
          template: 'complianceDigest',
          tenantId,
          recipientUserId: admin.userId,
          language: admin.language,
          sourceEventId: context.id,
          correlationId: context.id,
          occurredAt: to,
          digest: { from, to, counts: { ...counts } },
        });
        await deps.jobQueue.enqueue(planned.queue, planned.payload, planned.options);
      }
    }
    const next = digestJob(tenantId, new Date(Date.parse(to) + WEEK_MS), deps.clock.now());
    await deps.jobQueue.enqueue(next.queue, next.payload, next.options);
  };
