import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '@resetline/adapters';
import type { EventToAppend } from '@resetline/domain';
import {
  catchUpInEngine,
  catchUpProjections,
  createClickHouse,
  createProjectionWriter,
  listFailedEvents,
  loadCheckpoint,
  migrate,
  readModelMigrations,
  readModels,
  saveCheckpoint,
  selectRows,
  type ClickHouse,
} from '@resetline/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedModule } from '../seed/seedModule.js';
import { freshDatabaseUrl } from '../support/clickHouseDatabase.js';

// Every table the read models fill (views included), read merged, in a fixed order.
const tables = [
  ['audit_log', 'position'],
  ['reset_flows', 'tenant_id, flow_id'],
  ['reset_flows_by_start', 'tenant_id, flow_started_at, flow_id'],
  ['reset_flow_ends', 'tenant_id, ended_at, flow_id'],
  ['reset_flow_attempts', 'tenant_id, flow_started_at, flow_id'],
  ['registration_changes', 'position'],
  ['user_profile_changes', 'position'],
  ['activity_events', 'position'],
  ['tenant_retention', 'tenant_id'],
] as const;

// Arrays merged by groupUniqArrayArray keep no order.
const sorted = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, Array.isArray(v) ? [...(v as string[])].sort() : v]),
  );

const snapshot = async (client: ClickHouse): Promise<Record<string, unknown[]>> => {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of tables) {
    const rows = await selectRows<Record<string, unknown>>(
      client,
      `SELECT * FROM ${table} FINAL ORDER BY ${order}`,
    );
    out[table] = rows.map(sorted);
  }
  return out;
};

const SECRET = 'SECRET-9f3c';
const at = new Date('2026-01-20T10:00:00.000Z');
const edge = (type: string, data: Record<string, unknown>, metadata = {}): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  occurredAt: at,
  metadata: {
    tenantId: 'edge',
    actor: { kind: 'user', id: 'u-edge' },
    correlationId: randomUUID(),
    ip: '198.51.100.4',
    userAgent: 'Edge/1 "quoted" \\ agent',
    ...metadata,
  },
});

const start = {
  flowId: 'edge-refused',
  username: 'zoë',
  userId: null,
  purpose: 'reset',
  eligible: true,
  gatesRequired: 1,
  methods: [{ methodId: 'e', method: 'email', maskedTarget: 'z***@contoso.com' }],
  unlockAllowed: false,
  expiresAt: '2026-01-20T10:15:00.000Z',
  policyVersion: 1,
};

