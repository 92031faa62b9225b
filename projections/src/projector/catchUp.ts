import { canReadStored } from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { catchUpInEngine, engineErrorCode } from './catchUpInEngine.js';
import { catchUpProjections, type CatchUpOptions } from './catchUpProjections.js';
import type { Projection } from './projection.js';

// A defect, not an outage: the range is still projected (by toRows). Only the engine's error
// code is named, as its message may quote event data.
const warnTwinFailed = (projection: string, error: unknown): void => {
  console.warn(
    `resetline: the SQL twin of ${projection} failed (ClickHouse error ${engineErrorCode(error)}); its range went through toRows`,
  );
};

/**
 * Brings every projection up to the head of the store: inside ClickHouse when the store gives its
 * events as stored (the embedded SQLite store), through `toRows` in JS otherwise. `batchSize` is
 * the engine's range size there.
 */
export const catchUp = async (
  deps: Readonly<{ client: ClickHouse; eventStore: EventStore }>,
  projections: readonly Projection[],
  options: CatchUpOptions = {},
): Promise<number> => {
  const { eventStore } = deps;
  if (!canReadStored(eventStore)) return catchUpProjections(deps, projections, options);
  const { position } = await catchUpInEngine({ client: deps.client, eventStore }, projections, {
    rangeSize: options.batchSize,
    maxAttempts: options.maxAttempts,
    onProgress: options.onProgress,
    signal: options.signal,
    onTwinFailed: warnTwinFailed,
  });
  return position;
};
