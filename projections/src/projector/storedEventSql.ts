// SQL over the event store's rows (the columns of its `events` table) for the projections' SQL
// twins: the same values their `toRows` reads from a RecordedEvent.

export const tenantIdSql = `JSONExtractString(metadata, 'tenantId')`;

export const occurredAtSql = `fromUnixTimestamp64Milli(occurred_at, 'UTC')`;

/** `data[field]` when it is a string, '' otherwise (as `typeof value === 'string'`). */
export const dataText = (field: string): string => `JSONExtractString(data, '${field}')`;

/** The stream id after `prefix` when it starts with it, '' otherwise. */
export const streamSuffixSql = (prefix: string): string =>
  `if(startsWith(stream_id, '${prefix}'), substring(stream_id, ${prefix.length + 1}), '')`;
