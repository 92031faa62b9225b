import type { EventStore, Subscription } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import type { Projection } from './projection.js';
import { addToBatch, emptyBatch, type ProjectionBatch } from './projectionBatch.js';
import { saveCheckpoints, type NamedCheckpoint } from './checkpoints.js';
import {
  createProjectionWriter,
  writeBatchRows,
  type ProjectionWriter,
} from './projectionWriter.js';

export type FollowOptions = Readonly<{
  /** Events buffered before the reader waits for the write in flight (default 5,000). */
  batchSize?: number;
  /**
   * A batch is written this long after its first event arrived, and writes start at most this
   * often (default 50 ms); a full batch goes at once.
   */
  flushIntervalMs?: number;
  /** toRows attempts per event before it is marked dead (default 5). */
  maxAttempts?: number;
  /** How often failed events are retried (default one minute). */
  retryIntervalMs?: number;
  /**
   * Checkpoints are saved at most this often (default 1 s), and when following stops. A crash
   * replays the events written since, which the tables' event keys absorb; each save is an insert
   * of its own, so saving after every small batch would add one to every write.
   */
  checkpointIntervalMs?: number;
}>;

export type Following = Readonly<{
  /** Settles once stopped and the last batch is written; rejects when writing fails. */
  done: Promise<void>;
  stop(): Promise<void>;
}>;

/**
 * Follows live appends for every read model from ONE subscription: each event is read once and
 * added to the batch of every read model still behind it. A batch is written (each read model's
 * rows, then all checkpoints in one insert) `flushIntervalMs` after its first event; one write at
 * a time, and whatever arrived during a write goes out in the next, `flushIntervalMs` after this
 * one started. So under load batches grow instead of writes queueing up behind each other, and
 * chDB has time between writes for the reads that wait for it. Exactly-once as in catch-up: rows
 * before the checkpoints that cover them, in position order; checkpoints follow at most
 * `checkpointIntervalMs` later.
 */
export const followProjections = (
  deps: Readonly<{ client: ClickHouse; eventStore: EventStore }>,
  projections: readonly Projection[],
  options: FollowOptions = {},
): Following => {
  const batchSize = options.batchSize ?? 5_000;
  const flushIntervalMs = options.flushIntervalMs ?? 50;
  const retryIntervalMs = options.retryIntervalMs ?? 60_000;
  const checkpointIntervalMs = options.checkpointIntervalMs ?? 1_000;
  const writers: ProjectionWriter[] = projections.map((projection) =>
    createProjectionWriter({ ...deps, projection, maxAttempts: options.maxAttempts }),
  );

  let stopped = false;
  let subscription: Subscription | undefined;
  let failure: unknown;
  const fail = (error: unknown): void => {
    failure ??= error;
    void subscription?.stop();
  };

  let batches = writers.map(emptyBatch);
  let buffered = 0;
  let timer: NodeJS.Timeout | undefined;
  let retryDue = false;
  // Checkpoints of written batches not saved yet, the newest per read model.
  const unsaved = new Map<string, NamedCheckpoint>();
  let checkpointTimer: NodeJS.Timeout | undefined;
  let checkpointDue = false;
  // The single chain of writes: batches in position order, failed-event retries between them.
  let writing: Promise<void> | undefined;

  // Writes start at most every `flushIntervalMs` (but for a full batch, or the last one): back to
  // back, small writes kept chDB busy all the time, and every read queued behind them.
  let lastWriteAt = -Infinity;
  let closing = false;
  const writeDueIn = (): number =>
    buffered >= batchSize || closing ? 0 : lastWriteAt + flushIntervalMs - performance.now();

  const drain = async (): Promise<void> => {
    while (!failure) {
      const writeNow = buffered > 0 && writeDueIn() <= 0;
      if (!writeNow && !retryDue && !checkpointDue) break;
      if (writeNow) {
        lastWriteAt = performance.now();
        const full: ProjectionBatch[] = batches;
        batches = writers.map(emptyBatch);
        buffered = 0;
        for (const checkpoint of await writeBatchRows(writers, full))
          unsaved.set(checkpoint.projection, checkpoint);
        checkpointTimer ??= setTimeout(() => {
          checkpointDue = true;
          startWriting();
        }, checkpointIntervalMs);
      }
      if (checkpointDue) {
        checkpointDue = false;
        clearTimeout(checkpointTimer);
        checkpointTimer = undefined;
        const checkpoints = [...unsaved.values()];
        unsaved.clear();
        await saveCheckpoints(deps.client, checkpoints);
      }
      if (retryDue) {
        retryDue = false;
        for (const writer of writers) await writer.retryFailed();
      }
    }
    if (buffered > 0 && !failure) timer ??= setTimeout(startWriting, writeDueIn());
  };
  const startWriting = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (writing) return; // the write in flight takes what arrived meanwhile when it ends
    writing = drain()
      .catch(fail)
      .finally(() => (writing = undefined));
  };

  const run = async (): Promise<void> => {
    const starts: number[] = [];
    for (const writer of writers) starts.push(await writer.start());
    for (const writer of writers) await writer.retryFailed();
    if (stopped || writers.length === 0) return;
    const retryTimer = setInterval(() => {
      retryDue = true;
      startWriting();
    }, retryIntervalMs);
    subscription = deps.eventStore.subscribeToAll({ after: Math.min(...starts), batchSize });
    try {
      for await (const event of subscription) {
        if (stopped || failure) break;
        for (const [i, writer] of writers.entries()) {
          if (event.position > (starts[i] as number))
            addToBatch(batches[i] as ProjectionBatch, writer.projection, event);
        }
        buffered += 1;
        if (buffered >= batchSize) {
          startWriting();
          await writing; // holds the reader back while a full batch is written
        } else {
          timer ??= setTimeout(startWriting, flushIntervalMs);
        }
      }
    } finally {
      clearInterval(retryTimer);
      clearTimeout(timer);
      // The last batch, if any, then the checkpoints not saved yet (drain writes in that order).
      checkpointDue = true;
      closing = true;
      if (!failure) startWriting();
      while (writing) await writing;
      clearTimeout(checkpointTimer);
    }
    if (failure) throw failure;
  };

  const done = run();
  return {
    done,
    stop: async () => {
      stopped = true;
      await subscription?.stop();
    },
  };
};
