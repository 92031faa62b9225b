import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { selectRows, toClickHouseTime } from '../clickhouse/createClickHouse.js';

export type RegisteredMethods = Readonly<{ userId: string; methods: string[] }>;

/** Each user existing at `asOf` with the methods registered then (sorted; empty when none). */
export const registeredMethodsAsOf = async (
  client: ClickHouse,
  tenantId: string,
  asOf: Date,
): Promise<RegisteredMethods[]> => {
  const rows = await selectRows<{ user_id: string; methods: string[] }>(
    client,
    `WITH changes AS (
       SELECT user_id, method, change, position FROM registration_changes FINAL
       WHERE tenant_id = {tenantId:String} AND occurred_at <= {asOf:DateTime64(3, 'UTC')}
     ),
     alive AS (
       SELECT user_id FROM changes WHERE change IN ('provisioned', 'deleted')
       GROUP BY user_id HAVING argMax(change, position) = 'provisioned'
     ),
     current AS (
       SELECT user_id, method, argMax(change, position) AS last FROM changes
       WHERE method != '' GROUP BY user_id, method
     )
     SELECT alive.user_id AS user_id,
            arraySort(groupArrayIf(current.method, current.last = 'registered')) AS methods
     FROM alive LEFT JOIN current ON current.user_id = alive.user_id
     GROUP BY alive.user_id ORDER BY alive.user_id`,
    { tenantId, asOf: toClickHouseTime(asOf) },
  );
  return rows.map((r) => ({ userId: r.user_id, methods: r.methods }));
};
