import type { RecordedEvent, ResetlineEventType } from '@resetline/domain';

export type Row = Readonly<Record<string, unknown>>;

/**
 * A read model, as a value: which events it reads and the rows each one becomes. `toRows` is pure
 * and deterministic, so replaying an event after a crash yields the same rows, which the table's
 * key (event position) collapses. Bump `version` to rebuild the read model from zero.
 */
export type Projection = Readonly<{
  name: string;
  version: number;
  /** Where `toRows` rows go. */
  table: string;
  /** Every table a rebuild empties: `table` and anything fed from it (materialized views). */
  tables: readonly string[];
  handles: readonly ResetlineEventType[];
  toRows: (event: RecordedEvent) => readonly Row[];
}>;

export const handlesEvent = (projection: Projection, event: RecordedEvent): boolean =>
  (projection.handles as readonly string[]).includes(event.type);
