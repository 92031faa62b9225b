import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore, RecordedEvent } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../clickhouse/migrations.js';
import { readModelMigrations } from '../clickhouse/schema.js';
import { aliceStory, appendStory, at, event } from '../testing/sampleEvents.js';
import { count, openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { auditLogProjection } from '../auditLog/auditLogProjection.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoints.js';
import { listFailedEvents } from './failedEvents.js';
import type { Projection } from './projection.js';
import { projectionLag } from './projectionLag.js';
import { catchUpProjections } from './catchUpProjections.js';
import { createProjectionWriter } from './projectionWriter.js';
import { readModels } from './readModels.js';
import { selectRows } from '../clickhouse/createClickHouse.js';
import { runProjections } from './runProjections.js';

// A projection into the audit table whose toRows throws for chosen event types, as a bug or an
// unreadable old event would.
const flakyProjection = (name: string, failingTypes: Set<string>): Projection => ({
  ...auditLogProjection,
  name,
  toRows: (e: RecordedEvent) => {
    if (failingTypes.has(e.type)) throw new Error(`cannot project ${e.type}`);
    return auditLogProjection.toRows(e);
  },
});

const auditCount = (ch: TestClickHouse, tenantId: string) =>
  count(ch.client, 'SELECT count() AS n FROM audit_log FINAL WHERE tenant_id = {t:String}', {
    t: tenantId,
  });

describe('projection writer: failures, rebuilds, lag', () => {
  let ch: TestClickHouse;
  let store: EventStore;

  beforeAll(async () => {
    ch = await openTestClickHouse();
    store = openSqliteEventStore({ path: ':memory:', pollIntervalMs: 20 });
  });

  afterAll(async () => {
    await ch?.close();
    await store?.close();
  });

  it('applies migrations once', async () => {
    expect(await migrate(ch.client, readModelMigrations)).toEqual([]);
    expect(await count(ch.client, 'SELECT count() AS n FROM schema_migrations FINAL')).toBe(
      readModelMigrations.length,
    );
  });

  it('records events toRows cannot project, retries them and marks them dead at the limit', async () => {
    const total = await appendStory(store, aliceStory('fail'));
    const failing = new Set(['PasswordReset', 'AccountUnlocked']);
    const projection = flakyProjection('flaky', failing);
    const deps = { client: ch.client, eventStore: store };
    const catchUp = () => catchUpProjections(deps, [projection], { maxAttempts: 3 });
    const retryFailed = () =>
      createProjectionWriter({ ...deps, projection, maxAttempts: 3 }).retryFailed();

    await catchUp();
    expect(await auditCount(ch, 'fail')).toBe(total - 2);
    expect(
      (await listFailedEvents(ch.client, 'flaky')).map((f) => [f.eventType, f.attempts, f.status]),
    ).toEqual([
      ['PasswordReset', 1, 'failed'],
      ['AccountUnlocked', 1, 'failed'],
    ]);

    // Replaying the same events (a crash before the checkpoint) does not reset the attempts.
    const checkpoint = await loadCheckpoint(ch.client, 'flaky');
    await saveCheckpoint(ch.client, 'flaky', { ...checkpoint!, position: 0 });
    await catchUp();
    expect(await auditCount(ch, 'fail')).toBe(total - 2);
    expect((await listFailedEvents(ch.client, 'flaky')).map((f) => f.attempts)).toEqual([1, 1]);

    failing.delete('PasswordReset'); // fixed, say, by a new release
    expect(await retryFailed()).toBe(1);
    expect(await auditCount(ch, 'fail')).toBe(total - 1);
    expect(await retryFailed()).toBe(0);
    const [unlock] = await listFailedEvents(ch.client, 'flaky', ['failed', 'dead']);
    expect(unlock).toMatchObject({ eventType: 'AccountUnlocked', attempts: 3, status: 'dead' });
    expect(unlock?.lastError).toBe('Error: cannot project AccountUnlocked');
    expect(await listFailedEvents(ch.client, 'flaky', ['resolved'])).toHaveLength(1);
  });

  it('rebuilds from position 0 when the projection version changes', async () => {
    const projection = { ...auditLogProjection, name: 'versioned' };
    const deps = { client: ch.client, eventStore: store };
    await catchUpProjections(deps, [projection]);
    const head = await store.headPosition();
    expect(await loadCheckpoint(ch.client, 'versioned')).toMatchObject({
      position: head,
      version: 1,
    });
    await catchUpProjections(deps, [{ ...projection, version: 2 }]);
    expect(await loadCheckpoint(ch.client, 'versioned')).toMatchObject({
      position: head,
      version: 2,
    });
    // The audit table was emptied, then refilled: each event exactly once, even without FINAL.
    expect(await count(ch.client, 'SELECT count() AS n FROM audit_log')).toBe(head);
  });

  it('refills after a rebuild at the same version (insert dedup tokens do not drop the refill)', async () => {
    const projection = { ...auditLogProjection, name: 'versioned', version: 2 };
    const deps = { client: ch.client, eventStore: store };
    await createProjectionWriter({ ...deps, projection }).reset();
    expect(await count(ch.client, 'SELECT count() AS n FROM audit_log')).toBe(0);
    expect(await catchUpProjections(deps, [projection])).toBe(await store.headPosition());
    expect(await count(ch.client, 'SELECT count() AS n FROM audit_log')).toBe(
      await store.headPosition(),
    );
  });

  it('follows live appends, then reports no lag', async () => {
    const projection = { ...auditLogProjection, name: 'live' };
    const running = runProjections({ client: ch.client, eventStore: store }, [projection], {
      flushIntervalMs: 10,
    });
    await store.appendToStream('user-live', [
      event('live', 'UserProvisioned', { userId: 'live', username: 'lee' }, at(1)),
      event('live', 'SignInSucceeded', {}, at(2)),
    ]);
    await expect.poll(() => auditCount(ch, 'live'), { timeout: 5_000 }).toBe(2);
    const head = await store.headPosition();
    await expect
      .poll(async () => (await loadCheckpoint(ch.client, 'live'))?.position, { timeout: 5_000 })
      .toBe(head);
    await running.stop();
    await running.done;
    expect(await projectionLag({ client: ch.client, eventStore: store }, [projection])).toEqual([
      { projection: 'live', positionsBehind: 0, secondsBehind: 0 },
    ]);
  });

  it('reports positions and seconds behind for a projection that has not run', async () => {
    const head = await store.headPosition();
    const now = () => new Date(at(0).getTime() + 3_600_000);
    const [lag] = await projectionLag({ client: ch.client, eventStore: store, now }, [
      { ...auditLogProjection, name: 'never-ran' },
    ]);
    expect(lag).toEqual({ projection: 'never-ran', positionsBehind: head, secondsBehind: 3600 });
  });

  it('skips merging inserted blocks exactly for the read models whose sorting key holds the position', async () => {
    const keys = await selectRows<{ name: string; sorting_key: string }>(
      ch.client,
      'SELECT name, sorting_key FROM system.tables WHERE database = currentDatabase()',
    );
    const sortingKey = new Map(keys.map((k) => [k.name, k.sorting_key.split(', ')]));
    for (const projection of readModels) {
      const key = sortingKey.get(projection.table);
      expect(key, projection.table).toBeDefined();
      expect({ table: projection.table, skips: projection.rowsKeyedByPosition === true }).toEqual({
        table: projection.table,
        skips: key?.includes('position'),
      });
    }
  });
});
