import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse, type ClickHouse } from '../clickhouse/createClickHouse.js';
import { migrate } from '../clickhouse/migrations.js';
import { readModelMigrations } from '../clickhouse/schema.js';

export type TestClickHouse = Readonly<{ client: ClickHouse; dir: string; close(): Promise<void> }>;

/**
 * A migrated ClickHouse for one test file: a ClickHouse server when `url` is given (a fresh
 * database per call), otherwise chDB in a fresh temp directory (chDB binds one per process).
 */
export const openTestClickHouse = async (url?: string): Promise<TestClickHouse> => {
  const dir = mkdtempSync(join(tmpdir(), 'resetline-chdb-'));
  let client: ClickHouse;
  if (url) {
    const database = `resetline_test_${process.pid}_${Date.now()}`;
    const admin = createClickHouse({ url, dataDir: dir });
    await admin.command({ query: `CREATE DATABASE ${database}` });
    await admin.close();
    const withDb = new URL(url);
    withDb.pathname = `/${database}`;
    client = createClickHouse({ url: withDb.toString(), dataDir: dir });
  } else {
    client = createClickHouse({ dataDir: dir });
  }
  await migrate(client, readModelMigrations);
  return {
    client,
    dir,
    close: async () => {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export const count = async (client: ClickHouse, query: string, params = {}): Promise<number> => {
  const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n ?? 0);
};
