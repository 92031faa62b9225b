import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteEventStore } from '@resetline/adapters';
import {
  defaultSsprPolicy,
  type EventToAppend,
  type RecordedEvent,
  type ResetlineEventType,
} from '@resetline/domain';
import {
  auditLogSearch,
  createClickHouse,
  handlesEvent,
  insertRows,
  migrate,
  paged,
  readModelMigrations,
  readModels,
  registrationActivity,
  registrationCoverage,
  registrationDetails,
  resetActivity,
  resetFunnel,
  resolvePeriod,
  runProjections,
  runReport,
  selectRows,
  usageInsights,
  type AuditLogFilter,
  type ClickHouse,
  type ReportQuery,
  type Row,
} from '@resetline/projections';
import { percentile } from './append/stats.js';

// bench:reports — report latency over a large projected history, then live append-to-visible lag.
// The history is synthetic but domain-shaped: generated events go through the real projections'
// toRows and the same inserts the projector makes; only the event store is bypassed (the seed
// generator writes ~1k events/s, far too slow for 10M).

const { values: flags } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    tenants: { type: 'string', default: '10' },
    users: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    rate: { type: 'string', default: '1000' },
    'lag-seconds': { type: 'string', default: '600' },
    'poll-ms': { type: 'string', default: '25' },
    // The live projector's flush interval; unset, its own default.
    'flush-ms': { type: 'string' },
    'others-flush-ms': { type: 'string' },
    'data-dir': { type: 'string' },
  },
});
const EVENTS = Number(flags.events);
const TENANTS = Number(flags.tenants);
const USERS_PER_TENANT = Math.max(1, Math.floor(Number(flags.users) / TENANTS));
const RUNS = Number(flags.runs);
const RATE = Number(flags.rate);
const LAG_SECONDS = Number(flags['lag-seconds']);
// chDB runs in this process: a tight visibility poll would compete with the projector's inserts.
const POLL_MS = Number(flags['poll-ms']);
const FLUSH_MS = flags['flush-ms'] === undefined ? undefined : Number(flags['flush-ms']);
const OTHERS_FLUSH_MS =
  flags['others-flush-ms'] === undefined ? undefined : Number(flags['others-flush-ms']);
const END = new Date('2026-04-01T00:00:00.000Z');
const DAYS = 90;
const BATCH = 100_000;
// Bumped when the generated events change shape, so that a kept --data-dir is loaded again.
const HISTORY_SHAPE = 2;

// mulberry32: deterministic, so every run measures the same history.
let state = 20260401;
const random = (): number => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const methods = ['email', 'mobilePhone', 'officePhone', 'authenticator', 'securityQuestions'];
const tenantId = (t: number) => `tenant-${t}`;
// The lag run's stories: their streams are apart from the history's tenants.
const LAG_TENANT = 99;

/** Turns one "story" (a user's registration, a sign-in, a reset flow…) into events. */
const attemptTypes = new Set<string>(['ResetCodeSent', 'ResetGatePassed', 'ResetGateFailed']);

/** A flow's attempts as its end event sums them up: each at the gate after those passed before. */
const attemptsOf = (events: readonly Pick<RecordedEvent, 'type' | 'data' | 'occurredAt'>[]) => {
  let passes = 0;
  return events
    .filter((e) => attemptTypes.has(e.type))
    .map((e) => {
      const passed = e.type === 'ResetGatePassed';
      const attempt = { gate: passes + 1, method: e.data['method'], passed, at: e.occurredAt };
      if (passed) passes += 1;
      return { ...attempt, at: attempt.at.toISOString() };
    });
};

