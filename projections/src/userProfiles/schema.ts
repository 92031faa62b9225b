// One row per profile change, keyed by event position (replays collapse). An event sets only
// some fields (`UserUpdated` is partial), listed in `changed`; the current profile is, per
// field, the value of the last change that set it (argMaxIf over `changed`).
export const userProfileChangesTable = `
  CREATE TABLE IF NOT EXISTS user_profile_changes (
    tenant_id LowCardinality(String),
    user_id String,
    position UInt64,
    occurred_at DateTime64(3, 'UTC'),
    changed Array(LowCardinality(String)),
    username String,
    display_name String,
    source LowCardinality(String),
    roles Array(LowCardinality(String)),
    groups Array(String),
    status LowCardinality(String),
    reregistration_required UInt8
  ) ENGINE = ReplacingMergeTree
  ORDER BY (tenant_id, user_id, position)
  SETTINGS non_replicated_deduplication_window = 1000`;
