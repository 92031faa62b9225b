import type { JobQueue } from '@resetline/domain';
import { BullMqJobQueue } from './bullMqJobQueue.js';
import { InProcessJobQueue } from './inProcessJobQueue.js';

export type JobQueueConfig = Readonly<{
  /** REDIS_URL: BullMQ when set, the in-process queue otherwise. */
  redisUrl?: string;
  /** Redis key prefix (default `resetline`). */
  prefix?: string;
}>;

export function createJobQueue(config: JobQueueConfig): JobQueue {
  if (config.redisUrl) {
    return new BullMqJobQueue({
      redisUrl: config.redisUrl,
      ...(config.prefix ? { prefix: config.prefix } : {}),
    });
  }
  return new InProcessJobQueue();
}
