import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogProjection } from '../auditLog/auditLogProjection.js';
import { registrationStateProjection } from '../registrationState/registrationStateProjection.js';
import { resetFlowsProjection } from '../resetFlows/resetFlowsProjection.js';
import { aliceStory, appendStory } from '../testing/sampleEvents.js';
import { count, openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { catchUpProjections } from './catchUpProjections.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoints.js';
import { listFailedEvents } from './failedEvents.js';
import type { Projection } from './projection.js';

const projections = [auditLogProjection, resetFlowsProjection, registrationStateProjection];
const TENANTS = 12;

describe('catching every projection up from one reader', () => {
  let ch: TestClickHouse;
  let store: EventStore;
  let head: number;
  const n = (query: string) => count(ch.client, query);
  const auditRows = () => n('SELECT count() AS n FROM audit_log');
  const auditEvents = () => n('SELECT uniqExact(position) AS n FROM audit_log');
  const flowEnds = () => n(`SELECT count() AS n FROM reset_flows FINAL WHERE outcome != ''`);
  // provisioned, three methods registered, one removed
  const registrations = () => n('SELECT count() AS n FROM registration_changes FINAL');

  beforeAll(async () => {
    ch = await openTestClickHouse();
    store = openSqliteEventStore({ path: ':memory:' });
    for (let t = 0; t < TENANTS; t++) await appendStory(store, aliceStory(`t${t}`));
    head = await store.headPosition();
  });
  afterAll(async () => {
    await ch?.close();
    await store?.close();
  });

  it('projects every event into every read model, in small batches, and checkpoints each', async () => {
    const progress: number[] = [];
    // Batches of 7 events over reads of 5: batch edges fall inside stories and inside reads.
    const reached = await catchUpProjections(
      { client: ch.client, eventStore: store },
      projections,
      {
        batchSize: 7,
        readSize: 5,
        onProgress: (p) => progress.push(p),
      },
    );
    expect(reached).toBe(head);
    expect(await auditRows()).toBe(head);
    expect(await auditEvents()).toBe(head);
    expect(await flowEnds()).toBe(2 * TENANTS);
    expect(await registrations()).toBe(5 * TENANTS);
    expect(progress.at(-1)).toBe(head);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    for (const p of projections)
      expect((await loadCheckpoint(ch.client, p.name))?.position).toBe(head);
  });

  it('replays from an older checkpoint without counting anything twice', async () => {
    for (const p of projections) {
      const checkpoint = await loadCheckpoint(ch.client, p.name);
      await saveCheckpoint(ch.client, p.name, { ...checkpoint!, position: 3 });
    }
    await catchUpProjections({ client: ch.client, eventStore: store }, projections, {
      batchSize: 11,
    });
    expect(await n('SELECT count() AS n FROM audit_log FINAL')).toBe(head);
    expect(await auditEvents()).toBe(head);
    expect(await flowEnds()).toBe(2 * TENANTS);
    expect(await registrations()).toBe(5 * TENANTS);
  });

  it('feeds each projection only the events after its own checkpoint', async () => {
    await ch.client.command({ query: 'CREATE TABLE late_audit_log AS audit_log' });
    const late: Projection = {
      ...auditLogProjection,
      name: 'late_audit',
      table: 'late_audit_log',
      tables: ['late_audit_log'],
    };
    await saveCheckpoint(ch.client, 'late_audit', {
      position: head - 5,
      version: 1,
      generation: 7,
    });
    const before = await auditRows();
    await catchUpProjections({ client: ch.client, eventStore: store }, [...projections, late]);
    // The caught-up read models got nothing; the late one got exactly its last 5 events.
    expect(await auditRows()).toBe(before);
    expect(await n('SELECT count() AS n FROM late_audit_log')).toBe(5);
    expect((await loadCheckpoint(ch.client, 'late_audit'))?.position).toBe(head);
  });

  it('records an event toRows cannot project and goes on', async () => {
    const flaky: Projection = {
      ...registrationStateProjection,
      name: 'flaky_registrations',
      toRows: (e) => {
        if (e.type === 'SecurityInfoRemoved') throw new Error(`cannot project ${e.type}`);
        return registrationStateProjection.toRows(e);
      },
    };
    await catchUpProjections({ client: ch.client, eventStore: store }, [flaky]);
    const failed = await listFailedEvents(ch.client, 'flaky_registrations');
    expect(failed.map((f) => f.eventType)).toEqual(Array(TENANTS).fill('SecurityInfoRemoved'));
    expect((await loadCheckpoint(ch.client, 'flaky_registrations'))?.position).toBe(head);
  });

  it('rejects when a write fails and leaves that checkpoint where it was', async () => {
    const broken: Projection = { ...auditLogProjection, name: 'broken', table: 'no_such_table' };
    await expect(
      catchUpProjections({ client: ch.client, eventStore: store }, [broken], { batchSize: 10 }),
    ).rejects.toThrow(/no_such_table/);
    expect(await loadCheckpoint(ch.client, 'broken')).toBeUndefined();
  });

  it('writes a batch that has filled for maxBatchMs even when it is not full', async () => {
    const progress: number[] = [];
    const timed: Projection = { ...registrationStateProjection, name: 'timed' };
    await catchUpProjections({ client: ch.client, eventStore: store }, [timed], {
      readSize: 50,
      maxBatchMs: 0,
      onProgress: (p) => progress.push(p),
    });
    // Every read of 50 became its own batch, far below the default batch size.
    expect(progress).toEqual(
      Array.from({ length: Math.ceil(head / 50) }, (_, i) => Math.min((i + 1) * 50, head)),
    );
  });

  it('stops when aborted, and the next catch-up resumes from the checkpoint', async () => {
    const stopping = new AbortController();
    const resumable: Projection = { ...registrationStateProjection, name: 'resumable' };
    await catchUpProjections({ client: ch.client, eventStore: store }, [resumable], {
      batchSize: 5,
      onProgress: () => stopping.abort(),
      signal: stopping.signal,
    });
    const stoppedAt = (await loadCheckpoint(ch.client, 'resumable'))?.position ?? 0;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(head);
    expect(await catchUpProjections({ client: ch.client, eventStore: store }, [resumable])).toBe(
      head,
    );
    expect((await loadCheckpoint(ch.client, 'resumable'))?.position).toBe(head);
  });
});
