import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { selectRows, toClickHouseTime } from '../clickhouse/createClickHouse.js';
import { settingsClause } from '../clickhouse/settingsClause.js';
import type { TimeRange } from './period.js';

export type RawRow = Record<string, unknown>;

/**
 * One report's SQL with its bound parameters and the mapping of a raw row to a report row.
 * The same value serves a GraphQL page (`runReport`) and a CSV export (`streamReport`).
 */
export type ReportQuery<Row> = Readonly<{
  sql: string;
  params: Readonly<Record<string, unknown>>;
  toRow: (raw: RawRow) => Row;
  /**
   * A cheaper query (same parameters, a few rows) whose answer stands when `answers` says so;
   * otherwise `sql` runs. Pages leave it out.
   */
  shortcut?: Readonly<{ sql: string; answers: (rows: readonly RawRow[]) => boolean }>;
}>;

export type Page = Readonly<{ limit: number; offset?: number | undefined }>;

/** The largest page a caller may ask for; exports stream instead. */
export const MAX_PAGE_SIZE = 1000;

// No JIT compilation of a report's expressions: ClickHouse compiles one the third time it sees
// it, and that run took 30-70 ms longer (the bench's p95 tail), while compiled runs were no faster
// (bench:reports, twelfth session). Per statement: a `SET` would reach the projector's inserts.
const REPORT_SETTINGS = settingsClause({
  compile_expressions: 0,
  compile_aggregate_expressions: 0,
  compile_sort_description: 0,
});
const reportSql = (sql: string): string => `${sql}\n${REPORT_SETTINGS}`;

export const runReport = async <Row>(client: ClickHouse, query: ReportQuery<Row>): Promise<Row[]> =>
  (
    (await shortcutRows(client, query)) ??
    (await selectRows<RawRow>(client, reportSql(query.sql), query.params))
  ).map(query.toRow);

// The shortcut's rows when it has one and they answer the report.
const shortcutRows = async <Row>(
  client: ClickHouse,
  query: ReportQuery<Row>,
): Promise<RawRow[] | undefined> => {
  if (!query.shortcut) return undefined;
  const rows = await selectRows<RawRow>(client, reportSql(query.shortcut.sql), query.params);
  return query.shortcut.answers(rows) ? rows : undefined;
};

/** Every row, as ClickHouse streams them: memory stays flat whatever the row count. */
export async function* streamReport<Row>(
  client: ClickHouse,
  query: ReportQuery<Row>,
): AsyncGenerator<Row> {
  const shortcut = await shortcutRows(client, query);
  if (shortcut) {
    yield* shortcut.map(query.toRow);
    return;
  }
  const result = await client.query({
    query: reportSql(query.sql),
    query_params: query.params,
    format: 'JSONEachRow',
  });
  for await (const rows of result.stream<RawRow>()) {
    for (const row of rows) yield query.toRow(row.json());
  }
}

/** Where a query wants its page cut when it is not at the end (before a join, say). */
export const PAGE_HERE = '/* page */';

const PAGED_ONLY = /\/\* paged: ([^*]*) \*\//g;

/**
 * SQL that only a page runs, a comment otherwise: a subquery that keeps the rows that can reach
 * the page, say, cheaper than sorting every row but pointless in an export. It may use
 * `{pageEnd:UInt64}`, the page's offset plus its limit.
 */
export const pagedOnly = (sql: string): string => {
  if (sql.includes('*')) throw new Error('pagedOnly: SQL must not contain "*"');
  return `/* paged: ${sql} */`;
};

/**
 * Adds a bound LIMIT/OFFSET when a page is asked for: at `PAGE_HERE` when the query has it,
 * otherwise at the end; and turns on its `pagedOnly` parts. A shortcut is paged the same way when
 * it marks where its page goes (`PAGE_HERE`), and dropped otherwise (a row it adds to tell
 * whether it answers could fall off the page). Without a page the marker and those parts are
 * comments and the query returns every row.
 */
export const paged = <Row>(query: ReportQuery<Row>, page: Page | undefined): ReportQuery<Row> => {
  if (!page) return query;
  const pageLimit = pageSize(page.limit);
  const pageOffset = page.offset ?? 0;
  const { shortcut } = query;
  return {
    toRow: query.toRow,
    sql: pagedSql(query.sql),
    params: { ...query.params, pageLimit, pageOffset, pageEnd: pageLimit + pageOffset },
    ...(shortcut?.sql.includes(PAGE_HERE)
      ? { shortcut: { sql: pagedSql(shortcut.sql), answers: shortcut.answers } }
      : {}),
  };
};

const pagedSql = (query: string): string => {
  const limit = 'LIMIT {pageLimit:UInt32} OFFSET {pageOffset:UInt64}';
  const sql = query.replaceAll(PAGED_ONLY, '$1');
  return sql.includes(PAGE_HERE) ? sql.replace(PAGE_HERE, limit) : `${sql}\n${limit}`;
};

export const pageSize = (limit: number): number =>
  Math.max(1, Math.min(Math.trunc(limit), MAX_PAGE_SIZE));

export const rangeParams = (tenantId: string, range: TimeRange) => ({
  tenantId,
  from: toClickHouseTime(range.from),
  to: toClickHouseTime(range.to),
});

/** A row from an event stored before events carried the flow's start: its start is unknown. */
export const unknownStartSql = `flow_started_at = toDateTime64(0, 3, 'UTC')`;

/**
 * Rows of `reset_flows_by_start` whose flow started in `[lo, to)`, plus the bucket of rows from
 * events stored before they carried the flow's start (`flow_started_at` = 0), which may belong
 * to any flow: a reader keeps a flow only if one of its selected rows has a known start.
 */
export const flowsStartedSql = (lo: string) => `
  (${unknownStartSql}
    OR (flow_started_at >= ${lo} AND flow_started_at < {to:DateTime64(3, 'UTC')}))`;

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
export const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
export const num = (value: unknown): number => Number(value ?? 0);

/** ClickHouse `DateTime64(3, 'UTC')` text → Date. */
export const fromClickHouseTime = (value: unknown): Date =>
  new Date(`${text(value).replace(' ', 'T')}Z`);

/**
 * The current profile of each user of a tenant (or of those `only` keeps: `AND user_id …`): per
 * field, the value of the last change that set it. argMax is unaffected by a replayed (duplicate)
 * row, so no FINAL is needed.
 */
export const currentProfilesSql = (only = '') => `
  SELECT user_id,
         argMaxIf(username, position, has(changed, 'username')) AS username,
         argMaxIf(display_name, position, has(changed, 'display_name')) AS display_name,
         argMaxIf(source, position, has(changed, 'source')) AS source,
         argMaxIf(roles, position, has(changed, 'roles')) AS roles,
         argMaxIf(groups, position, has(changed, 'groups')) AS groups,
         argMaxIf(status, position, has(changed, 'status')) AS status,
         argMaxIf(reregistration_required, position, has(changed, 'reregistration_required'))
           AS reregistration_required
  FROM user_profile_changes
  WHERE tenant_id = {tenantId:String} ${only}
  GROUP BY user_id`;
