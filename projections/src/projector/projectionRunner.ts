import type { EventStore } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import type { Projection } from './projection.js';
import { catchUpProjections } from './catchUpProjections.js';
import { createProjectionWriter } from './projectionWriter.js';
import { runProjections, type RunningProjections } from './runProjections.js';

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
  const { reset, retryFailed } = writer;

  const deps = { client: options.client, eventStore };
  const catchUp = (onProgress?: (position: number) => void): Promise<number> => {
    let reached = 0;
    return serially(async () => {
      reached = await catchUpProjections(deps, [projection], {
        batchSize,
        maxAttempts: options.maxAttempts,
        onProgress,
      });
    }).then(() => reached);
  };

  let stopped = false;
  let running: RunningProjections | undefined;

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
    // Live following is the projector's own (one reader, batches written one at a time).
    run: async () => {
      if (stopped) return;
      running = runProjections(deps, [projection], {
        batchSize,
        flushIntervalMs,
        maxAttempts: options.maxAttempts,
        retryIntervalMs,
      });
      await running.done;
    },
    stop: async () => {
      stopped = true;
      await running?.stop();
    },
  };
};
