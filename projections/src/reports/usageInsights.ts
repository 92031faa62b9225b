import type { TimeRange } from './period.js';
import { methodLabel } from './labels.js';
import { flowsStartedSql, num, rangeParams, text, type ReportQuery } from './reportQuery.js';

/** One point of the usage series: how many of `feature` by `method` ended with `result` that day. */
export type UsagePoint = Readonly<{
  day: string;
  feature: 'Reset' | 'Unlock' | 'Change' | 'Registration';
  /** Method label; '' when none applies (a change) or none was used (a flow abandoned early). */
  method: string;
  result: 'success' | 'failure' | 'abandoned';
  count: number;
}>;

const endedInPeriod =
  "ended_at >= {from:DateTime64(3, 'UTC')} AND ended_at < {to:DateTime64(3, 'UTC')}";

/**
 * Resets, unlocks, changes and registrations per UTC day of the period, by method and result.
 * Flows count on the day they ended, once under each method they used (a two-gate flow counts
 * under both). A flow's end row (`reset_flow_ends`) carries its purpose and methods; for ends
 * stored before events carried them (purpose ''), the flow is merged from `reset_flows_by_start`
 * read from the earliest start of those ends on, which reads nothing once there are none.
 * Changes and registrations are counted from their audit rows in `activity_events` (distinct
 * positions, so replayed copies count once); partial days are counted whole.
 */
export const usageInsights = (tenantId: string, range: TimeRange): ReportQuery<UsagePoint> => ({
  sql: `
    WITH legacy_ends AS (
      SELECT flow_id, flow_started_at FROM reset_flow_ends
      WHERE tenant_id = {tenantId:String} AND ${endedInPeriod} AND purpose = ''
    )
    SELECT toString(day) AS day, feature, method, result, count FROM (
      SELECT toDate(ended) AS day, if(why = 'unlock', 'Unlock', 'Reset') AS feature,
             arrayJoin(if(empty(used), [''], used)) AS method,
             multiIf(outcome = 'completed', 'success', outcome = 'failed', 'failure', 'abandoned')
               AS result,
             count() AS count
      FROM (
        SELECT flow_id, ended_at AS ended, purpose AS why, outcome, methods_used AS used
        FROM reset_flow_ends
        WHERE tenant_id = {tenantId:String} AND ${endedInPeriod} AND purpose != ''
        LIMIT 1 BY flow_id
        UNION ALL
        SELECT flow_id, max(ended_at) AS ended, max(purpose) AS why, max(outcome) AS outcome,
               groupUniqArrayArray(methods_used) AS used
        FROM reset_flows_by_start
        WHERE tenant_id = {tenantId:String}
          AND ${flowsStartedSql(`ifNull((SELECT minOrNull(flow_started_at) FROM legacy_ends),
                                        {to:DateTime64(3, 'UTC')})`)}
          AND flow_id IN (SELECT flow_id FROM legacy_ends)
        GROUP BY flow_id
        HAVING outcome != ''
          AND ended >= {from:DateTime64(3, 'UTC')} AND ended < {to:DateTime64(3, 'UTC')}
      )
      GROUP BY day, feature, method, result
      UNION ALL
      SELECT toDate(occurred_at) AS day, if(feature = 'Change', 'Change', 'Registration') AS feature,
             if(feature = 'Change', '', method) AS method, result, uniqExact(position) AS count
      FROM activity_events
      WHERE tenant_id = {tenantId:String} AND report IN ('reset', 'registration')
        AND occurred_at >= toStartOfDay({from:DateTime64(3, 'UTC')})
        AND occurred_at < toStartOfDay({to:DateTime64(3, 'UTC')} - toIntervalMillisecond(1))
                          + toIntervalDay(1)
        AND activity IN ('Change password (self-service)', 'User registered security info')
      GROUP BY day, feature, method, result
    )
    ORDER BY day, feature, method, result`,
  params: rangeParams(tenantId, range),
  toRow: (raw) => ({
    day: text(raw['day']),
    feature: text(raw['feature']) as UsagePoint['feature'],
    method: methodLabel(text(raw['method'])),
    result: text(raw['result']) as UsagePoint['result'],
    count: num(raw['count']),
  }),
});
