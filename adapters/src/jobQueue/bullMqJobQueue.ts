import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
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
import { assertConcurrency, assertQueueName, resolveJobOptions } from './jobOptions.js';
import { describeRedisError, redactRedisUrl } from './redisErrors.js';

export type BullMqJobQueueOptions = Readonly<{
  /** `redis://[user:password@]host:port[/db]` (REDIS_URL). */
  redisUrl: string;
  /** Namespaces every key, so several deployments or test runs share one Redis. */
  prefix?: string;
  /** How long completed jobs are kept, and so dedupe a replayed enqueue (default 7 days). */
  completedRetentionSeconds?: number;
  /** How long failed jobs stay listable and retryable (default 30 days). */
  failedRetentionSeconds?: number;
  /** Connection trouble (Redis down, refused login), for the process log; never holds a secret. */
  onConnectionError?: (error: Error) => void;
  /**
   * A running job's lock, renewed by its worker every half of this (default 15 s, BullMQ's is
   * 30 s). When a worker dies its jobs go to another one once the lock has expired and the next
   * stalled-job check (every `stalledIntervalMs`, default 5 s) sees it: about 20 s, not 60 s,
   * which matters for a code that is valid for 5 minutes.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}>;

const DAY_SECONDS = 24 * 3600;

/**
 * The production queue on BullMQ/Redis. One BullMQ queue per job name. Jobs survive restarts,
 * and any number of processes may consume the same names.
 */
export class BullMqJobQueue implements JobQueue {
  private readonly prefix: string;
  private readonly where: string;
  private readonly completedRetention: number;
  private readonly failedRetention: number;
  // Producers fail fast when Redis is away (the dispatcher retries from its checkpoint);
  // workers wait for it forever, as BullMQ requires (`maxRetriesPerRequest: null`).
  private readonly producerRedis: Redis;
  private workerRedis: Redis | undefined;
  private readonly redisUrl: string;
  private readonly remember: (error: Error) => void;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, Worker>();
  private lastRedisError: Error | undefined;
  private readonly report: (error: Error) => void;
  private closed = false;
  private readonly lock: Readonly<{ lockDuration: number; stalledInterval: number }>;

  constructor(options: BullMqJobQueueOptions) {
    this.lock = {
      lockDuration: options.lockDurationMs ?? 15_000,
      stalledInterval: options.stalledIntervalMs ?? 5_000,
    };
    this.prefix = options.prefix ?? 'resetline';
    this.where = redactRedisUrl(options.redisUrl);
    this.completedRetention = options.completedRetentionSeconds ?? 7 * DAY_SECONDS;
    this.failedRetention = options.failedRetentionSeconds ?? 30 * DAY_SECONDS;
    this.report = (error) => options.onConnectionError?.(error);
    // The clients see the real cause (ECONNREFUSED, WRONGPASS); queues only see commands fail.
    this.remember = (error) => {
      this.lastRedisError = error;
      this.report(error);
    };
    this.redisUrl = options.redisUrl;
    this.producerRedis = new Redis(options.redisUrl, { maxRetriesPerRequest: 5 });
    this.producerRedis.on('error', this.remember);
  }

  async enqueue(name: string, payload: JobPayload, options: JobOptions): Promise<void> {
    this.assertOpen('enqueue a job');
    const { jobId, delayMs, attempts, backoff } = resolveJobOptions(options);
    // Adding an id BullMQ still holds (in any state) is a no-op: that is the dedupe.
    await this.redisCall(`enqueue job ${jobId} on "${name}"`, () =>
      this.queue(name).add(name, payload, {
        jobId,
        delay: delayMs,
        attempts,
        backoff: { type: backoff.type, delay: backoff.delayMs },
        removeOnComplete: { age: this.completedRetention },
        removeOnFail: { age: this.failedRetention },
      }),
    );
  }

  async process(name: string, handler: JobHandler, options: JobProcessOptions = {}): Promise<void> {
    this.assertOpen('process jobs');
    assertQueueName(name);
    const concurrency = options.concurrency ?? 1;
    assertConcurrency(concurrency);
    if (this.workers.has(name))
      throw new Error(`Jobs "${name}" already have a handler on this queue`);
    const worker = new Worker(name, (job: Job) => runHandler(handler, name, job), {
      connection: this.consumerRedis(),
      prefix: this.prefix,
      concurrency,
      ...this.lock,
    });
    // Failures of handlers are recorded on the job; these are connection troubles. The worker
    // connects in the background and keeps waiting for Redis, so start-up never hangs on it.
    worker.on('error', this.report);
    this.workers.set(name, worker);
  }

  async listFailed(name: string, limit = 100): Promise<readonly FailedJob[]> {
    const jobs = await this.redisCall(`list failed jobs of "${name}"`, () =>
      this.queue(name).getFailed(0, Math.max(0, limit - 1)),
    );
    return jobs
      .filter((job): job is Job => job !== undefined && job.id !== undefined)
      .map((job) => ({
        id: job.id as string,
        name,
        payload: job.data as JobPayload,
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason ?? '',
        failedAt: new Date(job.finishedOn ?? job.processedOn ?? job.timestamp),
      }));
  }

  async retryFailed(name: string, jobId?: string): Promise<number> {
    this.assertOpen('retry jobs');
    return this.redisCall(`retry failed jobs of "${name}"`, async () => {
      const queue = this.queue(name);
      const jobs = jobId === undefined ? await queue.getFailed() : [await queue.getJob(jobId)];
      let retried = 0;
      for (const job of jobs) {
        if (!job || (await job.getState()) !== 'failed') continue;
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        retried += 1;
      }
      return retried;
    });
  }

  async counts(name: string): Promise<JobCounts> {
    const counts = await this.redisCall(`count jobs of "${name}"`, () =>
      this.queue(name).getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed'),
    );
    return {
      waiting: counts.waiting ?? 0,
      delayed: counts.delayed ?? 0,
      active: counts.active ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Workers first: close() waits for the jobs they are running.
    await Promise.allSettled([...this.workers.values()].map((worker) => worker.close()));
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    // BullMQ never closes a connection it was given; disconnect() also stops reconnecting.
    const clients = this.workerRedis
      ? [this.producerRedis, this.workerRedis]
      : [this.producerRedis];
    await Promise.allSettled(clients.map((client) => client.quit()));
    for (const client of clients) client.disconnect();
  }

  /** Created on the first `process`, so producer-only processes hold one connection. */
  private consumerRedis(): Redis {
    if (!this.workerRedis) {
      this.workerRedis = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
      this.workerRedis.on('error', this.remember);
    }
    return this.workerRedis;
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      assertQueueName(name);
      // Without skipWaitingForReady an add waits for Redis forever instead of failing.
      queue = new Queue(name, {
        connection: this.producerRedis,
        prefix: this.prefix,
        skipWaitingForReady: true,
      });
      queue.on('error', this.report);
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async redisCall<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw describeRedisError(what, this.where, error, this.lastRedisError);
    }
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new JobQueueClosedError(operation);
  }
}

async function runHandler(handler: JobHandler, name: string, job: Job): Promise<void> {
  const context = {
    id: job.id as string,
    name,
    attempt: job.attemptsMade + 1,
    attempts: job.opts.attempts ?? 1,
  };
  try {
    await handler(job.data as JobPayload, context);
  } catch (error) {
    if (error instanceof UnrecoverableJobError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
