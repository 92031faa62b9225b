export { openSqliteEventStore } from './sqliteEventStore.js';
export type { SqliteEventStoreOptions } from './sqliteEventStore.js';
export {
  canReadStored,
  EVENT_COLUMNS,
  toRecordedEvent,
  type EventRow,
  type StoredEventLines,
  type StoredEventReader,
} from './rows.js';
