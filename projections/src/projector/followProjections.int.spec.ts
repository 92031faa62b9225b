import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogProjection } from '../auditLog/auditLogProjection.js';
import { registrationStateProjection } from '../registrationState/registrationStateProjection.js';
import { resetFlowsProjection } from '../resetFlows/resetFlowsProjection.js';
import type { ClickHouse } from '../clickhouse/createClickHouse.js';
import { aliceStory, appendStory, at, event } from '../testing/sampleEvents.js';
import { count, openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { loadCheckpoint } from './checkpoints.js';
import { runProjections } from './runProjections.js';

const projections = [auditLogProjection, resetFlowsProjection, registrationStateProjection];

// The real client and store, with the writes the projector makes counted by table.
const counted = (client: ClickHouse, delayMs = 0) => {
  const inserts: string[] = [];
  const insert = client.insert.bind(client);
  const spy = Object.create(client) as ClickHouse;
  spy.insert = (async (params: Parameters<typeof insert>[0]) => {
    inserts.push(params.table);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return insert(params);
  }) as typeof client.insert;
  // The catch-up inside the engine writes read models with INSERT … SELECT commands.
  const command = client.command.bind(client);
  spy.command = (async (params: Parameters<typeof command>[0]) => {
    const table = /^\s*INSERT INTO (\w+)/.exec(params.query)?.[1];
    if (table) inserts.push(table);
    return command(params);
  }) as typeof client.command;
  return { client: spy, inserts };
};

describe('following live appends for every read model', () => {
  let ch: TestClickHouse;
  let store: EventStore;
  const n = (query: string) => count(ch.client, query);

  beforeAll(async () => {
    ch = await openTestClickHouse(process.env['CLICKHOUSE_URL']);
    store = openSqliteEventStore({ path: ':memory:' });
    await appendStory(store, aliceStory('before'));
  });
  afterAll(async () => {
    await ch?.close();
    await store?.close();
  });

  it('reads once, writes rows before the checkpoints that cover them, and stops after the last batch', async () => {
    const { client, inserts } = counted(ch.client);
    let subscriptions = 0;
    const eventStore: EventStore = {
      ...store,
      subscribeToAll: (options) => {
        subscriptions += 1;
        return store.subscribeToAll(options);
      },
    };
    const running = runProjections({ client, eventStore }, projections, { flushIntervalMs: 5 });
    await expect
      .poll(async () => (await loadCheckpoint(ch.client, 'audit_log'))?.position)
      .toBe(await store.headPosition());

    for (let t = 0; t < 5; t++) await appendStory(store, aliceStory(`live${t}`));
    const head = await store.headPosition();
    for (const p of projections) {
      await expect
        .poll(async () => (await loadCheckpoint(ch.client, p.name))?.position, { timeout: 10_000 })
        .toBe(head);
    }
    await running.stop();
    await running.done;

    expect(subscriptions).toBe(1);
    expect(await n('SELECT count() AS n FROM audit_log')).toBe(head);
    expect(await n('SELECT uniqExact(position) AS n FROM audit_log')).toBe(head);
    expect(await n(`SELECT count() AS n FROM reset_flows FINAL WHERE outcome != ''`)).toBe(12);
    expect(await n('SELECT count() AS n FROM registration_changes FINAL')).toBe(30);
    // One checkpoint insert for all read models at a time, never more than row writes, and the
    // last call when stopping.
    const checkpointInserts = inserts.filter((t) => t === 'projection_checkpoints').length;
    const auditInserts = inserts.filter((t) => t === 'audit_log').length;
    expect(checkpointInserts).toBeGreaterThanOrEqual(1);
    expect(checkpointInserts).toBeLessThanOrEqual(auditInserts);
    expect(inserts.at(-1)).toBe('projection_checkpoints');
  });

  it('saves checkpoints at most once per interval while rows keep coming, and the last one on stop', async () => {
    const { client, inserts } = counted(ch.client);
    const running = runProjections({ client, eventStore: store }, projections, {
      flushIntervalMs: 1,
      checkpointIntervalMs: 60_000,
    });
    await appendStory(store, aliceStory('interval'));
    await expect
      .poll(async () => (await loadCheckpoint(ch.client, 'audit_log'))?.position)
      .toBe(await store.headPosition()); // the catch-up saves its own checkpoints
    const caughtUp = await store.headPosition();
    inserts.length = 0;
    for (let i = 0; i < 20; i++) {
      await store.appendToStream(`user-interval${i}`, [
        event(
          'interval',
          'SignInFailed',
          { reason: 'wrongPassword', counted: true, failures: 1 },
          at(i),
        ),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const head = await store.headPosition();
    const visible = () =>
      n(
        `SELECT count() AS n FROM audit_log WHERE tenant_id = 'interval' AND event_type = 'SignInFailed'`,
      );
    await expect.poll(visible, { timeout: 10_000 }).toBe(20);
    // Rows are visible, written in several inserts, and the checkpoint has not moved yet.
    expect(inserts.filter((t) => t === 'audit_log').length).toBeGreaterThan(1);
    expect(inserts).not.toContain('projection_checkpoints');
    expect((await loadCheckpoint(ch.client, 'audit_log'))?.position).toBe(caughtUp);

    await running.stop();
    await running.done;
    expect(inserts.filter((t) => t === 'projection_checkpoints')).toHaveLength(1);
    expect((await loadCheckpoint(ch.client, 'audit_log'))?.position).toBe(head);
  });

  it('lets appends made while a batch is written join the next batch instead of queueing writes', async () => {
    const { client, inserts } = counted(ch.client, 20); // a slower disk: each insert +20 ms
    const running = runProjections({ client, eventStore: store }, projections, {
      flushIntervalMs: 1,
    });
    await appendStory(store, aliceStory('marker'));
    await expect
      .poll(async () => (await loadCheckpoint(ch.client, 'audit_log'))?.position)
      .toBe(await store.headPosition());
    inserts.length = 0;
    // 100 appends, one every few milliseconds, each its own commit and change notification.
    for (let i = 0; i < 100; i++) {
      await store.appendToStream(`user-burst${i}`, [event('burst', 'SignInSucceeded', {}, at(i))]);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const head = await store.headPosition();
    await expect
      .poll(async () => (await loadCheckpoint(ch.client, 'audit_log'))?.position, {
        timeout: 10_000,
      })
      .toBe(head);
    await running.stop();
    await running.done;
    expect(await n(`SELECT count() AS n FROM audit_log WHERE tenant_id = 'burst'`)).toBe(100);
    // A write per flush interval would be ~100 checkpoint inserts; batches that wait for the
    // write in flight make a few.
    const checkpointInserts = inserts.filter((t) => t === 'projection_checkpoints').length;
    expect(checkpointInserts).toBeGreaterThanOrEqual(1);
    expect(checkpointInserts).toBeLessThan(34);
  });

  it('starts writes at most once per flush interval while appends keep coming', async () => {
    const { client, inserts } = counted(ch.client);
    const flushIntervalMs = 200;
    const running = runProjections({ client, eventStore: store }, projections, {
      flushIntervalMs,
    });
    await appendStory(store, aliceStory('spaced-marker'));
    await expect
      .poll(async () => (await loadCheckpoint(ch.client, 'audit_log'))?.position)
      .toBe(await store.headPosition());
    inserts.length = 0;
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      await store.appendToStream(`user-spaced${i}`, [
        event('spaced', 'SignInSucceeded', {}, at(i)),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const visible = () => n(`SELECT count() AS n FROM audit_log WHERE tenant_id = 'spaced'`);
    await expect.poll(visible, { timeout: 10_000, interval: 20 }).toBe(100);
    const elapsed = performance.now() - started;
    const writes = inserts.filter((t) => t === 'audit_log').length;
    await running.stop();
    await running.done;
    // Back to back (each write taking what arrived during the one before) made twice as many.
    expect(writes).toBeGreaterThan(1);
    expect(writes).toBeLessThanOrEqual(Math.ceil(elapsed / flushIntervalMs) + 1);
  });

  it('writes the other read models at most once per their own interval, and every row by the end', async () => {
    const { client, inserts } = counted(ch.client);
    const othersFlushIntervalMs = 400;
    const running = runProjections({ client, eventStore: store }, projections, {
      flushIntervalMs: 10,
      othersFlushIntervalMs,
    });
    await appendStory(store, aliceStory('lazy-marker'));
    const caughtUp = await store.headPosition();
    for (const p of projections) {
      await expect
        .poll(async () => (await loadCheckpoint(ch.client, p.name))?.position, { timeout: 10_000 })
        .toBe(caughtUp);
    }
    inserts.length = 0;
    const started = performance.now();
    const stories = 8;
    for (let t = 0; t < stories; t++) {
      await appendStory(store, aliceStory(`lazy${t}`));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const rows = (table: string, tenant: string) =>
      n(`SELECT count() AS n FROM ${table} FINAL WHERE tenant_id ${tenant}`);
    const registrations = await rows('registration_changes', `= 'lazy-marker'`);
    await expect
      .poll(() => rows('registration_changes', `LIKE 'lazy_'`), { timeout: 10_000, interval: 20 })
      .toBe(stories * registrations);
    const elapsed = performance.now() - started;
    await running.stop();
    await running.done;

    expect(await rows('audit_log', `LIKE 'lazy_'`)).toBe(
      stories * (await rows('audit_log', `= 'lazy-marker'`)),
    );
    const writes = (table: string) => inserts.filter((t) => t === table).length;
    // Written along with the audit log every time (the old way), it made one write per story.
    expect(writes('registration_changes')).toBeGreaterThanOrEqual(1);
    expect(writes('registration_changes')).toBeLessThanOrEqual(
      Math.ceil(elapsed / othersFlushIntervalMs) + 1,
    );
    expect(writes('audit_log')).toBeGreaterThan(writes('registration_changes'));
  });
});
