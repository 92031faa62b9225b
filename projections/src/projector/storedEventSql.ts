// SQL over the event store's rows (the columns of its `events` table) for the projections' SQL
// twins: the same values their `toRows` reads from a RecordedEvent. `data` and `metadata` are
// parsed once per event, into tuples of the fields the twins read (as JSONExtractString reads
// each: a string's value, another value's JSON text, '' for null or no field), which is a third
// of the cost of a JSONExtractString per field.

const dataFields = new Set<string>();
const metadataType =
  'Tuple(tenantId String, correlationId String, causationId String, ip String, ' +
  'userAgent String, actor Tuple(kind String, id String))';

/**
 * `data[field]` read as text: a string's value, '' for null or no field (as `toRows` reads it);
 * another value's JSON text, where `toRows` reads '' (the domain writes strings there).
 */
export const dataText = (field: string): string => {
  dataFields.add(field);
  return `tupleElement(d, '${field}')`;
};

/** A metadata field read as text, by its path: `metadataText('actor', 'kind')`. */
export const metadataText = (...path: string[]): string =>
  path.reduce((tuple, field) => `tupleElement(${tuple}, '${field}')`, 'm');

export const tenantIdSql = metadataText('tenantId');

export const occurredAtSql = `fromUnixTimestamp64Milli(occurred_at, 'UTC')`;

/** The stream id after `prefix` when it starts with it, '' otherwise. */
export const streamSuffixSql = (prefix: string): string =>
  `if(startsWith(stream_id, '${prefix}'), substring(stream_id, ${prefix.length + 1}), '')`;

/**
 * The columns the twins read besides the stored ones: `d` and `m`, the fields of `data` and
 * `metadata` every twin reads (known once the twins are built, at import), parsed as the events
 * are inserted, so that each event's JSON is parsed once whatever the number of twins.
 */
export const parsedEventColumns = (): string => {
  const dataType = `Tuple(${[...dataFields].map((field) => `\`${field}\` String`).join(', ')})`;
  return `d ${dataType} DEFAULT JSONExtract(data, '${dataType}'),
    m ${metadataType} DEFAULT JSONExtract(metadata, '${metadataType}')`;
};
