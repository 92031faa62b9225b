import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteEventStore } from '@resetline/adapters';
import type { Actor, EventStore, EventToAppend } from '@resetline/domain';
import {
  catchUp,
  catchUpProjections,
  createClickHouse,
  handlesEvent,
  insertRows,
  migrate,
  readModelMigrations,
  readModels,
  type ClickHouse,
  type Row,
} from '@resetline/projections';
import { writeResults } from './results.js';

// bench:projection: catch-up of every read model from position 0 into a fresh chDB directory,
// over 1M and 10M stored events, beside a bare INSERT of the same rows through the same client
// (the floor: no event-store read, no toRows, no checkpoints; the same TabSeparated encoding, timed
// with the insert). `--events N[,M]` picks the sizes. The output also goes to results/projection.txt.
// Seeded event files are kept in the cache dir (`--cache`, default $TMPDIR) and reused by size.
const { values, positionals } = parseArgs({
  options: { events: { type: 'string' }, cache: { type: 'string' } },
  allowPositionals: true,
});
const npmConfigEvents = process.env['npm_config_events'];
const sizesArg = values.events ?? positionals[0] ?? npmConfigEvents ?? '1000000,10000000';
const sizes = sizesArg.split(',').map((s) => Number(s.trim()));
for (const size of sizes) {
  if (!Number.isSafeInteger(size) || size < 1000) {
    throw new Error(`--events takes integers >= 1000 separated by commas, got "${sizesArg}"`);
  }
}
const cacheDir = values.cache ?? join(tmpdir(), 'resetline-bench-projection');

const startedAt = performance.now();
const progress = (line: string): void =>
  console.error(`${((performance.now() - startedAt) / 1000).toFixed(1).padStart(7)}s ${line}`);

// --- A synthetic but realistic workload: each story is one user's life over a month ---------
const TENANTS = 10;
const DAY = 86_400_000;
const epoch = Date.UTC(2026, 2, 1);
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo';
const agents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1',
];

type Story = { streamId: string; events: EventToAppend[] }[];

