import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@resetline/domain';
import {
  catchUpProjections,
  createClickHouse,
  migrate,
  readModelMigrations,
  readModels,
  type ClickHouse,
} from '@resetline/projections';

export type ReadSide = Readonly<{ client: ClickHouse; close: () => Promise<void> }>;

/** A migrated chDB in a fresh directory (one per test file: chDB binds one per process). */
export const openReadSide = async (): Promise<ReadSide> => {
  const dir = mkdtempSync(join(tmpdir(), 'resetline-reports-'));
  const client = createClickHouse({ dataDir: dir });
  await migrate(client, readModelMigrations);
  return {
    client,
    close: async () => {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** Runs every read model's projector up to the store's head. */
export const projectAll = async (client: ClickHouse, eventStore: EventStore): Promise<void> => {
  await catchUpProjections({ client, eventStore }, readModels);
};
