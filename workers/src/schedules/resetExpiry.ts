import { z } from 'zod';
import { UnrecoverableJobError } from '@resetline/adapters';
import {
  abandonIfExpired,
  type EventStore,
  type JobHandler,
  type Random,
  type RecordedEvent,
} from '@resetline/domain';
import type { PlannedJob } from '../notifications/deliveryJob.js';

export const RESET_EXPIRY_QUEUE = 'reset-expiry';
/** Fire a moment after the session's end, so the flow is surely expired by then. */
const GRACE_MS = 1_000;

const expirySchema = z.object({
  tenantId: z.string().min(1),
  flowId: z.string().min(1),
  correlationId: z.string().min(1),
});

/**
 * A flow nobody finishes is recorded as abandoned when its session ends, so the funnel shows
 * where people drop off without waiting for someone to touch the flow again.
 */
export function resetExpiryJob(event: RecordedEvent, now: Date): PlannedJob | undefined {
  if (event.type !== 'PasswordResetStarted') return undefined;
  const data = event.data as { flowId: string; expiresAt: string };
  const due = Date.parse(data.expiresAt) + GRACE_MS;
  return {
    queue: RESET_EXPIRY_QUEUE,
    payload: {
      tenantId: event.metadata.tenantId,
      flowId: data.flowId,
      correlationId: event.metadata.correlationId,
    },
    options: { jobId: event.id, delayMs: Math.max(0, due - now.getTime()), attempts: 5 },
  };
}

export const abandonExpiredFlow =
  (deps: Readonly<{ eventStore: EventStore; random: Random; clock: { now(): Date } }>): JobHandler =>
  async (payload, context) => {
    const parsed = expirySchema.safeParse(payload);
    if (!parsed.success) throw new UnrecoverableJobError(`Reset expiry job ${context.id} is invalid`);
    const job = parsed.data;
    await abandonIfExpired(deps, job.flowId, {
      now: deps.clock.now(),
      tenantId: job.tenantId,
      actor: { kind: 'system', id: 'reset-expiry' },
      correlationId: job.correlationId,
      causationId: context.id,
    });
  };
