export { openSqliteEventStore } from './sqliteEventStore.js';
export type { SqliteEventStoreOptions } from './sqliteEventStore.js';
