import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCryptoPorts, openSqliteEventStore, Redacted } from '@resetline/adapters';
import {
  handleCreateTenant,
  handleDeleteUser,
  handleDisableUser,
  handleProvisionUser,
  handleUpdateUser,
  type CommandMetadata,
  type EventStore,
  type ServiceDeps,
} from '@resetline/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserIndex } from './userIndex.js';

const key = () => new Redacted(randomBytes(32));
const asSystem = (tenantId: string): CommandMetadata => ({
  now: new Date(),
  tenantId,
  actor: { kind: 'system', id: 'test' },
  correlationId: randomUUID(),
});

describe('UserIndex over the SQLite event store', () => {
  let dir: string;
  let store: EventStore;
  let deps: ServiceDeps;
  const open = () => {
    store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
    deps = { eventStore: store, ...createCryptoPorts({ codeHmacKey: key(), secretBoxKey: key() }) };
  };
  const provision = async (tenantId: string, username: string) =>
    (await handleProvisionUser(deps, { username, displayName: username }, asSystem(tenantId)))
      .userId;
  const names = async (index: UserIndex, tenantId: string) =>
    (await index.usersOf(tenantId)).map((u) => `${u.username}:${u.status}:${u.displayName}`);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'resetline-user-index-'));
    open();
    for (const tenantId of ['north', 'south']) {
      await handleCreateTenant(
        deps,
        { tenantId, name: tenantId, tier: 'basic' },
        asSystem(tenantId),
      );
    }
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps tenants apart, sorts by username and follows updates, disables and deletes', async () => {
    const index = new UserIndex(store, 2);
    const carol = await provision('north', 'Carol');
    await provision('north', 'alice');
    const bob = await provision('north', 'bob');
    await provision('south', 'zed');
    expect(await names(index, 'north')).toEqual([
      'alice:active:alice',
      'bob:active:bob',
      'Carol:active:Carol',
    ]);
    await handleUpdateUser(deps, bob, { displayName: 'Bobby' }, asSystem('north'));
    await handleDisableUser(deps, carol, undefined, asSystem('north'));
    await provision('north', 'aaron');
    expect(await names(index, 'north')).toEqual([
      'aaron:active:aaron',
      'alice:active:alice',
      'bob:active:Bobby',
      'Carol:disabled:Carol',
    ]);
    await handleDeleteUser(deps, bob, asSystem('north'));
    expect(await names(index, 'north')).toEqual([
      'aaron:active:aaron',
      'alice:active:alice',
      'Carol:disabled:Carol',
    ]);
    expect(await names(index, 'south')).toEqual(['zed:active:zed']);
    expect(await names(index, 'nowhere')).toEqual([]);
  });

  it('is rebuilt from the store after a restart', async () => {
    await provision('north', 'dora');
    const removed = await provision('north', 'eve');
    await handleDeleteUser(deps, removed, asSystem('north'));
    await store.close();
    open();
    expect(await names(new UserIndex(store), 'north')).toEqual(['dora:active:dora']);
  });

  it('sees a write that finished while an earlier catch-up was still running', async () => {
    const index = new UserIndex(store, 1);
    const running = index.catchUp();
    await provision('north', 'late');
    const [list] = await Promise.all([index.usersOf('north'), running]);
    expect(list.map((u) => u.username)).toEqual(['late']);
  });
});
