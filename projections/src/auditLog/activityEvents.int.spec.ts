import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClickHouse,
  insertRows,
  selectRows,
  type ClickHouse,
} from '../clickhouse/createClickHouse.js';
import { migrate, runStatement } from '../clickhouse/migrations.js';
import { readModelMigrations } from '../clickhouse/schema.js';
import { loadCheckpoint, saveCheckpoint } from '../projector/checkpoints.js';
import { activityEventsProjection } from './activityEventsProjection.js';
import { toAuditRow } from './auditLogProjection.js';

const recorded = (position: number, type: string, data: Record<string, unknown> = {}) =>
  ({
    id: `e${position}`,
    type,
    data,
    streamId: 'user-u1',
    version: position,
    position,
    occurredAt: new Date(Date.UTC(2026, 2, 1, 9, 0, position)),
    metadata: { tenantId: 'x', actor: { kind: 'user', id: 'u1' }, correlationId: 'c' },
  }) as RecordedEvent;

const withActivityEvents = readModelMigrations.find((m) => m.version === 12)!;
const fromProjector = readModelMigrations.find((m) => m.version === 13)!;

describe('activity_events', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resetline-chdb-'));
  let client: ClickHouse;

  beforeAll(async () => {
    client = createClickHouse({ dataDir: dir });
    await migrate(
      client,
      readModelMigrations.filter((m) => m.version < withActivityEvents.version),
    );
  });
  afterAll(async () => {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const listed = async () =>
    (
      await selectRows<{ position: string; report: string; activity: string }>(
        client,
        'SELECT position, report, activity FROM activity_events FINAL ORDER BY position',
      )
    ).map((r) => `${r.position} ${r.report}: ${r.activity}`);

  it('copies the audit rows stored before it, then takes each new one once', async () => {
    const before = [
      recorded(1, 'PasswordChanged'),
      recorded(2, 'AccountUnlocked', { by: 'admin' }),
      recorded(3, 'AccountUnlocked', { by: 'reset' }),
      recorded(4, 'SignInFailed', { reason: 'wrongPassword' }),
      recorded(5, 'SecurityInfoRegistered', { methodId: 'm', method: 'email' }),
    ];
    await insertRows(client, 'audit_log', before.map(toAuditRow), 'before');
    expect(
      await migrate(
        client,
        readModelMigrations.filter((m) => m.version <= withActivityEvents.version),
      ),
    ).toEqual([withActivityEvents.version]);
    expect(await listed()).toEqual([
      '1 reset: Change password (self-service)',
      '2 reset: Unlock user account (by admin)',
      '5 registration: User registered security info',
    ]);

    const after = [recorded(6, 'PasswordResetByAdmin'), recorded(7, 'SignInSucceeded')];
    await insertRows(client, 'audit_log', after.map(toAuditRow), 'after');
    // A step interrupted half-way runs again; a replayed event is inserted again.
    for (const statement of withActivityEvents.statements) await runStatement(client, statement);
    await insertRows(client, 'audit_log', [toAuditRow(before[0]!)], 'replay');
    expect(await listed()).toEqual([
      '1 reset: Change password (self-service)',
      '2 reset: Unlock user account (by admin)',
      '5 registration: User registered security info',
      '6 reset: Reset password (by admin)',
    ]);
  });

  it('is then written by the projector, from where the audit log had reached', async () => {
    await saveCheckpoint(client, 'audit_log', { position: 7, version: 1, generation: 3 });
    expect(
      await migrate(
        client,
        readModelMigrations.filter((m) => m.version <= fromProjector.version),
      ),
    ).toEqual([fromProjector.version]);
    expect(await loadCheckpoint(client, activityEventsProjection.name)).toEqual({
      position: 7,
      version: activityEventsProjection.version,
      generation: 3,
    });
    // No view any more: an audit row alone adds nothing; the read model's rows do.
    const changed = recorded(8, 'PasswordChanged');
    await insertRows(client, 'audit_log', [toAuditRow(changed)], 'no view');
    expect(await listed()).toHaveLength(4);
    await insertRows(client, 'activity_events', activityEventsProjection.toRows(changed), 'model');
    expect((await listed()).at(-1)).toBe('8 reset: Change password (self-service)');
    // Run again (a step interrupted half-way), it leaves the read model's own checkpoint alone.
    await saveCheckpoint(client, activityEventsProjection.name, {
      position: 8,
      version: 1,
      generation: 3,
    });
    for (const statement of fromProjector.statements) await runStatement(client, statement);
    expect((await loadCheckpoint(client, activityEventsProjection.name))?.position).toBe(8);
  });
});
