import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKurrentEventStore, openSqliteEventStore } from '@resetline/adapters';
import { afterAll, describe, it } from 'vitest';
import { eventStoreContract } from './eventStore.contract.js';

const tempDir = mkdtempSync(join(tmpdir(), 'resetline-eventstore-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
let files = 0;
// No polling: live delivery and stop() must work from the store's own signals alone.
const pollIntervalMs = 3_600_000;

eventStoreContract('SQLite event store contract', {
  contiguousPositions: true,
  refusesReusedEventIds: true,
  open: async () => {
    const path = join(tempDir, `events-${++files}.sqlite`);
    const store = openSqliteEventStore({ path, pollIntervalMs });
    return {
      store,
      reopen: async () => {
        await store.close();
        return openSqliteEventStore({ path, pollIntervalMs });
      },
    };
  },
});

const eventStoreUrl = process.env['EVENTSTORE_URL'];
if (eventStoreUrl) {
  eventStoreContract('KurrentDB event store contract', {
    contiguousPositions: false,
    refusesReusedEventIds: false,
    open: async () => {
      const store = openKurrentEventStore({ url: eventStoreUrl });
      return {
        store,
        reopen: async () => {
          await store.close();
          return openKurrentEventStore({ url: eventStoreUrl });
        },
      };
    },
  });
} else {
  describe.skip('KurrentDB event store contract (EVENTSTORE_URL not set)', () => {
    it('runs the event store contract against a KurrentDB server', () => {});
  });
}
