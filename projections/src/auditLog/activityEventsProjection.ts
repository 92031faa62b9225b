import type { Projection, SqlTwin } from '../projector/projection.js';
import { auditColumnSql, auditLogSql } from './auditLogSql.js';
import { auditColumns } from './auditLogProjection.js';
import {
  ADMIN_UNLOCK_ACTIVITY,
  quoted,
  registrationActivityTypes,
  resetActivityTypes,
} from './schema.js';

const resetTypes: readonly string[] = resetActivityTypes;
const registrationTypes: readonly string[] = registrationActivityTypes;

const reportOf = ({ event_type: type, activity }: ReturnType<typeof auditColumns>) => {
  if (resetTypes.includes(type)) return 'reset';
  if (type === 'AccountUnlocked' && activity === ADMIN_UNLOCK_ACTIVITY) return 'reset';
  if (registrationTypes.includes(type)) return 'registration';
  return undefined;
};

const columns = [
  'tenant_id',
  'report',
  'occurred_at',
  'position',
  'target_username',
  'target_user_id',
  'feature',
  'activity',
  'method',
  'result',
  'failure_reason',
] as const;

const resetSql = `(type IN (${quoted(resetTypes)}) OR (type = 'AccountUnlocked'
  AND ${auditColumnSql['activity']} = '${ADMIN_UNLOCK_ACTIVITY}'))`;

// The audit log's columns of these rows, as its twin computes them (the same parameters), and the
// rare shapes it leaves to toRows left to toRows here too.
const activityEventsSql: SqlTwin = {
  columns,
  select: columns
    .map((column) =>
      column === 'report' ? `if(${resetSql}, 'reset', 'registration')` : auditColumnSql[column],
    )
    .join(',\n'),
  where: `${resetSql} OR type IN (${quoted(registrationTypes)})`,
  inJs: auditLogSql.inJs,
  params: auditLogSql.params,
};

/**
 * The audit rows the activity reports list (changes, admin resets and unlocks, blocks;
 * registrations and their checks), keyed by tenant, report and time so that a page reads the
 * newest rows of its period in key order. The audit log's own rows, so the same redaction.
 */
export const activityEventsProjection: Projection = {
  name: 'activity_events',
  version: 1,
  table: 'activity_events',
  tables: ['activity_events'],
  rowsKeyedByPosition: true,
  handles: [...resetActivityTypes, 'AccountUnlocked', ...registrationActivityTypes],
  toRows: (event) => {
    const audit = auditColumns(event);
    const report = reportOf(audit);
    if (!report) return [];
    return [Object.fromEntries(columns.map((c) => [c, c === 'report' ? report : audit[c]]))];
  },
  sql: activityEventsSql,
};
