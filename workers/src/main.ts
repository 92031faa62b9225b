import { createCryptoPorts, ensureDevSecrets, loadConfig, openEventStore } from '@resetline/adapters';
import { jsonLogger } from './logger.js';
import { startConfiguredWorkers } from './startConfiguredWorkers.js';

/** The worker process: config → adapters → dispatcher and processors; SIGTERM stops it cleanly. */
async function main(): Promise<void> {
  const logger = jsonLogger('workers');
  const config = ensureDevSecrets(loadConfig(process.env));
  const crypto = createCryptoPorts(config.secrets);
  const eventStore = openEventStore(config);
  const running = await startConfiguredWorkers(config, {
    eventStore,
    secretBox: crypto.secretBox,
    clock: crypto.clock,
    logger,
  });
  logger.info('workers running', {
    routes: running.notifier.routes,
    queue: config.redisUrl ? 'bullmq' : 'in-process',
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('workers stopping', { signal });
    await running.close();
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
