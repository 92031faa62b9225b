import type { Readable } from 'node:stream';
import { parseError, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import type { ChdbConnection } from 'chdb/connection';

type Connection = NonNullable<ClickHouseClientConfigOptions['connection']>;
type InsertParams = Parameters<Connection['insert']>[0];
type InsertResult = Awaited<ReturnType<Connection['insert']>>;

// `INSERT INTO t (a, b) FORMAT JSONEachRow`, as @clickhouse/client builds it for `client.insert`.
const clientInsert = /^INSERT INTO ([A-Za-z_][\w.]*)(?: \(([^)]*)\))? FORMAT (\w+)$/;
const rawFormats = new Set(['JSONEachRow', 'JSONCompactEachRow', 'TabSeparated', 'CSV']);
// Settings that only mean something to the HTTP interface (chDB's own connection drops them too).
const httpOnlySettings = new Set(['wait_end_of_query', 'send_progress_in_http_headers']);

const toBuffer = async (values: string | Readable): Promise<Buffer> => {
  if (typeof values === 'string') return Buffer.from(values);
  const chunks: Buffer[] = [];
  for await (const chunk of values as AsyncIterable<string | Buffer>)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
};

const insertSettings = (settings: InsertParams['clickhouse_settings']) => {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(settings ?? {})) {
    if (value === undefined || httpOnlySettings.has(key)) continue;
    out[key] = typeof value === 'object' ? String(value) : value;
  }
  return out;
};

/**
 * chDB's `@clickhouse/client` connection runs an insert by pasting the body into the SQL text
 * (`INSERT … FORMAT X\n<body>`, after `SET` statements that stay on the session): the engine
 * then parses the whole body as part of the query. Its raw insert hands the same bytes to the
 * engine's input-format parser instead, with the settings in the statement's SETTINGS clause.
 * This wraps the connection so `client.insert` takes that path; every other call, and any insert
 * this does not recognise, goes to the connection unchanged. The server adapter never sees it.
 */
export const withChdbRawInserts = (connection: ChdbConnection): Connection => {
  const inner = connection as unknown as Connection;
  const rawInsert = async (params: InsertParams, match: RegExpExecArray): Promise<InsertResult> => {
    const [, table = '', columns, format = ''] = match;
    const values = await toBuffer(params.values as string | Readable);
    const query_id = params.query_id ?? crypto.randomUUID();
    const base = { query_id, response_headers: {}, http_status_code: 200 };
    if (values.length === 0) return base;
    try {
      const summary = await connection.chdb.rawInsert({
        table,
        ...(columns ? { columns: columns.split(',').map((c) => c.trim()) } : {}),
        values,
        format: format as 'JSONEachRow',
        settings: insertSettings(params.clickhouse_settings),
        ...(params.abort_signal ? { signal: params.abort_signal } : {}),
      });
      const written = String(summary.rowsWritten);
      const bytes = String(summary.bytesWritten);
      return {
        ...base,
        summary: {
          read_rows: written,
          read_bytes: bytes,
          written_rows: written,
          written_bytes: bytes,
          result_rows: '0',
          result_bytes: '0',
          total_rows_to_read: '0',
          elapsed_ns: String(Math.round(summary.elapsed * 1e9)),
        },
      };
    } catch (error) {
      // Same error shape as every other call: a ClickHouseError with the engine's code.
      throw parseError(error instanceof Error ? error.message : String(error));
    }
  };
  return {
    query: (params) => inner.query(params),
    exec: (params) => inner.exec(params),
    command: (params) => inner.command(params),
    ping: (params) => inner.ping(params),
    close: () => inner.close(),
    insert: (params) => {
      const match = clientInsert.exec(params.query.trim());
      if (!match || !rawFormats.has(match[3] ?? '')) return inner.insert(params);
      return rawInsert(params, match);
    },
  } as Connection;
};
