// The projector as its own process, for the kill -9 test: `node --import tsx --conditions=source
// projectorProcess.ts <events.sqlite> <chdb dir> [clickhouse url] [--catch-up]`.
// Prints `checkpoint <position>` as the audit log checkpoint moves, so the test can kill it mid-work.
// `--die-after-insert=P`: after each read-model insert, with probability P, SIGKILL itself before
// the checkpoint is written: the worst moment, made to happen on purpose.
import { openSqliteEventStore } from '@resetline/adapters';
import {
  catchUp,
  createClickHouse,
  loadCheckpoint,
  migrate,
  readModelMigrations,
  readModels,
  runProjections,
} from '@resetline/projections';

const [eventsFile, chdbDir, url = '', ...flags] = process.argv.slice(2);
if (!eventsFile || !chdbDir)
  throw new Error('usage: projectorProcess <events.sqlite> <chdb dir> [url] [--catch-up]');

const eventStore = openSqliteEventStore({ path: eventsFile, pollIntervalMs: 20 });
const client = createClickHouse({ url: url || undefined, dataDir: chdbDir });
await migrate(client, readModelMigrations);

const dieFlag = flags.find((f) => f.startsWith('--die-after-insert='));
if (dieFlag) {
  const probability = Number(dieFlag.split('=')[1]);
  const maybeDie = (): void => {
    if (Math.random() >= probability) return;
    process.stdout.write('dying after insert\n');
    process.kill(process.pid, 'SIGKILL');
  };
  const insert = client.insert.bind(client);
  client.insert = (async (params: Parameters<typeof insert>[0]) => {
    const result = await insert(params);
    if (params.table !== 'projection_checkpoints') maybeDie();
    return result;
  }) as typeof client.insert;
  // The catch-up inside the engine writes read models with INSERT … SELECT commands.
  const command = client.command.bind(client);
  client.command = (async (params: Parameters<typeof command>[0]) => {
    const result = await command(params);
    if (params.query.trimStart().startsWith('INSERT INTO')) maybeDie();
    return result;
  }) as typeof client.command;
}

if (flags.includes('--catch-up')) {
  for (const projection of readModels) {
    await catchUp({ client, eventStore }, [projection], { batchSize: 500 });
  }
  await client.close();
  await eventStore.close();
  process.stdout.write('caught-up\n');
} else {
  let last = -1;
  const report = setInterval(() => {
    void loadCheckpoint(client, 'audit_log').then((c) => {
      if (c && c.position !== last) process.stdout.write(`checkpoint ${(last = c.position)}\n`);
    });
  }, 25);
  // Small batches (catch-up ranges) and short flushes: more boundaries for the kills to land between.
  const running = runProjections({ client, eventStore }, readModels, {
    batchSize: 1000,
    flushIntervalMs: 20,
    // The workload's dates are fixed: as the calendar moves on, retention would delete its rows.
    retentionIntervalMs: 0,
  });
  process.stdout.write('running\n');
  await running.done.finally(() => clearInterval(report));
}
