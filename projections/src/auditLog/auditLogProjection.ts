import { eventTypes, type RecordedEvent } from '@resetline/domain';
import { auditLogTypeDefaults } from '../clickhouse/auditLogTypeDefaults.js';
import { toClickHouseTime } from '../clickhouse/createClickHouse.js';
import type { Projection, Row } from '../projector/projection.js';
import { activityOf } from './activityNames.js';
import { auditLogSql } from './auditLogSql.js';
import { outcomeOf } from './outcome.js';
import { redact } from './redact.js';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const streamSuffix = (streamId: string, prefix: string): string =>
  streamId.startsWith(prefix) ? streamId.slice(prefix.length) : '';

const targetUserId = (event: RecordedEvent): string =>
  streamSuffix(event.streamId, 'user-') ||
  (event.streamId.startsWith('notifications-tenant-')
    ? ''
    : streamSuffix(event.streamId, 'notifications-')) ||
  text(event.data['userId']);

// '' where the value is the column's DEFAULT for this event type: ClickHouse fills it in.
const unlessDefault = (value: string, byType: string | undefined): string =>
  value === byType ? '' : value;

/** An event's audit row but `details`, every column in full (none left to its DEFAULT). */
export const auditColumns = (event: RecordedEvent) => {
  const { activity, service, category, feature } = activityOf(event);
  const { result, failureReason } = outcomeOf(event);
  const meta = event.metadata;
  return {
    tenant_id: meta.tenantId,
    occurred_at: toClickHouseTime(event.occurredAt),
    position: event.position,
    event_id: event.id,
    event_type: event.type,
    event_version: event.version,
    stream_id: event.streamId,
    service,
    category,
    activity,
    feature,
    actor_kind: meta.actor.kind,
    actor_id: meta.actor.id,
    target_user_id: targetUserId(event),
    target_username: text(event.data['username']),
    flow_id: streamSuffix(event.streamId, 'reset-') || text(event.data['flowId']),
    method: text(event.data['method']),
    result,
    failure_reason: failureReason,
    ip: meta.ip ?? '',
    user_agent: meta.userAgent ?? '',
    correlation_id: meta.correlationId,
    causation_id: meta.causationId ?? '',
  };
};

export const toAuditRow = (event: RecordedEvent): Row => {
  const row = auditColumns(event);
  const byType = auditLogTypeDefaults[event.type];
  return {
    ...row,
    service: unlessDefault(row.service, byType?.[0]),
    category: unlessDefault(row.category, byType?.[1]),
    activity: unlessDefault(row.activity, byType?.[2]),
    feature: unlessDefault(row.feature, byType?.[3]),
    result: unlessDefault(row.result, byType?.[4]),
    details: JSON.stringify(redact(event.data)),
  };
};

/** Every event, flattened and redacted, under Entra's activity names. */
export const auditLogProjection: Projection = {
  name: 'audit_log',
  version: 1,
  table: 'audit_log',
  tables: ['audit_log'],
  rowsKeyedByPosition: true,
  handles: eventTypes,
  toRows: (event) => [toAuditRow(event)],
  sql: auditLogSql,
};
