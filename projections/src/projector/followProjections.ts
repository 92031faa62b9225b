import type { EventStore, Subscription } from '@resetline/domain';
import { auditLogProjection } from '../auditLog/auditLogProjection.js';
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
  /**
   * The audit log (whose append-to-visible lag is the promise) is written every flush interval;
   * the other read models' rows wait up to this long (default 500 ms) and go out with a later
   * write, one read model per write: fewer inserts for chDB to run and merge, fewer for each audit
   * write to wait behind.
   */
  othersFlushIntervalMs?: number;
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
  /** Told after a write inserted rows of a read model (its checkpoint follows later). */
  onRowsWritten?: (projection: string) => void;
}>;

export type Following = Readonly<{
  /** Settles once stopped and the last batch is written; rejects when writing fails. */
  done: Promise<void>;
  stop(): Promise<void>;
}>;

/**
 * Follows live appends for every read model from ONE subscription: each event is read once and
 * added to the batch of every read model still behind it. A write takes the audit log's batch
 * `flushIntervalMs` after its first event, and one other read model's once it is
 * `othersFlushIntervalMs` old (each read model's rows, then checkpoints). One write at a time,
 * and whatever arrived during a write goes out in the next, `flushIntervalMs` after this one
 * started. So under load batches grow instead of writes queueing up behind each other, and chDB
 * has time between writes for the reads that wait for it. Exactly-once as in catch-up: per read
 * model, rows before the checkpoint that covers them, in position order; checkpoints follow at
 * most `checkpointIntervalMs` later.
 */
export const followProjections = (
  deps: Readonly<{ client: ClickHouse; eventStore: EventStore }>,
  projections: readonly Projection[],
  options: FollowOptions = {},
): Following => {
  const batchSize = options.batchSize ?? 5_000;
  const flushIntervalMs = options.flushIntervalMs ?? 50;
  const othersFlushIntervalMs = Math.max(flushIntervalMs, options.othersFlushIntervalMs ?? 500);
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

  const prompt = writers.map(({ projection }) => projection.name === auditLogProjection.name);
  let batches = writers.map(emptyBatch);
  // When each batch got its first event.
  const firstAt = writers.map(() => 0);
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
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
  const isFull = (batch: ProjectionBatch): boolean => batch.events >= batchSize;
  const dueIn = (i: number, now: number): number => {
    const batch = batches[i] as ProjectionBatch;
    if (batch.events === 0) return Infinity;
    if (closing || isFull(batch)) return 0;
    const wait = prompt[i] ? flushIntervalMs : othersFlushIntervalMs;
    return Math.max(lastWriteAt + flushIntervalMs, (firstAt[i] as number) + wait) - now;
  };
  // A write takes the audit log's rows so far and, of the others due, the one waiting longest:
  // one at a time, so that no audit write waits behind all of them at once.
  const takenBy = (due: readonly boolean[]): boolean[] => {
    let oldest = -1;
    for (const [i, at] of firstAt.entries()) {
      if (prompt[i] || !due[i]) continue;
      if (oldest < 0 || at < (firstAt[oldest] as number)) oldest = i;
    }
    return batches.map((batch, i) => (prompt[i] ? batch.events > 0 : i === oldest));
  };

  const drain = async (): Promise<void> => {
    while (!failure) {
      const now = performance.now();
      const due = writers.map((_, i) => dueIn(i, now) <= 0);
      const writeNow = due.includes(true);
      if (!writeNow && !retryDue && !checkpointDue) break;
      if (writeNow) {
        const taken = takenBy(due);
        lastWriteAt = now;
        const written = batches.map((batch, i) => (taken[i] ? batch : emptyBatch()));
        batches = batches.map((batch, i) => (taken[i] ? emptyBatch() : batch));
        for (const checkpoint of await writeBatchRows(writers, written))
          unsaved.set(checkpoint.projection, checkpoint);
        for (const [i, batch] of written.entries())
          if (batch.rows.length > 0)
            options.onRowsWritten?.((writers[i] as ProjectionWriter).projection.name);
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
  };
  const startWriting = (): void => {
    clearTimeout(timer);
    timer = undefined;
    timerAt = Infinity;
    if (writing) return; // the write in flight takes what arrived meanwhile when it ends
    writing = drain()
      .catch(fail)
      .finally(() => {
        writing = undefined;
        schedule();
      });
  };
  // Sets the timer for the next batch due, unless a write is in flight (it schedules when it ends).
  const schedule = (): void => {
    if (writing || failure) return;
    const now = performance.now();
    const at = now + Math.max(0, Math.min(...writers.map((_, i) => dueIn(i, now))));
    if (at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(startWriting, at - now);
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
        let full = false;
        for (const [i, writer] of writers.entries()) {
          if (event.position <= (starts[i] as number)) continue;
          const batch = batches[i] as ProjectionBatch;
          addToBatch(batch, writer.projection, event);
          if (batch.events === 1) firstAt[i] = performance.now();
          full ||= isFull(batch);
        }
        if (full) {
          startWriting();
          await writing; // holds the reader back while a full batch is written
        } else {
          schedule();
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
