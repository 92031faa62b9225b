import type { EventStore, RecordedEvent } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { insertRows } from '../clickhouse/createClickHouse.js';
import {
  loadCheckpoint,
  nextWritten,
  saveCheckpoint,
  saveCheckpoints,
  type NamedCheckpoint,
} from './checkpoints.js';
import {
  describeError,
  findFailedEvent,
  forgetFailedEvents,
  listFailedEvents,
  recordFailedEvent,
} from './failedEvents.js';
import { insertSettings, type Projection } from './projection.js';
import { batchToken, type ProjectionBatch } from './projectionBatch.js';

export type ProjectionWriterOptions = Readonly<{
  client: ClickHouse;
  eventStore: EventStore;
  projection: Projection;
  /** toRows attempts per event before it is marked dead (default 5). */
  maxAttempts?: number;
}>;

/**
 * The writing half of a projection, shared by its own runner and by the catch-up that feeds every
 * projection from one reader: where to start, how a batch lands, rebuilds and failed events.
 */
export type ProjectionWriter = Readonly<{
  projection: Projection;
  /** The checkpoint to resume after; a version change resets the read model and returns 0. */
  start(): Promise<number>;
  /** Rows, then failures, then the checkpoint: a crash in between replays the batch. */
  write(batch: ProjectionBatch): Promise<void>;
  /** Rows, then failures; the caller saves {@link checkpointAfter} once they are written. */
  writeRows(batch: ProjectionBatch): Promise<void>;
  /** The insert deduplication token of rows made from the events at these positions. */
  tokenFor(batch: Pick<ProjectionBatch, 'firstPosition' | 'lastPosition'>): string;
  /** The checkpoint that records `batch` as written. */
  checkpointAfter(batch: ProjectionBatch): NamedCheckpoint;
  /** Empties the read model and the checkpoint: the next start is position 0. */
  reset(): Promise<void>;
  /** Runs toRows again for failed events with attempts left; returns how many now succeeded. */
  retryFailed(): Promise<number>;
}>;

export const createProjectionWriter = (options: ProjectionWriterOptions): ProjectionWriter => {
  const { client, eventStore, projection } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const { name, version } = projection;
  let generation = 0;

  const recordFailure = async (event: RecordedEvent, error: string): Promise<void> => {
    // A replayed batch meets the same failure again: keep the attempts already counted.
    if (await findFailedEvent(client, name, event.position)) return;
    await recordFailedEvent(client, {
      projection: name,
      position: event.position,
      eventId: event.id,
      eventType: event.type,
      attempts: 1,
      status: maxAttempts <= 1 ? 'dead' : 'failed',
      lastError: error,
    });
  };

  const tokenFor = (batch: Pick<ProjectionBatch, 'firstPosition' | 'lastPosition'>): string =>
    batchToken(projection, generation, batch);

  const writeRows = async (batch: ProjectionBatch): Promise<void> => {
    if (batch.events === 0) return;
    await insertRows(client, projection.table, batch.rows, tokenFor(batch), {
      settings: insertSettings(projection),
    });
    for (const failure of batch.failures) await recordFailure(failure.event, failure.error);
  };

  const checkpointAfter = (batch: ProjectionBatch): NamedCheckpoint => ({
    projection: name,
    position: batch.lastPosition,
    version,
    generation,
  });

  const write = async (batch: ProjectionBatch): Promise<void> => {
    if (batch.events === 0) return;
    await writeRows(batch);
    await saveCheckpoints(client, [checkpointAfter(batch)]);
  };

  const reset = async (): Promise<void> => {
    for (const table of projection.tables)
      await client.command({ query: `TRUNCATE TABLE ${table}` });
    await forgetFailedEvents(client, name);
    generation = nextWritten();
    await saveCheckpoint(client, name, { position: 0, version, generation });
  };

  const start = async (): Promise<number> => {
    const checkpoint = await loadCheckpoint(client, name);
    if (!checkpoint) return 0;
    if (checkpoint.version !== version) {
      await reset();
      return 0;
    }
    generation = checkpoint.generation;
    return checkpoint.position;
  };

  const retryFailed = async (): Promise<number> => {
    let succeeded = 0;
    await start(); // learns the generation the retried rows belong to
    for (const failed of await listFailedEvents(client, name, ['failed'])) {
      const [event] = await eventStore.readAll({ after: failed.position - 1, maxCount: 1 });
      if (!event || event.position !== failed.position) continue;
      const attempts = failed.attempts + 1;
      try {
        const rows = projection.toRows(event);
        await insertRows(
          client,
          projection.table,
          rows,
          `${name}:v${version}:g${generation}:retry:${event.position}`,
          { settings: insertSettings(projection) },
        );
        await recordFailedEvent(client, { ...failed, attempts, status: 'resolved' });
        succeeded += 1;
      } catch (error) {
        const status = attempts >= maxAttempts ? 'dead' : 'failed';
        await recordFailedEvent(client, {
          ...failed,
          attempts,
          status,
          lastError: describeError(error),
        });
      }
    }
    return succeeded;
  };

  return {
    projection,
    start,
    write,
    writeRows,
    tokenFor,
    checkpointAfter,
    reset,
    retryFailed,
  };
};

/**
 * Writes one batch per read model (rows and failures, read model after read model) and returns the
 * checkpoints that record them, for the caller to save once they are all written.
 */
export const writeBatchRows = async (
  writers: readonly ProjectionWriter[],
  batches: readonly ProjectionBatch[],
): Promise<NamedCheckpoint[]> => {
  const checkpoints: NamedCheckpoint[] = [];
  for (const [i, writer] of writers.entries()) {
    const batch = batches[i];
    if (!batch || batch.events === 0) continue;
    await writer.writeRows(batch);
    checkpoints.push(writer.checkpointAfter(batch));
  }
  return checkpoints;
};

/** {@link writeBatchRows}, then every moved checkpoint in one insert: a crash before it replays all. */
export const writeBatches = async (
  client: ClickHouse,
  writers: readonly ProjectionWriter[],
  batches: readonly ProjectionBatch[],
): Promise<void> => saveCheckpoints(client, await writeBatchRows(writers, batches));
