import type { EventMetadata, RecordedEvent } from '@resetline/domain';

export type EventRow = Readonly<{
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  version: number;
  data: string;
  metadata: string;
  occurred_at: number;
}>;

/**
 * A store that also gives its events as stored (data and metadata still JSON text), for a reader
 * that parses them elsewhere: the projector hands them to ClickHouse as they are.
 */
export type StoredEventReader = Readonly<{
  readStored(options: Readonly<{ after: number; maxCount: number }>): Promise<EventRow[]>;
}>;

export const canReadStored = (store: object): store is StoredEventReader =>
  typeof (store as Partial<StoredEventReader>).readStored === 'function';

export const EVENT_COLUMNS =
  'position, event_id, stream_id, revision, type, version, data, metadata, occurred_at';

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row.event_id,
  streamId: row.stream_id,
  revision: row.revision,
  position: row.position,
  type: row.type,
  version: row.version,
  data: JSON.parse(row.data) as Record<string, unknown>,
  metadata: JSON.parse(row.metadata) as EventMetadata,
  occurredAt: new Date(row.occurred_at),
});
