import type { FlowAttempt, RecordedEvent, ResetEventType } from '@resetline/domain';
import { toClickHouseTime } from '../clickhouse/createClickHouse.js';
import type { Projection, SqlTwin } from '../projector/projection.js';
import { dataText, occurredAtSql, tenantIdSql } from '../projector/storedEventSql.js';
import { flowOutcomes } from './resetFlowsProjection.js';

type Summary = { startedAt?: unknown; attempts?: unknown };

const row = (event: RecordedEvent, startedAt: Date, outcome: string, tries: FlowAttempt[]) => ({
  tenant_id: event.metadata.tenantId,
  flow_started_at: toClickHouseTime(startedAt),
  flow_id: event.streamId.slice('reset-'.length),
  ended: outcome ? 1 : 0,
  outcome,
  gates: tries.map((a) => a.gate),
  methods: tries.map((a) => a.method),
  passed: tries.map((a) => (a.passed ? 1 : 0)),
  attempted_at: tries.map((a) => toClickHouseTime(new Date(a.at))),
});

/** The start opens the flow's row; an end that sums up the attempts closes it (older ends do not). */
const toRows = (event: RecordedEvent) => {
  if (event.type === 'PasswordResetStarted') return [row(event, event.occurredAt, '', [])];
  const outcome = flowOutcomes[event.type as ResetEventType];
  const { startedAt, attempts } = event.data as Summary;
  if (!outcome || typeof startedAt !== 'string' || !Array.isArray(attempts)) return [];
  return [row(event, new Date(startedAt), outcome, attempts as FlowAttempt[])];
};

const attempts = `JSONExtract(${dataText('attempts')},
  'Array(Tuple(gate UInt8, method String, passed Bool, at String))')`;
const time = (text: string) => `parseDateTime64BestEffort(${text}, 3, 'UTC')`;
const starts = `type = 'PasswordResetStarted'`;
/** An attempts column: empty on the start row. */
const fromAttempts = (element: string) =>
  `if(${starts}, [], arrayMap(a -> ${element}, ${attempts}))`;

const sql: SqlTwin = {
  columns: [
    'tenant_id',
    'flow_started_at',
    'flow_id',
    'ended',
    'outcome',
    'gates',
    'methods',
    'passed',
    'attempted_at',
  ],
  select: [
    tenantIdSql,
    `if(${starts}, ${occurredAtSql}, ${time(dataText('startedAt'))})`,
    `substring(stream_id, ${'reset-'.length + 1})`,
    `toUInt8(NOT ${starts})`,
    `transform(type, {reset_flow_attempts_end_types:Array(String)},
      {reset_flow_attempts_outcomes:Array(String)}, '')`,
    fromAttempts(`tupleElement(a, 'gate')`),
    fromAttempts(`tupleElement(a, 'method')`),
    fromAttempts(`toUInt8(tupleElement(a, 'passed'))`),
    fromAttempts(time(`tupleElement(a, 'at')`)),
  ].join(',\n'),
  where: `${starts}
    OR (JSONType(data, 'attempts') = 'Array' AND JSONType(data, 'startedAt') = 'String')`,
  // A time JS cannot read makes toRows fail, and the failure is recorded there.
  inJs: `NOT ${starts} AND (
    parseDateTime64BestEffortOrNull(${dataText('startedAt')}, 3, 'UTC') IS NULL
    OR arrayExists(a -> parseDateTime64BestEffortOrNull(tupleElement(a, 'at'), 3, 'UTC') IS NULL,
      ${attempts}))`,
  params: {
    reset_flow_attempts_end_types: Object.keys(flowOutcomes),
    reset_flow_attempts_outcomes: Object.values(flowOutcomes),
  },
};

/**
 * One row per flow for the reset funnel: open from its start, then ended with its outcome and its
 * attempts at the gates, which the end event carries (`flowSummary`): written once and complete.
 */
export const resetFlowAttemptsProjection: Projection = {
  name: 'reset_flow_attempts',
  version: 1,
  table: 'reset_flow_attempts',
  tables: ['reset_flow_attempts'],
  handles: ['PasswordResetStarted', ...(Object.keys(flowOutcomes) as ResetEventType[])],
  toRows,
  sql,
};