const story = (n: number): Story => {
  const tenantId = `tenant-${n % TENANTS}`;
  const userId = `u${n}`;
  const username = `user${n}@tenant${n % TENANTS}.example.org`;
  const start = epoch + ((n * 7919) % (28 * DAY));
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const userAgent = agents[n % agents.length];
  const correlationId = randomUUID();
  const user: Actor = { kind: 'user', id: userId };
  const e = (
    type: string,
    data: Record<string, unknown>,
    minutes: number,
    actor: Actor = user,
  ): EventToAppend => ({
    id: randomUUID(),
    type,
    data,
    occurredAt: new Date(start + minutes * 60_000),
    metadata: { tenantId, actor, correlationId, ip, userAgent },
  });
  const email = { methodId: `m${n}e`, method: 'email', maskedTarget: `u***@tenant${n % 10}.org` };
  const phone = { methodId: `m${n}p`, method: 'mobilePhone', maskedTarget: '+*********78' };
  const flowId = `f${n}x${(n * 2654435761) % 4294967296}`;
  const admin: Actor = { kind: 'admin', id: `admin-${n % TENANTS}` };
  const outcome = n % 5; // 0,1,2: completed; 3: abandoned; 4: failed
  const userEvents = [
    e(
      'UserProvisioned',
      {
        userId,
        username,
        displayName: `User ${n}`,
        firstName: 'User',
        lastName: `${n}`,
        source: n % 3 === 0 ? 'synced' : 'cloud',
        roles: ['user'],
        groups: [`group-${n % 50}`],
        language: n % 4 === 0 ? 'nl' : 'en',
      },
      0,
      admin,
    ),
    e(
      'SecurityInfoVerificationRequested',
      {
        ...email,
        target: username,
        channel: 'email',
        codeHash: HASH,
        sealedCode: 'sealed:v1:abcdefabcdefabcdef',
        expiresAt: new Date(start + 6 * 60_000).toISOString(),
      },
      1,
    ),
    e('SecurityInfoRegistered', { ...email, target: username }, 2),
    e(
      'SecurityInfoRegistered',
      { ...phone, target: `+3161234${String(n % 10000).padStart(4, '0')}` },
      3,
    ),
    e('SignInSucceeded', {}, 60),
    e(
      'SignInFailed',
      { reason: 'wrongPassword', badPasswordKey: 'k1', counted: true, failures: 1 },
      600,
    ),
    e('SignInSucceeded', {}, 601),
    e('ResetAttemptCounted', { flowId, kind: 'started' }, 1440),
  ];
  // As the decider writes them: each later event carries the flow's start and user, each attempt
  // the attempts so far, each end its summary.
  const context = {
    startedAt: new Date(start + 1440 * 60_000).toISOString(),
    username,
    userId,
    purpose: 'reset',
    eligible: true,
  };
  const tries: Record<string, unknown>[] = [];
  const attempt = (
    type: string,
    data: Record<string, unknown>,
    minutes: number,
    passed = false,
  ) => {
    tries.push({
      gate: 1,
      method: 'email',
      passed,
      at: new Date(start + minutes * 60_000).toISOString(),
    });
    return e(type, { ...data, ...context, attempts: [...tries] }, minutes);
  };
  const end = (type: string, data: Record<string, unknown>, minutes: number) =>
    e(
      type,
      {
        ...data,
        ...context,
        methodsUsed: ['email'],
        attempts: [...tries],
      },
      minutes,
    );
  const reset = [
    e(
      'PasswordResetStarted',
      {
        flowId,
        username,
        userId,
        purpose: 'reset',
        eligible: true,
        gatesRequired: 1,
        methods: [email, phone],
        unlockAllowed: false,
        expiresAt: new Date(start + 1455 * 60_000).toISOString(),
        policyVersion: 1,
      },
      1440,
      { kind: 'anonymous', id: 'anonymous' },
    ),
    attempt(
      'ResetCodeSent',
      {
        ...email,
        channel: 'email',
        target: username,
        codeHash: HASH,
        sealedCode: 'sealed:v1:abcdefabcdefabcdef',
        expiresAt: new Date(start + 1445 * 60_000).toISOString(),
      },
      1441,
    ),
    ...(n % 2 === 0
      ? [attempt('ResetGateFailed', { ...email, reason: 'wrongCode', failures: 1 }, 1442)]
      : []),
    ...(outcome <= 2
      ? [
          attempt('ResetGatePassed', { ...email, gate: 1 }, 1443, true),
          end('PasswordResetCompleted', { userId, writeback: n % 3 === 0 }, 1444),
        ]
      : outcome === 3
        ? [end('PasswordResetAbandoned', { step: 'verify' }, 1455)]
        : [end('PasswordResetFailed', { reason: 'tooManyWrongCodes' }, 1446)]),
  ];
  const afterReset =
    outcome <= 2
      ? [e('PasswordReset', { hash: HASH, flowId }, 1444), e('SignInSucceeded', {}, 1450)]
      : [e('SignInSucceeded', {}, 2000)];
  const sent = (template: string, minutes: number): EventToAppend =>
    e(
      'NotificationSent',
      {
        sourceEventId: randomUUID(),
        template,
        channel: 'email',
        maskedTo: email.maskedTarget,
        language: 'en',
      },
      minutes,
      { kind: 'system', id: 'notifier' },
    );
  return [
    { streamId: `user-${userId}`, events: [...userEvents, ...afterReset] },
    { streamId: `reset-${flowId}`, events: reset },
    {
      streamId: `notifications-${userId}`,
      events: [sent('registrationCode', 1), sent('resetCode', 1441), sent('passwordReset', 1445)],
    },
  ];
};

/** Appends stories until `total` events are stored; appends queued in one tick commit together. */
const seed = async (store: EventStore, total: number): Promise<void> => {
  let stored = 0;
  let n = 0;
  let reported = 0;
  while (stored < total) {
    const appends: Promise<unknown>[] = [];
    while (stored < total && appends.length < 6_000) {
      for (const { streamId, events } of story(n++)) {
        const take = events.slice(0, total - stored);
        if (take.length === 0) break;
        stored += take.length;
        appends.push(store.appendToStream(streamId, take, { expectedRevision: 'no_stream' }));
      }
    }
    await Promise.all(appends);
    if (stored - reported >= 1_000_000) {
      progress(`seeded ${stored.toLocaleString('en-US')} events`);
      reported = stored;
    }
  }
};

