import type { TimeRange } from './period.js';
import { methodLabel } from './labels.js';
import { flowsStartedSql, num, rangeParams, text, type ReportQuery } from './reportQuery.js';

const attemptsInPeriod = `occurred_at >= {from:DateTime64(3, 'UTC')}
  AND occurred_at < {to:DateTime64(3, 'UTC')}
  AND event_type IN ('ResetCodeSent', 'ResetGatePassed', 'ResetGateFailed')`;

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
 * The reset funnel per gate and method, for flows with gate activity in the period. Replayed
 * audit rows are identical copies under one position: one per position is kept before counting.
 * The gate of a code sent or a failed try is one more than the gates the flow had passed before
 * it. Start and outcome come from `reset_flows_by_start`, read from the earliest start the
 * attempts carry (`startedAt`; an attempt without it reads from the beginning).
 */
// The earliest flow start the period's attempts carry; 0 when one has none (read everything).
// A scalar read of its own: taken from the materialized per_gate it cost more than the scan.
const earliestAttemptStart = `(
  SELECT min(parseDateTime64BestEffortOrZero(simpleJSONExtractString(details, 'startedAt'), 3, 'UTC'))
  FROM audit_log
  WHERE tenant_id = {tenantId:String} AND ${attemptsInPeriod})`;

export const resetFunnel = (tenantId: string, range: TimeRange): ReportQuery<FunnelStep> => ({
  sql: `
    WITH attempts AS (
      SELECT flow_id, method, event_type, occurred_at,
             if(event_type = 'ResetGatePassed', toUInt8(JSONExtractUInt(details, 'gate')),
                toUInt8(1 + passed_before)) AS gate
      FROM (
        SELECT flow_id, method, event_type, occurred_at, details,
               countIf(event_type = 'ResetGatePassed') OVER (
                 PARTITION BY flow_id ORDER BY position
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS passed_before
        FROM (
          SELECT flow_id, method, event_type, occurred_at, details, position FROM audit_log
          WHERE tenant_id = {tenantId:String} AND ${attemptsInPeriod}
          LIMIT 1 BY position
        )
      )
    ),
    per_gate AS MATERIALIZED (
      SELECT flow_id, gate, method, max(event_type = 'ResetGatePassed') AS passed,
             minIf(occurred_at, event_type = 'ResetGatePassed') AS verified_at
      FROM attempts GROUP BY flow_id, gate, method
    ),
    flows AS (
      SELECT flow_id, min(started_at) AS started_at, max(outcome) AS outcome
      FROM reset_flows_by_start
      WHERE tenant_id = {tenantId:String}
        AND ${flowsStartedSql(earliestAttemptStart)}
        AND flow_id IN (SELECT flow_id FROM per_gate)
      GROUP BY flow_id
    )
    SELECT gate, method, count() AS started, sum(passed) AS verified,
           countIf(passed AND outcome = 'completed') AS completed,
           countIf(outcome = 'abandoned') AS abandoned, countIf(outcome = 'failed') AS failed,
           quantileExactInclusiveIf(0.5)(
             dateDiff('millisecond', started_at, verified_at) / 1000, passed) AS median_seconds
    FROM per_gate LEFT JOIN flows USING flow_id
    GROUP BY gate, method
    ORDER BY gate, method`,
  params: rangeParams(tenantId, range),
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