// Shapes the domain makes rarely or never, which the audit twin must redact exactly as
// `redact` does, or leave to toRows.
const edgeStreams: Record<string, EventToAppend[]> = {
  'user-edge1': [
    edge('UserProvisioned', {
      userId: 'edge1',
      username: 'zoë',
      displayName: 'Zoë 😀 "Z" \\ O',
      source: 'cloud',
      roles: ['user', 'admin'],
      groups: ['g1'],
    }),
    edge('UserUpdated', { displayName: 'Zoë Renamed', roles: ['user'] }),
    edge('SecurityInfoRegistered', {
      methodId: 'p',
      method: 'phone',
      target: '+31612345678',
      maskedTarget: '+*********78',
    }),
    edge('SecurityInfoRegistered', {
      methodId: 'e',
      method: 'email',
      target: 'jösé@exämple.org',
      maskedTarget: 'j***@exämple.org',
    }),
    edge('SecurityInfoRegistered', {
      methodId: 'x',
      method: 'email',
      target: 'ab',
      maskedTarget: '***',
    }),
    edge('SecurityInfoRegistered', {
      methodId: 'y',
      method: 'email',
      target: '@x.org',
      maskedTarget: '***',
    }),
    edge('SecurityInfoRegistered', {
      methodId: 'z',
      method: 'email',
      target: 'bob@',
      maskedTarget: '***',
    }),
    edge('SecurityInfoRegistered', {
      methodId: 'q',
      method: 'securityQuestions',
      questions: [
        { question: 'q1', answerHash: `${SECRET}-a1` },
        { answerHash: `${SECRET}-a2`, question: 'q2 "with" \\ quotes' },
      ],
    }),
    edge('PasswordChanged', { hash: `${SECRET}-only` }),
    edge('PasswordChanged', { hash: `${SECRET}-first`, temporary: false }),
    edge('PasswordChanged', { temporary: true, hash: `${SECRET}-"esc\\aped"` }),
    edge('PasswordChanged', { hash: { nested: `${SECRET}-object` }, temporary: true }),
    edge('PasswordChanged', { temporary: false, hash: null }),
    edge('PasswordChanged', { hash: 7 }),
    edge('SecurityInfoReviewed', { methods: [{ method: 'email', target: 'carol@contoso.com' }] }),
    edge('SecurityInfoReviewed', { target: 42 }),
    edge('SignInFailed', { reason: 5 }),
    edge('SignInFailed', { reason: 'badPassword', startedAt: 1768903200000 }),
    edge('SignInFailed', { reason: 'badPassword', startedAt: '2026-01-20T10:00:00.000Z' }),
    edge('SignInFailed', {}),
    edge('AccountUnlocked', { by: 'admin' }),
    edge('AccountUnlocked', { by: 'reset' }),
    edge('AccountUnlocked', { by: 'someone else' }),
    edge('AccountUnlocked', {}),
    edge('AccountLocked', {}, { ip: null }),
    edge('PasswordResetAbandoned', {}),
  ],
  'notifications-tenant-edge': [edge('NotificationSent', { userId: 'edge1', channel: 'email' })],
  // tenant_retention has no twin: toRows projects it on both paths; the audit row has one.
  'tenant-edge': [
    edge('AuditPolicyUpdated', {
      policy: { retentionDays: 30, legalHold: true },
      previous: { retentionDays: 365, legalHold: false },
      changedFields: ['retentionDays', 'legalHold'],
    }),
  ],
  'notifications-edge1': [edge('NotificationFailed', { reason: 'bounced', channel: 'email' })],
  // A stream id or type with a tab, line feed or backslash makes the store escape its range.
  'notifications-odd\\id\twith\ntab': [
    edge('NotificationSent', { userId: 'edge1', channel: 'sms' }),
    edge('Future\\Type\tNot handled', { note: 'no read model reads it' }),
  ],
  'reset-edge-refused': [
    edge('PasswordResetStarted', { ...start, eligible: false, ineligibleReason: 'notRegistered' }),
    edge('PasswordResetStarted', { ...start, eligible: false }),
    edge('PasswordResetStarted', { ...start, eligible: false, ineligibleReason: 7 }),
    edge('PasswordResetStarted', { ...start, purpose: 'unlock' }),
    edge('ResetPasswordRejected', { reasons: ['tooShort', 'banned'] }),
    edge('ResetPasswordRejected', {}),
    edge('ResetPasswordRejected', { reasons: ['tooShort', 3] }),
  ],
  'reset-edge-flow': [
    edge('ResetCodeSent', {
      methodId: 'e',
      method: 'email',
      channel: 'email',
      target: 'dave.o-neil+tag@contoso.com',
      maskedTarget: 'd***@contoso.com',
      codeHash: `${SECRET}-codehash`,
      sealedCode: `${SECRET}-sealed`,
      expiresAt: '2026-01-20T10:15:00.000Z',
      startedAt: '2026-01-20T09:59:00.000Z',
    }),
  ],
  // Ends that sum up their attempts: none, and two at gate 1 with odd times.
  'reset-edge-no-tries': [
    edge('PasswordResetAbandoned', {
      step: 'chooseMethod',
      startedAt: '2026-01-20T09:59:00.000Z',
      attempts: [],
    }),
  ],
  'reset-edge-tries': [
    edge('PasswordResetFailed', {
      reason: 'throttled',
      startedAt: '2026-01-20T09:59:00.000Z',
      purpose: 'unlock',
      methodsUsed: ['email', 'securityQuestions'],
      attempts: [
        { gate: 1, method: 'email', passed: false, at: '2026-01-20T10:00:01.250Z' },
        { gate: 1, method: 'securityQuestions', passed: true, at: '2026-01-20T10:00:02Z' },
      ],
    }),
  ],
};

// chDB always; a ClickHouse server too when CLICKHOUSE_URL is set (a database of its own).
const targets = [
  { name: 'chDB', url: undefined as string | undefined },
  { name: 'a ClickHouse server', url: process.env['CLICKHOUSE_URL'] },
];

