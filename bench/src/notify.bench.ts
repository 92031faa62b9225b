import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import {
  AesGcmSecretBox,
  BullMqJobQueue,
  cryptoRandom,
  openSqliteEventStore,
  SmtpNotifier,
  systemClock,
} from '@resetline/adapters';
import { resetStreamId, tenantStreamId, userStreamId, type EventStore } from '@resetline/domain';
import { silentLogger, startWorkers } from '@resetline/workers';

// bench:notify: reset codes appended to the SQLite event store, dispatched to BullMQ on a real
// Redis, processed (sealed code opened, template rendered, outcome event appended) and mailed to
// a real SMTP server in this process. Two phases:
// - burst: N codes appended at once; msgs/s = N / (last mail received - first append);
// - paced: codes appended at a steady rate (default 500/s, the target); latency per code from
//   just before its append to the moment the SMTP server has the whole message. p95 of that.
const { values } = parseArgs({
  options: { n: { type: 'string' }, rate: { type: 'string' }, concurrency: { type: 'string' } },
});
const total = Number(values.n ?? process.env['npm_config_n'] ?? 2000);
const rate = Number(values.rate ?? process.env['npm_config_rate'] ?? 500);
const concurrency = Number(values.concurrency ?? 50);
const redisUrl =
  process.env['TEST_REDIS_URL'] ?? process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const received = new Map<string, number>();
let wake: () => void = () => {};
const smtp = new SMTPServer({
  logger: false,
  disabledCommands: ['STARTTLS'],
  authOptional: true,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const id = /^X-Resetline-Message-ID: (\S+)/im.exec(Buffer.concat(chunks).toString())?.[1];
      if (id) received.set(id, performance.now());
      wake();
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

const dir = mkdtempSync(join(tmpdir(), 'resetline-bench-notify-'));
const prefix = `rl-bench-notify-${randomBytes(4).toString('hex')}`;
const store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
const secretBox = new AesGcmSecretBox(randomBytes(32));
const queue = new BullMqJobQueue({ redisUrl, prefix });
const notifier = new SmtpNotifier({
  url: smtpUrl,
  from: 'Bench <no-reply@bench.example>',
  maxConnections: 10,
});
const tenantId = `bench${randomBytes(4).toString('hex')}`;
const meta = (id: string) => ({
  tenantId,
  actor: { kind: 'system' as const, id: 'bench' },
  correlationId: id,
});
const append = async (
  store: EventStore,
  streamId: string,
  type: string,
  data: Record<string, unknown>,
) => {
  const id = cryptoRandom.uuidv7();
  await store.appendToStream(streamId, [
    { id, type, data, metadata: meta(id), occurredAt: new Date() },
  ]);
  return id;
};

console.log(
  `bench:notify — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`,
);
console.log(
  `SQLite event store → dispatcher → BullMQ (${redisUrl}) → delivery concurrency ${concurrency} → SMTP (10 connections) to a local smtp-server`,
);

await append(store, tenantStreamId(tenantId), 'TenantCreated', {
  tenantId,
  name: 'Bench',
  tier: 'basic',
  language: 'en',
});
const users: string[] = [];
for (let i = 0; i < total * 2; i++) {
  const userId = `u${i}${randomBytes(3).toString('hex')}`;
  users.push(userId);
  await append(store, userStreamId(userId), 'UserProvisioned', {
    userId,
    username: `${userId}@bench.example`,
    displayName: userId,
    firstName: 'B',
    lastName: 'B',
    source: 'cloud',
    roles: ['user'],
    groups: [],
    language: i % 2 ? 'nl' : 'en',
  });
}
const workers = await startWorkers({
  eventStore: store,
  jobQueue: queue,
  notifier,
  secretBox,
  clock: systemClock,
  publicUrl: 'https://sspr.bench.example',
  checkpointPath: join(dir, 'dispatcher.sqlite'),
  logger: silentLogger,
  deliveryConcurrency: concurrency,
});
const head = await store.headPosition();
while ((workers.dispatcher?.position ?? 0) < head) await new Promise((r) => setTimeout(r, 20));

const sendCode = async (userId: string) => {
  const flowId = randomBytes(16).toString('base64url');
  const expiresAt = new Date(Date.now() + 300_000).toISOString();
  await append(store, resetStreamId(flowId), 'PasswordResetStarted', {
    flowId,
    username: `${userId}@bench.example`,
    userId,
    purpose: 'reset',
    eligible: true,
    gatesRequired: 1,
    methods: [],
    unlockAllowed: false,
    expiresAt,
    policyVersion: 1,
  });
  const startedAt = performance.now();
  const id = await append(store, resetStreamId(flowId), 'ResetCodeSent', {
    methodId: 'm',
    method: 'email',
    channel: 'email',
    target: `${userId}@bench.example`,
    maskedTarget: `${userId[0]}***@bench.example`,
    codeHash: 'h',
    sealedCode: secretBox.seal(cryptoRandom.digits(8)),
    expiresAt,
  });
  return { id, startedAt };
};
// Resolves when every id has arrived; checks one id per mail received, not the whole list.
const waitForAll = (ids: readonly string[]) =>
  new Promise<void>((resolve, reject) => {
    let next = 0;
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `only ${ids.filter((id) => received.has(id)).length} of ${ids.length} mails arrived in 120 s`,
          ),
        ),
      120_000,
    );
    wake = () => {
      while (next < ids.length && received.has(ids[next] as string)) next += 1;
      if (next === ids.length) {
        clearTimeout(timer);
        resolve();
      }
    };
    wake();
  });

