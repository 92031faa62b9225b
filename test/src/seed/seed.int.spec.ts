import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AesGcmSecretBox, openSqliteEventStore } from '@resetline/adapters';
import { parseEvent, secretFieldNames, type RecordedEvent } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency } from './consistency.js';
import {
  loadSeedModule,
  seedSources,
  type SeedModule,
  type SeedRunOptions,
  type SeedSummary,
} from './seedModule.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const small = (dataDir: string, seed = 7): SeedRunOptions => ({
  tenants: 2,
  users: 200,
  events: 20_000,
  seed,
  days: 30,
  start: new Date('2026-01-05T00:00:00Z'),
  dataDir,
  append: false,
  collectSecrets: true,
});

const readAll = async (dataDir: string): Promise<RecordedEvent[]> => {
  const store = openSqliteEventStore({ path: join(dataDir, 'events.sqlite') });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
};

/** What must repeat exactly for a seed: ids, streams, order, types, data, metadata, times. */
const fingerprint = (e: RecordedEvent): string =>
  [
    e.position,
    e.id,
    e.streamId,
    e.revision,
    e.type,
    JSON.stringify(e.data),
    JSON.stringify(e.metadata),
    e.occurredAt.toISOString(),
  ].join('|');

describe('npm run seed (synthetic workload)', () => {
  let seed: SeedModule;
  let dirs: string[] = [];
  let dataDir: string;
  let summary: SeedSummary;
  let secrets: { clearValues: readonly string[]; codes: readonly string[] };
  let events: RecordedEvent[];

  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'resetline-seed-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    seed = await loadSeedModule();
    dataDir = tempDir();
    const result = await seed.runSeed(small(dataDir));
    summary = result.summary;
    secrets = result.secrets!;
    events = await readAll(dataDir);
  }, 120_000);

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  it('writes exactly the events asked for, every one valid against its schema', () => {
    expect(events).toHaveLength(20_000);
    expect(summary.events).toBe(20_000);
    for (const event of events) expect(() => parseEvent(event)).not.toThrow();
  });

  it('keeps every stream contiguous from revision 0 and positions from 1', () => {
    const next = new Map<string, number>();
    events.forEach((event, index) => {
      expect(event.position).toBe(index + 1);
      expect(event.revision).toBe(next.get(event.streamId) ?? 0);
      next.set(event.streamId, event.revision + 1);
    });
  });

  it('reports in seed-summary.json exactly the counts found in the store, per type and tenant', () => {
    const onDisk = JSON.parse(
      readFileSync(join(dataDir, seed.SUMMARY_FILE), 'utf8'),
    ) as SeedSummary;
    const byTenant: Record<string, Record<string, number>> = {};
    for (const e of events) {
      const perType = (byTenant[e.metadata.tenantId] ??= {});
      perType[e.type] = (perType[e.type] ?? 0) + 1;
    }
    expect(Object.keys(onDisk.byTenant).sort()).toEqual(Object.keys(byTenant).sort());
    for (const [tenantId, counts] of Object.entries(byTenant)) {
      expect(onDisk.byTenant[tenantId]!.byType).toEqual(counts);
    }
    expect(onDisk.users).toBe(events.filter((e) => e.type === 'UserProvisioned').length);
    expect(onDisk.tenants).toBe(2);
  });

  it('produces realistic activity: registrations, resets that pass, fail and are abandoned, lockouts, changes, admin work', () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'TenantCreated',
      'SsprPolicyUpdated',
      'UserProvisioned',
      'SecurityInfoVerificationRequested',
      'SecurityInfoVerificationFailed',
      'SecurityInfoRegistered',
      'RequiredSecurityInfoRegistered',
      'SignInSucceeded',
      'SignInFailed',
      'AccountLocked',
      'PasswordResetStarted',
      'ResetCodeSent',
      'ResetGatePassed',
      'ResetGateFailed',
      'PasswordResetCompleted',
      'PasswordResetAbandoned',
      'PasswordReset',
      'PasswordChanged',
      'PasswordChangeFailed',
      'ResetAttemptCounted',
      'AccountUnlocked',
    ]) {
      expect(types, type).toContain(type);
    }
    expect(types.has('PasswordResetByAdmin') || types.has('AdminResetRequested')).toBe(true);
    const reasons = new Set(
      events.filter((e) => e.type === 'ResetGateFailed').map((e) => e.data['reason']),
    );
    expect(reasons).toContain('wrongCode');
    const ineligible = events.filter(
      (e) => e.type === 'PasswordResetStarted' && e.data['eligible'] === false,
    );
    expect(ineligible.length).toBeGreaterThan(0);
    const steps = new Set(
      events.filter((e) => e.type === 'PasswordResetAbandoned').map((e) => e.data['step']),
    );
    expect(steps.size).toBeGreaterThanOrEqual(2);
  });

  it('re-folds into consistent states: lockouts only at the threshold, refusals only while locked', () => {
    const { violations, checked } = checkConsistency(events);
    expect(violations).toEqual([]);
    expect(checked['lockout']).toBeGreaterThan(0);
    expect(checked['countedFailure']).toBeGreaterThan(0);
    expect(checked['selfReset']).toBeGreaterThan(0);
    expect(checked['flow']).toBeGreaterThan(0);
  });

  it('never stores a clear password, security answer, TOTP secret or one-time code', () => {
    expect(secrets.clearValues.length).toBeGreaterThan(100);
    expect(secrets.codes.length).toBeGreaterThan(50);
    const codes = new Set(secrets.codes);
    for (const event of events) {
      const json = JSON.stringify({ data: event.data, metadata: event.metadata });
      for (const clear of secrets.clearValues) {
        if (json.includes(clear)) throw new Error(`${event.type} ${event.id} holds a clear secret`);
      }
      const leaves = Object.entries(event.data).filter(([key]) => !secretFieldNames.has(key));
      const text = JSON.stringify([leaves, event.metadata]);
      for (const run of text.match(/(?<!\d)\d{6,8}(?!\d)/g) ?? []) {
        if (codes.has(run)) throw new Error(`${event.type} ${event.id} holds a one-time code`);
      }
    }
  });

  it('seals codes with the real AES-GCM box under the seed-derived key', () => {
    const box = new AesGcmSecretBox(seed.seedKey(7, 'secretBoxKey'));
    const sealed = events.filter((e) => e.type === 'ResetCodeSent').slice(0, 20);
    expect(sealed.length).toBeGreaterThan(0);
    for (const e of sealed) expect(secrets.codes).toContain(box.open(String(e.data['sealedCode'])));
  });

  it('repeats byte for byte for the same seed, and differs for another', async () => {
    const again = tempDir();
    await seed.runSeed(small(again));
    const second = await readAll(again);
    expect(second.map(fingerprint)).toEqual(events.map(fingerprint));
    const other = tempDir();
    await seed.runSeed({ ...small(other, 8), collectSecrets: false });
    const third = await readAll(other);
    expect(third[0]!.id).not.toBe(events[0]!.id);
  }, 120_000);

  it('refuses a store that already holds events, unless told to append', async () => {
    await expect(seed.runSeed(small(dataDir))).rejects.toThrow(
      /already holds 20000 events.*--append/,
    );
    await seed.runSeed({ ...small(dataDir, 9), events: 3_000, users: 20, append: true });
    expect(await readAll(dataDir)).toHaveLength(23_000);
  }, 60_000);

  it('names the bad argument', () => {
    const parse =
      (...argv: string[]) =>
      () =>
        seed.parseSeedArgs(argv, {});
    expect(parse('--tenants', '2', '--users', '10')).toThrow('--events is required');
    expect(parse('--tenants', '2', '--users', '10', '--events', 'many')).toThrow(
      /--events must be a whole number/,
    );
    expect(parse('--tenants', '5', '--users', '3', '--events', '100')).toThrow(
      /--users 3 must be at least --tenants 5/,
    );
    expect(parse('--tenants', '1', '--users', '1', '--events', '10', '--start', 'soon')).toThrow(
      /--start/,
    );
    expect(parse('--tenants', '1', '--users', '1', '--events', '10', '--colour')).toThrow(/colour/);
    expect(parse('--events', '10', '20')).toThrow(/Unexpected argument "20"/);
  });

  it('exits with status 2 and a one-line reason from the command line', async () => {
    const tsx = join(repoRoot, 'node_modules/.bin/tsx');
    const main = fileURLToPath(new URL('main.ts', seedSources));
    const failure = await run(
      tsx,
      [
        '--conditions=source',
        main,
        '--tenants',
        '1',
        '--users',
        '1',
        '--events',
        '5',
        '--data-dir',
        tempDir(),
      ],
      {
        cwd: repoRoot,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(2);
    expect((failure as { stderr: string }).stderr).toMatch(
      /--events 5 is too few for 1 tenants and 1 users/,
    );
  }, 60_000);
});
