import { join } from 'node:path';
import {
  createCryptoPorts,
  createJobQueue,
  createNotifier,
  ensureDevSecrets,
  loadConfig,
  openEventStore,
} from '@resetline/adapters';
import { jsonLogger } from './logger.js';
import { startWorkers } from './startWorkers.js';

/** The worker process: config → adapters → dispatcher and processors; SIGTERM stops it cleanly. */
async function main(): Promise<void> {
  const logger = jsonLogger('workers');
  const config = ensureDevSecrets(loadConfig(process.env));
  const crypto = createCryptoPorts(config.secrets);
  const eventStore = openEventStore(config);
  const jobQueue = createJobQueue(config.redisUrl ? { redisUrl: config.redisUrl } : {});
  const notifier = createNotifier({
    ...(config.smtpUrl ? { smtp: { url: config.smtpUrl, from: config.smtpFrom } } : {}),
    ...(config.smsWebhook
      ? { smsWebhook: { url: config.smsWebhook.url, secret: config.smsWebhook.secret.reveal() } }
      : {}),
    outboxDirectory: join(config.dataDir, 'outbox'),
  });
  const workers = await startWorkers({
    eventStore,
    jobQueue,
    notifier,
    secretBox: crypto.secretBox,
    clock: crypto.clock,
    publicUrl: config.publicUrl,
    checkpointPath: join(config.dataDir, 'dispatcher.sqlite'),
    logger,
  });
  logger.info('workers running', {
    routes: notifier.routes,
    queue: config.redisUrl ? 'bullmq' : 'in-process',
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('workers stopping', { signal });
    // Dispatcher first (no new jobs), then the queue waits for running jobs, then the rest.
    await workers.stop();
    await jobQueue.close();
    await notifier.close();
    await eventStore.close();
    logger.info('workers stopped');
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
