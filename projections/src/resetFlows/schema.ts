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
