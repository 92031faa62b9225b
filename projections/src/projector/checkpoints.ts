import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { insertRows, selectRows } from '../clickhouse/createClickHouse.js';

export type Checkpoint = Readonly<{ position: number; version: number }>;

export const checkpointsTable = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    projection_name String,
    version UInt32,
    position UInt64,
    written UInt64
  ) ENGINE = ReplacingMergeTree(written) ORDER BY projection_name`;

// A rebuild moves the position back, so rows are versioned by write order, not by position.
let lastWritten = 0;
const nextWritten = (): number => {
  lastWritten = Math.max(Date.now() * 1000, lastWritten + 1);
  return lastWritten;
};

export const loadCheckpoint = async (
  client: ClickHouse,
  projection: string,
): Promise<Checkpoint | undefined> => {
  const [row] = await selectRows<{ position: string; version: number }>(
    client,
    `SELECT argMax(position, written) AS position, argMax(version, written) AS version
     FROM projection_checkpoints WHERE projection_name = {projection:String}
     HAVING count() > 0`,
    { projection },
  );
  return row ? { position: Number(row.position), version: Number(row.version) } : undefined;
};

export const saveCheckpoint = async (
  client: ClickHouse,
  projection: string,
  checkpoint: Checkpoint,
): Promise<void> => {
  const written = nextWritten();
  await insertRows(
    client,
    'projection_checkpoints',
    [
      {
        projection_name: projection,
        version: checkpoint.version,
        position: checkpoint.position,
        written,
      },
    ],
    `checkpoint:${projection}:${written}`,
  );
};
