import { join } from 'node:path';
import {
  createJobQueue,
  createNotifier,
  type ChannelNotifier,
  type ConfigWithSecrets,
} from '@resetline/adapters';
import type { Clock, EventStore, JobQueue, SecretBox } from '@resetline/domain';
import type { WorkerLogger } from './logger.js';
import { startWorkers, type RunningWorkers } from './startWorkers.js';

export type ConfiguredWorkers = Readonly<{
  workers: RunningWorkers;
  jobQueue: JobQueue;
  notifier: ChannelNotifier;
  /** Dispatcher first (no new jobs), then the queue waits for running jobs, then the notifier. */
  close: () => Promise<void>;
}>;

/**
 * The job queue and notifier the configuration asks for (BullMQ when REDIS_URL is set, SMTP and
 * the SMS webhook when configured, the dev outbox for the rest), with the dispatcher and the
 * processors on top. The worker process and the all-in-one process both start workers here.
 */
export const startConfiguredWorkers = async (
  config: ConfigWithSecrets,
  deps: Readonly<{ eventStore: EventStore; secretBox: SecretBox; clock: Clock; logger?: WorkerLogger }>,
): Promise<ConfiguredWorkers> => {
  const jobQueue = createJobQueue(config.redisUrl ? { redisUrl: config.redisUrl } : {});
  const notifier = createNotifier({
    ...(config.smtpUrl ? { smtp: { url: config.smtpUrl, from: config.smtpFrom } } : {}),
    ...(config.smsWebhook
      ? { smsWebhook: { url: config.smsWebhook.url, secret: config.smsWebhook.secret.reveal() } }
      : {}),
    outboxDirectory: join(config.dataDir, 'outbox'),
  });
  const workers = await startWorkers({
    ...deps,
    jobQueue,
    notifier,
    publicUrl: config.publicUrl,
    checkpointPath: join(config.dataDir, 'dispatcher.sqlite'),
  });
  return {
    workers,
    jobQueue,
    notifier,
    close: async () => {
      await workers.stop();
      await jobQueue.close();
      await notifier.close();
    },
  };
};