try {
  const burstStart = performance.now();
  const burst = await Promise.all(users.slice(0, total).map(sendCode));
  await waitForAll(burst.map((b) => b.id));
  const burstEnd = Math.max(...burst.map((b) => received.get(b.id) as number));
  const msgsPerSecond = Math.round(total / ((burstEnd - burstStart) / 1000));
  console.log(
    `burst: ${total} codes appended at once, all mailed in ${(burstEnd - burstStart).toFixed(0)} ms → ${msgsPerSecond} msgs/s`,
  );

  // Appends are fired on schedule without waiting for the previous one, so the offered rate holds.
  const pacedStart = performance.now();
  const pending: Promise<{ id: string; startedAt: number }>[] = [];
  for (const [i, userId] of users.slice(total).entries()) {
    const wait = pacedStart + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(sendCode(userId));
  }
  const paced = await Promise.all(pending);
  const offered = Math.round(total / ((performance.now() - pacedStart) / 1000));
  await waitForAll(paced.map((p) => p.id));
  const latencies = paced
    .map((p) => (received.get(p.id) as number) - p.startedAt)
    .sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
  const p95 = Math.round(at(0.95));
  console.log(
    `paced: ${total} codes offered at ${rate}/s (achieved ${offered}/s), append → mail received: p50 ${at(0.5).toFixed(0)} ms, p95 ${p95} ms, p99 ${at(0.99).toFixed(0)} ms, max ${latencies.at(-1)?.toFixed(0)} ms`,
  );
  const sentEvents = (await store.readAll()).filter((e) => e.type === 'NotificationSent').length;
  console.log(
    `mails received ${received.size} (expected ${2 * total}); NotificationSent events ${sentEvents}`,
  );
  if (received.size !== 2 * total) throw new Error('a code was mailed twice or not at all');
  console.log(`RESULT bench:notify msgs_per_s=${msgsPerSecond} p95_ms=${p95}`);
} finally {
  await workers.stop();
  await queue.close();
  await notifier.close();
  await store.close();
  const redis = new Redis(redisUrl);
  for (let cursor = '0'; ;) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  await redis.quit();
  await new Promise((resolve) => smtp.close(() => resolve(undefined)));
  rmSync(dir, { recursive: true, force: true });
}
