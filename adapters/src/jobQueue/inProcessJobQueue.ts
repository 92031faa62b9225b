import type {
  FailedJob,
  JobCounts,
  JobHandler,
  JobOptions,
  JobPayload,
  JobProcessOptions,
  JobQueue,
} from '@resetline/domain';
import { JobQueueClosedError, UnrecoverableJobError } from './errors.js';
import {
  assertConcurrency,
  assertQueueName,
  backoffDelayMs,
  resolveJobOptions,
} from './jobOptions.js';
import type { ResolvedJobOptions } from './jobOptions.js';

export type InProcessJobQueueOptions = Readonly<{
  /** How long a completed job id still dedupes a new enqueue (default 7 days, like BullMQ's). */
  completedRetentionMs?: number;
}>;

type Job = {
  readonly name: string;
  readonly payload: string;
  readonly options: ResolvedJobOptions;
  state: 'waiting' | 'delayed' | 'active' | 'failed';
  attemptsMade: number;
  failedReason?: string;
  failedAt?: Date;
  /** Orders failures that share a millisecond. */
  failedSeq?: number;
  timer?: NodeJS.Timeout;
};

type Lane = {
  readonly jobs: Map<string, Job>;
  readonly waiting: string[];
  /** Completed job ids with their finish time, oldest first (Map keeps insertion order). */
  readonly completed: Map<string, number>;
  handler?: JobHandler;
  concurrency: number;
  active: number;
};

const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

/**
 * The embedded queue: same semantics as the BullMQ adapter (dedupe by job id, retries with
 * backoff, delayed jobs, a failed set), held in memory. Jobs do not survive a restart: the
 * dispatcher's checkpoint makes up for it by replaying events whose jobs were not yet done.
 */

/** The longest delay one Node timer can hold (2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;
export class InProcessJobQueue implements JobQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly running = new Set<Promise<void>>();
  private readonly completedRetentionMs: number;
  private closed = false;
  private failures = 0;

  constructor(options: InProcessJobQueueOptions = {}) {
    this.completedRetentionMs = options.completedRetentionMs ?? SEVEN_DAYS_MS;
  }

  async enqueue(name: string, payload: JobPayload, options: JobOptions): Promise<void> {
    this.assertOpen('enqueue a job');
    const lane = this.lane(name);
    const resolved = resolveJobOptions(options);
    this.forgetExpiredCompleted(lane);
    if (lane.jobs.has(resolved.jobId) || lane.completed.has(resolved.jobId)) return;
    // Serialised like a job stored in Redis, so handlers never share objects with producers.
    const job: Job = {
      name,
      payload: JSON.stringify(payload),
      options: resolved,
      state: 'waiting',
      attemptsMade: 0,
    };
    lane.jobs.set(resolved.jobId, job);
    if (resolved.delayMs > 0) this.delay(lane, resolved.jobId, job, resolved.delayMs);
    else this.makeWaiting(lane, resolved.jobId, job);
  }

  async process(name: string, handler: JobHandler, options: JobProcessOptions = {}): Promise<void> {
    this.assertOpen('process jobs');
    const lane = this.lane(name);
    const concurrency = options.concurrency ?? 1;
    assertConcurrency(concurrency);
    if (lane.handler) throw new Error(`Jobs "${name}" already have a handler on this queue`);
    lane.handler = handler;
    lane.concurrency = concurrency;
    this.pump(lane);
  }

  async listFailed(name: string, limit = 100): Promise<readonly FailedJob[]> {
    const failed: (FailedJob & { seq: number })[] = [];
    for (const [id, job] of this.lane(name).jobs) {
      if (job.state !== 'failed') continue;
      failed.push({
        seq: job.failedSeq ?? 0,
        id,
        name,
        payload: JSON.parse(job.payload) as JobPayload,
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason ?? '',
        failedAt: job.failedAt ?? new Date(0),
      });
    }
    return failed
      .sort((a, b) => b.seq - a.seq)
      .slice(0, limit)
      .map(({ seq: _seq, ...job }) => job);
  }

  async retryFailed(name: string, jobId?: string): Promise<number> {
    this.assertOpen('retry jobs');
    const lane = this.lane(name);
    let retried = 0;
    for (const [id, job] of lane.jobs) {
      if (job.state !== 'failed' || (jobId !== undefined && id !== jobId)) continue;
      job.attemptsMade = 0;
      delete job.failedReason;
      delete job.failedAt;
      delete job.failedSeq;
      this.makeWaiting(lane, id, job);
      retried += 1;
    }
    return retried;
  }

  async counts(name: string): Promise<JobCounts> {
    const lane = this.lane(name);
    this.forgetExpiredCompleted(lane);
    const counts = { waiting: 0, delayed: 0, active: 0, completed: lane.completed.size, failed: 0 };
    for (const job of lane.jobs.values()) counts[job.state] += 1;
    return counts;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const lane of this.lanes.values()) {
      for (const job of lane.jobs.values()) clearTimeout(job.timer);
    }
    await Promise.allSettled([...this.running]);
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      assertQueueName(name);
      lane = { jobs: new Map(), waiting: [], completed: new Map(), concurrency: 1, active: 0 };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private makeWaiting(lane: Lane, id: string, job: Job): void {
    job.state = 'waiting';
    lane.waiting.push(id);
    this.pump(lane);
  }

  private delay(lane: Lane, id: string, job: Job, ms: number): void {
    job.state = 'delayed';
    // setTimeout fires at once past ~24.8 days (a 180-day reminder): wait in steps instead.
    const step = Math.min(ms, MAX_TIMER_MS);
    job.timer = setTimeout(() => {
      delete job.timer;
      if (ms > step) this.delay(lane, id, job, ms - step);
      else this.makeWaiting(lane, id, job);
    }, step);
    // A pending retry must not keep a finished process alive; the dispatcher replays it.
    job.timer.unref();
  }

  private pump(lane: Lane): void {
    while (!this.closed && lane.handler && lane.active < lane.concurrency && lane.waiting.length) {
      const id = lane.waiting.shift() as string;
      const job = lane.jobs.get(id);
      if (job?.state !== 'waiting') continue;
      const run = this.run(lane, lane.handler, id, job);
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
  }

  private async run(lane: Lane, handler: JobHandler, id: string, job: Job): Promise<void> {
    job.state = 'active';
    lane.active += 1;
    const context = {
      id,
      name: job.name,
      attempt: job.attemptsMade + 1,
      attempts: job.options.attempts,
    };
    try {
      await handler(JSON.parse(job.payload) as JobPayload, context);
      lane.jobs.delete(id);
      lane.completed.set(id, Date.now());
    } catch (error) {
      this.recordFailure(lane, id, job, error);
    } finally {
      lane.active -= 1;
      this.pump(lane);
    }
  }

  private recordFailure(lane: Lane, id: string, job: Job, error: unknown): void {
    job.attemptsMade += 1;
    const permanent = error instanceof UnrecoverableJobError;
    if (!permanent && job.attemptsMade < job.options.attempts) {
      this.delay(lane, id, job, backoffDelayMs(job.options.backoff, job.attemptsMade));
      return;
    }
    job.state = 'failed';
    job.failedReason = error instanceof Error ? error.message : String(error);
    job.failedAt = new Date();
    job.failedSeq = ++this.failures;
  }

  private forgetExpiredCompleted(lane: Lane): void {
    const horizon = Date.now() - this.completedRetentionMs;
    for (const [id, finishedAt] of lane.completed) {
      if (finishedAt > horizon) break;
      lane.completed.delete(id);
    }
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new JobQueueClosedError(operation);
  }
}
