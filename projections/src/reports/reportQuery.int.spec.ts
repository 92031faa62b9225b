import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../clickhouse/createClickHouse.js';
import { openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { runReport, streamReport, type RawRow, type ReportQuery } from './reportQuery.js';

const compiling = `SELECT getSetting('compile_expressions') AS expressions,
  getSetting('compile_aggregate_expressions') AS aggregates,
  getSetting('compile_sort_description') AS sorts`;
const asFlags = (raw: RawRow) => [raw['expressions'], raw['aggregates'], raw['sorts']].map(Boolean);

describe('report statements', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await openTestClickHouse(process.env['CLICKHOUSE_URL']);
  });
  afterAll(async () => ch.close());

  it('run without JIT compilation, and leave the setting to themselves', async () => {
    const report: ReportQuery<boolean[]> = { sql: compiling, params: {}, toRow: asFlags };
    const withShortcut: ReportQuery<boolean[]> = {
      ...report,
      shortcut: { sql: compiling, answers: () => true },
    };
    expect(await runReport(ch.client, report)).toEqual([[false, false, false]]);
    expect(await runReport(ch.client, withShortcut)).toEqual([[false, false, false]]);
    const streamed: boolean[][] = [];
    for await (const row of streamReport(ch.client, report)) streamed.push(row);
    expect(streamed).toEqual([[false, false, false]]);
    // chDB keeps a `SET` on its session: the projector's statements after a report compile as usual.
    const [after] = await selectRows<RawRow>(ch.client, compiling);
    expect(asFlags(after ?? {})).toEqual([true, true, true]);
  });
});
