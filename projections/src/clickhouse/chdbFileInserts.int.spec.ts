import { ClickHouseError } from '@clickhouse/client';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { INLINE_BELOW_BYTES } from './chdbFileInserts.js';
import { createClickHouse, insertRows } from './createClickHouse.js';

// A small body goes in the statement's text, a large one through a file: both paths, same contract.
// One chDB for both: a process binds one data directory.
let ch: TestClickHouse;
beforeAll(async () => {
  ch = await openTestClickHouse();
  await ch.client.command({
    query: `CREATE TABLE raw_insert_t (id UInt64, name String) ENGINE = MergeTree ORDER BY id
            SETTINGS non_replicated_deduplication_window = 100`,
  });
});
afterAll(async () => ch?.close());

describe.each([
  ['in the statement (a small body)', ''],
  ['through a file the engine reads (a large body)', 'x'.repeat(INLINE_BELOW_BYTES)],
])('client.insert on chDB %s', (_path, padding) => {
  const rows = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: from + i,
      name: `row "${from + i}"\n\ttab'); DROP TABLE raw_insert_t; SELECT ('${padding}`,
    }));
  const total = () => count(ch.client, 'SELECT count() AS n FROM raw_insert_t');

  beforeAll(async () => {
    await ch.client.command({ query: 'TRUNCATE TABLE raw_insert_t' });
  });

  it('stores the rows and their text exactly', async () => {
    await insertRows(ch.client, 'raw_insert_t', rows(1, 3), 'a');
    const result = await ch.client.query({
      query: 'SELECT id, name FROM raw_insert_t ORDER BY id',
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual(rows(1, 3).map((r) => ({ ...r, id: String(r.id) })));
  });

  it('drops a batch sent again with the same dedup token', async () => {
    await insertRows(ch.client, 'raw_insert_t', rows(1, 3), 'a');
    expect(await total()).toBe(3);
  });

  it('does not carry a token over to the next insert', async () => {
    await ch.client.insert({ table: 'raw_insert_t', values: rows(10, 2), format: 'JSONEachRow' });
    await ch.client.insert({ table: 'raw_insert_t', values: rows(20, 2), format: 'JSONEachRow' });
    expect(await total()).toBe(7);
  });

  it('takes an explicit column list', async () => {
    await ch.client.insert({
      table: 'raw_insert_t',
      values: [[30, `thirty${padding}`]],
      columns: ['id', 'name'],
      format: 'JSONCompactEachRow',
    });
    expect(await count(ch.client, 'SELECT count() AS n FROM raw_insert_t WHERE id = 30')).toBe(1);
  });

  it('fails with a ClickHouseError naming the bad input, and stores nothing of the batch', async () => {
    const bad = [
      { id: 40, name: `ok${padding}` },
      { id: 'not a number', name: 'bad' },
    ];
    const error = await insertRows(ch.client, 'raw_insert_t', bad, 'bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickHouseError);
    expect((error as ClickHouseError).code).toMatch(/^\d+$/);
    expect(await count(ch.client, 'SELECT count() AS n FROM raw_insert_t WHERE id = 40')).toBe(0);
  });

  it('leaves no insert file behind, after a good insert or a failed one', async () => {
    const staging = join(ch.dir, 'insert-staging', String(process.pid));
    expect(existsSync(staging)).toBe(true);
    await insertRows(ch.client, 'raw_insert_t', rows(50, 2), 'files');
    await insertRows(ch.client, 'raw_insert_t', [{ id: 'x', name: 'bad' }], 'files-bad').catch(
      () => undefined,
    );
    expect(readdirSync(staging)).toEqual([]);
  });

  it("removes what a process that is gone left behind, not a running one's files", async () => {
    const root = join(ch.dir, 'insert-staging');
    const gone = join(root, '999999999');
    const running = join(root, String(process.ppid));
    for (const dir of [gone, running]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'left.TabSeparated'), 'secret\n');
    }
    createClickHouse({ dataDir: ch.dir }); // not queried: chDB binds one directory a process
    expect(existsSync(gone)).toBe(false);
    expect(readdirSync(running)).toEqual(['left.TabSeparated']);
  });

  it('takes a dedup token with quotes and backslashes as it is', async () => {
    const token = "it's a \\' token";
    await insertRows(ch.client, 'raw_insert_t', rows(60, 1), token);
    await insertRows(ch.client, 'raw_insert_t', rows(60, 1), token);
    await insertRows(ch.client, 'raw_insert_t', rows(60, 1), `${token}!`);
    expect(await count(ch.client, 'SELECT count() AS n FROM raw_insert_t WHERE id = 60')).toBe(2);
  });
});
