import type { EventStore } from '@resetline/domain';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { loadCheckpoint } from './checkpoints.js';
import type { Projection } from './projection.js';

export type ProjectionLag = Readonly<{
  projection: string;
  positionsBehind: number;
  /** Age of the oldest event not yet projected; 0 when caught up. */
  secondsBehind: number;
}>;

export const projectionLag = async (
  deps: Readonly<{ client: ClickHouse; eventStore: EventStore; now?: () => Date }>,
  projections: readonly Projection[],
): Promise<ProjectionLag[]> => {
  const head = await deps.eventStore.headPosition();
  const now = (deps.now ?? (() => new Date()))();
  return Promise.all(
    projections.map(async (projection) => {
      const checkpoint = await loadCheckpoint(deps.client, projection.name);
      const position = checkpoint?.version === projection.version ? checkpoint.position : 0;
      const positionsBehind = Math.max(head - position, 0);
      if (positionsBehind === 0)
        return { projection: projection.name, positionsBehind, secondsBehind: 0 };
      const [oldest] = await deps.eventStore.readAll({ after: position, maxCount: 1 });
      const ageMs = oldest ? now.getTime() - oldest.occurredAt.getTime() : 0;
      return {
        projection: projection.name,
        positionsBehind,
        secondsBehind: Math.max(ageMs, 0) / 1000,
      };
    }),
  );
};
