import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock, EventStore, JobQueue, RecordedEvent, Subscription } from '@resetline/domain';
import type { WorkerLogger } from '../logger.js';
import type { TenantDirectory } from '../notifications/tenantDirectory.js';
import { AdminIndex } from './adminIndex.js';
import type { AdminChange, CheckpointStore } from './checkpointStore.js';
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
  /** Events planned and enqueued at once (default 64); checkpoints still move in order. */
  window?: number;
  /**
   * Planning attempts per event before it is dead-lettered (default 5). Planning reads only the
   * local store, so a failure that repeats is a defect in the event or the planner; an
   * unreachable queue is retried without limit.
   */
  maxPlanAttempts?: number;
  /** Plans an event's jobs (default `planJobs`). */
  plan?: typeof planJobs;
}>;

const DEFAULT_WINDOW = 64;
const DEFAULT_MAX_PLAN_ATTEMPTS = 5;
const CHECKPOINT_EVERY = 200;
const MAX_ERROR_LENGTH = 500;

const messageOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);

/**
 * Turns stored events into jobs, in global order, from a durable checkpoint. For each event it
 * enqueues every job, then moves the checkpoint past it: a crash in between re-enqueues the same
 * job ids, which the queue drops. Up to `window` events are planned and enqueued at once, but
 * the checkpoint only passes an event once it and every earlier one are enqueued. While the
 * queue is unreachable each event is retried, so nothing is skipped. An event whose planning
 * keeps failing is recorded as a dead letter (checkpoint store, error log) and passed, so one
 * bad event cannot hold back every later reset code.
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
    const window = this.deps.window ?? DEFAULT_WINDOW;
    let inFlight = 0;
    let halted = false;
    let committed: Promise<void> = Promise.resolve();
    let unsaved: { position: number; changes: AdminChange[]; events: number } | undefined;
    const save = () => {
      if (!unsaved) return;
      this.deps.checkpoints.commit(DISPATCHER_CHECKPOINT, unsaved.position, unsaved.changes);
      unsaved = undefined;
    };
    for await (const event of subscription) {
      if (this.stopping || halted) break;
      // The admin index moves in event order; each event plans against the list as of itself.
      const change = this.admins.apply(event);
      const admins = this.admins.adminsOf(event.metadata.tenantId);
      const enqueued = this.enqueueJobs(event, admins);
      inFlight += 1;
      // The checkpoint passes an event only after it and every earlier one are enqueued. It is
      // written when the dispatcher catches up, or every CHECKPOINT_EVERY events under load: a
      // crash replays at most those, and their job ids are already known to the queue.
      committed = committed.then(async () => {
        const ok = (await enqueued) && !halted;
        inFlight -= 1;
        if (!ok) {
          halted = true;
          return;
        }
        unsaved = {
          position: event.position,
          changes: [...(unsaved?.changes ?? []), ...(change ? [change] : [])],
          events: (unsaved?.events ?? 0) + 1,
        };
        if (inFlight === 0 || unsaved.events >= CHECKPOINT_EVERY) save();
      });
      if (inFlight >= window) await committed;
    }
    await committed;
    save();
  }

  /** Plans and enqueues the event's jobs, retrying until it succeeds or the dispatcher stops. */
  private async enqueueJobs(event: RecordedEvent, admins: readonly string[]): Promise<boolean> {
    if (event.streamId.startsWith('tenant-')) this.deps.tenants.forget(event.metadata.tenantId);
    const { min, max } = this.deps.retryDelayMs ?? { min: 250, max: 5000 };
    const maxPlanAttempts = this.deps.maxPlanAttempts ?? DEFAULT_MAX_PLAN_ATTEMPTS;
    const plan = this.deps.plan ?? planJobs;
    let planFailures = 0;
    for (let wait = min; !this.stopping; wait = Math.min(max, wait * 2)) {
      const now = this.deps.clock.now();
      let jobs;
      try {
        jobs = [...(await plan(event, this.context(now, admins))), ...planSchedules(event, now)];
      } catch (error) {
        planFailures += 1;
        if (planFailures >= maxPlanAttempts) {
          this.deadLetter(event, planFailures, messageOf(error), now);
          return true;
        }
        this.warnRetry('planning failed, retrying', event, wait, error);
        await sleep(wait);
        continue;
      }
      try {
        await Promise.all(
          jobs.map((j) => this.deps.jobQueue.enqueue(j.queue, j.payload, j.options)),
        );
        return true;
      } catch (error) {
        this.warnRetry('dispatch failed, retrying', event, wait, error);
        await sleep(wait);
      }
    }
    return false;
  }

  private deadLetter(event: RecordedEvent, attempts: number, error: string, now: Date): void {
    this.deps.checkpoints.recordDeadLetter({
      position: event.position,
      eventId: event.id,
      eventType: event.type,
      attempts,
      error,
      recordedAt: now.toISOString(),
    });
    this.deps.logger.error('no jobs could be planned for an event; dead-lettered and passed', {
      eventId: event.id,
      eventType: event.type,
      position: event.position,
      attempts,
      error,
    });
  }

  private warnRetry(message: string, event: RecordedEvent, wait: number, error: unknown): void {
    this.deps.logger.warn(message, {
      eventId: event.id,
      position: event.position,
      retryInMs: wait,
      error: messageOf(error),
    });
  }

  private context(now: Date, admins: readonly string[]): PlanContext {
    const { eventStore, tenants } = this.deps;
    return {
      now,
      tenant: (tenantId) => tenants.get(tenantId),
      userAsOf: (userId, position) => userAsOf(eventStore, userId, position),
      flowUserId: (flowId) => flowUserId(eventStore, flowId),
      adminsOf: () => admins,
      maxNoticeAgeMs: this.deps.maxNoticeAgeMs ?? 24 * 3600 * 1000,
    };
  }
}
