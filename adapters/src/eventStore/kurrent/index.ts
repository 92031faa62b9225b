export { openKurrentEventStore } from './kurrentEventStore.js';
export type { KurrentEventStoreOptions } from './kurrentEventStore.js';
