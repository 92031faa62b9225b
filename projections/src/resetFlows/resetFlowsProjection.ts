import type { RecordedEvent, ResetEventType } from '@resetline/domain';
import { resetEventSchemas } from '@resetline/domain';
import { toClickHouseTime } from '../clickhouse/createClickHouse.js';
import type { Projection, Row, SqlTwin } from '../projector/projection.js';
import { dataText, occurredAtSql, tenantIdSql } from '../projector/storedEventSql.js';

/** `outcome` of a finished flow; an open flow has ''. */
export type FlowOutcome = 'completed' | 'failed' | 'abandoned';

const NOT_ENDED = toClickHouseTime(new Date(0));
/** `flow_started_at` of a later event stored before events carried `startedAt`. */
const START_UNKNOWN = NOT_ENDED;

/** The flow's start: the start event's own time, or the `startedAt` a later event carries. */
const flowStartedAt = (event: RecordedEvent): string => {
  if (event.type === 'PasswordResetStarted') return toClickHouseTime(event.occurredAt);
  const startedAt = (event.data as { startedAt?: unknown }).startedAt;
  return typeof startedAt === 'string' ? toClickHouseTime(new Date(startedAt)) : START_UNKNOWN;
};

/** The neutral partial row: every merge function leaves the other events' values as they are. */
const baseRow = (event: RecordedEvent): Record<string, unknown> => ({
  tenant_id: event.metadata.tenantId,
  flow_id: event.streamId.slice('reset-'.length),
  flow_started_at: flowStartedAt(event),
  started_at: toClickHouseTime(event.occurredAt),
  last_event_at: toClickHouseTime(event.occurredAt),
  ended_at: NOT_ENDED,
  username: '',
  user_id: '',
  purpose: '',
  eligible: 0,
  ineligible_reason: '',
  gates_required: 0,
  methods_offered: [],
  methods_used: [],
  methods_passed: [],
  gates_passed: 0,
  wrong_attempts: 0,
  outcome: '',
  failure_reason: '',
  drop_off_step: '',
  writeback: 0,
  last_position: event.position,
});

/** The events that end a flow, and the outcome each gives it. */
export const flowOutcomes: Readonly<Partial<Record<ResetEventType, FlowOutcome>>> = {
  PasswordResetCompleted: 'completed',
  AccountUnlockCompleted: 'completed',
  PasswordResetFailed: 'failed',
  PasswordResetAbandoned: 'abandoned',
};

/** The events that record one attempt at a gate (a code sent, a gate passed or failed). */
export const gateAttemptTypes: readonly ResetEventType[] = [
  'ResetCodeSent',
  'ResetGatePassed',
  'ResetGateFailed',
];

/** The end row carries the flow's summary when the event has one (events since it was added). */
const ended = (event: RecordedEvent): Record<string, unknown> => {
  const d = event.data as { purpose?: string; methodsUsed?: string[] };
  return {
    ended_at: toClickHouseTime(event.occurredAt),
    outcome: flowOutcomes[event.type as ResetEventType],
    purpose: d.purpose ?? '',
    methods_used: d.methodsUsed ?? [],
  };
};

const changesOf = (event: RecordedEvent): Record<string, unknown> => {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'PasswordResetStarted':
      return {
        username: d['username'],
        user_id: d['userId'] ?? '',
        purpose: d['purpose'],
        eligible: d['eligible'] ? 1 : 0,
        ineligible_reason: d['ineligibleReason'] ?? '',
        gates_required: d['gatesRequired'],
        methods_offered: (d['methods'] as { method: string }[]).map((m) => m.method),
      };
    case 'ResetCodeSent':
      return { methods_used: [d['method']] };
    case 'ResetGatePassed':
      return {
        methods_used: [d['method']],
        methods_passed: [d['method']],
        gates_passed: d['gate'],
      };
    case 'ResetGateFailed':
      return { methods_used: [d['method']], wrong_attempts: d['failures'] };
    case 'PasswordResetCompleted':
    case 'AccountUnlockCompleted':
      return {
        ...ended(event),
        user_id: d['userId'],
        writeback: d['writeback'] ? 1 : 0,
      };
    case 'PasswordResetFailed':
      return { ...ended(event), failure_reason: d['reason'] };
    case 'PasswordResetAbandoned':
      return {
        ...ended(event),
        drop_off_step: d['step'],
        failure_reason: 'abandoned',
      };
    default:
      return {};
  }
};

