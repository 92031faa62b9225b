import { ResetlineError } from '@resetline/domain';
import type {
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@resetline/domain';
import Database from 'better-sqlite3';
import {
  serializeAppend,
  validateExpectedRevision,
  validateReadOptions,
  validateStreamId,
} from '../appendValidation.js';
import { createCatchUpSubscription } from '../catchUpSubscription.js';
import { ChangeSignal } from '../changeSignal.js';
import { createBatchAppender } from './appendBatch.js';
import { createGroupCommit } from './groupCommit.js';
import {
  EVENT_COLUMNS,
  escapedLinesSql,
  storedLinesSql,
  toRecordedEvent,
  type StoredEventLines,
  type StoredEventReader,
} from './rows.js';
import type { EventRow } from './rows.js';
import { prepareDatabase } from './schema.js';

export type SqliteEventStoreOptions = Readonly<{
  /** A file path, or ':memory:' for a store that lives as long as the process. */
  path: string;
  /** How long a live subscription waits before looking for appends made by another process. */
  pollIntervalMs?: number;
  /** How long a commit waits for another process's write lock before it fails (default 5 s). */
  busyTimeoutMs?: number;
}>;

// SQLite reads "LIMIT -1" as no limit.
const NO_LIMIT = -1;

class StoreClosedError extends ResetlineError {
  constructor(path: string) {
    super('BAD_USER_INPUT', 'EventStoreClosed', `The SQLite event store ${path} is closed`);
  }
}

/** The embedded event store: one SQLite file, one writer connection, group commit. */
export const openSqliteEventStore = (
  options: SqliteEventStoreOptions,
): EventStore & StoredEventReader => {
  const db = new Database(options.path);
  prepareDatabase(db, options.busyTimeoutMs ?? 5000);
  const changes = new ChangeSignal();
  const subscriptions = new Set<Subscription>();
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let closed = false;

  // The whole stream, as handleCommand loads it: without the revision bound and the LIMIT this
  // statement runs markedly faster (about 16 µs instead of 25 µs for a 5-event stream).
  const wholeStream = db.prepare<[string], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`,
  );
  const byStreamForwards = db.prepare<[string, number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
  );
  const byStreamBackwards = db.prepare<[string, number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
  );
  const afterPosition = db.prepare<[number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
  );
  const lastPosition = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck();
  type Lines = Omit<StoredEventLines, 'format'> & { needsEscapes: number };
  const storedLines = db.prepare<[number, number], Lines>(storedLinesSql);
  const escapedLines = db.prepare<[number, number], Lines>(escapedLinesSql);

  const groupCommit = createGroupCommit(createBatchAppender(db), () => changes.notify());

  const ensureOpen = (): void => {
    if (closed) throw new StoreClosedError(options.path);
  };

  const readAfter = (after: number, maxCount: number): RecordedEvent[] =>
    afterPosition.all(after, maxCount).map(toRecordedEvent);

  return {
    async appendToStream(
      streamId: string,
      events: readonly EventToAppend[],
      appendOptions?: Readonly<{ expectedRevision?: ExpectedRevision }>,
    ) {
      ensureOpen();
      const expectedRevision = validateExpectedRevision(appendOptions?.expectedRevision ?? 'any');
      const serialized = serializeAppend(streamId, events);
      return groupCommit.append({ streamId, events: serialized, expectedRevision });
    },

    async readStream(streamId: string, readOptions: ReadStreamOptions = {}) {
      ensureOpen();
      validateStreamId(streamId);
      validateReadOptions(readOptions);
      const limit = readOptions.maxCount ?? NO_LIMIT;
      const whole =
        readOptions.direction !== 'backwards' &&
        (readOptions.fromRevision ?? 0) === 0 &&
        readOptions.maxCount === undefined;
      const rows = whole
        ? wholeStream.all(streamId)
        : readOptions.direction === 'backwards'
          ? byStreamBackwards.all(
              streamId,
              readOptions.fromRevision ?? Number.MAX_SAFE_INTEGER,
              limit,
            )
          : byStreamForwards.all(streamId, readOptions.fromRevision ?? 0, limit);
      return rows.map(toRecordedEvent);
    },

    async readStoredLines(readOptions) {
      ensureOpen();
      validateReadOptions(readOptions);
      const { after, maxCount } = readOptions;
      const raw = storedLines.get(after, maxCount) as Lines;
      if (!raw.needsEscapes) {
        const { count, lastPosition, lines } = raw;
        return { count, lastPosition, lines, format: 'TabSeparatedRaw' };
      }
      const { count, lastPosition, lines } = escapedLines.get(after, maxCount) as Lines;
      return { count, lastPosition, lines, format: 'TabSeparated' };
    },

    async readAll(readOptions: ReadAllOptions = {}) {
      ensureOpen();
      validateReadOptions(readOptions);
      return readAfter(readOptions.after ?? 0, readOptions.maxCount ?? NO_LIMIT);
    },

    subscribeToAll(subscribeOptions: SubscribeOptions = {}) {
      ensureOpen();
      validateReadOptions(subscribeOptions);
      const subscription = createCatchUpSubscription(
        { read: readAfter, changes, pollIntervalMs },
        subscribeOptions,
      );
      subscriptions.add(subscription);
      return {
        [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
        stop: async () => {
          subscriptions.delete(subscription);
          await subscription.stop();
        },
      };
    },

    async headPosition() {
      ensureOpen();
      return lastPosition.get() ?? 0;
    },

    async close() {
      if (closed) return;
      groupCommit.flushNow();
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.stop()));
      subscriptions.clear();
      db.close();
    },
  };
};
