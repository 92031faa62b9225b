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
 * The reset funnel per gate and method, for flows with gate activity in the period. A flow's
 * attempts fall within its session, so it started at most `RESET_SESSION_MS` before the period.
 * Each flow comes as its start, outcome and steps (gate, method, passed, time), then counts once
 * per gate and method it tried in the period:
 * - a flow ended in `reset_flow_attempts` as its row is there, written once from its end event;
 * - a flow open there (open indeed, or ended before end events carried their attempts) from
 *   audit_log's `by_type` projection: its attempts grouped with its start and its end (at any
 *   time since: an expiry may be recorded late). A replayed row is an identical tuple, which
 *   `groupUniqArray` keeps once. In position order, every attempt is at the gate after the ones
 *   the flow had passed before it (the decider numbers a gate the same way). When no flow of the
 *   period is open, the audit log is not read at all.
 */
export const resetFunnel = (tenantId: string, range: TimeRange): ReportQuery<FunnelStep> => ({
  sql: `
    WITH table_flows AS MATERIALIZED (
      SELECT flow_id, flow_started_at, ended, outcome, gates, methods, passed, attempted_at
      FROM reset_flow_attempts FINAL
      WHERE tenant_id = {tenantId:String}
        AND flow_started_at >= {from:DateTime64(3, 'UTC')} - toIntervalMillisecond({sessionMs:UInt32})
        AND flow_started_at < {to:DateTime64(3, 'UTC')}
    ),
    open AS MATERIALIZED (
      SELECT flow_id, flow_started_at FROM table_flows
      WHERE ended = 0 AND flow_id NOT IN (SELECT flow_id FROM table_flows WHERE ended = 1)
    ),
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
        AND (SELECT count() FROM open) > 0
        AND occurred_at >= (SELECT min(flow_started_at) FROM open)
        AND ((occurred_at < {to:DateTime64(3, 'UTC')}
              AND (event_type = 'PasswordResetStarted' OR event_type IN {attemptTypes:Array(String)}))
             OR event_type IN {endTypes:Array(String)})
        AND flow_id IN (SELECT flow_id FROM open)
      GROUP BY flow_id
    ),
    flows AS (
      SELECT flow_started_at AS start, toString(outcome) AS outcome,
             arrayZip(gates, CAST(methods, 'Array(String)'), passed, attempted_at) AS steps
      FROM table_flows WHERE ended = 1
      UNION ALL
      SELECT start, outcome,
             arrayMap((a, passed_before) -> (toUInt8(passed_before + 1), toString(a.3),
                                             toUInt8(a.2), a.4),
               attempts,
               arrayMap((a, passed) -> passed - a.2, attempts,
                 arrayCumSum(a -> toUInt32(a.2), attempts))) AS steps
      FROM from_audit
    ),
    in_period AS (
      SELECT start, outcome,
             arrayFilter(s -> s.4 >= {from:DateTime64(3, 'UTC')} AND s.4 < {to:DateTime64(3, 'UTC')},
                         steps) AS steps
      FROM flows
    ),
    per_gate AS (
      SELECT start, outcome, tried.1 AS gate, tried.2 AS method,
             arrayFilter(s -> s.1 = tried.1 AND s.2 = tried.2 AND s.3 = 1, steps) AS passes,
             notEmpty(passes) AS passed, arrayMin(s -> s.4, passes) AS verified_at
      FROM in_period
      ARRAY JOIN arrayDistinct(arrayMap(s -> (s.1, s.2), steps)) AS tried
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
