import type { TimeRange } from './period.js';
import { methodLabel, roleLabel, statusLabel } from './labels.js';
import {
  currentProfilesSql,
  flowsStartedSql,
  pagedOnly,
  fromClickHouseTime,
  rangeParams,
  text,
  texts,
  unknownStartSql,
  PAGE_HERE,
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

const toActivityRow = (raw: RawRow): ActivityRow => ({
  date: fromClickHouseTime(raw['date']),
  userName: text(raw['display_name']),
  user: text(raw['username']) || text(raw['profile_username']),
  userId: text(raw['user_id']),
  role: text(raw['user_id']) ? roleLabel(texts(raw['roles'])) : '',
  feature: text(raw['feature']),
  activity: text(raw['activity']),
  methodsUsed: texts(raw['methods']).map((m) => methodLabel(m)),
  status: statusLabel(text(raw['status'])),
  failureReason: text(raw['reason']),
});

/**
 * Adds the user's current name and role to report rows; newest first, ties by `ref`. A page is
 * cut before the join. The join reads the current profile of every user of the tenant: filtering
 * them by the page's users cost more than the whole tenant's profiles, even with the page
 * computed once (bench:reports, 10,000 users a tenant). `extra`: one more column, the same for
 * every row; `tables`: named subqueries the rows read, each computed once.
 */
const withProfiles = (rowsSql: string, { extra = '', tables = '' } = {}) => `
  WITH ${tables ? `${tables},` : ''} rows AS MATERIALIZED (
    SELECT * FROM (${rowsSql}) ORDER BY date DESC, ref DESC ${PAGE_HERE}
  )
  SELECT r.*, ${extra ? `${extra}, ` : ''}
         p.display_name AS display_name, p.username AS profile_username, p.roles AS roles
  FROM rows AS r
  LEFT JOIN (${currentProfilesSql()}) AS p
    ON p.user_id = r.user_id
  ORDER BY r.date DESC, r.ref DESC`;

// The audit rows that are each one row of the report (`activity_events`: changes, admin resets
// and unlocks, blocks; registration and its checks), newest first for a page.
const activityEventsSql = (report: 'reset' | 'registration') => `
  SELECT occurred_at AS date, target_username AS username, target_user_id AS user_id, feature,
         activity, if(method = '', [], [method]) AS methods,
         result AS status, failure_reason AS reason, toString(position) AS ref
  FROM activity_events FINAL
  WHERE tenant_id = {tenantId:String} AND report = '${report}'
    AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}
  ${pagedOnly('ORDER BY occurred_at DESC, position DESC LIMIT {pageEnd:UInt64}')}`;

// The flows started in the period with a row from an event stored before events carried the
// flow's user (or its start): their latest row may lack it, so they are read by grouping all their
// rows. A row of unknown start (0) counts only for a flow that started in the period (its start
// row has a known start), so such rows, which never expire, keep older flows' periods off the
// shortcut and no other. None in a period whose events all carry it (or once merges have left
// each flow its latest row). The full query computes the set once (`without_context`), so that a
// merge between two reads cannot drop a flow from both ways or put it in both.
const inPeriodSql = `flow_started_at >= {from:DateTime64(3, 'UTC')} AND flow_started_at < {to:DateTime64(3, 'UTC')}`;
const flowsWithoutContextSql = `
  SELECT flow_id FROM reset_flow_attempts
  WHERE tenant_id = {tenantId:String} AND ${inPeriodSql}
    AND (context = 0 OR flow_id IN (
      SELECT flow_id FROM reset_flow_attempts
      WHERE tenant_id = {tenantId:String} AND ${unknownStartSql} AND context = 0))`;

// The flows started in the period (all of them, or only those `AND flow_id …` keeps), each from
// its latest row (FINAL), newest first for a page.
const latestFlowsSql = (which: string) => `
  SELECT flow_started_at AS date, username, user_id,
         if(purpose = 'unlock', 'Unlock', 'Reset') AS feature,
         if(purpose = 'unlock', 'Unlock user account (self-service)',
            'Reset password (self-service)') AS activity,
         arraySort(arrayDistinct(methods)) AS methods,
         if(outcome = '' AND eligible = 0, 'failed', outcome) AS status,
         if(failure_reason = '', ineligible_reason, failure_reason) AS reason, flow_id AS ref
  FROM reset_flow_attempts FINAL
  WHERE tenant_id = {tenantId:String}
    AND ${inPeriodSql}
    ${which}
  ${pagedOnly('ORDER BY flow_started_at DESC, flow_id DESC LIMIT {pageEnd:UInt64}')}`;

// Of those, the newest `pageEnd` started in the period: the only ones that can reach a page.
const newestWithoutContextSql = `
  SELECT flow_id FROM reset_flow_attempts
  WHERE tenant_id = {tenantId:String}
    AND ${inPeriodSql}
    AND flow_id IN (SELECT flow_id FROM without_context)
  ORDER BY flow_started_at DESC, flow_id DESC
  LIMIT 1 BY flow_id
  LIMIT {pageEnd:UInt64}`;

// The flows without context, from all their rows in reset_flows_by_start.
const groupedFlowsSql = `
  SELECT started AS date, name AS username, uid AS user_id,
         if(why = 'unlock', 'Unlock', 'Reset') AS feature,
         if(why = 'unlock', 'Unlock user account (self-service)',
            'Reset password (self-service)') AS activity,
         arraySort(used) AS methods,
         if(ended = '' AND ok = 0 AND why != '', 'failed', ended) AS status,
         if(failure = '', ineligible, failure) AS reason, flow_id AS ref
  FROM (
    SELECT flow_id, min(started_at) AS started, max(username) AS name, max(user_id) AS uid,
           max(purpose) AS why, max(eligible) AS ok, groupUniqArrayArray(methods_used) AS used,
           max(outcome) AS ended, max(failure_reason) AS failure,
           max(ineligible_reason) AS ineligible
    FROM reset_flows_by_start
    WHERE tenant_id = {tenantId:String}
      AND ${flowsStartedSql("{from:DateTime64(3, 'UTC')}")}
      AND flow_id IN (SELECT flow_id FROM without_context)
      ${pagedOnly(`AND flow_id IN (${newestWithoutContextSql})`)}
    GROUP BY flow_id
    HAVING max(flow_started_at) > 0
      AND started >= {from:DateTime64(3, 'UTC')} AND started < {to:DateTime64(3, 'UTC')}
  )`;

/**
 * Resets, unlocks and changes in the period: one row per self-service reset or unlock flow
 * (methods it used, outcome, failure reason), plus password changes, admin resets and blocks.
 * Flows without context in the period are grouped from all their rows; the shortcut reads every
 * flow from its latest row and stands when there is none (each of its rows says, as `stale`).
 */
export const resetActivity = (tenantId: string, range: TimeRange): ReportQuery<ActivityRow> => ({
  sql: withProfiles(
    `(${latestFlowsSql('AND flow_id NOT IN (SELECT flow_id FROM without_context)')})
     UNION ALL
     (${groupedFlowsSql})
     UNION ALL
     (${activityEventsSql('reset')})`,
    { tables: `without_context AS MATERIALIZED (${flowsWithoutContextSql})` },
  ),
  params: rangeParams(tenantId, range),
  toRow: toActivityRow,
  shortcut: {
    sql: withProfiles(`(${latestFlowsSql('')}) UNION ALL (${activityEventsSql('reset')})`, {
      extra: `(SELECT count() > 0 FROM (${flowsWithoutContextSql})) AS stale`,
    }),
    answers: (rows) => rows.every((row) => Number(row['stale']) === 0),
  },
});

/** Security info registered, reviewed, removed or failed to verify, in the period. */
export const registrationActivity = (
  tenantId: string,
  range: TimeRange,
): ReportQuery<ActivityRow> => ({
  sql: withProfiles(activityEventsSql('registration')),
  params: rangeParams(tenantId, range),
  toRow: toActivityRow,
});
