import { DEFAULT_RETENTION_DAYS } from '../auditLog/schema.js';

// One row per flow after merging. Each event contributes a partial row and every column merges
// with an idempotent function (min, max, union of arrays), so replaying an event changes nothing
// and `toRows` needs no state from earlier events. Read with FINAL or GROUP BY flow.
export const resetFlowsTable = `
  CREATE TABLE IF NOT EXISTS reset_flows (
    tenant_id LowCardinality(String),
    flow_id String,
    started_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_event_at SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    ended_at SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    username SimpleAggregateFunction(max, String),
    user_id SimpleAggregateFunction(max, String),
    purpose SimpleAggregateFunction(max, String),
    eligible SimpleAggregateFunction(max, UInt8),
    ineligible_reason SimpleAggregateFunction(max, String),
    gates_required SimpleAggregateFunction(max, UInt8),
    methods_offered SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    methods_used SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    methods_passed SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    gates_passed SimpleAggregateFunction(max, UInt8),
    wrong_attempts SimpleAggregateFunction(max, UInt16),
    outcome SimpleAggregateFunction(max, String),
    failure_reason SimpleAggregateFunction(max, String),
    drop_off_step SimpleAggregateFunction(max, String),
    writeback SimpleAggregateFunction(max, UInt8),
    last_position SimpleAggregateFunction(max, UInt64)
  ) ENGINE = AggregatingMergeTree
  ORDER BY (tenant_id, flow_id)
  SETTINGS non_replicated_deduplication_window = 1000`;

// The start of the flow each partial row belongs to, so that rows can be keyed by it (below):
// the start event's time, or the `startedAt` later events carry. 0 (1970) on older events
// without it: such rows land in a "start unknown" bucket that period queries always read.
export const resetFlowsStartColumn = `
  ALTER TABLE reset_flows ADD COLUMN IF NOT EXISTS
    flow_started_at SimpleAggregateFunction(max, DateTime64(3, 'UTC')) DEFAULT 0`;

// Reset flows keyed by (tenant, start, flow): a report over the flows started in a period reads
// that period only (plus the bucket of rows whose start is unknown, flow_started_at = 0), instead
// of merging every flow of the tenant. Fed by a materialized view from each insert into
// reset_flows: the same idempotent merge functions, so a replayed insert changes nothing.
export const resetFlowsByStartTable = `
  CREATE TABLE IF NOT EXISTS reset_flows_by_start (
    tenant_id LowCardinality(String),
    flow_started_at DateTime64(3, 'UTC'),
    flow_id String,
    started_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    ended_at SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    username SimpleAggregateFunction(max, String),
    user_id SimpleAggregateFunction(max, String),
    purpose SimpleAggregateFunction(max, String),
    eligible SimpleAggregateFunction(max, UInt8),
    ineligible_reason SimpleAggregateFunction(max, String),
    methods_used SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    outcome SimpleAggregateFunction(max, String),
    failure_reason SimpleAggregateFunction(max, String)
  ) ENGINE = AggregatingMergeTree
  ORDER BY (tenant_id, flow_started_at, flow_id)`;

export const resetFlowsByStartView = `
  CREATE MATERIALIZED VIEW IF NOT EXISTS reset_flows_by_start_mv TO reset_flows_by_start AS
  SELECT tenant_id, flow_started_at, flow_id, started_at, ended_at, username, user_id, purpose,
         eligible, ineligible_reason, methods_used, outcome, failure_reason
  FROM reset_flows`;

// One row per ended flow keyed by (tenant, end, flow), with its start: the flows that ended in a
// period, read by range. A replayed end is the same row under the same key (ReplacingMergeTree;
// readers also group by flow, for copies not merged yet).
export const resetFlowEndsTable = `
  CREATE TABLE IF NOT EXISTS reset_flow_ends (
    tenant_id LowCardinality(String),
    ended_at DateTime64(3, 'UTC'),
    flow_id String,
    flow_started_at DateTime64(3, 'UTC'),
    outcome LowCardinality(String)
  ) ENGINE = ReplacingMergeTree
  ORDER BY (tenant_id, ended_at, flow_id)`;

