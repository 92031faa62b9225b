import { ConfigError } from '@resetline/adapters';
import { recallDemoCredentials, rememberDemoCredentials } from './demo/demoCredentials.js';
import { seedDemoData } from './demo/demoData.js';
import { startResetline } from './embedded.js';

// The all-in-one process: `npm start`. The only place that reads process.env.
const main = async (): Promise<void> => {
  const running = await startResetline(process.env);
  const { url, logger, config } = running;
  if (config.nodeEnv !== 'production') {
    const created = await seedDemoData(running.services.deps);
    if (created) rememberDemoCredentials(config.dataDir, created);
  }
  const demo = config.nodeEnv === 'production' ? null : recallDemoCredentials(config.dataDir);
  process.stdout.write(
    [
      '',
      'Resetline is running (embedded: SQLite event store, in-process queue, dev outbox)',
      `  GraphQL   ${url}/graphql`,
      `  health    ${url}/healthz   ready ${url}/readyz   metrics ${url}/metrics`,
      `  data      ${config.dataDir}   (messages: ${config.dataDir}/outbox/outbox.jsonl)`,
      ...(demo
        ? ['', `Demo tenant "${demo.tenant}": sign in as ${demo.username} with password ${demo.password}`]
        : []),
      '',
    ].join('\n') + '\n',
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
};

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Resetline failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
