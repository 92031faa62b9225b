import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { withChdbFileInserts } from './chdbFileInserts.js';
import { toTabSeparated } from './tabSeparated.js';

export type ClickHouse = ClickHouseClient;

export type ClickHouseConfig = Readonly<{
  /** A ClickHouse server (`http://user:pass@host:8123/db`); without it chDB runs in-process. */
  url?: string | undefined;
  /** chDB's data directory. One process owns it: chDB locks it and binds one per process. */
  dataDir: string;
}>;

// chDB returns 64-bit integers as JSON numbers; a server quotes them. Quote them everywhere so one
// code path reads both (positions are UInt64). A report's `WITH x AS MATERIALIZED (…)` is computed
// once however often the query reads it; without the setting (off by default in ClickHouse 26) the
// keyword is accepted and ignored, and each reference runs the subquery again.
const sharedSettings = {
  output_format_json_quote_64bit_integers: 1,
  enable_materialized_cte: 1,
} as const;

/** One `@clickhouse/client` per process: a ClickHouse server when `url` is set, chDB otherwise. */
export const createClickHouse = (config: ClickHouseConfig): ClickHouse => {
  if (config.url) {
    return createClient({ url: config.url, clickhouse_settings: sharedSettings });
  }
  mkdirSync(config.dataDir, { recursive: true });
  const connection = withChdbFileInserts(
    createChdbConnection({ path: config.dataDir }),
    config.dataDir,
  );
  return createClient({ connection, clickhouse_settings: sharedSettings });
};

export type TabSeparatedFormat = 'TabSeparated' | 'TabSeparatedRaw';

/** Queries with bound parameters and returns the rows of a JSONEachRow result. */
export const selectRows = async <Row>(
  client: ClickHouse,
  query: string,
  params: Record<string, unknown> = {},
): Promise<Row[]> => {
  const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<Row>();
};

/**
 * Inserts rows as TabSeparated under an explicit column list (the keys of the first row unless
 * given), with the insert's own settings if any: about half the bytes of JSONEachRow, and both
 * chDB and a server parse it. Every row must have the same keys; a missing key (`\N`) takes the
 * column's default, and so does an empty field of a column with a DEFAULT expression (columns a
 * table derives from others).
 *
 * The dedup token is always set: chDB applies settings with `SET`, which stays on the session, so
 * an insert without its own token would inherit the previous one and be dropped as a duplicate.
 */
export const insertRows = async (
  client: ClickHouse,
  table: string,
  rows: readonly Readonly<Record<string, unknown>>[],
  deduplicationToken: string,
  {
    columns = Object.keys(rows[0] ?? {}),
    settings = {},
  }: Readonly<{ columns?: readonly string[]; settings?: ClickHouseSettings }> = {},
): Promise<void> => {
  if (rows.length === 0) return;
  assertColumns(rows, columns, table);
  await insertTabSeparated(
    client,
    table,
    columns,
    Buffer.from(toTabSeparated(rows, columns)),
    deduplicationToken,
    { settings },
  );
};

/**
 * Inserts lines already in TabSeparated (or, where no field holds a tab or a line feed,
 * TabSeparatedRaw: nothing escaped), in one piece or in several (sent one after the other, never
 * joined in memory); see {@link insertRows} for the settings.
 */
export const insertTabSeparated = async (
  client: ClickHouse,
  table: string,
  columns: readonly string[],
  body: Buffer | readonly Buffer[],
  deduplicationToken: string,
  {
    settings = {},
    format = 'TabSeparated',
  }: Readonly<{ settings?: ClickHouseSettings; format?: TabSeparatedFormat }> = {},
): Promise<void> => {
  await client.insert({
    table,
    columns: columns as [string, ...string[]],
    values: Readable.from(Buffer.isBuffer(body) ? [body] : body, { objectMode: false }),
    format,
    clickhouse_settings: {
      ...settings,
      insert_deduplication_token: deduplicationToken,
      input_format_tsv_empty_as_default: 1,
    },
  });
};

// A key outside the column list would be dropped without a word: refuse the batch instead.
const assertColumns = (
  rows: readonly Readonly<Record<string, unknown>>[],
  columns: readonly string[],
  table: string,
): void => {
  const known = new Set(columns);
  for (const row of rows) {
    for (const key in row) {
      if (!known.has(key)) {
        throw new Error(`A row for ${table} has a key outside its column list: ${key}`);
      }
    }
  }
};

/** `DateTime64(3)` text ClickHouse parses without best-effort mode. */
export const toClickHouseTime = (date: Date): string => {
  const iso = date.toISOString(); // called for every projected row: slices, not replaces
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
};
