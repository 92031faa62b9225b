import type { EventStore } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { catchUp } from './catchUp.js';
import { followProjections, type FollowOptions, type Following } from './followProjections.js';
import type { Projection } from './projection.js';

export type RunningProjections = Readonly<{
  /** Settles when the projector stopped; rejects with the first failure. */
  done: Promise<void>;
  stop(): Promise<void>;
}>;

/**
 * Catches every read model up (inside ClickHouse where the store allows: `catchUp`), then
 * follows live appends for all of them from one subscription (`followProjections`). One active instance per
 * projection: in embedded mode chDB's directory lock allows a single process; against a server,
 * run a single projector process (replicas stand by). Should two ever overlap, rows stay exact
 * (event-keyed tables, idempotent merges) and only work is wasted.
 */
export const runProjections = (
  deps: Readonly<{ client: ClickHouse; eventStore: EventStore }>,
  projections: readonly Projection[],
  options: FollowOptions = {},
): RunningProjections => {
  const stopping = new AbortController();
  let following: Following | undefined;
  const done = (async () => {
    await catchUp(deps, projections, {
      batchSize: options.batchSize,
      maxAttempts: options.maxAttempts,
      signal: stopping.signal,
    });
    if (stopping.signal.aborted) return;
    following = followProjections(deps, projections, options);
    await following.done;
  })();
  return {
    done,
    stop: async () => {
      stopping.abort();
      await following?.stop();
    },
  };
};
