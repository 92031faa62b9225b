import { RESET_SESSION_MS } from '@resetline/domain';
import type { TimeRange } from './period.js';
import { flowOutcomes, gateAttemptTypes } from '../resetFlows/resetFlowsProjection.js';
import { methodLabel } from './labels.js';
import {
  flowsStartedSql,
  num,
  rangeParams,
  text,
  unknownStartSql,
  type ReportQuery,
} from './reportQuery.js';

/** How flows fared at one gate with one method. */
export type FunnelStep = Readonly<{
  gate: number;
  method: string;
  /** Flows that tried this method at this gate (code sent or answers given). */
  started: number;
  /** … that passed the gate with it. */
  verified: number;
  /** … of those, flows that then completed. */
  completed: number;
  /** Flows that tried it here and were abandoned (at any later step). */
  abandoned: number;
  /** Flows that tried it here and failed (too many wrong codes, throttled, writeback). */
  failed: number;
  /** Median seconds from the start of the flow to passing this gate; null when none passed. */
  medianSecondsToVerify: number | null;
}>;

// The latest row of each flow that can have gate activity in the period (its attempts fall within
// its session, so it started at most `RESET_SESSION_MS` before the period), and the rows whose
// start is unknown. `by_audit`: the flow is read from the audit log (see reset_flow_attempts).
const latestRowsSql = (columns: string) => `
  SELECT ${columns}
  FROM reset_flow_attempts FINAL
  WHERE tenant_id = {tenantId:String}
    AND ${flowsStartedSql(`{from:DateTime64(3, 'UTC')} - toIntervalMillisecond({sessionMs:UInt32})`)}`;
const byAudit = `legacy = 1 OR ${unknownStartSql}`;
const tableFlowsSql = `
  SELECT flow_id, flow_started_at AS start, toString(outcome) AS outcome, ${byAudit} AS by_audit,
         arrayZip(gates, CAST(methods, 'Array(String)'), passed, attempted_at) AS steps
  FROM (${latestRowsSql('flow_id, flow_started_at, legacy, outcome, gates, methods, passed, attempted_at')})`;

/**
 * The funnel of `flows` (start, outcome, steps (gate, method, passed, time), by_audit): each flow
 * counts once per gate and method it tried in the period. A flow `by_audit` makes a row of gate 0
 * (only the shortcut's flows have any).
 */
const funnelOf = (flowsSql: string) => `
  WITH ${flowsSql},
  in_period AS (
    SELECT start, outcome, by_audit,
           arrayFilter(s -> s.4 >= {from:DateTime64(3, 'UTC')} AND s.4 < {to:DateTime64(3, 'UTC')},
                       steps) AS steps
    FROM flows
  ),
  per_gate AS (
    SELECT start, outcome, tried.1 AS gate, tried.2 AS method,
           arrayFilter(s -> s.1 = tried.1 AND s.2 = tried.2 AND s.3 = 1, steps) AS passes,
           notEmpty(passes) AS passed, arrayMin(s -> s.4, passes) AS verified_at
    FROM in_period
    LEFT ARRAY JOIN if(by_audit, [], arrayDistinct(arrayMap(s -> (s.1, s.2), steps))) AS tried
    WHERE notEmpty(steps) OR by_audit
  )
  SELECT gate, method, count() AS started, sum(passed) AS verified,
         countIf(passed AND outcome = 'completed') AS completed,
         countIf(outcome = 'abandoned') AS abandoned, countIf(outcome = 'failed') AS failed,
         quantileExactInclusiveIf(0.5)(dateDiff('millisecond', start, verified_at) / 1000,
                                       passed AND start > 0) AS median_seconds
  FROM per_gate
  GROUP BY gate, method
  ORDER BY gate, method`;

/**
 * Flows from reset_flow_attempts as they are, and the flows it cannot answer for from audit_log's
 * `by_type` projection: their attempts grouped with their start and their end (at any time since:
 * an expiry may be recorded late). A replayed row is an identical tuple, which `groupUniqArray`
 * keeps once. In position order, every attempt is at the gate after the ones the flow had passed
 * before it (the decider numbers a gate the same way). Every flow of the period is grouped before
 * those are kept: a set in WHERE would keep ClickHouse from reading the projection.
 */
const withAuditSql = `
  audit_flows AS MATERIALIZED (${latestRowsSql('DISTINCT flow_id')} AND (${byAudit})),
  from_audit AS (
    SELECT arraySort(a -> a.1, groupUniqArrayIf(
             (position, event_type = 'ResetGatePassed', method, occurred_at),
             event_type IN {attemptTypes:Array(String)})) AS attempts,
           max(transform(event_type, {endTypes:Array(String)}, {outcomes:Array(String)}, ''))
             AS outcome,
           -- the start event's time, or the carried start once that event is gone (retention);
           -- each is 0 when absent, and they agree when both are there
           greatest(minIf(occurred_at, event_type = 'PasswordResetStarted'),
                    max(flow_started_at)) AS start
    FROM audit_log
    WHERE tenant_id = {tenantId:String}
      AND occurred_at >= {from:DateTime64(3, 'UTC')} - toIntervalMillisecond({sessionMs:UInt32})
      AND ((occurred_at < {to:DateTime64(3, 'UTC')}
            AND (event_type = 'PasswordResetStarted' OR event_type IN {attemptTypes:Array(String)}))
           OR event_type IN {endTypes:Array(String)})
    GROUP BY flow_id
    HAVING flow_id IN (SELECT flow_id FROM audit_flows)
  ),
  flows AS (
    SELECT start, outcome, false AS by_audit, steps
    FROM (${tableFlowsSql})
    WHERE NOT by_audit AND flow_id NOT IN (SELECT flow_id FROM audit_flows)
    UNION ALL
    SELECT start, outcome, false AS by_audit,
           arrayMap((a, passed_before) -> (toUInt8(passed_before + 1), toString(a.3),
                                           toUInt8(a.2), a.4),
             attempts,
             arrayMap((a, passed) -> passed - a.2, attempts,
               arrayCumSum(a -> toUInt32(a.2), attempts))) AS steps
    FROM from_audit
  )`;

/**
 * The reset funnel per gate and method, for flows with gate activity in the period, open or
 * ended: from each flow's latest row in reset_flow_attempts, or from the audit log for flows whose
 * latest event was stored before events carried their attempts. Periods since then have none:
 * the shortcut reads reset_flow_attempts alone, and its answer stands when no flow needed the
 * audit log (no row of gate 0); otherwise the full query runs. (A flow's row expires with its
 * start, its audit rows up to a session later: at the edge of retention the funnel may leave out
 * the attempts of those few minutes.)
 */
export const resetFunnel = (tenantId: string, range: TimeRange): ReportQuery<FunnelStep> => ({
  sql: funnelOf(withAuditSql),
  shortcut: {
    sql: funnelOf(`flows AS (${tableFlowsSql})`),
    answers: (rows) => rows.every((row) => num(row['gate']) > 0),
  },
  params: {
    ...rangeParams(tenantId, range),
    sessionMs: RESET_SESSION_MS,
    attemptTypes: gateAttemptTypes,
    endTypes: Object.keys(flowOutcomes),
    outcomes: Object.values(flowOutcomes),
  },
  toRow: (raw) => ({
    gate: num(raw['gate']),
    method: methodLabel(text(raw['method'])),
    started: num(raw['started']),
    verified: num(raw['verified']),
    completed: num(raw['completed']),
    abandoned: num(raw['abandoned']),
    failed: num(raw['failed']),
    medianSecondsToVerify: num(raw['verified']) > 0 ? num(raw['median_seconds']) : null,
  }),
});
