import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogProjection } from '../auditLog/auditLogProjection.js';
import { selectRows } from '../clickhouse/createClickHouse.js';
import { catchUpProjections } from '../projector/catchUpProjections.js';
import { readModels } from '../projector/readModels.js';
import { aliceStory, appendStory, at } from '../testing/sampleEvents.js';
import { openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { registrationActivity } from './activity.js';
import { resetFunnel } from './resetFunnel.js';
import { usageInsights } from './usageInsights.js';
import { paged, runReport, type ReportQuery } from './reportQuery.js';

// registrationActivity and the reset funnel read the audit rows they list through audit_log's
// `by_type` projection: with force_optimize_projection ClickHouse refuses a query that would read
// the table itself, so a column added to them outside the projection fails here, not as a slow
// report in production. (usageInsights reads it too at scale, inside a UNION that this check does
// not see; its answer is compared with and without projections.)
const forced = 'SETTINGS force_optimize_projection = 1';

describe('reports that read the audit log by type', () => {
  let ch: TestClickHouse;
  let store: EventStore;
  const period = { from: at(-60), to: at(100_000) };

  beforeAll(async () => {
    ch = await openTestClickHouse(process.env['CLICKHOUSE_URL']);
    store = openSqliteEventStore({ path: ':memory:' });
    // Enough events that reading the projection is cheaper than reading the table.
    for (let i = 0; i < 40; i++) await appendStory(store, aliceStory(i === 0 ? 't' : `other${i}`));
    await catchUpProjections({ client: ch.client, eventStore: store }, readModels);
  });

  afterAll(async () => {
    await ch?.close();
    await store?.close();
  });

  const withoutProjections = (q: ReportQuery<unknown>) =>
    selectRows(ch.client, `${q.sql}\nSETTINGS optimize_use_projections = 0`, q.params);

  it.each<[string, () => ReportQuery<unknown>, string]>([
    ['registrationActivity', () => registrationActivity('t', period), forced],
    ['usageInsights', () => usageInsights('t', period), ''],
  ])(
    '%s reads its audit rows from the projection, with the same answer',
    async (_, query, check) => {
      // Unpaged: a page's subquery that narrows the rows of another table is checked apart
      // by ClickHouse, and fails the check for not reading a projection.
      const whole = query();
      const rows = await selectRows(ch.client, `${whole.sql}\n${check}`, whole.params);
      const q = paged(whole, { limit: 100 });
      expect(await selectRows(ch.client, q.sql, q.params)).toEqual(rows);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows).toEqual(await withoutProjections(q));
      expect((await runReport(ch.client, q)).length).toBe(rows.length);
    },
  );

  // The funnel reads reset_flow_attempts too, in subqueries that force_optimize_projection
  // refuses on their own: its plan must find `by_type` usable for its audit read (on so few rows
  // ClickHouse may find the table as cheap).
  it('resetFunnel can read the audit rows of open flows from the projection, with the same answer', async () => {
    const q = resetFunnel('t', period);
    const plan = await ch.client.query({
      query: `EXPLAIN projections = 1 ${q.sql}`,
      query_params: q.params,
      format: 'TabSeparatedRaw',
    });
    const auditRead = (await plan.text())
      .split(/ReadFromMergeTree/)
      .find((read) => /^ \((\w+\.)?(audit_log|by_type)\)/.test(read));
    expect(auditRead).toMatch(/^ \(by_type\)|Projection by_type is usable/);
    const rows = await selectRows(ch.client, q.sql, q.params);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(await withoutProjections(q));
  });

  it('keeps the projection when a rebuild empties the table', async () => {
    await ch.client.command({ query: 'TRUNCATE TABLE audit_log' });
    await catchUpProjections({ client: ch.client, eventStore: store }, [
      { ...auditLogProjection, name: 'audit_log_again' },
    ]);
    const q = paged(registrationActivity('t', period), { limit: 100 });
    expect((await selectRows(ch.client, `${q.sql}\n${forced}`, q.params)).length).toBeGreaterThan(
      0,
    );
  });
});
