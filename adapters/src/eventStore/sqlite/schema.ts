import type Database from 'better-sqlite3';

/**
 * One table: the global position is the rowid (positions start at 1 and, since nothing is ever
 * deleted, stay contiguous), a stream's revisions and the event ids are unique.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position     INTEGER PRIMARY KEY,
  event_id     TEXT    NOT NULL,
  stream_id    TEXT    NOT NULL,
  revision     INTEGER NOT NULL,
  type         TEXT    NOT NULL,
  version      INTEGER NOT NULL,
  data         TEXT    NOT NULL,
  metadata     TEXT    NOT NULL,
  occurred_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
`;

export const prepareDatabase = (db: Database.Database, busyTimeoutMs: number): void => {
  // WAL + synchronous=FULL: every acknowledged commit has been fsynced to the WAL, so it
  // survives power loss. busy_timeout lets a second process wait for the write lock.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.pragma('cache_size = -65536');
  db.exec(SCHEMA);
};
