import type { EventStore } from '@resetline/domain';
import cliProgress from 'cli-progress';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import type { Projection } from './projection.js';
import { catchUp } from './catchUp.js';
import { createProjectionWriter } from './projectionWriter.js';

export type RebuildResult = Readonly<{ projection: string; position: number; seconds: number }>;

/**
 * Empties a read model and projects every stored event into it again, with a progress bar on
 * stderr. The live projector of that read model must be stopped meanwhile (in embedded mode chDB's
 * directory lock makes sure of it).
 */
export const rebuild = async (
  deps: Readonly<{ client: ClickHouse; eventStore: EventStore }>,
  projection: Projection,
  options: Readonly<{ progress?: boolean; batchSize?: number }> = {},
): Promise<RebuildResult> => {
  const started = performance.now();
  await createProjectionWriter({ ...deps, projection }).reset();
  const head = await deps.eventStore.headPosition();
  const bar = options.progress
    ? new cliProgress.SingleBar(
        { format: `${projection.name} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}` },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(head, 0);
  const position = await catchUp(deps, [projection], {
    batchSize: options.batchSize,
    onProgress: (p) => bar?.update(Math.min(p, head)),
  });
  bar?.update(head);
  bar?.stop();
  return { projection: projection.name, position, seconds: (performance.now() - started) / 1000 };
};
