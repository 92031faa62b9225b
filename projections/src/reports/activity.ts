import type { TimeRange } from './period.js';
import { methodLabel, roleLabel, statusLabel } from './labels.js';
import {
  currentProfilesSql,
  fromClickHouseTime,
  rangeParams,
  text,
  texts,
  type RawRow,
  type ReportQuery,
} from './reportQuery.js';

/** A row of the reset and registration activity reports (product.md § Report columns). */
export type ActivityRow = Readonly<{
  date: Date;
  /** Display name. */
  userName: string;
  /** Sign-in name (as typed, for a reset started for an unknown account). */
  user: string;
  userId: string;
  role: string;
  feature: string;
  activity: string;
  methodsUsed: string[];
  status: string;
  failureReason: string;
}>;

// Audit events that are themselves one reset, change or unlock attempt; self-service reset and
// unlock attempts come one row per flow from reset_flows instead.
const attemptEventTypes = [
  'PasswordChanged',
  'PasswordChangeFailed',
  'PasswordResetByAdmin',
  'AdminResetRequested',
  'SelfServiceResetBlocked',
];
const registrationEventTypes = [
  'SecurityInfoRegistered',
  'SecurityInfoVerificationFailed',
  'SecurityInfoRemoved',
  'SecurityInfoReviewed',
  'RequiredSecurityInfoRegistered',
  'ReregistrationRequired',
];

const toActivityRow = (raw: RawRow): ActivityRow => ({
  date: fromClickHouseTime(raw['date']),
  userName: text(raw['display_name']),
  user: text(raw['username']) || text(raw['profile_username']),
  userId: text(raw['user_id']),
  role: text(raw['user_id']) ? roleLabel(texts(raw['roles'])) : '',
  feature: text(raw['feature']),
  activity: text(raw['activity']),
  methodsUsed: texts(raw['methods']).map((m) => methodLabel(m, text(raw['channel']))),
  status: statusLabel(text(raw['status'])),
  failureReason: text(raw['reason']),
});

/** Adds the user's current name and role to report rows; newest first, ties by `ref`. */
const withProfiles = (rowsSql: string) => `
  WITH rows AS (${rowsSql})
  SELECT rows.*, p.display_name AS display_name, p.username AS profile_username, p.roles AS roles
  FROM rows
  LEFT JOIN (${currentProfilesSql('AND user_id IN (SELECT user_id FROM rows)')}) AS p
    ON p.user_id = rows.user_id
  ORDER BY rows.date DESC, rows.ref DESC`;

const auditRowsSql = (eventTypes: string) => `
  SELECT occurred_at AS date, target_username AS username, target_user_id AS user_id, feature,
         activity, if(method = '', [], [method]) AS methods,
         JSONExtractString(details, 'channel') AS channel,
         result AS status, failure_reason AS reason, toString(position) AS ref
  FROM audit_log FINAL
  WHERE tenant_id = {tenantId:String}
    AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}
    AND ${eventTypes}`;

/**
 * Resets, unlocks and changes in the period: one row per self-service reset or unlock flow
 * (methods it used, outcome, failure reason), plus password changes, admin resets and blocks.
 */
export const resetActivity = (tenantId: string, range: TimeRange): ReportQuery<ActivityRow> => ({
  sql: withProfiles(`
    SELECT started_at AS date, username, user_id, if(purpose = 'unlock', 'Unlock', 'Reset') AS feature,
           if(purpose = 'unlock', 'Unlock user account (self-service)',
              'Reset password (self-service)') AS activity,
           methods_used AS methods, '' AS channel,
           if(outcome = '' AND eligible = 0 AND purpose != '', 'failed', outcome) AS status,
           if(failure_reason = '', ineligible_reason, failure_reason) AS reason, flow_id AS ref
    FROM reset_flows FINAL
    WHERE tenant_id = {tenantId:String}
      AND started_at >= {from:DateTime64(3, 'UTC')} AND started_at < {to:DateTime64(3, 'UTC')}
    UNION ALL
    ${auditRowsSql(`(event_type IN {attemptTypes:Array(String)}
      OR (event_type = 'AccountUnlocked' AND activity = 'Unlock user account (by admin)'))`)}`),
  params: { ...rangeParams(tenantId, range), attemptTypes: attemptEventTypes },
  toRow: toActivityRow,
});

/** Security info registered, reviewed, removed or failed to verify, in the period. */
export const registrationActivity = (
  tenantId: string,
  range: TimeRange,
): ReportQuery<ActivityRow> => ({
  sql: withProfiles(auditRowsSql('event_type IN {registrationTypes:Array(String)}')),
  params: { ...rangeParams(tenantId, range), registrationTypes: registrationEventTypes },
  toRow: toActivityRow,
});
