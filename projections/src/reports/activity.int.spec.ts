import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEventsProjection } from '../auditLog/activityEventsProjection.js';
import { auditLogProjection } from '../auditLog/auditLogProjection.js';
import { selectRows } from '../clickhouse/createClickHouse.js';
import { catchUpProjections } from '../projector/catchUpProjections.js';
import { rebuild } from '../projector/rebuild.js';
import { readModels } from '../projector/readModels.js';
import { aliceStory, appendStory, at, event } from '../testing/sampleEvents.js';
import { openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { registrationActivity, resetActivity } from './activity.js';
import { resetFunnel } from './resetFunnel.js';
import { usageInsights } from './usageInsights.js';
import { paged, runReport, type ReportQuery } from './reportQuery.js';

// The reset funnel reads the audit rows of open flows through audit_log's `by_type` projection
// (ClickHouse picks it when a query reads only its columns): a column added to them outside the
// projection must fail here, not as a slow report in production. The activity reports and usage
// insights read `activity_events` instead, a table filled from audit_log.
describe('reports that read the audit log by type, and activity_events', () => {
  let ch: TestClickHouse;
  let store: EventStore;
  const period = { from: at(-60), to: at(100_000) };

  beforeAll(async () => {
    ch = await openTestClickHouse(process.env['CLICKHOUSE_URL']);
    store = openSqliteEventStore({ path: ':memory:' });
    // Enough events that reading the projection is cheaper than reading the table.
    for (let i = 0; i < 40; i++) await appendStory(store, aliceStory(i === 0 ? 't' : `other${i}`));
    await appendStory(store, {
      'user-alice-2': [
        event('t', 'PasswordChanged', { hash: '$argon2id$v=19$m=1,t=1,p=1$eA$eA' }, at(140)),
      ],
    });
    await catchUpProjections({ client: ch.client, eventStore: store }, readModels);
  });

  afterAll(async () => {
    await ch?.close();
    await store?.close();
  });

  const withoutProjections = (q: ReportQuery<unknown>) =>
    selectRows(ch.client, `${q.sql}\nSETTINGS optimize_use_projections = 0`, q.params);

  const auditReadOf = async (q: ReportQuery<unknown>) => {
    const plan = await ch.client.query({
      query: `EXPLAIN projections = 1 ${q.sql}`,
      query_params: q.params,
      format: 'TabSeparatedRaw',
    });
    return (await plan.text())
      .split(/ReadFromMergeTree/)
      .find((read) => /^ \((\w+\.)?(audit_log|by_type)\)/.test(read));
  };

  // The funnel reads reset_flow_attempts too, in subqueries that force_optimize_projection
  // refuses on their own: its plan must find `by_type` usable for its audit read (on so few rows
  // ClickHouse may find the table as cheap).
  it('resetFunnel can read the audit rows of open flows from the projection, with the same answer', async () => {
    const q = resetFunnel('t', period);
    const auditRead = await auditReadOf(q);
    expect(auditRead).toMatch(/^ \(by_type\)|Projection by_type is usable/);
    const rows = await selectRows(ch.client, q.sql, q.params);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(await withoutProjections(q));
  });

  it('keeps the projection, and the activity rows and usage, when a rebuild empties the table', async () => {
    const activity = async () => ({
      registration: await runReport(
        ch.client,
        paged(registrationActivity('t', period), { limit: 100 }),
      ),
      reset: await runReport(ch.client, resetActivity('t', period)),
      usage: await runReport(ch.client, usageInsights('t', period)),
    });
    const before = await activity();
    expect(before.registration.length).toBeGreaterThan(0);
    expect(before.usage.map((p) => p.feature)).toEqual(
      expect.arrayContaining(['Change', 'Registration']),
    );
    expect(before.reset.map((r) => r.activity)).toContain('Change password (self-service)');
    await rebuild({ client: ch.client, eventStore: store }, auditLogProjection);
    await rebuild({ client: ch.client, eventStore: store }, activityEventsProjection);
    expect(await auditReadOf(resetFunnel('t', period))).toMatch(
      /^ \(by_type\)|Projection by_type is usable/,
    );
    expect(await activity()).toEqual(before);
    // Each rebuild emptied its own table first: each event's row is there once.
    const [copies] = await selectRows<{ n: string; positions: string }>(
      ch.client,
      'SELECT count() AS n, uniqExact(position) AS positions FROM activity_events',
    );
    expect(Number(copies?.n)).toBe(Number(copies?.positions));
  });
});
