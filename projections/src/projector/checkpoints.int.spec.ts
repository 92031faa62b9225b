import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogProjection } from '../auditLog/auditLogProjection.js';
import { openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { loadCheckpoint, saveCheckpoint, saveCheckpoints } from './checkpoints.js';
import { createProjectionWriter } from './projectionWriter.js';

describe('projection checkpoints', () => {
  let ch: TestClickHouse;
  let store: EventStore;

  beforeAll(async () => {
    ch = await openTestClickHouse(process.env['CLICKHOUSE_URL']);
    store = openSqliteEventStore({ path: ':memory:' });
  });
  afterAll(async () => {
    await store?.close();
    await ch?.close();
  });

  it('reads back the position, version and generation it saved', async () => {
    await saveCheckpoint(ch.client, 'p1', { position: 42, version: 3, generation: 1_234_567 });
    expect(await loadCheckpoint(ch.client, 'p1')).toEqual({
      position: 42,
      version: 3,
      generation: 1_234_567,
    });
  });

  it('keeps the generation of a rebuild for the next process, so its tokens differ from the emptied rows', async () => {
    await createProjectionWriter({
      client: ch.client,
      eventStore: store,
      projection: { ...auditLogProjection, name: 'p2' },
    }).reset();
    const afterRebuild = await loadCheckpoint(ch.client, 'p2');
    expect(afterRebuild?.position).toBe(0);
    expect(afterRebuild?.generation).toBeGreaterThan(0);
  });

  it('saves the checkpoints of several read models in one insert, each read back on its own', async () => {
    await saveCheckpoints(ch.client, [
      { projection: 'p3', position: 10, version: 1, generation: 7 },
      { projection: 'p4', position: 20, version: 2, generation: 8 },
    ]);
    await saveCheckpoints(ch.client, [
      { projection: 'p3', position: 11, version: 1, generation: 7 },
    ]);
    expect(await loadCheckpoint(ch.client, 'p3')).toEqual({
      position: 11,
      version: 1,
      generation: 7,
    });
    expect(await loadCheckpoint(ch.client, 'p4')).toEqual({
      position: 20,
      version: 2,
      generation: 8,
    });
  });
});
