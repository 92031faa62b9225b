import { eventTypes, secretFieldNames, type RecordedEvent } from '@resetline/domain';
import type { SqlTwin } from '../projector/projection.js';
import {
  dataText,
  metadataText,
  occurredAtSql,
  streamSuffixSql,
  tenantIdSql,
} from '../projector/storedEventSql.js';
import { activityOf, unlockBy, type Activity } from './activityNames.js';
import { fixedFailures, outcomeOf, reasonFieldFailures } from './outcome.js';

const recorded = (type: string, data: Record<string, unknown> = {}): RecordedEvent =>
  ({ type, data }) as unknown as RecordedEvent;
const activities = eventTypes.map((type) => activityOf(recorded(type)));
const unlockers = Object.keys(unlockBy);
const unlockStart = activityOf(recorded('PasswordResetStarted', { purpose: 'unlock' }));

// An activity column: by type, by `by` for an unlock, and an unlock's start has its own feature.
const activityColumn = (column: keyof Activity): string => {
  const byType = `transform(type, {audit_types:Array(String)}, {audit_${column}:Array(String)}, '')`;
  const unlock = `transform(${dataText('by')}, {audit_unlockers:Array(String)},
    {audit_unlock_${column}:Array(String)}, ${byType})`;
  const start =
    column === 'feature'
      ? `, type = 'PasswordResetStarted' AND ${dataText('purpose')} = 'unlock', {audit_unlock_start_feature:String}`
      : '';
  return `multiIf(type = 'AccountUnlocked', ${unlock}${start}, ${byType})`;
};

const refusedStart = `type = 'PasswordResetStarted' AND JSONType(data, 'eligible') = 'Bool'
  AND NOT JSONExtractBool(data, 'eligible')`;
const reasonsArray = `JSONType(data, 'reasons') = 'Array'`;

const secretKeys = `"(?:${[...secretFieldNames].join('|')})":`;
const jsonString = String.raw`"(?:[^"\\]|\\.)*"`;

// A secret field whose value is a string is cut out of the JSON text as it was stored
// (`JSON.stringify`'s, so the rest is byte for byte what `JSON.stringify(redact(data))` gives):
// first every such field after a comma, then one that opens its object. A quote inside a JSON
// string is always escaped, so neither pattern can match inside a value. Secrets of another type
// go through toRows (`inJs`).
const withoutSecrets = `replaceRegexpAll(replaceRegexpAll(data,
  {audit_secret_after_comma:String}, ''), {audit_secret_opening:String}, '{')`;

// maskContact for a target of plain ASCII characters (others go through toRows).
const target = dataText('target');
const lastAt = `position(reverse(${target}), '@')`;
const plus = `startsWith(${target}, '+')`;
const visible = `if(length(${target}) > 4, 2, 0)`;
const masked = `if(${lastAt} > 0 AND ${lastAt} < length(${target}),
  concat(substring(${target}, 1, 1), '***', substring(${target}, length(${target}) - ${lastAt} + 1)),
  concat(if(${plus}, '+', ''),
    repeat('*', toUInt64(greatest(length(${target}) - ${visible} - ${plus}, 3))),
    right(${target}, ${visible})))`;
// The text search stands in for JSONHas: an event whose `"target":` is not its one top-level
// string field goes through toRows (`inJs`), and the stored JSON has no spaces between tokens.
const details = `if(position(data, '"target":') > 0,
  replaceOne(${withoutSecrets}, concat('"target":"', ${target}, '"'), concat('"target":"', ${masked}, '"')),
  ${withoutSecrets})`;

const userStream = streamSuffixSql('user-');
const notificationStream = `if(startsWith(stream_id, 'notifications-tenant-'), '',
  ${streamSuffixSql('notifications-')})`;

