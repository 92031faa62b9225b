import type { EventStore, Subscription } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import type { Projection } from './projection.js';
import { addToBatch, emptyBatch } from './projectionBatch.js';
import { createProjectionWriter } from './projectionWriter.js';

export type ProjectionRunnerOptions = Readonly<{
  client: ClickHouse;
  eventStore: EventStore;
  projection: Projection;
  /** Flush after this many events (default 5,000). */
  batchSize?: number;
  /** While following live appends, flush at most this long after the first buffered event. */
  flushIntervalMs?: number;
  /** toRows attempts per event before it is marked dead (default 5). */
  maxAttempts?: number;
  /** How often a live runner retries failed events (default one minute). */
  retryIntervalMs?: number;
}>;

export type ProjectionRunner = Readonly<{
  projection: Projection;
  /** Projects everything stored up to now from the checkpoint; resolves with the position reached. */
  catchUp(onProgress?: (position: number) => void): Promise<number>;
  /** Catches up, then follows live appends until `stop()`; rejects when writing fails. */
  run(): Promise<void>;
  stop(): Promise<void>;
  /** Runs toRows again for failed events with attempts left; returns how many now succeeded. */
  retryFailed(): Promise<number>;
  /** Empties the read model and the checkpoint: the next catch-up starts at position 0. */
  reset(): Promise<void>;
}>;

export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { eventStore, projection } = options;
  const batchSize = options.batchSize ?? 5_000;
  const flushIntervalMs = options.flushIntervalMs ?? 50;
  const retryIntervalMs = options.retryIntervalMs ?? 60_000;
  const writer = createProjectionWriter(options);

  // Writes happen one at a time, in position order, so the checkpoint only moves forwards.
  let writes: Promise<void> = Promise.resolve();
  const serially = (work: () => Promise<void>): Promise<void> => {
    const next = writes.then(work);
    writes = next.catch(() => {});
    return next;
  };
  const { write, reset, retryFailed } = writer;

  const catchUp = async (onProgress?: (position: number) => void): Promise<number> => {
    let position = await writer.start();
    for (;;) {
      const events = await eventStore.readAll({ after: position, maxCount: batchSize });
      if (events.length === 0) return position;
      const batch = emptyBatch();
      for (const event of events) addToBatch(batch, projection, event);
      await serially(() => write(batch));
      position = batch.lastPosition;
      onProgress?.(position);
      if (events.length < batchSize) return position;
    }
  };

  let subscription: Subscription | undefined;
  let stopped = false;
  let failure: unknown;

  const follow = async (after: number): Promise<void> => {
    let batch = emptyBatch();
    let timer: NodeJS.Timeout | undefined;
    const flush = (): Promise<void> => {
      clearTimeout(timer);
      timer = undefined;
      const full = batch;
      batch = emptyBatch();
      return serially(() => write(full));
    };
    const fail = (error: unknown): void => {
      failure ??= error;
      void subscription?.stop();
    };
    const retryTimer = setInterval(
      () => void serially(async () => void (await retryFailed())).catch(fail),
      retryIntervalMs,
    );
    subscription = eventStore.subscribeToAll({ after, batchSize });
    try {
      for await (const event of subscription) {
        if (stopped || failure) break;
        addToBatch(batch, projection, event);
        if (batch.events >= batchSize) await flush();
        else timer ??= setTimeout(() => void flush().catch(fail), flushIntervalMs);
      }
      if (!failure) await flush();
    } finally {
      clearTimeout(timer);
      clearInterval(retryTimer);
      await writes;
    }
    if (failure) throw failure;
  };

  return {
    projection,
    catchUp,
    retryFailed: () => {
      let succeeded = 0;
      return serially(async () => {
        succeeded = await retryFailed();
      }).then(() => succeeded);
    },
    reset: () => serially(reset),
    run: async () => {
      const position = await catchUp();
      await serially(async () => void (await retryFailed()));
      if (!stopped) await follow(position);
    },
    stop: async () => {
      stopped = true;
      await subscription?.stop();
    },
  };
};
