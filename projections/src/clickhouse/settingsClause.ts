import type { ClickHouseSettings } from '@clickhouse/client';

// Settings that only mean something to the HTTP interface (chDB's own connection drops them too).
const httpOnlySettings = new Set(['wait_end_of_query', 'send_progress_in_http_headers']);

const literal = (value: string | number | boolean): string =>
  typeof value === 'string' ? `'${value.replace(/[\\']/g, '\\$&')}'` : String(Number(value));

/**
 * A statement's own `SETTINGS …` clause ('' when none). Per statement, never `SET` or bound: chDB
 * keeps those on its session, so the next insert would inherit this one's dedup token and be
 * dropped as a duplicate.
 */
export const settingsClause = (settings: ClickHouseSettings | undefined): string => {
  const out: string[] = [];
  for (const [key, value] of Object.entries(settings ?? {})) {
    if (value === undefined || httpOnlySettings.has(key)) continue;
    if (!/^\w+$/.test(key)) throw new Error(`Not a ClickHouse setting name: ${key}`);
    out.push(`${key} = ${literal(typeof value === 'object' ? String(value) : value)}`);
  }
  return out.length ? `SETTINGS ${out.join(', ')}` : '';
};
