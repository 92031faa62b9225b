export { openEventStore, SQLITE_EVENTS_FILE } from './openEventStore.js';
export type { EventStoreConfig } from './openEventStore.js';
export { openKurrentEventStore } from './kurrent/index.js';
export type { KurrentEventStoreOptions } from './kurrent/index.js';
export {
  canReadStored,
  EVENT_COLUMNS,
  openSqliteEventStore,
  toRecordedEvent,
  type EventRow,
  type StoredEventLines,
  type StoredEventReader,
} from './sqlite/index.js';
export type { SqliteEventStoreOptions } from './sqlite/index.js';
