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
 * A range of events as stored, as lines of one of ClickHouse's tab-separated formats
 * (EVENT_COLUMNS): `TabSeparatedRaw`, each field as it is stored, unless a field holds a tab or a
 * line feed; then `TabSeparated`, every text field escaped.
 */
export type StoredEventLines = Readonly<{
  count: number;
  lastPosition: number;
  lines: Buffer;
  format: 'TabSeparatedRaw' | 'TabSeparated';
}>;

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

// TabSeparated escapes what would end or split a field, and the escape character itself. (SQLite
// reads no escapes in '…'.)
const escaped = (column: string): string =>
  `replace(replace(replace(${column}, '\\', '\\\\'), char(9), '\\t'), char(10), '\\n')`;
const numericColumns = new Set(['position', 'revision', 'version', 'occurred_at']);

const line = (text: (column: string) => string): string => {
  const columns = EVENT_COLUMNS.split(', ');
  const format = columns.map((c) => (numericColumns.has(c) ? '%d' : '%s')).join('\t');
  const values = columns.map((c) => (numericColumns.has(c) ? c : text(c)));
  return `printf('${format}\n', ${values.join(', ')})`;
};
// Whether a field holds a tab or a line feed: data and metadata are JSON text as JSON.stringify
// wrote it, which has neither, so the other three are searched, once per range, in their text
// run together (one aggregate, which SQLite computes once; a search per column and row made the
// read ~14% slower).
const copiedText = `group_concat(event_id || stream_id || type, '')`;
const rangeSql = (text: (column: string) => string): string => `
  SELECT count(*) AS count, coalesce(max(position), 0) AS lastPosition,
         CAST(coalesce(group_concat(line, ''), '') AS BLOB) AS lines,
         coalesce(instr(${copiedText}, char(9)) OR instr(${copiedText}, char(10)), 0)
           AS needsEscapes
  FROM (SELECT position, event_id, stream_id, type, ${line(text)} AS line
        FROM events WHERE position > ? ORDER BY position LIMIT ?)`;

/**
 * The events after a position, at most a count, as one blob of lines made by SQLite, every field
 * as it is stored (TabSeparatedRaw: nothing to escape, a quarter less time than escaping the
 * JSON's backslashes). Unless an id, a stream id or a type holds a tab or a line feed:
 * `escapedLinesSql` then makes the range again as TabSeparated, every text field escaped.
 */
export const storedLinesSql = rangeSql((column) => column);
export const escapedLinesSql = rangeSql(escaped);
