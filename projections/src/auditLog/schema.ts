/** Default audit retention (days) until a tenant policy sets another. */
export const DEFAULT_RETENTION_DAYS = 365;

// ReplacingMergeTree keyed by (tenant, time, position): a replayed event collapses onto its first
// copy, and (tenant, time) scans read one contiguous range. Read with FINAL for exact counts.
export const auditLogTable = `
  CREATE TABLE IF NOT EXISTS audit_log (
    tenant_id LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    position UInt64,
    event_id String,
    event_type LowCardinality(String),
    event_version UInt16,
    stream_id String,
    service LowCardinality(String),
    category LowCardinality(String),
    activity LowCardinality(String),
    feature LowCardinality(String),
    actor_kind LowCardinality(String),
    actor_id String,
    target_user_id String,
    target_username String,
    flow_id String,
    method LowCardinality(String),
    result LowCardinality(String),
    failure_reason String,
    ip String,
    user_agent String,
    correlation_id String,
    causation_id String,
    details String,
    retention_days UInt16 DEFAULT ${DEFAULT_RETENTION_DAYS}
  ) ENGINE = ReplacingMergeTree
  PARTITION BY toYYYYMM(occurred_at)
  ORDER BY (tenant_id, occurred_at, position)
  TTL toDateTime(occurred_at) + toIntervalDay(retention_days)
  SETTINGS non_replicated_deduplication_window = 1000`;
