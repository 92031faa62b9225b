import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { insertRows, selectRows, toClickHouseTime } from '../clickhouse/createClickHouse.js';

/** `failed`: will be retried; `dead`: out of attempts, waits for a person; `resolved`: projected. */
export type FailedEventStatus = 'failed' | 'dead' | 'resolved';

export type FailedEvent = Readonly<{
  projection: string;
  position: number;
  eventId: string;
  eventType: string;
  attempts: number;
  status: FailedEventStatus;
  lastError: string;
}>;

export const failedEventsTable = `
  CREATE TABLE IF NOT EXISTS projection_failed_events (
    projection_name String,
    position UInt64,
    event_id String,
    event_type LowCardinality(String),
    attempts UInt32,
    status LowCardinality(String),
    last_error String,
    updated_at DateTime64(3, 'UTC'),
    written UInt64
  ) ENGINE = ReplacingMergeTree(written) ORDER BY (projection_name, position)`;

type FailedEventRow = {
  projection_name: string;
  position: string;
  event_id: string;
  event_type: string;
  attempts: number;
  status: FailedEventStatus;
  last_error: string;
};

let lastWritten = 0;
const nextWritten = (): number => {
  lastWritten = Math.max(Date.now() * 1000, lastWritten + 1);
  return lastWritten;
};

/** Error text kept for an operator: bounded, and toRows errors never carry event values. */
export const describeError = (error: unknown): string =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);

export const recordFailedEvent = async (client: ClickHouse, failed: FailedEvent): Promise<void> => {
  const written = nextWritten();
  await insertRows(
    client,
    'projection_failed_events',
    [
      {
        projection_name: failed.projection,
        position: failed.position,
        event_id: failed.eventId,
        event_type: failed.eventType,
        attempts: failed.attempts,
        status: failed.status,
        last_error: failed.lastError,
        updated_at: toClickHouseTime(new Date()),
        written,
      },
    ],
    `failed:${failed.projection}:${failed.position}:${written}`,
  );
};

const selectFailed = `
  SELECT projection_name, position, event_id, event_type, attempts, status, last_error
  FROM projection_failed_events FINAL
  WHERE projection_name = {projection:String}`;

const fromRow = (r: FailedEventRow): FailedEvent => ({
  projection: r.projection_name,
  position: Number(r.position),
  eventId: r.event_id,
  eventType: r.event_type,
  attempts: Number(r.attempts),
  status: r.status,
  lastError: r.last_error,
});

export const listFailedEvents = async (
  client: ClickHouse,
  projection: string,
  statuses: readonly FailedEventStatus[] = ['failed', 'dead'],
): Promise<FailedEvent[]> => {
  const rows = await selectRows<FailedEventRow>(
    client,
    `${selectFailed} AND status IN {statuses:Array(String)} ORDER BY position`,
    { projection, statuses },
  );
  return rows.map(fromRow);
};

export const findFailedEvent = async (
  client: ClickHouse,
  projection: string,
  position: number,
): Promise<FailedEvent | undefined> => {
  const rows = await selectRows<FailedEventRow>(
    client,
    `${selectFailed} AND position = {position:UInt64}`,
    { projection, position },
  );
  return rows[0] && fromRow(rows[0]);
};

export const forgetFailedEvents = async (client: ClickHouse, projection: string): Promise<void> => {
  await client.command({
    query:
      'ALTER TABLE projection_failed_events DELETE WHERE projection_name = {projection:String}',
    query_params: { projection },
    clickhouse_settings: { mutations_sync: '2' },
  });
};