/** Each audit_log column as SQL over the stored events: `toAuditRow`'s fields. */
export const auditColumnSql: Readonly<Record<string, string>> = {
  tenant_id: tenantIdSql,
  occurred_at: occurredAtSql,
  position: 'position',
  event_id: 'event_id',
  event_type: 'type',
  event_version: 'version',
  stream_id: 'stream_id',
  service: activityColumn('service'),
  category: activityColumn('category'),
  activity: activityColumn('activity'),
  feature: activityColumn('feature'),
  actor_kind: metadataText('actor', 'kind'),
  actor_id: metadataText('actor', 'id'),
  target_user_id: `multiIf(${userStream} != '', ${userStream}, ${notificationStream} != '', ${notificationStream}, ${dataText('userId')})`,
  target_username: dataText('username'),
  flow_id: `if(${streamSuffixSql('reset-')} != '', ${streamSuffixSql('reset-')}, ${dataText('flowId')})`,
  method: dataText('method'),
  result: `if(${refusedStart}, 'failure', transform(type, {audit_types:Array(String)}, {audit_results:Array(String)}, ''))`,
  failure_reason: `multiIf(type = 'PasswordResetAbandoned', concat('abandoned:', ${dataText('step')}),
      ${refusedStart}, if(JSONType(data, 'ineligibleReason') = 'String', ${dataText('ineligibleReason')}, 'ineligible'),
      type = 'ResetPasswordRejected', if(${reasonsArray},
        arrayStringConcat(JSONExtract(data, 'reasons', 'Array(String)'), ','), 'rejected'),
      has({audit_reason_types:Array(String)}, type), ${dataText('reason')},
      transform(type, {audit_fixed_types:Array(String)}, {audit_fixed_reasons:Array(String)}, ''))`,
  ip: metadataText('ip'),
  user_agent: metadataText('userAgent'),
  correlation_id: metadataText('correlationId'),
  causation_id: metadataText('causationId'),
  details,
  // What the column's DEFAULT reads from `details` (a second JSON parse of every row), read as
  // JSONExtractString reads it, whatever its type: `details` keeps `startedAt` as stored.
  flow_started_at: `parseDateTime64BestEffortOrZero(${dataText('startedAt')}, 3, 'UTC')`,
};

/** The audit log's rows in SQL: `toAuditRow` for every event but the rare shapes in `inJs`. */
export const auditLogSql: SqlTwin = {
  columns: Object.keys(auditColumnSql),
  select: Object.values(auditColumnSql).join(',\n'),
  inJs: [
    `${refusedStart} AND JSONType(data, 'ineligibleReason') NOT IN ('String', 'Null')`,
    `type = 'ResetPasswordRejected' AND NOT (JSONType(data, 'reasons') = 'Null' OR (${reasonsArray}
      AND arrayAll(r -> JSONType(r) = 'String', JSONExtractArrayRaw(data, 'reasons'))))`,
    `has({audit_reason_types:Array(String)}, type) AND JSONType(data, 'reason') != 'String'`,
    `type = 'PasswordResetAbandoned' AND JSONType(data, 'step') != 'String'`,
    // A secret field whose value is not a string; the plain search first spares most events the
    // regex (a third of the cost of counting both ways).
    `multiSearchAny(data, {audit_secret_needles:Array(String)})
      AND match(data, {audit_secret_not_string:String})`,
    `position(data, '"target":') > 0 AND NOT (countSubstrings(data, '"target":') = 1
      AND JSONType(data, 'target') = 'String' AND match(${target}, '^[A-Za-z0-9@._+-]+$'))`,
    `position(data, '"__proto__":') > 0`,
  ]
    .map((condition) => `(${condition})`)
    .join(' OR '),
  params: {
    audit_types: eventTypes,
    audit_service: activities.map((a) => a.service),
    audit_category: activities.map((a) => a.category),
    audit_activity: activities.map((a) => a.activity),
    audit_feature: activities.map((a) => a.feature),
    audit_unlockers: unlockers,
    audit_unlock_service: unlockers.map((by) => unlockBy[by]?.service),
    audit_unlock_category: unlockers.map((by) => unlockBy[by]?.category),
    audit_unlock_activity: unlockers.map((by) => unlockBy[by]?.activity),
    audit_unlock_feature: unlockers.map((by) => unlockBy[by]?.feature),
    audit_unlock_start_feature: unlockStart.feature,
    audit_results: eventTypes.map((type) => outcomeOf(recorded(type)).result),
    audit_reason_types: reasonFieldFailures,
    audit_fixed_types: Object.keys(fixedFailures),
    audit_fixed_reasons: Object.values(fixedFailures),
    audit_secret_needles: [...secretFieldNames].map((name) => `"${name}":`),
    audit_secret_not_string: `${secretKeys}(?:[^"]|$)`,
    audit_secret_after_comma: `,${secretKeys}${jsonString}`,
    audit_secret_opening: `\\{${secretKeys}${jsonString},?`,
  },
};