const openClickHouse = async (url: string | undefined, dir: string): Promise<ClickHouse> =>
  url
    ? createClickHouse({
        url: await freshDatabaseUrl(url, 'resetline_in_engine', dir),
        dataDir: dir,
      })
    : createClickHouse({ dataDir: join(dir, 'chdb') });

for (const target of targets) {
  const runs = target.name === 'chDB' || Boolean(target.url);
  const suite = runs ? describe : describe.skip;
  suite(
    `catch-up inside the engine (SQL twins over the stored events), on ${target.name}${
      runs ? '' : ' (CLICKHOUSE_URL not set)'
    }`,
    () => {
      let dir: string;
      let store: ReturnType<typeof openSqliteEventStore>;
      let client: ClickHouse;
      let head: number;
      let fromJs: Record<string, unknown[]>;

      const resetAll = async (): Promise<void> => {
        for (const projection of readModels)
          await createProjectionWriter({ client, eventStore: store, projection }).reset();
      };

      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'resetline-in-engine-'));
        const seed = await loadSeedModule();
        await seed.runSeed({
          tenants: 2,
          users: 150,
          events: 12_000,
          seed: 11,
          days: 20,
          start: new Date('2026-01-05T00:00:00Z'),
          dataDir: dir,
          append: false,
        });
        store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
        for (const [stream, events] of Object.entries(edgeStreams))
          await store.appendToStream(stream, events);
        head = await store.headPosition();
        client = await openClickHouse(target.url, dir);
        await migrate(client, readModelMigrations);
        await catchUpProjections({ client, eventStore: store }, readModels);
        fromJs = await snapshot(client);
      }, 240_000);

      afterAll(async () => {
        await client?.close();
        await store?.close();
        rmSync(dir, { recursive: true, force: true });
      });

      it('fills every table with the rows toRows gives, projecting few events in JS', async () => {
        await resetAll();
        const failures: string[] = [];
        const result = await catchUpInEngine({ client, eventStore: store }, readModels, {
          rangeSize: 5_000,
          onTwinFailed: (name, error) => failures.push(`${name}: ${String(error)}`),
        });
        expect(failures).toEqual([]);
        expect(result.position).toBe(head);
        const fromSql = await snapshot(client);
        for (const [table] of tables) {
          expect(fromSql[table]?.length, table).toBeGreaterThan(0);
          expect(fromSql[table], table).toEqual(fromJs[table]);
        }
        expect(fromSql['audit_log']).toHaveLength(head - 1); // all but the unknown type
        // The seeded events are the domain's own shapes: the twins take nearly all of them.
        for (const projection of readModels)
          expect(result.eventsInJs[projection.name], projection.name).toBeLessThan(head * 0.01);
        for (const projection of readModels)
          expect((await loadCheckpoint(client, projection.name))?.position).toBe(head);
      });

      it('reads ranges as stored, and escaped where a stream id or type needs it, to the same rows', async () => {
        // A range ends just before the stream whose id holds a tab: the edge events before it,
        // with quotes and backslashes in their JSON, are read as stored (TabSeparatedRaw).
        const [odd] = await store.readStream('notifications-odd\\id\twith\ntab');
        const formats: { format: string; last: number }[] = [];
        const recording = {
          ...store,
          readStoredLines: async (options: { after: number; maxCount: number }) => {
            const lines = await store.readStoredLines(options);
            formats.push({ format: lines.format, last: lines.lastPosition });
            return lines;
          },
        };
        await resetAll();
        await catchUpInEngine({ client, eventStore: recording }, readModels, {
          rangeSize: odd!.position - 1,
        });
        expect(formats.filter((f) => f.format === 'TabSeparated')).toEqual([
          { format: 'TabSeparated', last: head },
        ]);
        expect(formats.at(-2)).toEqual({ format: 'TabSeparatedRaw', last: odd!.position - 1 });
        const fromSql = await snapshot(client);
        for (const [table] of tables) expect(fromSql[table], table).toEqual(fromJs[table]);
      });

      it('keeps no secret in the audit log and masks contacts', async () => {
        const leaks = await selectRows<{ details: string }>(
          client,
          `SELECT details FROM audit_log WHERE position({secret:String} IN details) > 0
         OR details LIKE '%"hash"%' OR details LIKE '%sealedCode%' OR details LIKE '%answerHash%'
         OR details LIKE '%dave.o-neil%' OR details LIKE '%31612345678%'`,
          { secret: SECRET },
        );
        expect(leaks).toEqual([]);
      });

      it('replays ranges after a crash without changing a row', async () => {
        for (const projection of readModels) {
          const checkpoint = await loadCheckpoint(client, projection.name);
          await saveCheckpoint(client, projection.name, { ...checkpoint!, position: 1_234 });
        }
        await catchUpInEngine({ client, eventStore: store }, readModels, {
          rangeSize: 3_000,
        });
        expect(await snapshot(client)).toEqual(fromJs);
      });

      it('leaves what a twin cannot read to toRows, which records it as failed', async () => {
        const appended = await store.appendToStream('reset-bad-start', [
          edge('ResetGatePassed', {
            methodId: 'e',
            method: 'email',
            gate: 1,
            startedAt: 'not a date',
          }),
        ]);
        expect(appended.position).toBe(head + 1);
        const result = await catchUpInEngine({ client, eventStore: store }, readModels);
        expect(result.position).toBe(head + 1);
        expect(result.eventsInJs['reset_flows']).toBe(1);
        const recorded = await listFailedEvents(client, 'reset_flows', ['failed', 'dead']);
        expect(recorded.map((f) => f.position)).toEqual([head + 1]);
        const audit = await selectRows<{ n: string }>(
          client,
          `SELECT count() AS n FROM audit_log FINAL WHERE position = {p:UInt64}`,
          { p: head + 1 },
        );
        expect(audit).toEqual([{ n: '1' }]);
      });

      it('leaves an attempt time the twin cannot read to toRows, which records it', async () => {
        const before = await store.headPosition();
        await store.appendToStream('reset-bad-attempt', [
          edge('PasswordResetAbandoned', {
            step: 'verify',
            startedAt: '2026-01-20T09:59:00.000Z',
            attempts: [{ gate: 1, method: 'email', passed: false, at: 'not a date' }],
          }),
        ]);
        const result = await catchUpInEngine({ client, eventStore: store }, readModels);
        expect(result.eventsInJs['reset_flow_attempts']).toBe(1);
        const recorded = await listFailedEvents(client, 'reset_flow_attempts', ['failed', 'dead']);
        expect(recorded.map((f) => f.position).filter((p) => p > before)).toEqual([before + 1]);
      });

      it('names no staged data when the engine refuses the staged events', async () => {
        const stored = await store.headPosition();
        const broken = {
          ...store,
          headPosition: async () => stored + 1,
          readStoredLines: async () => ({
            count: 1,
            lastPosition: stored + 1,
            lines: Buffer.from(`not a position\t${SECRET}-staged\n`),
            format: 'TabSeparatedRaw' as const,
          }),
        };
        const failure = await catchUpInEngine({ client, eventStore: broken }, readModels).then(
          () => undefined,
          (error: unknown) => String(error),
        );
        expect(failure).toMatch(/staging events \d+-\d+ failed \(ClickHouse error \d+\)/);
        expect(failure).not.toContain(SECRET);
      });

      it('hands the whole range to toRows when a twin fails on it', async () => {
        const registration = readModels.find((p) => p.name === 'registration_state')!;
        const failing = {
          ...registration,
          sql: {
            ...registration.sql!,
            select: registration.sql!.select.replace(
              `tupleElement(m, 'tenantId')`,
              `if(throwIf(position > 100, 'twin broke') = 0, tupleElement(m, 'tenantId'), '')`,
            ),
          },
        };
        await createProjectionWriter({ client, eventStore: store, projection: failing }).reset();
        const failed: string[] = [];
        const result = await catchUpInEngine({ client, eventStore: store }, [failing], {
          rangeSize: 4_000,
          onTwinFailed: (name, error) => failed.push(`${name}: ${String(error)}`),
        });
        expect(failing.sql.select).not.toBe(registration.sql!.select);
        expect(failed.length).toBeGreaterThan(0);
        expect(failed[0]).toContain('twin broke');
        expect(result.eventsInJs['registration_state']).toBeGreaterThan(0);
        const rows = (await snapshot(client))['registration_changes'];
        expect(rows).toEqual(fromJs['registration_changes']);
      });
    },
  );
}
