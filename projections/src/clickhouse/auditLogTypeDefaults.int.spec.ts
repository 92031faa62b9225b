import { eventTypes, type RecordedEvent } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAuditRow } from '../auditLog/auditLogProjection.js';
import { activityOf } from '../auditLog/activityNames.js';
import { outcomeOf } from '../auditLog/outcome.js';
import { openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { insertRows, selectRows } from './createClickHouse.js';

const recorded = (position: number, type: string, data: Record<string, unknown>): RecordedEvent =>
  ({
    id: `e${position}`,
    type,
    data,
    streamId: 'user-u1',
    version: 1,
    position,
    occurredAt: new Date(Date.UTC(2026, 2, 1, 9, 0, position)),
    metadata: { tenantId: 'derived', actor: { kind: 'user', id: 'u1' }, correlationId: 'c' },
  }) as RecordedEvent;

// Every type with empty data, then the rows whose values depend on the event's data.
const events: RecordedEvent[] = [
  ...eventTypes.map((type, i) => recorded(i + 1, type, {})),
  recorded(101, 'AccountUnlocked', { by: 'admin' }),
  recorded(102, 'AccountUnlocked', { by: 'reset' }),
  recorded(103, 'PasswordResetStarted', { purpose: 'unlock' }),
  recorded(104, 'PasswordResetStarted', { eligible: false, ineligibleReason: 'notRegistered' }),
  recorded(105, 'SignInFailed', { reason: 'wrongPassword' }),
  recorded(106, 'FutureEventType', {}),
];

type Derived = {
  service: string;
  category: string;
  activity: string;
  feature: string;
  result: string;
};
const expected = (e: RecordedEvent): Derived => {
  const { service, category, activity, feature } = activityOf(e);
  return { service, category, activity, feature, result: outcomeOf(e).result };
};

describe('audit log columns the table derives from the event type', () => {
  let ch: TestClickHouse;

  beforeAll(async () => {
    ch = await openTestClickHouse(process.env['CLICKHOUSE_URL']);
    await insertRows(ch.client, 'audit_log', events.map(toAuditRow), 'derived');
  });
  afterAll(async () => ch?.close());

  it('sends most of them empty', () => {
    const empty = events.map(toAuditRow).filter((row) => row['activity'] === '');
    expect(empty.length).toBeGreaterThanOrEqual(eventTypes.length);
  });

  it('stores for every event what activityOf and outcomeOf say, defaulted or sent', async () => {
    const stored = await selectRows<Derived & { position: string }>(
      ch.client,
      `SELECT position, service, category, activity, feature, result FROM audit_log
       WHERE tenant_id = 'derived' ORDER BY position`,
    );
    expect(stored).toEqual(events.map((e) => ({ position: String(e.position), ...expected(e) })));
  });

  it('groups and counts by the filled-in values', async () => {
    const rollup = await selectRows<{
      activity: string;
      feature: string;
      result: string;
      n: string;
    }>(
      ch.client,
      `SELECT activity, feature, result, uniqExact(position) AS n FROM audit_log
       WHERE tenant_id = 'derived' GROUP BY activity, feature, result`,
    );
    const counts = new Map<string, number>();
    for (const e of events) {
      const { activity, feature, result } = expected(e);
      const key = `${activity}|${feature}|${result}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(
      new Map(rollup.map((r) => [`${r.activity}|${r.feature}|${r.result}`, Number(r.n)])),
    ).toEqual(counts);
  });
});
