import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteEventStore } from '@resetline/adapters';
import { defaultSsprPolicy, type EventStore, type RecordedEvent } from '@resetline/domain';
import {
  auditLogSearch,
  methodLabel,
  registrationCoverage,
  registrationDetails,
  resetActivity,
  resetFunnel,
  runReport,
  usageInsights,
} from '@resetline/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadSide, projectAll, type ReadSide } from './readSide.js';

// A small run of the real seed generator (bench/src/seed), projected; every report total is then
// recounted straight from the event store, without the read models' SQL.
const seedScript = join(dirname(fileURLToPath(import.meta.url)), '../../../bench/src/seed/main.ts');
const range = { from: new Date('2025-12-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };

const readEverything = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: events.at(-1)?.position ?? 0, maxCount: 5000 });
    if (batch.length === 0) return events;
    events.push(...batch);
  }
};

const countBy = (keys: readonly string[]): Record<string, number> =>
  keys.reduce<Record<string, number>>((acc, key) => ({ ...acc, [key]: (acc[key] ?? 0) + 1 }), {});

type Flow = { purpose: string; methods: Set<string>; outcome: string };

const flowsOf = (events: readonly RecordedEvent[]): Map<string, Flow> => {
  const flows = new Map<string, Flow>();
  for (const e of events.filter((x) => x.streamId.startsWith('reset-'))) {
    const flow = flows.get(e.streamId) ?? { purpose: '', methods: new Set(), outcome: '' };
    flows.set(e.streamId, flow);
    if (e.type === 'PasswordResetStarted') flow.purpose = String(e.data['purpose']);
    if (['ResetCodeSent', 'ResetGatePassed', 'ResetGateFailed'].includes(e.type)) {
      flow.methods.add(String(e.data['method']));
    }
    if (e.type === 'PasswordResetCompleted' || e.type === 'AccountUnlockCompleted')
      flow.outcome = 'success';
    if (e.type === 'PasswordResetFailed') flow.outcome = 'failure';
    if (e.type === 'PasswordResetAbandoned') flow.outcome = 'abandoned';
  }
  return flows;
};

/** Usage points summed over days, recounted from the events. */
const usageFromEvents = (events: readonly RecordedEvent[]): Record<string, number> => {
  const keys: string[] = [];
  for (const flow of flowsOf(events).values()) {
    if (!flow.outcome) continue;
    const feature = flow.purpose === 'unlock' ? 'Unlock' : 'Reset';
    for (const method of flow.methods.size ? flow.methods : ['']) {
      keys.push(`${feature}|${methodLabel(method)}|${flow.outcome}`);
    }
  }
  for (const e of events) {
    if (e.type === 'PasswordChanged') keys.push('Change||success');
    if (e.type === 'PasswordChangeFailed') keys.push('Change||failure');
    if (e.type === 'SecurityInfoRegistered') {
      keys.push(`Registration|${methodLabel(String(e.data['method']))}|success`);
    }
  }
  return countBy(keys);
};

const resetActivityRowsFromEvents = (events: readonly RecordedEvent[]): number =>
  events.filter(
    (e) =>
      [
        'PasswordResetStarted',
        'PasswordChanged',
        'PasswordChangeFailed',
        'PasswordResetByAdmin',
        'AdminResetRequested',
        'SelfServiceResetBlocked',
      ].includes(e.type) ||
      (e.type === 'AccountUnlocked' && e.data['by'] === 'admin'),
  ).length;

/** Users alive at the end and the method kinds each has registered. */
const registrationsFromEvents = (events: readonly RecordedEvent[]): Map<string, Set<string>> => {
  const users = new Map<string, Set<string>>();
  for (const e of events.filter((x) => x.streamId.startsWith('user-'))) {
    if (e.type === 'UserProvisioned') users.set(e.streamId, new Set());
    if (e.type === 'UserDeleted') users.delete(e.streamId);
    if (e.type === 'SecurityInfoRegistered') users.get(e.streamId)?.add(String(e.data['method']));
    if (e.type === 'SecurityInfoRemoved') users.get(e.streamId)?.delete(String(e.data['method']));
  }
  return users;
};

describe('report totals on a seeded workload equal counts made from the events', () => {
  let dir: string;
  let store: EventStore;
  let readSide: ReadSide;
  let byTenant: Map<string, RecordedEvent[]>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'resetline-seeded-'));
    const seed = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=source',
        seedScript,
        '--tenants',
        '2',
        '--users',
        '80',
        '--events',
        '4000',
        '--seed',
        '11',
        '--data-dir',
        dir,
        '--quiet',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
    store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
    readSide = await openReadSide();
    await projectAll(readSide.client, store);
    byTenant = new Map();
    for (const e of await readEverything(store)) {
      byTenant.set(e.metadata.tenantId, [...(byTenant.get(e.metadata.tenantId) ?? []), e]);
    }
  }, 180_000);
  afterAll(async () => {
    await readSide?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('seeded two tenants with thousands of events', () => {
    expect(byTenant.size).toBe(2);
    expect([...byTenant.values()].reduce((n, events) => n + events.length, 0)).toBe(4000);
  });

  it('audit log: one row per event of the tenant', async () => {
    for (const [tenantId, events] of byTenant) {
      expect((await runReport(readSide.client, auditLogSearch(tenantId, range))).length).toBe(
        events.length,
      );
    }
  });

  it('reset activity: one row per flow and per change, admin reset or block', async () => {
    for (const [tenantId, events] of byTenant) {
      const rows = await runReport(readSide.client, resetActivity(tenantId, range));
      expect(rows.length).toBe(resetActivityRowsFromEvents(events));
    }
  });

  it('usage insights: the same totals per feature, method and result', async () => {
    for (const [tenantId, events] of byTenant) {
      const points = await runReport(readSide.client, usageInsights(tenantId, range));
      const summed: Record<string, number> = {};
      for (const p of points) {
        const key = `${p.feature}|${p.method}|${p.result}`;
        summed[key] = (summed[key] ?? 0) + p.count;
      }
      expect(summed).toEqual(usageFromEvents(events));
    }
  });

  it('reset funnel: verified per gate equals the gates passed', async () => {
    for (const [tenantId, events] of byTenant) {
      const steps = await runReport(readSide.client, resetFunnel(tenantId, range));
      const verified = countBy(
        steps.flatMap((s) => Array<string>(s.verified).fill(`gate${s.gate}`)),
      );
      const passed = countBy(
        events
          .filter((e) => e.type === 'ResetGatePassed')
          .map((e) => `gate${String(e.data['gate'])}`),
      );
      expect(verified).toEqual(passed);
    }
  });

  it('registration coverage and details: the users alive and what they registered', async () => {
    for (const [tenantId, events] of byTenant) {
      const users = registrationsFromEvents(events);
      const [coverage] = await runReport(readSide.client, registrationCoverage(tenantId, range.to));
      expect(coverage?.users).toBe(users.size);
      expect(coverage?.registered).toBe([...users.values()].filter((m) => m.size > 0).length);
      const perMethod = countBy(
        [...users.values()].flatMap((m) => [...m].map((k) => methodLabel(k))),
      );
      expect(Object.fromEntries(coverage!.byMethod.map((m) => [m.method, m.users]))).toEqual(
        perMethod,
      );
      const tenant = { tier: 'premium' as const, ssprPolicy: defaultSsprPolicy };
      const details = await runReport(readSide.client, registrationDetails(tenantId, tenant));
      expect(details.length).toBe(users.size);
    }
  });
});
