import {
  activityEvents,
  activityEventsReadModel,
  auditLogByTypeProjection,
  auditLogTable,
  auditLogWiderMerges,
} from '../auditLog/schema.js';
import {
  dailyActivityTable,
  dailyActivityView,
  dropDailyActivity,
} from '../dailyActivity/schema.js';
import { checkpointsTable } from '../projector/checkpoints.js';
import { failedEventsTable } from '../projector/failedEvents.js';
import { registrationChangesTable } from '../registrationState/schema.js';
import {
  resetFlowAttemptsContext,
  resetFlowAttemptsTable,
  resetFlowEndsTable,
  resetFlowEndsSummary,
  resetFlowEndsView,
  resetFlowsByStartTable,
  resetFlowsByStartView,
  resetFlowsStartColumn,
  resetFlowsTable,
} from '../resetFlows/schema.js';
import { lightweightRetentionDeletes, retentionByTenantPolicy } from '../retention/schema.js';
import { userProfileChangesTable } from '../userProfiles/schema.js';
import { auditLogTypeDefaultStatements } from './auditLogTypeDefaults.js';
import type { Migration } from './migrations.js';

/** The read side's schema, in order. Append new steps; never edit an applied one. */
export const readModelMigrations: readonly Migration[] = [
  { version: 1, name: 'projector state', statements: [checkpointsTable, failedEventsTable] },
  {
    version: 2,
    name: 'audit log and daily activity rollup',
    statements: [auditLogTable, dailyActivityTable, dailyActivityView],
  },
  { version: 3, name: 'reset flows', statements: [resetFlowsTable] },
  { version: 4, name: 'registration changes', statements: [registrationChangesTable] },
  { version: 5, name: 'user profile changes', statements: [userProfileChangesTable] },
  {
    version: 6,
    name: 'reset flows by start and by end',
    statements: [
      resetFlowsStartColumn,
      resetFlowsByStartTable,
      resetFlowEndsTable,
      resetFlowsByStartView,
      resetFlowEndsView,
    ],
  },
  {
    version: 7,
    name: 'audit log columns derived from the event type default to it',
    statements: auditLogTypeDefaultStatements(),
  },
  {
    version: 8,
    name: 'audit log rows by tenant, type and time for the activity reports',
    statements: auditLogByTypeProjection,
  },
  { version: 9, name: 'daily activity rollup dropped', statements: dropDailyActivity },
  { version: 10, name: 'reset flow ends carry the flow summary', statements: resetFlowEndsSummary },
  {
    version: 11,
    name: 'ended reset flows with their attempts, for the funnel',
    statements: [resetFlowAttemptsTable],
  },
  {
    version: 12,
    name: "reset activity from each flow's latest row and its other events by time",
    statements: [...resetFlowAttemptsContext, ...activityEvents],
  },
  {
    version: 13,
    name: 'activity events written by the projector, not by a view on each audit insert',
    statements: activityEventsReadModel,
  },
  {
    version: 14,
    name: "retention by each tenant's audit policy, applied by a sweep instead of a fixed TTL",
    statements: retentionByTenantPolicy,
  },
  {
    version: 15,
    name: 'retention deletes are lightweight (audit_log rebuilds its projection where they touch)',
    statements: lightweightRetentionDeletes,
  },
  {
    version: 16,
    name: 'wider merges for audit_log (fewer rewrites of each row)',
    statements: auditLogWiderMerges,
  },
];
