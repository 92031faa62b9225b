import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AesGcmSecretBox,
  BullMqJobQueue,
  ensureDevSecrets,
  loadConfig,
  openSqliteEventStore,
  SQLITE_EVENTS_FILE,
} from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import { startGatedSmtpSink, type GatedSmtpSink } from './gatedSmtpSink.js';
import { freePort, OwnRedis, WorkerProcess } from './processes.js';
import { Seed } from './seed.js';

// Killing a worker leaves its jobs locked: BullMQ hands them to another worker once the lock
// (15 s) has expired and its stalled-job check (every 5 s) has seen it.
const RECOVERY_MS = 40_000;

type Sent = { code: string; eventId: string; to: string };

describe('workers under faults (own Redis, worker as a child process)', () => {
  let dir: string;
  let redis: OwnRedis;
  let sink: GatedSmtpSink;
  let store: EventStore;
  let seed: Seed;
  let worker: WorkerProcess;
  const sent: Sent[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'resetline-faults-'));
    redis = new OwnRedis(await freePort(), dir);
    await redis.start();
    sink = await startGatedSmtpSink();
    const env = {
      NODE_ENV: 'test',
      DATA_DIR: join(dir, 'data'),
      REDIS_URL: redis.url,
      SMTP_URL: sink.url,
      SMTP_FROM: 'Contoso <no-reply@contoso.example>',
      PUBLIC_URL: 'https://sspr.contoso.example',
    };
    // The same secrets file the worker reads, so codes sealed here open there.
    const config = ensureDevSecrets(loadConfig(env));
    const secretBox = new AesGcmSecretBox(config.secrets.secretBoxKey.reveal());
    store = openSqliteEventStore({
      path: join(env.DATA_DIR, SQLITE_EVENTS_FILE),
      pollIntervalMs: 100,
    });
    seed = new Seed(store, secretBox);
    await seed.tenant('en');
    worker = new WorkerProcess(env);
    sent.length = 0;
  });

  afterEach(async () => {
    await worker.stop();
    await store.close();
    await sink.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const sendCodes = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const to = `user${sent.length}@contoso.example`;
      const userId = await seed.user({ email: to });
      const code = await seed.resetCode(userId, {
        channel: 'email',
        to,
        masked: `u***@contoso.example`,
      });
      sent.push({ ...code, to });
    }
  };

  const recordedSent = async () =>
    (await store.readAll()).filter((e) => e.type === 'NotificationSent').length;

  const waitUntil = async (
    what: string,
    check: () => Promise<boolean> | boolean,
    timeoutMs: number,
  ) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${worker.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  /** Every code reached its own address exactly once, and nothing else arrived. */
  const expectEachCodeOnce = () => {
    expect(sink.messages).toHaveLength(sent.length);
    const ids = sink.messages.map((m) => m.headers.get('x-resetline-message-id'));
    expect(new Set(ids).size).toBe(sent.length);
    for (const { code, eventId, to } of sent) {
      const mails = sink.messages.filter((m) => m.text?.includes(code));
      expect(mails.map((m) => m.envelopeTo[0])).toEqual([to]);
      expect(mails[0]?.headers.get('x-resetline-message-id')).toBe(eventId);
    }
  };

  const queueIsEmpty = async (redisUrl: string) => {
    const queue = new BullMqJobQueue({ redisUrl });
    try {
      const c = await queue.counts('notifications');
      return c.waiting + c.active + c.delayed + c.failed === 0;
    } finally {
      await queue.close();
    }
  };

  it(
    'kill -9 of the worker mid-send loses nothing and sends nothing twice',
    async () => {
      worker.start();
      await worker.waitForOutput('workers running');
      await sendCodes(8);
      await sink.waitFor(8, 20_000);
      await waitUntil(
        'outcomes of the first codes',
        async () => (await recordedSent()) === 8,
        10_000,
      );

      sink.close();
      await sendCodes(8);
      // Several sends are now stuck inside the SMTP conversation, none of them accepted yet.
      await waitUntil('sends held at the sink', () => sink.held() >= 3, 20_000);
      await worker.kill9();
      sink.open();

      worker = new WorkerProcess(worker.env);
      worker.start();
      await sink.waitFor(16, RECOVERY_MS);
      await waitUntil('every outcome recorded', async () => (await recordedSent()) === 16, 10_000);
      await waitUntil('an empty queue', () => queueIsEmpty(redis.url), 10_000);
      expectEachCodeOnce();
      expect(await worker.stop()).toBe(0);
    },
    RECOVERY_MS + 60_000,
  );

  it(
    'a Redis restart mid-run loses nothing and sends nothing twice',
    async () => {
      worker.start();
      await worker.waitForOutput('workers running');
      await sendCodes(6);
      await sink.waitFor(6, 20_000);

      sink.close();
      await sendCodes(4);
      await waitUntil('sends held at the sink', () => sink.held() >= 2, 20_000);
      await redis.stop();
      // While Redis is away: held sends finish, and new codes wait in the event store.
      sink.open();
      await sendCodes(4);
      await new Promise((r) => setTimeout(r, 1500));
      await redis.start();

      await sink.waitFor(14, RECOVERY_MS);
      await waitUntil('every outcome recorded', async () => (await recordedSent()) === 14, 20_000);
      await waitUntil('an empty queue', () => queueIsEmpty(redis.url), RECOVERY_MS);
      expectEachCodeOnce();
      expect(await worker.stop()).toBe(0);
    },
    2 * RECOVERY_MS + 60_000,
  );
});
