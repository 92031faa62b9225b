// One row per change of a user's security info, keyed by event position: the state "as of" any
// date is the last change per (user, method) up to that date.
export const registrationChangesTable = `
  CREATE TABLE IF NOT EXISTS registration_changes (
    tenant_id LowCardinality(String),
    user_id String,
    occurred_at DateTime64(3, 'UTC'),
    position UInt64,
    change LowCardinality(String),
    method LowCardinality(String),
    masked_target String,
    by_admin UInt8
  ) ENGINE = ReplacingMergeTree
  ORDER BY (tenant_id, user_id, position)
  SETTINGS non_replicated_deduplication_window = 1000`;
