import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../clickhouse/createClickHouse.js';
import { catchUpProjections } from '../projector/catchUpProjections.js';
import { insertRows } from '../clickhouse/createClickHouse.js';
import {
  aliceStory,
  appendStory,
  SECRET_HASH,
  SECRET_PHONE,
  SECRET_TARGET,
} from '../testing/sampleEvents.js';
import { count, openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { auditLogProjection } from './auditLogProjection.js';

describe('audit log read model', () => {
  let ch: TestClickHouse;
  let store: EventStore;
  let appended: number;

  beforeAll(async () => {
    ch = await openTestClickHouse();
    store = openSqliteEventStore({ path: ':memory:' });
    appended = await appendStory(store, aliceStory('t1'));
    await appendStory(store, aliceStory('t2'));
    await catchUpProjections({ client: ch.client, eventStore: store }, [auditLogProjection]);
  });

  afterAll(async () => {
    await ch?.close();
    await store?.close();
  });

  type AuditRow = Record<string, string>;
  const rowsOf = (tenantId: string) =>
    selectRows<AuditRow>(
      ch.client,
      'SELECT * FROM audit_log FINAL WHERE tenant_id = {tenantId:String} ORDER BY position',
      { tenantId },
    );

  it('merges wider than the default where the engine has the setting (migration 16)', async () => {
    const [table] = await selectRows<{ engine_full: string }>(
      ch.client,
      "SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = 'audit_log'",
    );
    expect(table?.engine_full).toContain('merge_selector_base = 10');
  });

  it('holds one row per event, per tenant', async () => {
    expect(await rowsOf('t1')).toHaveLength(appended);
    expect(await rowsOf('t2')).toHaveLength(appended);
  });

  it("names activities with Entra's strings and records actor, target, method and result", async () => {
    const rows = await rowsOf('t1');
    const byType = (type: string) => rows.filter((r) => r.event_type === type);
    expect(byType('PasswordReset')[0]).toMatchObject({
      activity: 'Reset password (self-service)',
      service: 'Self-service Password Management',
      feature: 'Reset',
      target_user_id: 'u1',
      result: 'success',
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 (test)',
      correlation_id: 'corr-PasswordReset',
    });
    expect(byType('AccountUnlocked')[0]?.activity).toBe('Unlock user account (self-service)');
    expect(byType('SecurityInfoRegistered').map((r) => r.activity)).toEqual(
      Array(3).fill('User registered security info'),
    );
    expect(byType('ResetGateFailed')[0]).toMatchObject({
      activity: 'Self-service password reset flow activity progress',
      method: 'email',
      result: 'failure',
      failure_reason: 'wrongCode',
      flow_id: 'f1',
    });
    expect(
      byType('PasswordResetStarted').map((r) => [r.target_username, r.result, r.failure_reason]),
    ).toEqual([
      ['alice', 'success', ''],
      ['mallory', 'failure', 'unknownUser'],
    ]);
    expect(byType('UserProvisioned')[0]).toMatchObject({
      actor_kind: 'admin',
      actor_id: 'admin-1',
    });
  });

  it('holds no secret and no contact data in clear', async () => {
    const dump = JSON.stringify(await rowsOf('t1'));
    for (const secret of [SECRET_TARGET, SECRET_PHONE, SECRET_HASH, 'sealed-SECRET']) {
      expect(dump).not.toContain(secret);
    }
    const sent = (await rowsOf('t1')).find((r) => r.event_type === 'ResetCodeSent');
    expect(JSON.parse(sent?.details ?? '{}')).toMatchObject({
      target: 'a***@contoso.com',
      maskedTarget: 'a***@contoso.com',
    });
  });

  it('counts events by tenant, activity, method and result', async () => {
    const rollup = await selectRows<{
      activity: string;
      method: string;
      result: string;
      n: string;
    }>(
      ch.client,
      `SELECT activity, method, result, uniqExact(position) AS n FROM audit_log
       WHERE tenant_id = {t:String} GROUP BY activity, method, result ORDER BY activity, method, result`,
      { t: 't1' },
    );
    const total = rollup.reduce((sum, r) => sum + Number(r.n), 0);
    expect(total).toBe(appended);
    expect(rollup).toContainEqual({
      activity: 'User registered security info',
      method: 'mobilePhone',
      result: 'success',
      n: '1',
    });
  });

  it('counts nothing twice when a batch is delivered again, even cut differently', async () => {
    const all = await store.readAll();
    const rows = all.map((e) => auditLogProjection.toRows(e)).flat();
    await insertRows(ch.client, 'audit_log', rows, 'replay-whole');
    await insertRows(ch.client, 'audit_log', rows.slice(3, 9), 'replay-slice');
    await insertRows(ch.client, 'audit_log', rows, 'replay-whole');
    expect(await count(ch.client, 'SELECT count() AS n FROM audit_log FINAL')).toBe(all.length);
    expect(await count(ch.client, 'SELECT uniqExact(position) AS n FROM audit_log')).toBe(
      all.length,
    );
    // The raw table did receive the duplicates: the exactness comes from the keys, not luck.
    expect(await count(ch.client, 'SELECT count() AS n FROM audit_log')).toBeGreaterThan(
      all.length,
    );
  });
});