export const resetFlowEndsView = `
  CREATE MATERIALIZED VIEW IF NOT EXISTS reset_flow_ends_mv TO reset_flow_ends AS
  SELECT tenant_id, ended_at, flow_id, flow_started_at, outcome
  FROM reset_flows WHERE outcome != ''`;

// The summary the end event carries (its purpose and methods used; '' and [] on ends stored
// before events carried it), so that a report over the flows that ended in a period reads the
// end rows alone. The view is recreated to copy them.
export const resetFlowEndsSummary = [
  'ALTER TABLE reset_flow_ends ADD COLUMN IF NOT EXISTS purpose LowCardinality(String)',
  'ALTER TABLE reset_flow_ends ADD COLUMN IF NOT EXISTS methods_used Array(String)',
  'DROP VIEW IF EXISTS reset_flow_ends_mv',
  `CREATE MATERIALIZED VIEW IF NOT EXISTS reset_flow_ends_mv TO reset_flow_ends AS
   SELECT tenant_id, ended_at, flow_id, flow_started_at, outcome, purpose, methods_used
   FROM reset_flows WHERE outcome != ''`,
];

// Each flow's latest state, one row per flow after merges, keyed by (tenant, start, flow): every
// start, attempt and end writes the flow's row as that event leaves it (the attempts so far, which
// attempts and ends carry, and the outcome once ended), and the row of the latest event (highest
// position) replaces the others. The reset funnel reads these rows as they are, instead of
// grouping each flow's audit rows. Events stored before they carried attempts mark the row
// `legacy`: such a flow, and any row whose start is unknown (0), is read from the audit log. Rows
// of unknown start never expire: their flow's age is unknown.
// A replayed event gives the same row under the same key (read with FINAL).
export const resetFlowAttemptsTable = `
  CREATE TABLE IF NOT EXISTS reset_flow_attempts (
    tenant_id LowCardinality(String),
    flow_started_at DateTime64(3, 'UTC'),
    flow_id String,
    last_position UInt64,
    legacy UInt8,
    outcome LowCardinality(String),
    gates Array(UInt8),
    methods Array(LowCardinality(String)),
    passed Array(UInt8),
    attempted_at Array(DateTime64(3, 'UTC')),
    retention_days UInt16 DEFAULT ${DEFAULT_RETENTION_DAYS}
  ) ENGINE = ReplacingMergeTree(last_position)
  PARTITION BY toYYYYMM(flow_started_at)
  ORDER BY (tenant_id, flow_started_at, flow_id)
  TTL toDateTime(flow_started_at) + toIntervalDay(retention_days)
    DELETE WHERE flow_started_at > toDateTime64(0, 3, 'UTC')
  SETTINGS non_replicated_deduplication_window = 1000`;

// What the activity report shows of a flow, from its latest event: every event after the start
// carries the start's user, purpose and eligibility (`context` = 1), so the flow's latest row
// gives its activity row alone. Rows of events stored before they carried it have `context` = 0
// and empty values: a report over a period that holds any reads those flows as before.
export const resetFlowAttemptsContext = [
  'ALTER TABLE reset_flow_attempts ADD COLUMN IF NOT EXISTS context UInt8',
  'ALTER TABLE reset_flow_attempts ADD COLUMN IF NOT EXISTS username String',
  'ALTER TABLE reset_flow_attempts ADD COLUMN IF NOT EXISTS user_id String',
  'ALTER TABLE reset_flow_attempts ADD COLUMN IF NOT EXISTS purpose LowCardinality(String)',
  'ALTER TABLE reset_flow_attempts ADD COLUMN IF NOT EXISTS eligible UInt8',
  'ALTER TABLE reset_flow_attempts ADD COLUMN IF NOT EXISTS ineligible_reason LowCardinality(String)',
  'ALTER TABLE reset_flow_attempts ADD COLUMN IF NOT EXISTS failure_reason LowCardinality(String)',
];
