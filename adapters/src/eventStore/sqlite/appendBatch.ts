import { ConflictError, ResetlineError, WrongExpectedRevisionError } from '@resetline/domain';
import type { AppendResult, ExpectedRevision } from '@resetline/domain';
import type Database from 'better-sqlite3';
import type { SerializedEvent } from '../appendValidation.js';

export type AppendRequest = Readonly<{
  streamId: string;
  events: readonly SerializedEvent[];
  expectedRevision: ExpectedRevision;
}>;

export type AppendOutcome =
  Readonly<{ ok: true; result: AppendResult }> | Readonly<{ ok: false; error: ResetlineError }>;

type StoredById = Readonly<{
  stream_id: string;
  revision: number;
  position: number;
  type: string;
  data: string;
}>;

const checkExpectedRevision = (
  streamId: string,
  expected: ExpectedRevision,
  current: number,
): void => {
  const matches =
    expected === 'any' ||
    (expected === 'no_stream' && current === -1) ||
    (expected === 'stream_exists' && current >= 0) ||
    expected === current;
  if (!matches) {
    const actual = current === -1 ? 'no_stream' : String(current);
    throw new WrongExpectedRevisionError(streamId, String(expected), actual);
  }
};

/**
 * A retried append (every id already stored, same stream, same contents, in order) succeeds with
 * the original result and writes nothing. Any partial or different reuse of an id is a conflict.
 */
const replayedResult = (
  request: AppendRequest,
  stored: readonly (StoredById | undefined)[],
): AppendResult => {
  const { streamId, events } = request;
  const first = stored[0];
  events.forEach((event, index) => {
    const row = stored[index];
    if (row === undefined) {
      throw new ConflictError(
        'PartiallyStoredAppend',
        `Some events of this append to stream ${streamId} are already stored and event ${event.id} is not: a retry must send the same events`,
        { streamId, eventId: event.id },
      );
    }
    const same =
      row.stream_id === streamId &&
      row.type === event.type &&
      row.data === event.data &&
      row.revision === (first?.revision ?? 0) + index;
    if (!same) {
      throw new ConflictError(
        'DuplicateEventId',
        `Event id ${event.id} is already stored as ${row.type} at revision ${row.revision} of stream ${row.stream_id}, with other contents than this append to stream ${streamId}`,
        { streamId, eventId: event.id, storedStreamId: row.stream_id },
      );
    }
  });
  const last = stored[stored.length - 1] as StoredById;
  return { nextExpectedRevision: last.revision, position: last.position };
};

/**
 * Runs many appends in ONE write transaction (one fsync). Each append is checked on its own and
 * in order, against the state left by the ones before it; a refused append writes nothing and
 * does not affect the others, because every check happens before its first insert.
 */
export const createBatchAppender = (db: Database.Database) => {
  const selectById = db.prepare<[string], StoredById>(
    'SELECT stream_id, revision, position, type, data FROM events WHERE event_id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO events (event_id, stream_id, revision, type, version, data, metadata, occurred_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  // One statement for the common case (a new first event id and the stream's revision) saves a
  // statement run per append; the full lookup runs only when an id is already stored.
  const selectRevisionAndFirstId = db.prepare<
    [string, string],
    { current: number | null; taken: number | null }
  >(
    `SELECT (SELECT max(revision) FROM events WHERE stream_id = ?) AS current,
            (SELECT position FROM events WHERE event_id = ?) AS taken`,
  );

  const appendOne = (request: AppendRequest): AppendResult => {
    const [first, ...rest] = request.events as [SerializedEvent, ...SerializedEvent[]];
    const { current, taken } = selectRevisionAndFirstId.get(request.streamId, first.id) as {
      current: number | null;
      taken: number | null;
    };
    if (taken !== null) {
      return replayedResult(
        request,
        request.events.map((event) => selectById.get(event.id)),
      );
    }
    const others = rest.map((event) => selectById.get(event.id));
    if (others.some((row) => row !== undefined)) {
      return replayedResult(request, [undefined, ...others]);
    }
    let revision = current ?? -1;
    checkExpectedRevision(request.streamId, request.expectedRevision, revision);
    let position = 0;
    for (const e of request.events) {
      revision += 1;
      const info = insert.run(
        e.id,
        request.streamId,
        revision,
        e.type,
        e.version,
        e.data,
        e.metadata,
        e.occurredAt.getTime(),
      );
      position = Number(info.lastInsertRowid);
    }
    return { nextExpectedRevision: revision, position };
  };

  const appendAll = db.transaction((requests: readonly AppendRequest[]): AppendOutcome[] =>
    requests.map((request) => {
      try {
        return { ok: true, result: appendOne(request) };
      } catch (error) {
        // Domain refusals happen before any insert; anything else (I/O, disk full) aborts the
        // whole transaction so that nothing half-written is ever committed.
        if (error instanceof ResetlineError) return { ok: false, error };
        throw error;
      }
    }),
  );

  /** Throws only when the transaction itself failed: then none of the appends was written. */
  return (requests: readonly AppendRequest[]): AppendOutcome[] => appendAll.immediate(requests);
};
