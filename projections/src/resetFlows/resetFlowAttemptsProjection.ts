import type { FlowAttempt, RecordedEvent, ResetEventType } from '@resetline/domain';
import { toClickHouseTime } from '../clickhouse/createClickHouse.js';
import type { Projection, SqlTwin } from '../projector/projection.js';
import { dataText, occurredAtSql, tenantIdSql } from '../projector/storedEventSql.js';
import { flowOutcomes, gateAttemptTypes } from './resetFlowsProjection.js';

type Carried = {
  startedAt?: unknown;
  attempts?: unknown;
  username?: unknown;
  userId?: unknown;
  purpose?: unknown;
  eligible?: unknown;
  ineligibleReason?: unknown;
  reason?: unknown;
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The failure reason the activity report shows for a flow the event ends. */
const failureReason = (event: RecordedEvent, data: Carried): string => {
  if (event.type === 'PasswordResetFailed') return text(data.reason);
  return event.type === 'PasswordResetAbandoned' ? 'abandoned' : '';
};

const UNKNOWN_START = new Date(0);

/**
 * The flow as the event leaves it: a start opens it; an attempt or an end gives the attempts so
 * far (and an end the outcome), or marks the row legacy when it carries none (older events); and
 * each gives the start's user, purpose and eligibility, or marks the row without `context`.
 */
const toRows = (event: RecordedEvent) => {
  const start = event.type === 'PasswordResetStarted';
  const data = event.data as Carried;
  const { startedAt, attempts } = data;
  const tries = Array.isArray(attempts) ? (attempts as FlowAttempt[]) : [];
  return [
    {
      tenant_id: event.metadata.tenantId,
      flow_started_at: toClickHouseTime(
        start
          ? event.occurredAt
          : typeof startedAt === 'string'
            ? new Date(startedAt)
            : UNKNOWN_START,
      ),
      flow_id: event.streamId.slice('reset-'.length),
      last_position: event.position,
      legacy: start || Array.isArray(attempts) ? 0 : 1,
      outcome: flowOutcomes[event.type as ResetEventType] ?? '',
      gates: tries.map((a) => a.gate),
      methods: tries.map((a) => a.method),
      passed: tries.map((a) => (a.passed ? 1 : 0)),
      attempted_at: tries.map((a) => toClickHouseTime(new Date(a.at))),
      context: text(data.username) ? 1 : 0,
      username: text(data.username),
      user_id: text(data.userId),
      purpose: text(data.purpose),
      eligible: data.eligible === true ? 1 : 0,
      ineligible_reason: text(data.ineligibleReason),
      failure_reason: failureReason(event, data),
    },
  ];
};

const starts = `type = 'PasswordResetStarted'`;
// From the staged event's parsed fields (an array's JSON text), not `data` parsed once more.
const carriesAttempts = `startsWith(${dataText('attempts')}, '[')`;
const attempts = `JSONExtract(if(${carriesAttempts}, ${dataText('attempts')}, '[]'),
  'Array(Tuple(gate UInt8, method String, passed Bool, at String))')`;
const time = (text: string) => `parseDateTime64BestEffort(${text}, 3, 'UTC')`;
const fromAttempts = (element: string) => `arrayMap(a -> ${element}, ${attempts})`;

const sql: SqlTwin = {
  columns: [
    'tenant_id',
    'flow_started_at',
    'flow_id',
    'last_position',
    'legacy',
    'outcome',
    'gates',
    'methods',
    'passed',
    'attempted_at',
    'context',
    'username',
    'user_id',
    'purpose',
    'eligible',
    'ineligible_reason',
    'failure_reason',
  ],
  select: [
    tenantIdSql,
    `multiIf(${starts}, ${occurredAtSql},
      JSONType(data, 'startedAt') = 'String', ${time(dataText('startedAt'))},
      toDateTime64(0, 3, 'UTC'))`,
    `substring(stream_id, ${'reset-'.length + 1})`,
    'position',
    `toUInt8(NOT ${starts} AND NOT ${carriesAttempts})`,
    `transform(type, {reset_flow_attempts_end_types:Array(String)},
      {reset_flow_attempts_outcomes:Array(String)}, '')`,
    fromAttempts(`tupleElement(a, 'gate')`),
    fromAttempts(`tupleElement(a, 'method')`),
    fromAttempts(`toUInt8(tupleElement(a, 'passed'))`),
    fromAttempts(time(`tupleElement(a, 'at')`)),
    `toUInt8(${dataText('username')} != '')`,
    dataText('username'),
    dataText('userId'),
    dataText('purpose'),
    `toUInt8(${dataText('eligible')} = 'true')`,
    dataText('ineligibleReason'),
    `multiIf(type = 'PasswordResetFailed', ${dataText('reason')},
      type = 'PasswordResetAbandoned', 'abandoned', '')`,
  ].join(',\n'),
  // A time JS cannot read makes toRows fail, and the failure is recorded there. (The text is
  // parsed first: a time that reads spares the event a parse of its JSON.)
  inJs: `NOT ${starts} AND (
    (parseDateTime64BestEffortOrNull(${dataText('startedAt')}, 3, 'UTC') IS NULL
      AND JSONType(data, 'startedAt') = 'String')
    OR arrayExists(a -> parseDateTime64BestEffortOrNull(tupleElement(a, 'at'), 3, 'UTC') IS NULL,
      ${attempts}))`,
  params: {
    reset_flow_attempts_end_types: Object.keys(flowOutcomes),
    reset_flow_attempts_outcomes: Object.values(flowOutcomes),
  },
};

/**
 * Each reset flow's latest state for the reset funnel and the activity report, one row per flow:
 * its start, user, outcome and attempts at the gates, which every later event carries
 * (`resetEventSchemas`).
 */
export const resetFlowAttemptsProjection: Projection = {
  name: 'reset_flow_attempts',
  version: 1,
  table: 'reset_flow_attempts',
  tables: ['reset_flow_attempts'],
  handles: [
    'PasswordResetStarted',
    ...gateAttemptTypes,
    ...(Object.keys(flowOutcomes) as ResetEventType[]),
  ],
  toRows,
  sql,
};
