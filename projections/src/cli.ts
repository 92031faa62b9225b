import { join } from 'node:path';
import { loadConfig, openEventStore } from '@resetline/adapters';
import { createClickHouse } from './clickhouse/createClickHouse.js';
import { migrate } from './clickhouse/migrations.js';
import { readModelMigrations } from './clickhouse/schema.js';
import { projectionLag } from './projector/projectionLag.js';
import { findReadModel, readModels } from './projector/readModels.js';
import { rebuild } from './projector/rebuild.js';
import { runProjections } from './projector/runProjections.js';
import { applyRetention, type RetentionSwept } from './retention/applyRetention.js';

const usage = `Usage: npm run projections -- <command>
  rebuild [name]   empty a read model (all when no name), project every event again, then
                   delete what is past each tenant's audit retention
  run              project continuously (stop with SIGTERM/SIGINT)
  lag              print how far each read model is behind the event store
Read models: ${readModels.map((p) => p.name).join(', ')}`;

const printSwept = (swept: readonly RetentionSwept[]): void => {
  for (const { table, expired, busy } of swept)
    if (busy) console.warn(`retention: ${table} waits, an earlier mutation of it still runs`);
    else if (expired > 0) console.log(`retention: deleting ${expired} rows of ${table}`);
};

// The composition root of the projector process: the only place that reads process.env.
const main = async (args: readonly string[]): Promise<void> => {
  const [command, name] = args;
  if (command !== 'rebuild' && command !== 'run' && command !== 'lag') {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig(process.env);
  const eventStore = openEventStore(config);
  const client = createClickHouse({
    url: config.clickhouseUrl,
    dataDir: join(config.dataDir, 'chdb'),
  });
  try {
    await migrate(client, readModelMigrations);
    if (command === 'rebuild') {
      for (const projection of name ? [findReadModel(name)] : readModels) {
        const result = await rebuild({ client, eventStore }, projection, { progress: true });
        console.log(
          `${result.projection}: rebuilt to position ${result.position} in ${result.seconds.toFixed(1)} s`,
        );
      }
      printSwept(await applyRetention(client));
    } else if (command === 'lag') {
      console.table(await projectionLag({ client, eventStore }, readModels));
    } else {
      const running = runProjections({ client, eventStore }, readModels, {
        onRetentionSwept: printSwept,
        onRetentionFailed: (error) => console.error('retention sweep failed:', error),
      });
      const stop = (): void => void running.stop();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      await running.done;
    }
  } finally {
    await client.close();
    await eventStore.close();
  }
};

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
