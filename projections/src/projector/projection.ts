import type { ClickHouseSettings } from '@clickhouse/client';
import type { RecordedEvent, ResetlineEventType } from '@resetline/domain';

export type Row = Readonly<Record<string, unknown>>;

/**
 * The same projection as SQL that ClickHouse runs over the event store's rows itself, so that a
 * catch-up need not pass the events through JS (`catchUpInEngine`). The SELECT reads a relation
 * with the store's columns: position, event_id, stream_id, revision, type, version, data and
 * metadata (JSON text) and occurred_at (epoch ms). It must give exactly the rows `toRows` gives
 * for every event the domain writes: a test projects a seeded workload and edge cases both ways
 * and compares the tables. A field of another type than the domain's schemas give it (a number
 * where a string belongs, only in a hand-made event) may read differently (its JSON text, not '');
 * the audit log's redaction is exact for any shape.
 */
export type SqlTwin = Readonly<{
  /** The columns of the projection's table that `select` fills, in its order. */
  columns: readonly string[];
  /** The SELECT list: one expression per column. */
  select: string;
  /** Which handled events give rows (`toRows` returns none for the others). */
  where?: string;
  /** Handled events whose rows the SQL cannot give exactly (rare shapes): `toRows` projects them. */
  inJs?: string;
  /** Values the SQL binds; names are prefixed with the table's, as every twin shares a query. */
  params?: Readonly<Record<string, unknown>>;
}>;

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
  /** The projection as SQL over the stored events, for catch-ups run inside the engine. */
  sql?: SqlTwin;
  /**
   * Every row's sorting key holds its event's position, so no two rows of one insert collapse:
   * inserts skip merging their block (`optimize_on_insert = 0`), which took a third of the time
   * of an audit log insert.
   */
  rowsKeyedByPosition?: boolean;
}>;

/** The settings of every insert into the projection's table. */
export const insertSettings = (projection: Projection): ClickHouseSettings =>
  projection.rowsKeyedByPosition ? { optimize_on_insert: 0 } : {};

export const handlesEvent = (projection: Projection, event: RecordedEvent): boolean =>
  (projection.handles as readonly string[]).includes(event.type);
