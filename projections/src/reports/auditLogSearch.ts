import { ValidationError } from '@resetline/domain';
import { toClickHouseTime } from '../clickhouse/createClickHouse.js';
import type { TimeRange } from './period.js';
import {
  fromClickHouseTime,
  num,
  pageSize,
  rangeParams,
  text,
  type RawRow,
  type ReportQuery,
} from './reportQuery.js';

export type AuditLogFilter = Readonly<{
  /** Target user: id or sign-in name. */
  user?: string | null | undefined;
  /** Actor id (user, admin or system). */
  actor?: string | null | undefined;
  /** Entra activity name, exact. */
  activity?: string | null | undefined;
  /** Method kind (`email`, `mobilePhone`, …). */
  method?: string | null | undefined;
  result?: 'success' | 'failure' | null | undefined;
}>;

export type AuditLogRow = Readonly<{
  occurredAt: Date;
  position: number;
  eventId: string;
  eventType: string;
  service: string;
  category: string;
  activity: string;
  feature: string;
  actorKind: string;
  actorId: string;
  targetUserId: string;
  targetUsername: string;
  flowId: string;
  method: string;
  result: string;
  failureReason: string;
  ip: string;
  userAgent: string;
  correlationId: string;
  /** Redacted event data as JSON. */
  details: string;
}>;

/** Where a page ended: the (time, position) of its last row, newest first. */
export type AuditCursor = Readonly<{ occurredAt: Date; position: number }>;

export const encodeAuditCursor = (row: AuditCursor): string =>
  Buffer.from(`${row.occurredAt.getTime()}:${row.position}`).toString('base64url');

export const decodeAuditCursor = (cursor: string): AuditCursor => {
  const match = /^(\d{1,15}):(\d{1,20})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new ValidationError('InvalidCursor', 'The audit log cursor is not valid');
  return { occurredAt: new Date(Number(match[1])), position: Number(match[2]) };
};

const filters: readonly (readonly [keyof AuditLogFilter, string])[] = [
  ['user', '(target_user_id = {user:String} OR target_username = {user:String})'],
  ['actor', 'actor_id = {actor:String}'],
  ['activity', 'activity = {activity:String}'],
  ['method', 'method = {method:String}'],
  ['result', 'result = {result:String}'],
];

const toAuditLogRow = (raw: RawRow): AuditLogRow => ({
  occurredAt: fromClickHouseTime(raw['occurred_at']),
  position: num(raw['position']),
  eventId: text(raw['event_id']),
  eventType: text(raw['event_type']),
  service: text(raw['service']),
  category: text(raw['category']),
  activity: text(raw['activity']),
  feature: text(raw['feature']),
  actorKind: text(raw['actor_kind']),
  actorId: text(raw['actor_id']),
  targetUserId: text(raw['target_user_id']),
  targetUsername: text(raw['target_username']),
  flowId: text(raw['flow_id']),
  method: text(raw['method']),
  result: text(raw['result']),
  failureReason: text(raw['failure_reason']),
  ip: text(raw['ip']),
  userAgent: text(raw['user_agent']),
  correlationId: text(raw['correlation_id']),
  details: text(raw['details']),
});

/**
 * The audit log, newest first, filtered. Pages continue strictly after the cursor's
 * (time, position), so rows inserted meanwhile neither repeat nor shift a later page.
 */
export const auditLogSearch = (
  tenantId: string,
  range: TimeRange,
  filter: AuditLogFilter = {},
  page?: Readonly<{ first: number; after?: string | undefined }>,
): ReportQuery<AuditLogRow> => {
  const cursor = page?.after ? decodeAuditCursor(page.after) : undefined;
  const conditions = filters.filter(([key]) => filter[key]).map(([, sql]) => sql);
  if (cursor) {
    conditions.push(
      "(occurred_at, position) < ({afterTime:DateTime64(3, 'UTC')}, {afterPosition:UInt64})",
    );
  }
  return {
    sql: `SELECT * EXCEPT (retention_days) FROM audit_log FINAL
      WHERE tenant_id = {tenantId:String}
        AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}
        ${conditions.map((c) => `AND ${c}`).join(' ')}
      ORDER BY occurred_at DESC, position DESC
      ${page ? 'LIMIT {first:UInt32}' : ''}`,
    params: {
      ...rangeParams(tenantId, range),
      ...Object.fromEntries(filters.map(([key]) => [key, filter[key] ?? ''])),
      ...(cursor
        ? { afterTime: toClickHouseTime(cursor.occurredAt), afterPosition: cursor.position }
        : {}),
      ...(page ? { first: pageSize(page.first) + 1 } : {}),
    },
    toRow: toAuditLogRow,
  };
};

export type AuditLogPage = Readonly<{ rows: AuditLogRow[]; endCursor: string | null }>;

/** One page of `auditLogSearch` and the cursor of the next one (null on the last page). */
export const toAuditLogPage = (rows: readonly AuditLogRow[], first: number): AuditLogPage => {
  const size = pageSize(first);
  const pageRows = rows.slice(0, size);
  const last = pageRows.at(-1);
  return { rows: pageRows, endCursor: rows.length > size && last ? encodeAuditCursor(last) : null };
};
