import type { EventStore } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { catchUpProjections } from './catchUpProjections.js';
import type { Projection } from './projection.js';
import { createProjectionRunner, type ProjectionRunnerOptions } from './projectionRunner.js';

export type RunningProjections = Readonly<{
  /** Settles when every runner stopped; rejects with the first runner's failure. */
  done: Promise<void>;
  stop(): Promise<void>;
}>;

/**
 * Catches every read model up from one shared reader, then runs one runner per read model to
 * follow live appends in this process. One active instance per projection: in
 * embedded mode chDB's directory lock allows a single process; against a server, run a single
 * projector process (replicas stand by). Should two ever overlap, rows stay exact (event-keyed
 * tables, idempotent rollups) and only work is wasted.
 */
export const runProjections = (
  deps: Readonly<{ client: ClickHouse; eventStore: EventStore }>,
  projections: readonly Projection[],
  options: Omit<ProjectionRunnerOptions, 'client' | 'eventStore' | 'projection'> = {},
): RunningProjections => {
  const runners = projections.map((projection) =>
    createProjectionRunner({ ...deps, ...options, projection }),
  );
  const stopping = new AbortController();
  const caughtUp = catchUpProjections(deps, projections, {
    batchSize: options.batchSize,
    maxAttempts: options.maxAttempts,
    signal: stopping.signal,
  });
  // Each runner's own catch-up then only has what was appended meanwhile.
  const runs = runners.map((runner) =>
    caughtUp.then(() => (stopping.signal.aborted ? undefined : runner.run())),
  );
  const stop = async (): Promise<void> => {
    stopping.abort();
    await Promise.all(runners.map((runner) => runner.stop()));
  };
  const done = Promise.all(runs).then(
    () => undefined,
    async (error: unknown) => {
      await stop();
      await Promise.allSettled(runs);
      throw error;
    },
  );
  return { done, stop };
};