const storyEvents = (
  t: number,
  position: number,
  flowNo: number,
): Omit<RecordedEvent, 'position' | 'id' | 'revision' | 'version'>[] => {
  const user = Math.floor(random() * USERS_PER_TENANT);
  const userStream = `user-t${t}-u${user}`;
  const start = END.getTime() - random() * DAYS * 86_400_000;
  let clock = start;
  const ev = (streamId: string, type: ResetlineEventType, data: Record<string, unknown>) => ({
    streamId,
    type,
    data,
    occurredAt: new Date((clock += 5_000 + random() * 60_000)),
    metadata: {
      tenantId: tenantId(t),
      actor: { kind: 'user' as const, id: `t${t}-u${user}` },
      correlationId: `c${position}`,
      ip: '203.0.113.7',
      userAgent: 'bench',
    },
  });
  const roll = random();
  if (roll < 0.08) {
    const method = pick(methods);
    return [
      ev(userStream, 'UserProvisioned', {
        userId: `t${t}-u${user}`,
        username: `user${user}`,
        displayName: `User ${user}`,
        source: 'cloud',
        roles: user % 100 === 0 ? ['globalAdmin'] : ['user'],
        groups: [],
      }),
      ev(userStream, 'SecurityInfoRegistered', {
        methodId: `m${position}`,
        method,
        maskedTarget: 'u***@example.org',
      }),
      ev(userStream, 'SecurityInfoRegistered', { methodId: `n${position}`, method: pick(methods) }),
    ];
  }
  if (roll < 0.5) return [ev(userStream, 'SignInSucceeded', {})];
  if (roll < 0.6)
    return [
      ev(userStream, 'SignInFailed', { reason: 'wrongPassword', counted: true, failures: 1 }),
    ];
  if (roll < 0.68) {
    return [
      random() < 0.9
        ? ev(userStream, 'PasswordChanged', { hash: 'x' })
        : ev(userStream, 'PasswordChangeFailed', { reason: 'FuzzyPolicyViolationInvalidPassword' }),
    ];
  }
  if (roll < 0.8)
    return [
      ev(`notifications-t${t}-u${user}`, 'NotificationSent', {
        userId: `t${t}-u${user}`,
        channel: 'email',
      }),
    ];
  const flow = `reset-t${t}-f${flowNo}`;
  const method = pick(methods);
  const purpose = random() < 0.15 ? 'unlock' : 'reset';
  const startEvent = ev(flow, 'PasswordResetStarted', {
    flowId: flow.slice(6),
    username: `user${user}`,
    userId: `t${t}-u${user}`,
    purpose,
    eligible: true,
    gatesRequired: 1,
    methods: [{ methodId: 'm', method }],
    unlockAllowed: true,
    policyVersion: 1,
  });
  // As the decider does: every later event of the flow carries the flow's start and user, and
  // the event that ends it its summary.
  const context = {
    startedAt: startEvent.occurredAt.toISOString(),
    username: `user${user}`,
    userId: `t${t}-u${user}`,
    purpose,
    eligible: true,
  };
  const later = (type: ResetlineEventType, data: Record<string, unknown>) =>
    ev(flow, type, { ...data, ...context });
  const ending = (type: ResetlineEventType, data: Record<string, unknown>) =>
    later(type, { ...data, methodsUsed: [method], attempts: attemptsOf(events) });
  // …and each attempt the attempts so far, itself included.
  const attempt = (type: ResetlineEventType, data: Record<string, unknown>) => {
    const e = later(type, data);
    e.data['attempts'] = attemptsOf([...events, e]);
    events.push(e);
  };
  const events = [startEvent];
  attempt('ResetCodeSent', {
    methodId: 'm',
    method,
    channel: 'email',
    maskedTarget: 'u***@example.org',
  });
  if (random() < 0.2)
    attempt('ResetGateFailed', { methodId: 'm', method, reason: 'wrongCode', failures: 1 });
  const end = random();
  if (end < 0.7) {
    attempt('ResetGatePassed', { methodId: 'm', method, gate: 1 });
    events.push(
      ending(purpose === 'unlock' ? 'AccountUnlockCompleted' : 'PasswordResetCompleted', {
        userId: `t${t}-u${user}`,
        writeback: false,
      }),
    );
  } else if (end < 0.9) {
    events.push(ending('PasswordResetAbandoned', { step: 'verify' }));
  } else {
    events.push(ending('PasswordResetFailed', { reason: 'tooManyWrongCodes' }));
  }
  return events;
};