const is = (type: ResetEventType): string => `type = '${type}'`;
const started = is('PasswordResetStarted');
const ends = `has({flow_end_types:Array(String)}, type)`;
const completes = `transform(type, {flow_end_types:Array(String)}, {flow_end_outcomes:Array(String)}, '') = 'completed'`;
const gateEvents = `has({flow_gate_attempt_types:Array(String)}, type)`;
const epoch = `toDateTime64(0, 3, 'UTC')`;

// baseRow's columns, each as changesOf sets it for the event's type.
const sql: SqlTwin = {
  columns: [
    'tenant_id',
    'flow_id',
    'flow_started_at',
    'started_at',
    'last_event_at',
    'ended_at',
    'username',
    'user_id',
    'purpose',
    'eligible',
    'ineligible_reason',
    'gates_required',
    'methods_offered',
    'methods_used',
    'methods_passed',
    'gates_passed',
    'wrong_attempts',
    'outcome',
    'failure_reason',
    'drop_off_step',
    'writeback',
    'last_position',
  ],
  select: [
    tenantIdSql,
    `substring(stream_id, ${'reset-'.length + 1})`,
    `if(${started}, ${occurredAtSql}, if(JSONType(data, 'startedAt') = 'String',
      parseDateTime64BestEffort(${dataText('startedAt')}, 3, 'UTC'), ${epoch}))`,
    occurredAtSql,
    occurredAtSql,
    `if(${ends}, ${occurredAtSql}, ${epoch})`,
    `if(${started}, ${dataText('username')}, '')`,
    `if(${started} OR ${completes}, ${dataText('userId')}, '')`,
    `if(${started} OR ${ends}, ${dataText('purpose')}, '')`,
    `if(${started}, JSONExtractBool(data, 'eligible'), 0)`,
    `if(${started}, ${dataText('ineligibleReason')}, '')`,
    `if(${started}, JSONExtractUInt(data, 'gatesRequired'), 0)`,
    `if(${started}, arrayMap(offered -> JSONExtractString(offered, 'method'), JSONExtractArrayRaw(data, 'methods')), [])`,
    `multiIf(${gateEvents}, [${dataText('method')}], ${ends}, JSONExtract(data, 'methodsUsed', 'Array(String)'), [])`,
    `if(${is('ResetGatePassed')}, [${dataText('method')}], [])`,
    `if(${is('ResetGatePassed')}, JSONExtractUInt(data, 'gate'), 0)`,
    `if(${is('ResetGateFailed')}, JSONExtractUInt(data, 'failures'), 0)`,
    `transform(type, {flow_end_types:Array(String)}, {flow_end_outcomes:Array(String)}, '')`,
    `multiIf(${is('PasswordResetFailed')}, ${dataText('reason')}, ${is('PasswordResetAbandoned')}, 'abandoned', '')`,
    `if(${is('PasswordResetAbandoned')}, ${dataText('step')}, '')`,
    `if(${completes}, JSONExtractBool(data, 'writeback'), 0)`,
    'position',
  ].join(',\n'),
  // A start time JS cannot read makes toRows fail, and the failure is recorded there.
  // (The text is parsed first: a time that reads spares the event a parse of its JSON.)
  inJs: `parseDateTime64BestEffortOrNull(${dataText('startedAt')}, 3, 'UTC') IS NULL
    AND JSONType(data, 'startedAt') = 'String'`,
  params: {
    flow_end_types: Object.keys(flowOutcomes),
    flow_end_outcomes: Object.values(flowOutcomes),
    flow_gate_attempt_types: gateAttemptTypes,
  },
};

/**
 * One row per reset or unlock flow: outcome, gates, methods, timing and where it stopped. Its
 * materialized views keep the same flows by start and by end for the period reports.
 */
export const resetFlowsProjection: Projection = {
  name: 'reset_flows',
  version: 2,
  table: 'reset_flows',
  tables: ['reset_flows', 'reset_flows_by_start', 'reset_flow_ends'],
  handles: Object.keys(resetEventSchemas) as ResetEventType[],
  toRows: (event) => [{ ...baseRow(event), ...changesOf(event) } as Row],
  sql,
};
