import { join } from 'node:path';
import { openSqliteEventStore } from '@resetline/adapters';
import { handleCommand } from '@resetline/domain';
import type { EventStore, EventToAppend } from '@resetline/domain';
import {
  benchMetadata,
  decideSignInFailure,
  signInFailedData,
  signInFold,
} from './benchDecider.js';
import { benchRandom, uuidv7 } from './benchRandom.js';
import { nowMs, timed } from './stats.js';
import type { WorkloadResult } from './stats.js';

export type Sizes = Readonly<{ single: number; concurrent: number; batch: number }>;

export const BATCH_SIZE = 100;
export const CONCURRENT_CLIENTS = 64;
export const CATCH_UP_PAGE = 1000;
/** Each stream receives this many commands, so a load reads a short stream as in real use. */
const EVENTS_PER_STREAM = 10;

const STORE = 'resetline';

const runCommand = (store: EventStore, streamId: string, attempt: number) =>
  handleCommand(
    { eventStore: store, random: benchRandom },
    streamId,
    signInFold,
    benchMetadata(new Date()),
    (state) => decideSignInFailure(state, attempt),
  );

const single = async (store: EventStore, count: number): Promise<WorkloadResult> => {
  const latenciesMs: number[] = [];
  const start = nowMs();
  for (let i = 0; i < count; i++) {
    latenciesMs.push(
      await timed(() => runCommand(store, `user-single-${Math.floor(i / EVENTS_PER_STREAM)}`, i)),
    );
  }
  const seconds = (nowMs() - start) / 1000;
  return {
    store: STORE,
    workload: 'single',
    events: count,
    seconds,
    latenciesMs,
    unit: 'command (load, decide, append)',
  };
};

const concurrent = async (store: EventStore, count: number): Promise<WorkloadResult> => {
  const latenciesMs: number[] = [];
  const client = async (c: number): Promise<void> => {
    for (let k = 0, i = c; i < count; k++, i += CONCURRENT_CLIENTS) {
      const streamId = `user-conc-${c}-${Math.floor(k / EVENTS_PER_STREAM)}`;
      latenciesMs.push(await timed(() => runCommand(store, streamId, i)));
    }
  };
  const start = nowMs();
  await Promise.all(Array.from({ length: CONCURRENT_CLIENTS }, (_, c) => client(c)));
  const seconds = (nowMs() - start) / 1000;
  return {
    store: STORE,
    workload: 'concurrent',
    events: count,
    seconds,
    latenciesMs,
    unit: `command, ${CONCURRENT_CLIENTS} in flight`,
  };
};

export const batchOfEvents = (first: number): EventToAppend[] => {
  const metadata = benchMetadata(new Date());
  return Array.from({ length: BATCH_SIZE }, (_, n) => ({
    id: uuidv7(),
    type: 'SignInFailed',
    data: signInFailedData(n + 1, first + n),
    metadata: {
      tenantId: metadata.tenantId,
      actor: metadata.actor,
      correlationId: metadata.correlationId,
      ip: metadata.ip,
      userAgent: metadata.userAgent,
    },
    occurredAt: metadata.now,
  }));
};

const batches = async (store: EventStore, count: number): Promise<WorkloadResult> => {
  const latenciesMs: number[] = [];
  const start = nowMs();
  for (let b = 0; b * BATCH_SIZE < count; b++) {
    const events = batchOfEvents(b * BATCH_SIZE);
    latenciesMs.push(
      await timed(() =>
        store.appendToStream(`batch-${b}`, events, { expectedRevision: 'no_stream' }),
      ),
    );
  }
  const seconds = (nowMs() - start) / 1000;
  return {
    store: STORE,
    workload: 'batch',
    events: count,
    seconds,
    latenciesMs,
    unit: `append of ${BATCH_SIZE} events`,
  };
};

const catchUp = async (store: EventStore): Promise<WorkloadResult> => {
  const head = await store.headPosition();
  const latenciesMs: number[] = [];
  const subscription = store.subscribeToAll({ after: 0, batchSize: CATCH_UP_PAGE });
  let count = 0;
  const start = nowMs();
  let pageStart = start;
  for await (const event of subscription) {
    count++;
    if (count % CATCH_UP_PAGE === 0) {
      const now = nowMs();
      latenciesMs.push(now - pageStart);
      pageStart = now;
    }
    if (event.position >= head) break;
  }
  const seconds = (nowMs() - start) / 1000;
  await subscription.stop();
  return {
    store: STORE,
    workload: 'catch-up',
    events: count,
    seconds,
    latenciesMs,
    unit: `${CATCH_UP_PAGE} events via subscribeToAll`,
  };
};

/** Fills the store with batches first, so single and concurrent appends run on a big store. */
export const runResetline = async (
  dir: string,
  sizes: Sizes,
  log: (line: string) => void,
): Promise<WorkloadResult[]> => {
  const store = openSqliteEventStore({ path: join(dir, 'resetline.sqlite') });
  const results: WorkloadResult[] = [];
  try {
    for (const [name, run] of [
      ['batch', () => batches(store, sizes.batch)],
      ['single', () => single(store, sizes.single)],
      ['concurrent', () => concurrent(store, sizes.concurrent)],
      ['catch-up', () => catchUp(store)],
    ] as const) {
      log(`  resetline ${name}…`);
      results.push(await run());
    }
  } finally {
    await store.close();
  }
  return results;
};
