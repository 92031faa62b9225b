import { toClickHouseTime } from '../clickhouse/createClickHouse.js';
import { methodLabel } from './labels.js';
import { num, texts, type ReportQuery } from './reportQuery.js';

export type RegistrationCoverage = Readonly<{
  asOf: Date;
  /** Users who existed at `asOf` (provisioned, not deleted). */
  users: number;
  /** … with at least one method registered. */
  registered: number;
  byMethod: readonly Readonly<{ method: string; users: number }>[];
}>;

/**
 * Who had registered what at `asOf`: the last change per (user, method) up to then. argMax is
 * unaffected by replayed rows (same position, same value), so no FINAL is needed. The tenant's
 * changes are read once for both uses (materialized: ~15% less time at 10M events than reading
 * them twice; one pass grouping both ways at once was no faster).
 */
export const registrationCoverage = (
  tenantId: string,
  asOf: Date,
): ReportQuery<RegistrationCoverage> => ({
  sql: `
    WITH changes AS MATERIALIZED (
      SELECT user_id, method, change, position FROM registration_changes
      WHERE tenant_id = {tenantId:String} AND occurred_at <= {asOf:DateTime64(3, 'UTC')}
    ),
    alive AS (
      SELECT user_id FROM changes WHERE change IN ('provisioned', 'deleted')
      GROUP BY user_id HAVING argMax(change, position) = 'provisioned'
    ),
    registered AS (
      SELECT user_id, groupArrayIf(method, last = 'registered') AS methods FROM (
        SELECT user_id, method, argMax(change, position) AS last FROM changes
        WHERE method != '' GROUP BY user_id, method
      ) GROUP BY user_id
    ),
    per_user AS (
      SELECT alive.user_id, registered.methods AS methods
      FROM alive LEFT JOIN registered ON registered.user_id = alive.user_id
    )
    SELECT count() AS users, countIf(notEmpty(methods)) AS registered,
           sumMap(methods, arrayMap(m -> toUInt64(1), methods)) AS by_method
    FROM per_user`,
  params: { tenantId, asOf: toClickHouseTime(asOf) },
  toRow: (raw) => {
    const [methods, counts] = (raw['by_method'] as [unknown, unknown[]] | undefined) ?? [[], []];
    return {
      asOf,
      users: num(raw['users']),
      registered: num(raw['registered']),
      byMethod: texts(methods).map((method, i) => ({
        method: methodLabel(method),
        users: num(counts[i]),
      })),
    };
  },
});
