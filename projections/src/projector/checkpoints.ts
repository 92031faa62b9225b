import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { insertRows, selectRows } from '../clickhouse/createClickHouse.js';

/**
 * `generation` changes at every rebuild, so the insert dedup tokens of a refill never match those
 * of the rows the rebuild emptied (a server may remember tokens across a TRUNCATE).
 */
export type Checkpoint = Readonly<{ position: number; version: number; generation: number }>;

export const checkpointsTable = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    projection_name String,
    version UInt32,
    generation UInt64,
    position UInt64,
    written UInt64
  ) ENGINE = ReplacingMergeTree(written) ORDER BY projection_name`;

// A rebuild moves the position back, so rows are versioned by write order, not by position.
let lastWritten = 0;
export const nextWritten = (): number => {
  lastWritten = Math.max(Date.now() * 1000, lastWritten + 1);
  return lastWritten;
};

export const loadCheckpoint = async (
  client: ClickHouse,
  projection: string,
): Promise<Checkpoint | undefined> => {
  const [row] = await selectRows<{ position: string; version: number; generation: string }>(
    client,
    `SELECT argMax(position, written) AS position, argMax(version, written) AS version,
            argMax(generation, written) AS generation
     FROM projection_checkpoints WHERE projection_name = {projection:String}
     HAVING count() > 0`,
    { projection },
  );
  return row
    ? {
        position: Number(row.position),
        version: Number(row.version),
        generation: Number(row.generation),
      }
    : undefined;
};

/** One read model's checkpoint, for {@link saveCheckpoints}. */
export type NamedCheckpoint = Checkpoint & Readonly<{ projection: string }>;

/**
 * Saves the checkpoints of several read models in one insert (one part, one round trip): the live
 * projector moves every read model's checkpoint after each batch.
 */
export const saveCheckpoints = async (
  client: ClickHouse,
  checkpoints: readonly NamedCheckpoint[],
): Promise<void> => {
  if (checkpoints.length === 0) return;
  const rows = checkpoints.map((checkpoint) => ({
    projection_name: checkpoint.projection,
    version: checkpoint.version,
    generation: checkpoint.generation,
    position: checkpoint.position,
    written: nextWritten(),
  }));
  const names = checkpoints.map((c) => c.projection).join(',');
  await insertRows(
    client,
    'projection_checkpoints',
    rows,
    `checkpoint:${names}:${rows[0]?.written}`,
  );
};

export const saveCheckpoint = (
  client: ClickHouse,
  projection: string,
  checkpoint: Checkpoint,
): Promise<void> => saveCheckpoints(client, [{ ...checkpoint, projection }]);
