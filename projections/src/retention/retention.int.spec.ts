import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore, RecordedEvent } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAuditRow } from '../auditLog/auditLogProjection.js';
import { activityEventsProjection } from '../auditLog/activityEventsProjection.js';
import {
  insertRows,
  selectRows,
  toClickHouseTime,
  type ClickHouse,
} from '../clickhouse/createClickHouse.js';
import { readModels } from '../projector/readModels.js';
import { runProjections } from '../projector/runProjections.js';
import { event } from '../testing/sampleEvents.js';
import { openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { applyRetention } from './applyRetention.js';
import { tenantRetentionProjection } from './tenantRetentionProjection.js';

const DAY = 86_400_000;
const now = new Date();
const daysAgo = (days: number): Date => new Date(now.getTime() - days * DAY);

let position = 0;
const recorded = (tenantId: string, type: string, occurredAt: Date, data = {}): RecordedEvent =>
  ({
    ...event(tenantId, type, data, occurredAt),
    position: ++position,
    version: 1,
    streamId: `user-${tenantId}-${position}`,
  }) as unknown as RecordedEvent;

const policyChange = (tenantId: string, retentionDays: number, legalHold = false) =>
  recorded(tenantId, 'AuditPolicyUpdated', now, {
    policy: { retentionDays, legalHold },
    previous: { retentionDays: 365, legalHold: false },
    changedFields: ['retentionDays', 'legalHold'],
  });

// Every tenant has an audit row and an activity row 10, 40 and 400 days old.
const history = (tenantId: string) =>
  [10, 40, 400].map((age) => recorded(tenantId, 'PasswordChanged', daysAgo(age)));

const ages = async (client: ClickHouse, table: string, time = 'occurred_at') =>
  (
    await selectRows<{ tenant_id: string; age: number }>(
      client,
      `SELECT tenant_id, dateDiff('day', ${time}, {now:DateTime64(3, 'UTC')}) AS age
       FROM ${table} FINAL ORDER BY tenant_id, age`,
      { now: toClickHouseTime(now) },
    )
  ).map((r) => `${r.tenant_id} ${r.age}`);

const mutationsDone = async (client: ClickHouse): Promise<void> => {
  await expect
    .poll(
      async () =>
        (
          await selectRows<{ n: string }>(
            client,
            'SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND NOT is_done',
          )
        )[0]?.n,
      { timeout: 20_000 },
    )
    .toBe('0');
};

describe('retention by tenant policy', () => {
  let ch: TestClickHouse;
  let store: EventStore;

  beforeAll(async () => {
    ch = await openTestClickHouse(process.env['CLICKHOUSE_URL']);
    store = openSqliteEventStore({ path: ':memory:' });
  });
  afterAll(async () => {
    await ch?.close();
    await store?.close();
  });

  it("deletes each tenant's rows past its retention, the default's without a policy, none under legal hold", async () => {
    const { client } = ch;
    const events = ['short', 'default', 'held'].flatMap(history);
    await insertRows(client, 'audit_log', events.map(toAuditRow), 'history');
    await insertRows(
      client,
      'activity_events',
      events.flatMap((e) => activityEventsProjection.toRows(e)),
      'history',
    );
    // A flow that started 400 days ago expires with its tenant's rows; one whose start is
    // unknown never does.
    const flow = (tenantId: string, flowId: string, startedAt: Date) => ({
      tenant_id: tenantId,
      flow_started_at: toClickHouseTime(startedAt),
      flow_id: flowId,
      last_position: ++position,
      outcome: 'completed',
    });
    await insertRows(
      client,
      'reset_flow_attempts',
      [flow('short', 'old', daysAgo(400)), flow('short', 'unknown-start', new Date(0))],
      'flows',
    );
    // The flow tables: a partial row of an old flow (its view copies it by start), its end.
    const old = toClickHouseTime(daysAgo(400));
    await insertRows(
      client,
      'reset_flows',
      [{ tenant_id: 'short', flow_id: 'old', last_event_at: old, flow_started_at: old }],
      'flow rows',
    );
    await insertRows(
      client,
      'reset_flow_ends',
      [{ tenant_id: 'short', ended_at: old, flow_id: 'old', flow_started_at: old }],
      'flow ends',
    );
    const policies = [policyChange('short', 30), policyChange('held', 7, true)];
    await insertRows(
      client,
      'tenant_retention',
      policies.flatMap((e) => tenantRetentionProjection.toRows(e)),
      'policies',
    );

    const swept = await applyRetention(client, { now });
    expect(swept).toEqual([
      { table: 'audit_log', expired: 3, busy: false },
      { table: 'activity_events', expired: 3, busy: false },
      { table: 'reset_flow_attempts', expired: 1, busy: false },
      { table: 'reset_flows', expired: 1, busy: false },
      { table: 'reset_flows_by_start', expired: 1, busy: false },
      { table: 'reset_flow_ends', expired: 1, busy: false },
    ]);
    await mutationsDone(client);
    for (const table of ['reset_flows', 'reset_flows_by_start', 'reset_flow_ends'])
      expect(await ages(client, table, 'ended_at'), table).toEqual([]);
    const kept = ['default 10', 'default 40', 'held 10', 'held 40', 'held 400', 'short 10'];
    expect(await ages(client, 'audit_log')).toEqual(kept);
    expect(await ages(client, 'activity_events')).toEqual(kept);
    expect(
      (
        await selectRows<{ flow_id: string }>(client, 'SELECT flow_id FROM reset_flow_attempts')
      ).map((r) => r.flow_id),
    ).toEqual(['unknown-start']);

    // Swept again (a crash, a second projector): nothing more goes.
    expect((await applyRetention(client, { now })).map((s) => s.expired)).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);

    // The hold lifted with 30 days: the held tenant's older rows go; a replayed older policy row
    // does not bring the old one back.
    const lifted = policyChange('held', 30, false);
    await insertRows(client, 'tenant_retention', tenantRetentionProjection.toRows(lifted), 'lift');
    await insertRows(
      client,
      'tenant_retention',
      tenantRetentionProjection.toRows(policies[1]!),
      'replayed',
    );
    expect((await applyRetention(client, { now }))[0]).toEqual({
      table: 'audit_log',
      expired: 2,
      busy: false,
    });
    await mutationsDone(client);
    expect(await ages(client, 'audit_log')).toEqual([
      'default 10',
      'default 40',
      'held 10',
      'short 10',
    ]);
  });

  it('is swept by the projector once caught up, then at once after a policy change', async () => {
    const policy = (retentionDays: number, at: Date) =>
      event(
        'sweep',
        'AuditPolicyUpdated',
        {
          policy: { retentionDays, legalHold: false },
          previous: { retentionDays: 365, legalHold: false },
          changedFields: ['retentionDays'],
        },
        at,
        { kind: 'admin', id: 'admin-1' },
      );
    const kept = async () =>
      (
        await selectRows<{ event_type: string }>(
          ch.client,
          "SELECT event_type FROM audit_log FINAL WHERE tenant_id = 'sweep' ORDER BY position",
        )
      ).map((r) => r.event_type);
    await store.appendToStream('user-u1', [
      event('sweep', 'UserProvisioned', { userId: 'u1', username: 'una' }, daysAgo(120)),
      event('sweep', 'UserDisabled', { userId: 'u1' }, daysAgo(30)),
    ]);
    await store.appendToStream('tenant-sweep', [policy(90, daysAgo(1))]);
    let sweeps = 0;
    // The hourly sweep never comes in this test: the second sweep is the policy change's.
    const running = runProjections({ client: ch.client, eventStore: store }, readModels, {
      onRetentionSwept: () => (sweeps += 1),
    });
    await expect.poll(() => sweeps, { timeout: 20_000 }).toBe(1);
    await mutationsDone(ch.client);
    expect(await kept()).toEqual(['UserDisabled', 'AuditPolicyUpdated']);

    await store.appendToStream('tenant-sweep', [policy(14, new Date())]);
    await expect.poll(() => sweeps, { timeout: 20_000 }).toBe(2);
    await mutationsDone(ch.client);
    expect(await kept()).toEqual(['AuditPolicyUpdated', 'AuditPolicyUpdated']);
    await running.stop();
    await running.done;
  });
});
