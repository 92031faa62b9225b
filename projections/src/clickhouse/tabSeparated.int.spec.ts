import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { insertRows, selectRows } from './createClickHouse.js';

const awkward = [
  '',
  'plain',
  'tab\there',
  'line\nfeed',
  'carriage\rreturn\r\n',
  'back\\slash \\t \\n \\N \\x41 \\',
  'single \'quotes\' and "double"',
  '\\N',
  'nul\0byte',
  'unicode é ß 漢字 🙂 \u2028 \u00a0',
  "['not', 'an', 'array']",
  '{"json":"with \\"escapes\\""}',
  "\t\n\\'",
];

describe('insertRows as TabSeparated on real chDB', () => {
  let ch: TestClickHouse;

  beforeAll(async () => {
    ch = await openTestClickHouse(process.env['CLICKHOUSE_URL']);
    await ch.client.command({
      query: `CREATE TABLE tsv_t (
        id UInt64,
        text String,
        low LowCardinality(String),
        list Array(String),
        low_list Array(LowCardinality(String)),
        flag UInt8,
        at DateTime64(3, 'UTC'),
        fallback UInt16 DEFAULT 365
      ) ENGINE = MergeTree ORDER BY id`,
    });
  });
  afterAll(async () => ch?.close());

  it('stores awkward strings and arrays exactly as given', async () => {
    const rows = awkward.map((text, i) => ({
      id: i,
      text,
      low: text,
      list: [text, ...awkward.slice(0, i)],
      low_list: i % 2 === 0 ? [] : [text],
      flag: i % 2,
      at: '2026-03-01 12:34:56.789',
      fallback: 7,
    }));
    await insertRows(ch.client, 'tsv_t', rows, 'awkward');
    const stored = await selectRows<Record<string, unknown>>(
      ch.client,
      'SELECT * FROM tsv_t WHERE id < 1000 ORDER BY id',
    );
    expect(stored).toEqual(rows.map((r) => ({ ...r, id: String(r.id) })));
  });

  it('gives a missing or undefined value the column default, as an omitted JSON key did', async () => {
    await insertRows(
      ch.client,
      'tsv_t',
      [{ id: 1000, text: 'x', low: 'y', list: [], low_list: [], flag: true, fallback: undefined }],
      'defaults',
      { columns: ['id', 'text', 'low', 'list', 'low_list', 'flag', 'at', 'fallback'] },
    );
    const [row] = await selectRows<{ flag: number; at: string; fallback: number }>(
      ch.client,
      'SELECT flag, at, fallback FROM tsv_t WHERE id = 1000',
    );
    expect(row).toEqual({ flag: 1, at: '1970-01-01 00:00:00.000', fallback: 365 });
  });

  it('refuses rows with a key outside the column list instead of dropping it', async () => {
    const rows = [
      { id: 2000, text: 'a' },
      { id: 2001, text: 'b', extra: 'lost?' },
    ];
    await expect(insertRows(ch.client, 'tsv_t', rows, 'extra')).rejects.toThrow(/extra/);
  });
});
