import { join } from 'node:path';
import { CommandHandler } from '@event-driven-io/emmett';
import {
  getSQLiteEventStore,
  readMessagesBatch,
  sqliteConnection,
} from '@event-driven-io/emmett-sqlite';
import type { SQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import {
  benchMetadata,
  decideSignInFailure,
  signInFailedData,
  signInFold,
} from './benchDecider.js';
import type { SignInFailed } from './benchDecider.js';
import { BATCH_SIZE, CATCH_UP_PAGE, CONCURRENT_CLIENTS } from './resetlineWorkloads.js';
import { nowMs, timed } from './stats.js';
import type { WorkloadResult } from './stats.js';

const STORE = 'emmett-sqlite';
const EVENTS_PER_STREAM = 10;

// Emmett's events carry their metadata inline; give them the same envelope bytes as ours.
type EmmettEvent = SignInFailed & { metadata: Record<string, unknown> };
const withMetadata = (event: SignInFailed): EmmettEvent => {
  const { now, ...metadata } = benchMetadata(new Date());
  return { ...event, metadata: { ...metadata, occurredAt: now.toISOString() } };
};

const handle = CommandHandler<{ failures: number }, EmmettEvent>({
  evolve: (state, event) => signInFold.evolve(state, event),
  initialState: signInFold.initialState,
});

const runCommand = (store: SQLiteEventStore, streamId: string, attempt: number) =>
  handle(store, streamId, (state) => withMetadata(decideSignInFailure(state, attempt)));

/**
 * Runs `count` commands from `clients` concurrent loops. Emmett's store sometimes fails a commit
 * with SQLITE_BUSY ("SQL statements in progress"); such commands are counted, not retried.
 */
const commands = async (
  storeFor: (client: number) => SQLiteEventStore,
  count: number,
  clients: number,
  workload: string,
  unit: string,
): Promise<WorkloadResult> => {
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstFailure = '';
  const client = async (c: number): Promise<void> => {
    const store = storeFor(c);
    for (let k = 0, i = c; i < count; k++, i += clients) {
      const streamId = `user-${workload}-${c}-${Math.floor(k / EVENTS_PER_STREAM)}`;
      const t = nowMs();
      try {
        await runCommand(store, streamId, i);
        latenciesMs.push(nowMs() - t);
      } catch (error) {
        failures++;
        firstFailure ||= error instanceof Error ? error.message : String(error);
      }
    }
  };
  const start = nowMs();
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  return {
    store: STORE,
    workload,
    events: count - failures,
    seconds: (nowMs() - start) / 1000,
    latenciesMs,
    unit,
    ...(failures > 0
      ? { note: `${failures} of ${count} commands failed: ${firstFailure.slice(0, 70)}` }
      : {}),
  };
};

export type EmmettSizes = Readonly<{ single: number; concurrent: number; batch: number }>;

/**
 * The same workloads on Emmett's SQLite store (node `sqlite3`, WAL, SQLite's default
 * synchronous=FULL in WAL mode). It opens a connection per operation on a file database.
 */
export const runEmmett = async (
  dir: string,
  sizes: EmmettSizes,
  log: (line: string) => void,
): Promise<WorkloadResult[]> => {
  const fileName = join(dir, 'emmett.sqlite');
  const store = getSQLiteEventStore({ fileName });
  const results: WorkloadResult[] = [];

  // Emmett prints every failed transaction with console.log; keep our output readable.
  const consoleLog = console.log;
  console.log = () => {};
  try {
    log('  emmett single…');
    results.push(
      await commands(() => store, sizes.single, 1, 'single', 'command (CommandHandler)'),
    );
    log('  emmett concurrent…');
    // One store per client: a single Emmett file store shares one connection variable between
    // overlapping operations and closes it under them (SQLITE_MISUSE: Database is closed).
    const stores = Array.from({ length: CONCURRENT_CLIENTS }, () =>
      getSQLiteEventStore({ fileName }),
    );
    results.push(
      await commands(
        (c) => stores[c] as SQLiteEventStore,
        sizes.concurrent,
        CONCURRENT_CLIENTS,
        'concurrent',
        `command, ${CONCURRENT_CLIENTS} in flight, a store each`,
      ),
    );
  } finally {
    console.log = consoleLog;
  }

  log('  emmett batch…');
  let latenciesMs: number[] = [];
  let start = nowMs();
  for (let b = 0; b * BATCH_SIZE < sizes.batch; b++) {
    const events = Array.from({ length: BATCH_SIZE }, (_, n) =>
      withMetadata({ type: 'SignInFailed', data: signInFailedData(n + 1, b * BATCH_SIZE + n) }),
    );
    latenciesMs.push(await timed(() => store.appendToStream(`batch-${b}`, events)));
  }
  results.push({
    store: STORE,
    workload: 'batch',
    events: sizes.batch,
    seconds: (nowMs() - start) / 1000,
    latenciesMs,
    unit: `append of ${BATCH_SIZE} events`,
  });

  log('  emmett catch-up…');
  const connection = sqliteConnection({ fileName });
  latenciesMs = [];
  let after = 0n;
  let count = 0;
  start = nowMs();
  for (;;) {
    const t = nowMs();
    const batch = await readMessagesBatch(connection, { after, batchSize: CATCH_UP_PAGE });
    if (batch.messages.length === 0) break;
    count += batch.messages.length;
    after = batch.currentGlobalPosition;
    latenciesMs.push(nowMs() - t);
  }
  results.push({
    store: STORE,
    workload: 'catch-up',
    events: count,
    seconds: (nowMs() - start) / 1000,
    latenciesMs,
    unit: `readMessagesBatch of ${CATCH_UP_PAGE}`,
  });
  connection.close();
  return results;
};
