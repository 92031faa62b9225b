import type { EventStore } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import type { Projection } from './projection.js';
import { createProjectionRunner, type ProjectionRunnerOptions } from './projectionRunner.js';

export type RunningProjections = Readonly<{
  /** Settles when every runner stopped; rejects with the first runner's failure. */
  done: Promise<void>;
  stop(): Promise<void>;
}>;

/**
 * Runs one runner per read model in this process. One active instance per projection: in
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
  const runs = runners.map((runner) => runner.run());
  const stop = async (): Promise<void> => {
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
