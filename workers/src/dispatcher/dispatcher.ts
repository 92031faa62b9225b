import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock, EventStore, JobQueue, RecordedEvent, Subscription } from '@resetline/domain';
import type { WorkerLogger } from '../logger.js';
import type { TenantDirectory } from '../notifications/tenantDirectory.js';
import { AdminIndex } from './adminIndex.js';
import type { CheckpointStore } from './checkpointStore.js';
import { planJobs, planSchedules, type PlanContext } from './planJobs.js';
import { flowUserId, userAsOf } from './userHistory.js';

export const DISPATCHER_CHECKPOINT = 'dispatcher';

export type DispatcherDeps = Readonly<{
  eventStore: EventStore;
  jobQueue: JobQueue;
  checkpoints: CheckpointStore;
  tenants: TenantDirectory;
  clock: Clock;
  logger: WorkerLogger;
  /** Default one day: notices about older events are not sent when history is replayed. */
  maxNoticeAgeMs?: number;
  /** Waits between enqueue retries while the queue is unreachable (default 250 ms to 5 s). */
  retryDelayMs?: Readonly<{ min: number; max: number }>;
}>;

/**
 * Turns stored events into jobs, in global order, from a durable checkpoint. For each event it
 * enqueues every job, then moves the checkpoint: a crash in between re-enqueues the same job
 * ids, which the queue drops. While the queue is unreachable it retries the same event, so
 * nothing is skipped.
 */
export class Dispatcher {
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  readonly admins: AdminIndex;

  constructor(private readonly deps: DispatcherDeps) {
    this.admins = new AdminIndex(deps.checkpoints.admins());
  }

  get position(): number {
    return this.deps.checkpoints.position(DISPATCHER_CHECKPOINT);
  }

  start(): void {
    if (this.running) return;
    const after = this.position;
    this.subscription = this.deps.eventStore.subscribeToAll({ after });
    this.deps.logger.info('dispatcher started', { after });
    this.running = this.run(this.subscription).catch((error: unknown) => {
      this.deps.logger.error('dispatcher stopped on an error', { error: String(error) });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    await this.running;
  }

  private async run(subscription: Subscription): Promise<void> {
    for await (const event of subscription) {
      if (this.stopping) return;
      const delivered = await this.dispatch(event);
      if (!delivered) return;
    }
  }

  private async dispatch(event: RecordedEvent): Promise<boolean> {
    if (event.streamId.startsWith('tenant-')) this.deps.tenants.forget(event.metadata.tenantId);
    const change = this.admins.apply(event);
    const { min, max } = this.deps.retryDelayMs ?? { min: 250, max: 5000 };
    for (let wait = min; !this.stopping; wait = Math.min(max, wait * 2)) {
      try {
        const now = this.deps.clock.now();
        const jobs = [...(await planJobs(event, this.context(now))), ...planSchedules(event, now)];
        await Promise.all(
          jobs.map((j) => this.deps.jobQueue.enqueue(j.queue, j.payload, j.options)),
        );
        this.deps.checkpoints.commit(DISPATCHER_CHECKPOINT, event.position, change ? [change] : []);
        return true;
      } catch (error) {
        this.deps.logger.warn('dispatch failed, retrying', {
          eventId: event.id,
          position: event.position,
          retryInMs: wait,
          error: error instanceof Error ? error.message : String(error),
        });
        await sleep(wait);
      }
    }
    return false;
  }

  private context(now: Date): PlanContext {
    const { eventStore, tenants } = this.deps;
    return {
      now,
      tenant: (tenantId) => tenants.get(tenantId),
      userAsOf: (userId, position) => userAsOf(eventStore, userId, position),
      flowUserId: (flowId) => flowUserId(eventStore, flowId),
      adminsOf: (tenantId) => this.admins.adminsOf(tenantId),
      maxNoticeAgeMs: this.deps.maxNoticeAgeMs ?? 24 * 3600 * 1000,
    };
  }
}
