import type { FlowAttempt, RecordedEvent, ResetEventType } from '@resetline/domain';
import { toClickHouseTime } from '../clickhouse/createClickHouse.js';
import type { Projection, SqlTwin } from '../projector/projection.js';
import { dataText, tenantIdSql } from '../projector/storedEventSql.js';
import { flowOutcomes } from './resetFlowsProjection.js';

type Summary = { startedAt?: unknown; attempts?: unknown };

/** The flow's row when its end event sums up its attempts (ends stored before that give none). */
const toRows = (event: RecordedEvent) => {
  const outcome = flowOutcomes[event.type as ResetEventType];
  const { startedAt, attempts } = event.data as Summary;
  if (!outcome || typeof startedAt !== 'string' || !Array.isArray(attempts)) return [];
  const tries = attempts as FlowAttempt[];
  return [
    {
      tenant_id: event.metadata.tenantId,
      flow_started_at: toClickHouseTime(new Date(startedAt)),
      flow_id: event.streamId.slice('reset-'.length),
      outcome,
      gates: tries.map((a) => a.gate),
      methods: tries.map((a) => a.method),
      passed: tries.map((a) => (a.passed ? 1 : 0)),
      attempted_at: tries.map((a) => toClickHouseTime(new Date(a.at))),
    },
  ];
};

const attempts = `JSONExtract(${dataText('attempts')},
  'Array(Tuple(gate UInt8, method String, passed Bool, at String))')`;
const time = (text: string) => `parseDateTime64BestEffort(${text}, 3, 'UTC')`;

const sql: SqlTwin = {
  columns: [
    'tenant_id',
    'flow_started_at',
    'flow_id',
    'outcome',
    'gates',
    'methods',
    'passed',
    'attempted_at',
  ],
  select: [
    tenantIdSql,
    time(dataText('startedAt')),
    `substring(stream_id, ${'reset-'.length + 1})`,
    `transform(type, {reset_flow_attempts_end_types:Array(String)},
      {reset_flow_attempts_outcomes:Array(String)}, '')`,
    `arrayMap(a -> tupleElement(a, 'gate'), ${attempts})`,
    `arrayMap(a -> tupleElement(a, 'method'), ${attempts})`,
    `arrayMap(a -> toUInt8(tupleElement(a, 'passed')), ${attempts})`,
    `arrayMap(a -> ${time("tupleElement(a, 'at')")}, ${attempts})`,
  ].join(',\n'),
  where: `JSONType(data, 'attempts') = 'Array' AND JSONType(data, 'startedAt') = 'String'`,
  // A time JS cannot read makes toRows fail, and the failure is recorded there.
  inJs: `parseDateTime64BestEffortOrNull(${dataText('startedAt')}, 3, 'UTC') IS NULL
    OR arrayExists(a -> parseDateTime64BestEffortOrNull(tupleElement(a, 'at'), 3, 'UTC') IS NULL,
      ${attempts})`,
  params: {
    reset_flow_attempts_end_types: Object.keys(flowOutcomes),
    reset_flow_attempts_outcomes: Object.values(flowOutcomes),
  },
};

/**
 * One row per ended flow with its attempts at the gates, for the reset funnel: the end event
 * carries them (`flowSummary`), so the row is written once and complete.
 */
export const resetFlowAttemptsProjection: Projection = {
  name: 'reset_flow_attempts',
  version: 1,
  table: 'reset_flow_attempts',
  tables: ['reset_flow_attempts'],
  handles: Object.keys(flowOutcomes) as ResetEventType[],
  toRows,
  sql,
};
