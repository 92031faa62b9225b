import type { MigrationStatement } from '../clickhouse/migrations.js';

// Each tenant's audit policy as of its latest change (ReplacingMergeTree by position: the latest
// row per tenant is the policy; a replayed event is the same row). Tenants without a row keep the
// default (`defaultAuditPolicy`).
export const tenantRetentionTable = `
  CREATE TABLE IF NOT EXISTS tenant_retention (
    tenant_id LowCardinality(String),
    position UInt64,
    retention_days UInt16,
    legal_hold UInt8
  ) ENGINE = ReplacingMergeTree(position)
  ORDER BY tenant_id`;

// The rows' TTL (a fixed 365 days carried by each row) gives way to the retention sweep
// (`applyRetention`), which deletes by each tenant's policy, skips tenants on legal hold and
// applies a change to the rows already written.
const expiringTables = ['audit_log', 'activity_events', 'reset_flow_attempts'];
export const retentionByTenantPolicy: readonly MigrationStatement[] = [
  tenantRetentionTable,
  ...expiringTables.flatMap((table) => [
    {
      query: `ALTER TABLE ${table} REMOVE TTL`,
      onlyIf: `SELECT count() FROM system.tables WHERE database = currentDatabase()
        AND name = '${table}' AND position(create_table_query, ' TTL ') > 0`,
    },
    `ALTER TABLE ${table} DROP COLUMN IF EXISTS retention_days`,
  ]),
];

// A lightweight delete on a table with projections must be told what becomes of them: audit_log's
// `by_type` is rebuilt in the parts a delete touches.
export const lightweightRetentionDeletes = [
  `ALTER TABLE audit_log MODIFY SETTING lightweight_mutation_projection_mode = 'rebuild'`,
];
