import { defaultAuditPolicy } from '@resetline/domain';
import { selectRows, toClickHouseTime, type ClickHouse } from '../clickhouse/createClickHouse.js';

const DAY_MS = 86_400_000;

const unknownStart = "flow_started_at = toDateTime64(0, 3, 'UTC')";

// The tables of the reports and the audit log, and the time each row's age counts from (a
// flow's partial row in reset_flows: its event's). A flow whose start is unknown (0: stored
// before events carried it) never expires by its start: its age is unknown. Registration
// changes and profiles are state (coverage as of any date, the current profile), not activity.
const expiring = [
  { table: 'audit_log', time: 'occurred_at', unless: '' },
  { table: 'activity_events', time: 'occurred_at', unless: '' },
  { table: 'reset_flow_attempts', time: 'flow_started_at', unless: unknownStart },
  { table: 'reset_flows', time: 'last_event_at', unless: '' },
  { table: 'reset_flows_by_start', time: 'flow_started_at', unless: unknownStart },
  { table: 'reset_flow_ends', time: 'ended_at', unless: '' },
] as const;

type TenantPolicy = Readonly<{ tenant_id: string; retention_days: number; legal_hold: number }>;

export type RetentionSwept = Readonly<{
  table: string;
  /** Rows past their tenant's retention when the sweep ran; their delete is under way. */
  expired: number;
  /** A delete of an earlier sweep was still running: this table was left for the next one. */
  busy: boolean;
}>;

/**
 * What is past retention, as one condition on a table's time column and its parameters: per
 * retention period, the rows of the tenants that chose it; for every tenant without a policy, the
 * default's. Tenants on legal hold are in no group.
 */
const expiredCondition = (
  policies: readonly TenantPolicy[],
  now: Date,
): { where: (time: string) => string; params: Record<string, unknown> } => {
  // Whole days (UTC): rows expire once a day, so the hourly sweeps between cost a count, and a
  // table's parts are rewritten by at most one delete a day.
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const cutoff = (days: number): string => toClickHouseTime(new Date(today - days * DAY_MS));
  const byDays = new Map<number, string[]>();
  for (const policy of policies) {
    if (policy.legal_hold) continue;
    const days = Number(policy.retention_days);
    byDays.set(days, [...(byDays.get(days) ?? []), policy.tenant_id]);
  }
  const groups = [...byDays.entries()].map(([days, tenants], i) => ({
    sql: (time: string) =>
      `(tenant_id IN {tenants_${i}:Array(String)} AND ${time} < {cutoff_${i}:DateTime64(3, 'UTC')})`,
    params: { [`tenants_${i}`]: tenants, [`cutoff_${i}`]: cutoff(days) },
  }));
  groups.push({
    sql: (time: string) =>
      `(tenant_id NOT IN {with_policy:Array(String)} AND ${time} < {cutoff_default:DateTime64(3, 'UTC')})`,
    params: {
      with_policy: policies.map((p) => p.tenant_id),
      cutoff_default: cutoff(defaultAuditPolicy.retentionDays),
    },
  });
  return {
    where: (time) => groups.map((g) => g.sql(time)).join(' OR '),
    params: Object.assign({}, ...groups.map((g) => g.params)),
  };
};

/**
 * Deletes the rows of the audit log and the reports older than each tenant's audit retention
 * (`tenant_retention`; 365 days without a policy) counted in whole days back from today's start
 * (UTC), except for tenants on legal hold. A shorter retention applies to rows already
 * written, a longer one keeps rows the old one had not yet deleted. Idempotent: a sweep after a
 * crash, or twice, deletes the same rows. Each delete is a lightweight ClickHouse mutation that
 * runs in the background; a table whose previous one is still running is left to the next sweep,
 * and one without expired rows costs a count.
 */
export const applyRetention = async (
  client: ClickHouse,
  options: Readonly<{ now?: Date }> = {},
): Promise<RetentionSwept[]> => {
  const now = options.now ?? new Date();
  const policies = await selectRows<TenantPolicy>(
    client,
    'SELECT tenant_id, retention_days, legal_hold FROM tenant_retention FINAL',
  );
  const busy = new Set(
    (
      await selectRows<{ table: string }>(
        client,
        `SELECT DISTINCT table FROM system.mutations
         WHERE database = currentDatabase() AND NOT is_done`,
      )
    ).map((r) => r.table),
  );
  const { where, params } = expiredCondition(policies, now);
  const swept: RetentionSwept[] = [];
  for (const { table, time, unless } of expiring) {
    if (busy.has(table)) {
      swept.push({ table, expired: 0, busy: true });
      continue;
    }
    const condition = unless ? `(${where(time)}) AND NOT (${unless})` : where(time);
    const [expired] = await selectRows<{ n: string }>(
      client,
      `SELECT count() AS n FROM ${table} WHERE ${condition}`,
      params,
    );
    const count = Number(expired?.n ?? 0);
    if (count > 0) {
      await client.command({
        // A lightweight delete (rows masked at once, removed by later merges) takes half the
        // background work of rewriting the parts (bench:retention: 10.6-10.9 s against
        // 20.7-24.6 s). Explicitly in the background: chDB otherwise waits for it, and its one
        // session would hold every insert and report meanwhile.
        query: `DELETE FROM ${table} WHERE ${condition} SETTINGS lightweight_deletes_sync = 0`,
        query_params: params,
      });
    }
    swept.push({ table, expired: count, busy: false });
  }
  return swept;
};
