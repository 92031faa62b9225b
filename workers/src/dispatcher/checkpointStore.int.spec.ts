import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointStore } from './checkpointStore.js';

describe('CheckpointStore (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resetline-checkpoint-'));
  const path = join(dir, 'nested', 'dispatcher.sqlite');
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts at 0 and keeps the position and the admin index across a reopen', () => {
    const first = new CheckpointStore(path);
    expect(first.position('dispatcher')).toBe(0);
    first.commit('dispatcher', 7, [
      { tenantId: 't1', userId: 'a', isAdmin: true },
      { tenantId: 't1', userId: 'b', isAdmin: true },
    ]);
    first.commit('dispatcher', 9, [{ tenantId: 't1', userId: 'a', isAdmin: false }]);
    first.close();

    const reopened = new CheckpointStore(path);
    expect(reopened.position('dispatcher')).toBe(9);
    expect(reopened.position('other')).toBe(0);
    expect([...(reopened.admins().get('t1') ?? [])]).toEqual(['b']);
    reopened.close();
  });
});
