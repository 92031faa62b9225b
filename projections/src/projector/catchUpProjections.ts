import type { EventStore } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import type { Projection } from './projection.js';
import { addToBatch, emptyBatch, type ProjectionBatch } from './projectionBatch.js';
import { createProjectionWriter, writeBatches } from './projectionWriter.js';

export type CatchUpOptions = Readonly<{
  /**
   * Events per written batch (default 50,000). Each insert makes a part per partition that
   * ClickHouse later merges, so catch-up wants few large inserts; live following uses small ones.
   */
  batchSize?: number;
  /** Events per event-store read (default 5,000). */
  readSize?: number;
  /** Writes a batch once it has been filling this long, full or not (default 5 s). */
  maxBatchMs?: number;
  /** toRows attempts per event before it is marked dead (default 5). */
  maxAttempts?: number;
  /** Called with the position every read model has reached, after each written batch. */
  onProgress?: (position: number) => void;
  /** Stops after the batch in flight; the checkpoints say where the next catch-up resumes. */
  signal?: AbortSignal;
}>;

const DEFAULT_BATCH = 50_000;
const DEFAULT_READ = 5_000;
const DEFAULT_MAX_BATCH_MS = 5_000;

// The reads and transforms run on this thread while chDB (or the server) works on the previous
// batch; letting the event loop turn between reads lets that write's next step start at once.
const yieldToWrites = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Brings every projection up to the head of the store from one reader: each event is read and
 * parsed once, then handed to every projection still behind it. Each read model gets the same
 * exactly-once writes as its own runner (rows, failures, then checkpoints, in position order);
 * one batch is written while the next is read. Resolves with the position reached.
 */
export const catchUpProjections = async (
  deps: Readonly<{ client: ClickHouse; eventStore: EventStore }>,
  projections: readonly Projection[],
  options: CatchUpOptions = {},
): Promise<number> => {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const readSize = Math.min(options.readSize ?? DEFAULT_READ, batchSize);
  const maxBatchMs = options.maxBatchMs ?? DEFAULT_MAX_BATCH_MS;
  const writers = projections.map((projection) =>
    createProjectionWriter({ ...deps, projection, maxAttempts: options.maxAttempts }),
  );
  const starts: number[] = [];
  for (const writer of writers) starts.push(await writer.start());
  if (writers.length === 0) return deps.eventStore.headPosition();

  let position = Math.min(...starts);
  let batches = writers.map(emptyBatch);
  let buffered = 0;
  let batchStarted = performance.now();
  let writing: Promise<void> = Promise.resolve();

  const flush = async (): Promise<void> => {
    const full: ProjectionBatch[] = batches;
    const reached = position;
    batches = writers.map(emptyBatch);
    buffered = 0;
    batchStarted = performance.now();
    await writing; // at most one batch in flight; rethrows its failure
    writing = (async () => {
      await writeBatches(deps.client, writers, full);
      options.onProgress?.(reached);
    })();
    writing.catch(() => {}); // awaited at the next flush or at the end
  };

  for (;;) {
    if (options.signal?.aborted) break;
    const events = await deps.eventStore.readAll({ after: position, maxCount: readSize });
    for (const event of events) {
      for (const [i, writer] of writers.entries()) {
        if (event.position > (starts[i] as number))
          addToBatch(batches[i] as ProjectionBatch, writer.projection, event);
      }
    }
    const last = events.at(-1);
    if (last) position = last.position;
    buffered += events.length;
    const done = events.length < readSize;
    const due = buffered >= batchSize || performance.now() - batchStarted >= maxBatchMs;
    if (buffered > 0 && (due || done)) await flush();
    if (done) break;
    await yieldToWrites();
  }
  if (buffered > 0) await flush();
  await writing;
  return position;
};
