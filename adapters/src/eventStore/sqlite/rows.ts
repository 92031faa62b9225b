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

/** A range of events as stored, as lines of ClickHouse's TabSeparated format (EVENT_COLUMNS). */
export type StoredEventLines = Readonly<{ count: number; lastPosition: number; lines: Buffer }>;

/**
 * A store that also gives its events as stored (data and metadata still JSON text), written out
 * by the database itself: the projector hands them to ClickHouse without parsing them in JS.
 */
export type StoredEventReader = Readonly<{
  readStoredLines(
    options: Readonly<{ after: number; maxCount: number }>,
  ): Promise<StoredEventLines>;
}>;

export const canReadStored = (store: object): store is StoredEventReader =>
  typeof (store as Partial<StoredEventReader>).readStoredLines === 'function';

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

// TabSeparated escapes what would end or split a field. (SQLite reads no escapes in '…'.)
const backslashes = (column: string): string => `replace(${column}, '\\', '\\\\')`;
const escaped = (column: string): string =>
  `replace(replace(${backslashes(column)}, char(9), '\\t'), char(10), '\\n')`;
const numericColumns = new Set(['position', 'revision', 'version', 'occurred_at']);
// Data and metadata are JSON text as JSON.stringify wrote it: no tab or line feed to escape.
const jsonColumns = new Set(['data', 'metadata']);

const line = (text: (column: string) => string): string => {
  const columns = EVENT_COLUMNS.split(', ');
  const format = columns.map((c) => (numericColumns.has(c) ? '%d' : '%s')).join('\t');
  const values = columns.map((c) =>
    numericColumns.has(c) ? c : jsonColumns.has(c) ? backslashes(c) : text(c),
  );
  return `printf('${format}\n', ${values.join(', ')})`;
};
// Searched once per range, in the three columns' text run together (one aggregate, which SQLite
// computes once): a range reads in ~14% less time than with three searches per column and row.
const copiedText = `group_concat(event_id || stream_id || type, '')`;
const needsEscapes = `instr(${copiedText}, char(9)) OR instr(${copiedText}, char(10))
  OR instr(${copiedText}, '\\')`;
const rangeSql = (text: (column: string) => string): string => `
  SELECT count(*) AS count, coalesce(max(position), 0) AS lastPosition,
         CAST(coalesce(group_concat(line, ''), '') AS BLOB) AS lines,
         coalesce(${needsEscapes}, 0) AS needsEscapes
  FROM (SELECT position, event_id, stream_id, type, ${line(text)} AS line
        FROM events WHERE position > ? ORDER BY position LIMIT ?)`;

/**
 * The events after a position, at most a count, as one blob of TabSeparated lines made by
 * SQLite. Ids, stream ids and types are copied as they are (fast) unless one needs escaping;
 * `escapedLinesSql` then makes the range again with everything escaped.
 */
export const storedLinesSql = rangeSql((column) => column);
export const escapedLinesSql = rangeSql(escaped);
