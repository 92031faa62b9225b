import type { RecordedEvent } from '@resetline/domain';
import { describeError } from './failedEvents.js';
import { handlesEvent, type Projection, type Row } from './projection.js';

export type EventFailure = Readonly<{ event: RecordedEvent; error: string }>;

/** Rows of consecutive events, the positions they span, and the events whose toRows threw. */
export type ProjectionBatch = {
  firstPosition: number;
  lastPosition: number;
  events: number;
  rows: Row[];
  failures: EventFailure[];
};

export const emptyBatch = (): ProjectionBatch => ({
  firstPosition: 0,
  lastPosition: 0,
  events: 0,
  rows: [],
  failures: [],
});

export const addToBatch = (
  batch: ProjectionBatch,
  projection: Projection,
  event: RecordedEvent,
): void => {
  if (batch.events === 0) batch.firstPosition = event.position;
  batch.lastPosition = event.position;
  batch.events += 1;
  if (!handlesEvent(projection, event)) return;
  try {
    for (const row of projection.toRows(event)) batch.rows.push(row);
  } catch (error) {
    batch.failures.push({ event, error: describeError(error) });
  }
};

/**
 * Same projection, version, generation and positions → same token, so a batch re-sent after a crash is
 * dropped by ClickHouse's insert deduplication. A replay cut at other positions gets another
 * token; the tables' event keys (and FINAL / idempotent aggregates) absorb that case.
 */
export const batchToken = (
  projection: Projection,
  generation: number,
  batch: Pick<ProjectionBatch, 'firstPosition' | 'lastPosition'>,
): string =>
  `${projection.name}:v${projection.version}:g${generation}:${batch.firstPosition}-${batch.lastPosition}`;
