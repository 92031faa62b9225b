import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '@resetline/domain';
import { openKurrentEventStore } from './kurrent/index.js';
import { openSqliteEventStore } from './sqlite/index.js';

export type EventStoreConfig = Readonly<{
  /** EVENTSTORE_URL: when set, KurrentDB; otherwise the embedded SQLite file. */
  eventStoreUrl?: string | undefined;
  /** Where the embedded store keeps `events.sqlite`. */
  dataDir: string;
}>;

export const SQLITE_EVENTS_FILE = 'events.sqlite';

export const openEventStore = (config: EventStoreConfig): EventStore => {
  if (config.eventStoreUrl) return openKurrentEventStore({ url: config.eventStoreUrl });
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteEventStore({ path: join(config.dataDir, SQLITE_EVENTS_FILE) });
};