const seededStore = async (total: number): Promise<string> => {
  mkdirSync(cacheDir, { recursive: true });
  // v3: reset events as the decider writes them since the ninth session (start, user, attempts,
  // summary)
  const file = join(cacheDir, `events-v3-${total}.sqlite`);
  if (existsSync(file)) {
    progress(`reusing ${file}`);
    return file;
  }
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  progress(`seeding ${total.toLocaleString('en-US')} events into ${file}`);
  const store = openSqliteEventStore({ path: partial });
  await seed(store, total);
  await store.close();
  renameSync(partial, file);
  for (const suffix of ['-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  return file;
};

// --- The runs -----------------------------------------------------------------------------
const BATCH = 50_000; // the catch-up's default batch, used for the floor's inserts too
const stateTables = ['projection_checkpoints', 'projection_failed_events'];
const emptyReadSide = async (client: ClickHouse): Promise<void> => {
  for (const table of [...stateTables, ...readModels.flatMap((p) => p.tables)])
    await client.command({ query: `TRUNCATE TABLE ${table}` });
};

// CPU seconds of this process, chDB's threads included: on a shared machine the wall clock
// measures the neighbours too.
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

type Timing = Readonly<{ seconds: number; cpu: number }>;

type CatchUp = typeof catchUp;

const timedCatchUp = async (
  run: CatchUp,
  client: ClickHouse,
  store: EventStore,
  total: number,
): Promise<Timing> => {
  await emptyReadSide(client);
  let reported = 0;
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  const reached = await run({ client, eventStore: store }, readModels, {
    onProgress: (p) => {
      if (p - reported < 1_000_000) return;
      reported = p;
      progress(`catch-up at ${p.toLocaleString('en-US')}`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuStarted;
  if (reached !== total) throw new Error(`catch-up reached ${reached}, expected ${total}`);
  const [row] = await (
    await client.query({ query: 'SELECT count() AS n FROM audit_log', format: 'JSONEachRow' })
  ).json<{ n: string }>();
  if (Number(row?.n) !== total) throw new Error(`audit_log holds ${row?.n} rows, not ${total}`);
  return { seconds, cpu };
};

/** The same rows, read and mapped outside the clock; only the INSERTs are timed. */
const rawInserts = async (client: ClickHouse, store: EventStore): Promise<Timing> => {
  await emptyReadSide(client);
  let seconds = 0;
  let cpu = 0;
  for (let after = 0; ;) {
    const events = await store.readAll({ after, maxCount: BATCH });
    if (events.length === 0) return { seconds, cpu };
    const first = events[0]?.position ?? 0;
    after = events.at(-1)?.position ?? after;
    for (const projection of readModels) {
      const rows: Row[] = [];
      for (const event of events)
        if (handlesEvent(projection, event))
          for (const row of projection.toRows(event)) rows.push(row);
      const started = performance.now();
      const cpuStarted = cpuSeconds();
      await insertRows(client, projection.table, rows, `raw:${projection.name}:${first}-${after}`);
      seconds += (performance.now() - started) / 1000;
      cpu += cpuSeconds() - cpuStarted;
    }
  }
};

const lines: string[] = [];
const print = (line: string): void => {
  lines.push(line);
  console.log(line);
};
const perS = (events: number, seconds: number): number => Math.round(events / seconds);

const chdbDir = mkdtempSync(join(tmpdir(), 'resetline-bench-chdb-'));
const client = createClickHouse({ dataDir: chdbDir });
const results: { events: number; catchUp: Timing; inJs: Timing; raw: Timing }[] = [];
try {
  await migrate(client, readModelMigrations);
  print(
    `bench:projection — ${new Date().toISOString()} — Node ${process.version}, ` +
      `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()[0]?.toFixed(1)}`,
  );
  print(`read models: ${readModels.map((p) => p.name).join(', ')}; chDB in ${chdbDir}`);
  for (const total of sizes) {
    const file = await seededStore(total);
    const store = openSqliteEventStore({ path: file });
    try {
      progress(`catch-up of ${total.toLocaleString('en-US')} events (in the engine)`);
      const caughtUp = await timedCatchUp(catchUp, client, store, total);
      progress(`catch-up of ${total.toLocaleString('en-US')} events (toRows in JS)`);
      const inJs = await timedCatchUp(catchUpProjections, client, store, total);
      progress(`raw inserts of the same rows`);
      const raw = await rawInserts(client, store);
      results.push({ events: total, catchUp: caughtUp, inJs, raw });
      const describe = (t: Timing): string =>
        `${t.seconds.toFixed(1)} s = ${perS(total, t.seconds).toLocaleString('en-US')} events/s ` +
        `(${t.cpu.toFixed(1)} CPU s, ${perS(total, t.cpu).toLocaleString('en-US')} events per CPU s)`;
      print(`${total.toLocaleString('en-US').padStart(11)} events: catch-up ${describe(caughtUp)}`);
      print(`${''.padStart(19)}catch-up through toRows (JS) ${describe(inJs)}`);
      print(`${''.padStart(19)}raw INSERT of the same rows ${describe(raw)}`);
    } finally {
      await store.close();
    }
  }
  print(`load average at the end ${loadavg()[0]?.toFixed(1)}`);
} finally {
  await client.close();
  rmSync(chdbDir, { recursive: true, force: true });
}
const largest = results.at(-1);
if (largest) {
  // catch-up events/s ÷ raw-insert events/s
  const ratio = largest.raw.seconds / largest.catchUp.seconds;
  print(
    `RESULT bench:projection events_per_s=${perS(largest.events, largest.catchUp.seconds)} ` +
      `vs_raw_insert=${ratio.toFixed(2)}`,
  );
  writeResults('projection.txt', lines);
}
