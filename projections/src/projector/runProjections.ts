import type { EventStore } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { applyRetention, type RetentionSwept } from '../retention/applyRetention.js';
import { tenantRetentionProjection } from '../retention/tenantRetentionProjection.js';
import { catchUp } from './catchUp.js';
import { followProjections, type FollowOptions, type Following } from './followProjections.js';
import type { Projection } from './projection.js';

export type RunOptions = FollowOptions &
  Readonly<{
    /**
     * How often rows past their tenant's retention are deleted (default one hour; 0: never), and
     * at once after a policy change.
     */
    retentionIntervalMs?: number;
    /** Told what each retention sweep found (for the log). */
    onRetentionSwept?: (swept: readonly RetentionSwept[]) => void;
    /** Told when a sweep failed; the next one runs as planned. */
    onRetentionFailed?: (error: unknown) => void;
  }>;

export type RunningProjections = Readonly<{
  /** Settles when the projector stopped; rejects with the first failure. */
  done: Promise<void>;
  stop(): Promise<void>;
}>;

/**
 * Catches every read model up (inside ClickHouse where the store allows: `catchUp`), then
 * follows live appends for all of them from one subscription (`followProjections`), and sweeps
 * rows past retention (`applyRetention`) once caught up, every `retentionIntervalMs` and after each
 * policy change. One active instance per projection: in embedded mode chDB's directory lock allows
 * a single process; against a server, run a single projector process (replicas stand by). Should
 * two ever overlap, rows stay exact (event-keyed tables, idempotent merges and deletes) and only
 * work is wasted.
 */
export const runProjections = (
  deps: Readonly<{ client: ClickHouse; eventStore: EventStore }>,
  projections: readonly Projection[],
  options: RunOptions = {},
): RunningProjections => {
  const stopping = new AbortController();
  const retentionIntervalMs = options.retentionIntervalMs ?? 3_600_000;
  let following: Following | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  let sweeps: NodeJS.Timeout | undefined;
  const sweep = (): void => {
    sweeping = sweeping.then(async () => {
      if (stopping.signal.aborted) return;
      try {
        options.onRetentionSwept?.(await applyRetention(deps.client));
      } catch (error) {
        options.onRetentionFailed?.(error);
      }
    });
  };
  const done = (async () => {
    await catchUp(deps, projections, {
      batchSize: options.batchSize,
      maxAttempts: options.maxAttempts,
      signal: stopping.signal,
    });
    if (stopping.signal.aborted) return;
    if (retentionIntervalMs > 0) {
      sweep();
      sweeps = setInterval(sweep, retentionIntervalMs);
      sweeps.unref();
    }
    following = followProjections(deps, projections, {
      ...options,
      // A policy change applies at once, not at the next hourly sweep.
      onRowsWritten: (projection) => {
        if (projection === tenantRetentionProjection.name && retentionIntervalMs > 0) sweep();
        options.onRowsWritten?.(projection);
      },
    });
    await following.done;
  })();
  return {
    done,
    stop: async () => {
      stopping.abort();
      clearInterval(sweeps);
      await following?.stop();
      await sweeping;
    },
  };
};
