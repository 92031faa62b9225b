import { RESET_SESSION_MS } from '@resetline/domain';
import type { TimeRange } from './period.js';
import { flowOutcomes, gateAttemptTypes } from '../resetFlows/resetFlowsProjection.js';
import { methodLabel } from './labels.js';
import { num, rangeParams, text, type ReportQuery } from './reportQuery.js';

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

/**
 * The reset funnel per gate and method, for flows with gate activity in the period. One pass over
 * audit_log's `by_type` projection groups each flow's attempts with its start and its end: a
 * flow's attempts fall within its session, so its start event is at most `RESET_SESSION_MS`
 * before the period; its end comes after them, at any time since (an expiry may be recorded
 * late). A replayed row is an identical tuple, which `groupUniqArray` keeps once. In position
 * order, every attempt is at the gate after the ones the flow had passed before it (the decider
 * numbers a passed gate the same way), counting passes just before the period too; only the
 * period's attempts are counted.
 */
export const resetFunnel = (tenantId: string, range: TimeRange): ReportQuery<FunnelStep> => ({
  sql: `
    WITH per_flow AS (
      SELECT flow_id,
             arraySort(a -> a.1, groupUniqArrayIf(
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
      HAVING arrayExists(a -> a.4 >= {from:DateTime64(3, 'UTC')}, attempts)
    ),
    per_gate AS (
      SELECT flow_id, step.1 AS gate, step.2 AS method, max(step.3) AS passed,
             minIf(step.4, step.3) AS verified_at, any(start) AS start, any(outcome) AS outcome
      FROM (
        SELECT flow_id, start, outcome,
               arrayJoin(arrayFilter(s -> s.4 >= {from:DateTime64(3, 'UTC')},
                 arrayMap((a, passed_before) -> (toUInt8(passed_before + 1), a.3, a.2, a.4),
                   attempts,
                   arrayMap((a, passed) -> passed - a.2, attempts,
                     arrayCumSum(a -> toUInt32(a.2), attempts))))) AS step
        FROM per_flow
      )
      GROUP BY flow_id, gate, method
    )
    SELECT gate, method, count() AS started, sum(passed) AS verified,
           countIf(passed AND outcome = 'completed') AS completed,
           countIf(outcome = 'abandoned') AS abandoned, countIf(outcome = 'failed') AS failed,
           quantileExactInclusiveIf(0.5)(dateDiff('millisecond', start, verified_at) / 1000,
                                         passed AND start > 0) AS median_seconds
    FROM per_gate
    GROUP BY gate, method
    ORDER BY gate, method`,
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