/** Generates EVENTS events and inserts their projected rows in batches, as the projector would. */
const loadHistory = async (client: ClickHouse): Promise<void> => {
  const started = performance.now();
  let position = 0;
  let flowNo = 0;
  while (position < EVENTS) {
    const rows = new Map<string, Row[]>();
    const batchStart = position;
    while (position - batchStart < BATCH && position < EVENTS) {
      for (const partial of storyEvents(position % TENANTS, position, flowNo++)) {
        if (position >= EVENTS) break;
        position += 1;
        const event = {
          ...partial,
          id: `e${position}`,
          position,
          revision: 0,
          version: 1,
        } as RecordedEvent;
        for (const projection of readModels) {
          if (!handlesEvent(projection, event)) continue;
          const list = rows.get(projection.table) ?? [];
          list.push(...projection.toRows(event));
          rows.set(projection.table, list);
        }
      }
    }
    for (const [table, list] of rows)
      await insertRows(client, table, list, `bench:${table}:${batchStart}`);
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `\rhistory ${position.toLocaleString('en-US')}/${EVENTS.toLocaleString('en-US')} events, ${Math.round(position / seconds).toLocaleString('en-US')}/s   `,
    );
  }
  process.stderr.write('\n');
};

const timedRuns = async (
  name: string,
  client: ClickHouse,
  query: (run: number) => ReportQuery<unknown>,
) => {
  await runReport(client, query(-1)); // warm-up
  const ms: number[] = [];
  let rows = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    rows = (await runReport(client, query(run))).length;
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const result = { name, p50: percentile(ms, 50), p95: percentile(ms, 95), rows };
  console.log(
    `${name.padEnd(34)} p50 ${result.p50.toFixed(1).padStart(7)} ms  p95 ${result.p95.toFixed(1).padStart(7)} ms  (${rows} rows)`,
  );
  return result;
};

const measureReports = async (client: ClickHouse) => {
  const tenant = (run: number) => tenantId((run + TENANTS) % TENANTS);
  const last30 = resolvePeriod({ kind: 'last30Days' }, END);
  const last7 = resolvePeriod({ kind: 'last7Days' }, END);
  const page = { limit: 100 };
  const coverageTenant = {
    tier: 'premium' as const,
    ssprPolicy: { ...defaultSsprPolicy, scope: 'all' as const },
  };
  const reports = [
    await timedRuns('resetActivity (30 d, page 100)', client, (r) =>
      paged(resetActivity(tenant(r), last30), page),
    ),
    await timedRuns('registrationActivity (30 d, page)', client, (r) =>
      paged(registrationActivity(tenant(r), last30), page),
    ),
    await timedRuns('auditLog (7 d, first 100)', client, (r) =>
      auditLogSearch(tenant(r), last7, {}, { first: 100 }),
    ),
    await timedRuns('registrationDetails (page 100)', client, (r) =>
      paged(registrationDetails(tenant(r), coverageTenant), page),
    ),
    await timedRuns('usageInsights (30 d)', client, (r) => usageInsights(tenant(r), last30)),
    await timedRuns('resetFunnel (30 d)', client, (r) => resetFunnel(tenant(r), last30)),
    await timedRuns('registrationCoverage (now)', client, (r) =>
      registrationCoverage(tenant(r), END),
    ),
  ];
  const search = (label: string, filter: (run: number) => AuditLogFilter) =>
    timedRuns(`auditLog search: ${label}`, client, (r) =>
      auditLogSearch(tenant(r), last30, filter(r), { first: 100 }),
    );
  const searches = [
    await search('user', (r) => ({
      user: `t${(r + TENANTS) % TENANTS}-u${(r * 7919) % USERS_PER_TENANT}`,
    })),
    await search('actor', (r) => ({
      actor: `t${(r + TENANTS) % TENANTS}-u${(r * 104729) % USERS_PER_TENANT}`,
    })),
    await search('activity + failure', () => ({
      activity: 'Change password (self-service)',
      result: 'failure',
    })),
    await search('method', () => ({ method: 'officePhone' })),
  ];
  return { reports, searches };
};

