import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, EventToAppend, RecordedEvent } from '@resetline/domain';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from './sqliteEventStore.js';

const dir = mkdtempSync(join(tmpdir(), 'resetline-sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opened: EventStore[] = [];
const open = (path: string, options: { pollIntervalMs?: number; busyTimeoutMs?: number } = {}) => {
  const store = openSqliteEventStore({ path, pollIntervalMs: 3_600_000, ...options });
  opened.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

const freshPath = (): string => join(dir, `${randomUUID()}.sqlite`);
const anEvent = (n = 0): EventToAppend => ({
  id: randomUUID(),
  type: 'Counted',
  data: { n },
  metadata: { tenantId: 't', actor: { kind: 'system', id: 'spec' }, correlationId: 'c' },
  occurredAt: new Date(),
});

describe('SQLite event store', () => {
  it('keeps its file in WAL mode', () => {
    const path = freshPath();
    open(path);
    const other = new Database(path, { readonly: true });
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    other.close();
  });

  it('commits a retry sent in the same tick as the original once, answering both alike', async () => {
    const store = open(freshPath());
    const events = [anEvent(1), anEvent(2)];
    const [first, retry] = await Promise.all([
      store.appendToStream('s', events, { expectedRevision: 'no_stream' }),
      store.appendToStream('s', events, { expectedRevision: 'no_stream' }),
    ]);
    expect(retry).toEqual(first);
    expect(await store.readStream('s')).toHaveLength(2);
  });

  it('refuses an append whose later event id is already stored, writing none of it', async () => {
    const store = open(freshPath());
    const stored = anEvent(1);
    await store.appendToStream('a', [stored]);
    const fresh = anEvent(2);
    await expect(store.appendToStream('b', [fresh, stored])).rejects.toMatchObject({
      reason: 'PartiallyStoredAppend',
      details: { streamId: 'b', eventId: fresh.id },
    });
    expect(await store.readStream('b')).toEqual([]);
    expect(await store.headPosition()).toBe(1);
  });

  it('rejects every append of a commit that fails, writes none of them, and recovers', async () => {
    const path = freshPath();
    const store = open(path, { busyTimeoutMs: 20 });
    await store.appendToStream('s', [anEvent()]);
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    const outcomes = await Promise.allSettled([
      store.appendToStream('s', [anEvent()], { expectedRevision: 0 }),
      store.appendToStream('t', [anEvent()]),
    ]);
    locker.exec('ROLLBACK');
    locker.close();

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(await store.headPosition()).toBe(1);
    const next = await store.appendToStream('s', [anEvent()], { expectedRevision: 0 });
    expect(next).toEqual({ nextExpectedRevision: 1, position: 2 });
  });

  it('a subscription notices appends made through another connection to the same file', async () => {
    const path = freshPath();
    const reader = open(path, { pollIntervalMs: 10 });
    const writer = open(path);
    const subscription = reader.subscribeToAll();
    const received: RecordedEvent[] = [];
    const done = (async () => {
      for await (const event of subscription) {
        received.push(event);
        if (received.length === 3) break;
      }
    })();
    await writer.appendToStream('elsewhere', [anEvent(1), anEvent(2), anEvent(3)]);
    await done;
    await subscription.stop();
    expect(received.map((e) => e.data['n'])).toEqual([1, 2, 3]);
  });

  it('closing the store ends its subscriptions and refuses further calls', async () => {
    const store = openSqliteEventStore({ path: freshPath(), pollIntervalMs: 3_600_000 });
    const subscription = store.subscribeToAll();
    const iteration = (async () => {
      for await (const _event of subscription) {
        // no events are appended
      }
      return 'ended';
    })();
    await store.close();
    expect(await iteration).toBe('ended');
    await expect(store.readAll()).rejects.toMatchObject({ reason: 'EventStoreClosed' });
  });

  it('commits appends queued before close', async () => {
    const path = freshPath();
    const store = openSqliteEventStore({ path });
    const pending = store.appendToStream('s', [anEvent()]);
    await store.close();
    await expect(pending).resolves.toEqual({ nextExpectedRevision: 0, position: 1 });
    expect(await open(path).readStream('s')).toHaveLength(1);
  });

  it('gives ranges as stored lines, raw unless an id, stream id or type holds a tab or line feed', async () => {
    const store = open(':memory:');
    const quoted = { ...anEvent(), data: { note: 'a "quote", a \\ and \\t' } };
    await store.appendToStream('s\\1', [quoted]);
    await store.appendToStream('s\t2', [anEvent()]);
    const fields = (lines: Buffer): string[] => lines.toString().split('\t');

    const raw = await store.readStoredLines({ after: 0, maxCount: 1 });
    expect(raw).toMatchObject({ count: 1, lastPosition: 1, format: 'TabSeparatedRaw' });
    expect(fields(raw.lines).slice(1, 3)).toEqual([quoted.id, 's\\1']);
    expect(fields(raw.lines)[6]).toBe(JSON.stringify(quoted.data));
    expect(raw.lines.toString().endsWith('\n')).toBe(true);

    const both = await store.readStoredLines({ after: 0, maxCount: 2 });
    expect(both).toMatchObject({ count: 2, lastPosition: 2, format: 'TabSeparated' });
    const [first, second] = both.lines.toString().split('\n');
    expect(fields(Buffer.from(first!))[2]).toBe('s\\\\1');
    expect(fields(Buffer.from(first!))[6]).toBe(
      JSON.stringify(quoted.data).replaceAll('\\', '\\\\'),
    );
    expect(fields(Buffer.from(second!))[2]).toBe('s\\t2');
  });

  it('works in memory', async () => {
    const store = open(':memory:');
    await store.appendToStream('s', [anEvent()]);
    expect(await store.headPosition()).toBe(1);
  });
});
