import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAuditRow } from '../auditLog/auditLogProjection.js';
import {
  createClickHouse,
  insertRows,
  selectRows,
  type ClickHouse,
} from '../clickhouse/createClickHouse.js';
import { migrate, runStatement } from '../clickhouse/migrations.js';
import { readModelMigrations } from '../clickhouse/schema.js';

const retentionByPolicy = readModelMigrations.find((m) => m.version === 14)!;

const changed = (position: number, occurredAt: Date) =>
  ({
    id: `e${position}`,
    type: 'PasswordChanged',
    data: {},
    streamId: 'user-u1',
    version: position,
    position,
    occurredAt,
    metadata: { tenantId: 't', actor: { kind: 'user', id: 'u1' }, correlationId: 'c' },
  }) as RecordedEvent;

describe('migration 14: retention by tenant policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resetline-chdb-'));
  let client: ClickHouse;

  beforeAll(async () => {
    client = createClickHouse({ dataDir: dir });
    await migrate(
      client,
      readModelMigrations.filter((m) => m.version < retentionByPolicy.version),
    );
  });
  afterAll(async () => {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const schemaOf = async (table: string) =>
    (
      await selectRows<{ q: string }>(
        client,
        `SELECT create_table_query AS q FROM system.tables
         WHERE database = currentDatabase() AND name = {table:String}`,
        { table },
      )
    )[0]?.q ?? '';

  it('drops the fixed TTL and its column, keeps the rows, and runs again after an interruption', async () => {
    expect(await schemaOf('audit_log')).toContain(' TTL ');
    const recent = new Date(Date.now() - 10 * 86_400_000);
    await insertRows(client, 'audit_log', [toAuditRow(changed(1, recent))], 'before');

    expect(
      await migrate(
        client,
        readModelMigrations.filter((m) => m.version <= retentionByPolicy.version),
      ),
    ).toEqual([retentionByPolicy.version]);
    // A step interrupted half-way runs again: `REMOVE TTL` only where a TTL is left.
    for (const statement of retentionByPolicy.statements) await runStatement(client, statement);

    for (const table of ['audit_log', 'activity_events', 'reset_flow_attempts']) {
      expect(await schemaOf(table)).not.toContain(' TTL ');
      expect(await schemaOf(table)).not.toContain('retention_days');
    }
    // A row far older than the old TTL's 365 days outlives a merge now.
    const old = new Date(Date.now() - 500 * 86_400_000);
    await insertRows(client, 'audit_log', [toAuditRow(changed(2, old))], 'after');
    await client.command({ query: 'OPTIMIZE TABLE audit_log FINAL' });
    expect(
      await selectRows<{ position: string }>(
        client,
        'SELECT position FROM audit_log ORDER BY position',
      ),
    ).toEqual([{ position: '1' }, { position: '2' }]);
  });
});