/** Appends at RATE events/s and times each one until `auditLog` shows it. */
const measureLag = async (client: ClickHouse, dir: string) => {
  const eventStore = openSqliteEventStore({ path: join(dir, 'lag-events.sqlite') });
  // The projector's inserts by table, counted (ClickHouse's guidance: few, large inserts) and
  // timed (an audit write is visible once its insert ends).
  const inserts = new Map<string, number[]>();
  const counting = Object.create(client) as ClickHouse;
  counting.insert = (async (params: Parameters<ClickHouse['insert']>[0]) => {
    const started = performance.now();
    const result = await client.insert(params);
    const ms = inserts.get(params.table) ?? [];
    ms.push(performance.now() - started);
    inserts.set(params.table, ms);
    return result;
  }) as ClickHouse['insert'];
  const running = runProjections({ client: counting, eventStore }, readModels, {
    flushIntervalMs: FLUSH_MS,
    othersFlushIntervalMs: OTHERS_FLUSH_MS,
    // The history's dates are fixed (END): as the calendar moves on, retention would delete it.
    // What a sweep costs is bench:retention's.
    retentionIntervalMs: 0,
  });
  // Warm-up: the clock starts once the runners follow live appends (catch-up, retries done).
  const warmUp = await eventStore.appendToStream('user-lag-warmup', [
    {
      id: crypto.randomUUID(),
      type: 'SignInSucceeded',
      data: {},
      occurredAt: new Date(),
      metadata: { tenantId: 'lag', actor: { kind: 'user', id: 'warmup' }, correlationId: 'warmup' },
    },
  ]);
  const visibleWarmUp = () =>
    selectRows<{ n: string }>(
      client,
      "SELECT count() AS n FROM audit_log WHERE tenant_id = 'lag' AND position = {p:UInt64}",
      { p: warmUp.position },
    );
  while (Number((await visibleWarmUp())[0]?.n ?? 0) === 0)
    await new Promise((r) => setTimeout(r, 50));
  const appendedAt = new Map<number, number>();
  // Flow streams of this run (the store is kept between runs).
  const flowBase = Date.now();
  const lags: number[] = [];
  const parts: number[] = [];
  const stopAt = performance.now() + LAG_SECONDS * 1000;
  let sent = 0;
  let failedAppends = 0;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      // Timed by the engine: the query's own start, when it took its snapshot of the table (a
      // query can wait behind an insert, and its answer takes time to come back).
      // Only the rows since the oldest append not seen yet (the sort key starts with tenant and
      // time): reading every row of earlier runs made each poll slower than the inserts it waits for.
      const since = Math.min(Date.now(), ...appendedAt.values()) - 1_000;
      const [row] = await selectRows<{ p: string; t: string }>(
        client,
        `SELECT max(position) AS p, toUnixTimestamp64Milli(now64(3)) AS t FROM audit_log
         WHERE tenant_id = 'lag' AND occurred_at >= fromUnixTimestamp64Milli({since:Int64}, 'UTC')`,
        { since },
      );
      const visible = Number(row?.p ?? 0);
      const now = Number(row?.t ?? Date.now());
      for (const [position, at] of appendedAt) {
        if (position > visible) continue;
        lags.push(now - at);
        appendedAt.delete(position);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  })();
  const sampler = setInterval(() => {
    void selectRows<{ n: string }>(
      client,
      "SELECT count() AS n FROM system.parts WHERE active AND table = 'audit_log'",
    ).then(([r]) => parts.push(Number(r?.n ?? 0)));
  }, 10_000);
  inserts.clear(); // counted from here, as the lags are
  const begun = performance.now();
  while (performance.now() < stopAt) {
    const due = Math.floor(((performance.now() - begun) / 1000) * RATE);
    while (sent < due) {
      // The history's mix (sign-ins, registrations, changes, notifications, reset flows), as one
      // append per story (a stream's events), stamped now, for the `lag` tenant.
      const story = storyEvents(LAG_TENANT, sent, flowBase + sent);
      const events: EventToAppend[] = story.map((e) => ({
        id: crypto.randomUUID(),
        type: e.type,
        data: e.data,
        occurredAt: new Date(),
        metadata: { ...e.metadata, tenantId: 'lag' },
      }));
      const before = Date.now(); // the engine's clock above is the same wall clock
      // Not awaited one by one: commands arrive concurrently and the store group-commits them.
      void eventStore
        .appendToStream(story[0]?.streamId ?? 'user-lag', events)
        .then((result) => {
          for (let i = 0; i < events.length; i++) appendedAt.set(result.position - i, before);
        })
        .catch(() => (failedAppends += events.length));
      sent += events.length;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  while (appendedAt.size > 0 && performance.now() < stopAt + 30_000)
    await new Promise((r) => setTimeout(r, 20));
  polling = false;
  clearInterval(sampler);
  await poller;
  await running.stop();
  await running.done; // stop() returns before the last batch is written
  await eventStore.close();
  lags.sort((a, b) => a - b);
  const seconds = (performance.now() - begun) / 1000;
  const insertsPerSecond = [...inserts]
    .map(([table, ms]) => {
      ms.sort((a, b) => a - b);
      const [p50, p95] = [percentile(ms, 50), percentile(ms, 95)].map((x) => x.toFixed(0));
      return `${table} ${(ms.length / seconds).toFixed(1)} (${p50} / ${p95} ms)`;
    })
    .join(', ');
  return {
    sent,
    seconds,
    lost: appendedAt.size,
    p50: percentile(lags, 50),
    p95: percentile(lags, 95),
    p99: percentile(lags, 99),
    parts,
    insertsPerSecond,
  };
};

const main = async (): Promise<void> => {
  const dir = flags['data-dir'] ?? mkdtempSync(join(tmpdir(), 'resetline-bench-reports-'));
  const client = createClickHouse({ dataDir: join(dir, 'chdb') });
  console.log(
    `bench:reports — ${EVENTS.toLocaleString('en-US')} events, ${TENANTS} tenants, ${USERS_PER_TENANT * TENANTS} users, ${RUNS} runs per report; lag ${LAG_SECONDS} s at ${RATE} events/s, flush ${FLUSH_MS ?? 'default'} ms, others ${OTHERS_FLUSH_MS ?? 'default'} ms`,
  );
  try {
    await migrate(client, readModelMigrations);
    // A kept --data-dir that already holds this history is reused: load once, measure many times.
    const marker = join(dir, 'history.json');
    const history = JSON.stringify({
      events: EVENTS,
      tenants: TENANTS,
      users: USERS_PER_TENANT,
      shape: HISTORY_SHAPE,
    });
    if (existsSync(marker) && readFileSync(marker, 'utf8') === history) {
      console.log(`history reused from ${dir}`);
    } else {
      const loadStart = performance.now();
      await loadHistory(client);
      writeFileSync(marker, history);
      console.log(`history loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
    }
    // --runs 0: the lag alone (a probe, without the RESULT line).
    const { reports, searches } =
      RUNS > 0 ? await measureReports(client) : { reports: [], searches: [] };
    const lag = await measureLag(client, dir);
    console.log(
      `lag: ${lag.sent} events in ${lag.seconds.toFixed(0)} s (${Math.round(lag.sent / lag.seconds)}/s), never visible ${lag.lost}; p50 ${lag.p50.toFixed(1)} ms, p95 ${lag.p95.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms`,
    );
    console.log(
      `audit_log active parts every 10 s: ${lag.parts.join(' ') || '(run shorter than 10 s)'}`,
    );
    console.log(`projector inserts per second (p50 / p95 ms each): ${lag.insertsPerSecond}`);
    if (RUNS === 0) return;
    const p95Max = Math.max(...reports.map((r) => r.p95));
    const searchMax = Math.max(...searches.map((r) => r.p95));
    console.log(
      `reports p95 max ${p95Max.toFixed(1)} ms (target 50); audit searches p95 max ${searchMax.toFixed(1)} ms (target 400); lag p95 ${lag.p95.toFixed(1)} / p99 ${lag.p99.toFixed(1)} ms (targets 100 / 250)`,
    );
    console.log(
      `RESULT bench:reports p95_ms_max=${Math.round(p95Max)} lag_p95_ms=${Math.round(lag.p95)}`,
    );
  } finally {
    await client.close();
    if (!flags['data-dir']) rmSync(dir, { recursive: true, force: true });
  }
};

await main();
