/** The rows' fixed retention (days) in the schema's steps before migration 14 made it a tenant policy. */
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

// The activity reports and the reset funnel list rows of a few event types per tenant and
// period: a copy of the columns they read, sorted by (tenant, type, time), lets them read just
// those rows instead of every event of the period. It lives inside each part (no extra insert)
// and ClickHouse picks it by itself for a query that reads only its columns. The start of the
// reset flow an event belongs to (`startedAt` in its details) gets a column of its own, filled by
// ClickHouse from `details` on insert, so the funnel need not read `details`. ReplacingMergeTree
// needs to be told that merges rebuild the projection.
export const auditLogByTypeProjection = [
  `ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS flow_started_at DateTime64(3, 'UTC')
    DEFAULT parseDateTime64BestEffortOrZero(JSONExtractString(details, 'startedAt'), 3, 'UTC')`,
  `ALTER TABLE audit_log MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild'`,
  `ALTER TABLE audit_log ADD PROJECTION IF NOT EXISTS by_type (
    SELECT tenant_id, event_type, occurred_at, position, target_username, target_user_id,
           flow_id, flow_started_at, feature, activity, method, result, failure_reason
    ORDER BY tenant_id, event_type, occurred_at, position)`,
  // Existing parts get both in the background; until then they are read as before.
  `ALTER TABLE audit_log MATERIALIZE COLUMN flow_started_at`,
  `ALTER TABLE audit_log MATERIALIZE PROJECTION by_type`,
];

export const quoted = (types: readonly string[]): string => types.map((t) => `'${t}'`).join(', ');

// The audit events that are each one row of the reset activity report (with an unlock by an
// admin; self-service resets and unlocks are listed one row per flow instead), and those of the
// registration activity report.
export const resetActivityTypes = [
  'PasswordChanged',
  'PasswordChangeFailed',
  'PasswordResetByAdmin',
  'AdminResetRequested',
  'SelfServiceResetBlocked',
] as const;
export const ADMIN_UNLOCK_ACTIVITY = 'Unlock user account (by admin)';
export const registrationActivityTypes = [
  'SecurityInfoRegistered',
  'SecurityInfoVerificationFailed',
  'SecurityInfoRemoved',
  'SecurityInfoReviewed',
  'RequiredSecurityInfoRegistered',
  'ReregistrationRequired',
] as const;
const resetActivityEvent = `(event_type IN (${quoted(resetActivityTypes)}) OR (event_type = 'AccountUnlocked' AND activity = '${ADMIN_UNLOCK_ACTIVITY}'))`;
const registrationActivityEvent = `event_type IN (${quoted(registrationActivityTypes)})`;
const activityEventColumns = `tenant_id, report, occurred_at, position, target_username,
  target_user_id, feature, activity, method, result, failure_reason, retention_days`;
const activityEventRows = `
  SELECT ${activityEventColumns.replace('report', `if(${resetActivityEvent}, 'reset', 'registration') AS report`)}
  FROM audit_log WHERE ${resetActivityEvent} OR ${registrationActivityEvent}`;

// Those events' audit rows in a table of their own, keyed by (tenant, report, time): a page of an
// activity report reads the newest rows of the period in key order, instead of the rows of its
// types from the whole period. Filled from each insert into audit_log (its projection's rebuild
// empties it too); a replayed event is the same row under the same key. Existing rows are copied
// once (after the view exists, so that none is missed; a row copied twice collapses onto itself).
export const activityEvents = [
  `CREATE TABLE IF NOT EXISTS activity_events (
    tenant_id LowCardinality(String),
    report LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    position UInt64,
    target_username String,
    target_user_id String,
    feature LowCardinality(String),
    activity LowCardinality(String),
    method LowCardinality(String),
    result LowCardinality(String),
    failure_reason String,
    retention_days UInt16 DEFAULT ${DEFAULT_RETENTION_DAYS}
  ) ENGINE = ReplacingMergeTree
  PARTITION BY toYYYYMM(occurred_at)
  ORDER BY (tenant_id, report, occurred_at, position)
  TTL toDateTime(occurred_at) + toIntervalDay(retention_days)`,
  `CREATE MATERIALIZED VIEW IF NOT EXISTS activity_events_mv TO activity_events AS
   ${activityEventRows}`,
  `INSERT INTO activity_events (${activityEventColumns}) ${activityEventRows}`,
];

// From here the projector fills activity_events as a read model of its own, written with the
// other read models (up to half a second after the audit log, two inserts a second instead of one
// with every audit write): the view's second part was ~40% of each live audit insert. The view
// filled every row up to the audit log's checkpoint, so the read model starts there; rows past it
// that the view wrote collapse onto the projector's under the same key.
export const activityEventsReadModel = [
  `DROP VIEW IF EXISTS activity_events_mv`,
  `INSERT INTO projection_checkpoints (projection_name, version, generation, position, written)
   SELECT 'activity_events', 1, argMax(generation, written), argMax(position, written),
          toUInt64(toUnixTimestamp64Micro(now64(6)))
   FROM projection_checkpoints
   WHERE projection_name = 'audit_log'
     AND (SELECT count() FROM projection_checkpoints WHERE projection_name = 'activity_events') = 0
   HAVING count() > 0`,
];

// Wider merges for the audit log, the one large table: each row is rewritten fewer times (a 10M
// catch-up spent 111-120 CPU s against 125-129, none of it left for after) at the price of a few
// more parts (13 against 4 once settled). Skipped by a server that lacks the setting.
export const auditLogWiderMerges = [
  {
    query: 'ALTER TABLE audit_log MODIFY SETTING merge_selector_base = 10',
    onlyIf: "SELECT count() FROM system.merge_tree_settings WHERE name = 'merge_selector_base'",
  },
];
