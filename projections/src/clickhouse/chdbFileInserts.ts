import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parseError, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import type { ChdbConnection } from 'chdb/connection';
import { settingsClause } from './settingsClause.js';

type Connection = NonNullable<ClickHouseClientConfigOptions['connection']>;
type InsertParams = Parameters<Connection['insert']>[0];
type InsertResult = Awaited<ReturnType<Connection['insert']>>;

// `INSERT INTO t (a, b) FORMAT JSONEachRow`, as @clickhouse/client builds it for `client.insert`.
const clientInsert = /^INSERT INTO ([A-Za-z_][\w.]*)(?: \(([^)]*)\))? FORMAT (\w+)$/;
const fileFormats = new Set([
  'JSONEachRow',
  'JSONCompactEachRow',
  'TabSeparated',
  'TabSeparatedRaw',
  'CSV',
]);

/** Bodies smaller than this go in the statement's text; parsed there, 512 KiB takes ~4 ms. */
export const INLINE_BELOW_BYTES = 512 * 1024;

/** The body's chunks as they came: a large body (a staged range is ~95 MB in 20 chunks) is never joined. */
const bodyChunks = async (values: string | Readable): Promise<Buffer[]> => {
  if (typeof values === 'string') return [Buffer.from(values)];
  const chunks: Buffer[] = [];
  for await (const chunk of values as AsyncIterable<string | Buffer>)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return chunks;
};

/** Writes the chunks to a new file (mode 0600) in one `writev`. */
const writeChunks = async (path: string, chunks: Buffer[]): Promise<void> => {
  const file = await open(path, 'wx', 0o600);
  try {
    await file.writev(chunks);
  } finally {
    await file.close();
  }
};

// chDB's connection wraps the engine's error ("Code: N. DB::Exception: …") as its cause.
const engineMessage = (error: unknown): string => {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const source = cause instanceof Error ? cause : error;
  return source instanceof Error ? source.message : String(source);
};

/**
 * The directory this process writes its insert bodies to, under chDB's data directory (which
 * holds the same data): one per process, and those of processes that are gone are removed, so a
 * crash mid-insert leaves nothing behind for long.
 */
const stagingDirFor = (dataDir: string): string => {
  const root = join(dataDir, 'insert-staging');
  mkdirSync(root, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(root)) {
    if (Number(name) !== process.pid && !isRunning(Number(name)))
      rmSync(join(root, name), { recursive: true, force: true });
  }
  const own = join(root, String(process.pid));
  mkdirSync(own, { recursive: true, mode: 0o700 });
  return own;
};

const isRunning = (pid: number): boolean => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * chDB's `@clickhouse/client` connection runs an insert by pasting the body into the SQL text,
 * and its raw insert parses it at ~140 MB/s on one core. Read from a file with the `file` table
 * function, the engine parses the same bytes about six times as fast (bench:projection, seventh
 * session). So `client.insert` writes a large body to a file of its own (mode 0600), inserts it
 * with `INSERT … SELECT * FROM file(…)` (the columns as listed, or the table's; settings in the
 * statement) and removes the file. A small body (a live batch) goes in the statement's text
 * instead: the file costs ~6 ms of fixed work, a third of a 40-row insert. Every other call, and
 * any insert this does not recognise, goes to the connection unchanged. The server adapter never
 * sees it.
 */
export const withChdbFileInserts = (connection: ChdbConnection, dataDir: string): Connection => {
  const inner = connection as unknown as Connection;
  const stagingDir = stagingDirFor(dataDir);
  const fileInsert = async (
    params: InsertParams,
    match: RegExpExecArray,
  ): Promise<InsertResult> => {
    const [, table = '', columns, format = ''] = match;
    const query_id = params.query_id ?? randomUUID();
    const chunks = await bodyChunks(params.values as string | Readable);
    const bytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    if (bytes === 0) return { query_id, response_headers: {}, http_status_code: 200 };
    const into = `INSERT INTO ${table} ${columns ? `(${columns})` : ''}`;
    const settings = settingsClause(params.clickhouse_settings);
    const signal = params.abort_signal ? { abort_signal: params.abort_signal } : {};
    // The shape of every other failed insert: a ClickHouseError with the engine's code.
    const asClickHouseError = (error: unknown): never => {
      throw parseError(engineMessage(error));
    };
    if (bytes < INLINE_BELOW_BYTES) {
      // The body is data after FORMAT, never SQL: the format's own escaping holds it.
      return inner
        .command({
          query: `${into} ${settings} FORMAT ${format}\n${Buffer.concat(chunks).toString()}`,
          query_id,
          ...signal,
        })
        .catch(asClickHouseError);
    }
    const path = join(stagingDir, `${randomUUID()}.${format}`);
    try {
      await writeChunks(path, chunks);
      return await inner
        .command({
          query: `${into} SELECT * FROM file({insert_file:String}, '${format}') ${settings}`,
          query_params: { insert_file: path },
          query_id,
          ...signal,
        })
        .catch(asClickHouseError);
    } finally {
      await rm(path, { force: true });
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
      if (!match || !fileFormats.has(match[3] ?? '')) return inner.insert(params);
      return fileInsert(params, match);
    },
  } as Connection;
};
