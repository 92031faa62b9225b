import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import {
  AesGcmSecretBox,
  BullMqJobQueue,
  createNotifier,
  openSqliteEventStore,
  systemClock,
} from '@resetline/adapters';
import type { EventStore, JobQueue } from '@resetline/domain';
import { silentLogger, startWorkers, type RunningWorkers } from '@resetline/workers';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../support/smtpSink.js';
import { startWebhookSink, type WebhookSink } from '../support/webhookSink.js';
import { Seed } from './seed.js';

export const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const WEBHOOK_SECRET = 'whsec-workers-0123456789abcdef0123456789';

/** A store, a BullMQ queue under its own prefix, both sinks and running workers. */
export type Harness = Readonly<{
  dir: string;
  prefix: string;
  store: EventStore;
  secretBox: AesGcmSecretBox;
  smtp: SmtpSink;
  webhook: WebhookSink;
  redis: Redis;
  seed: Seed;
  workers(): RunningWorkers;
  queue(): JobQueue;
  /** Stops workers and queue, then starts them again on the same store, Redis and sinks. */
  restart(): Promise<void>;
  /** Resolves once the dispatcher has handled every stored event and no job is left to run. */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}>;

export async function startHarness(options: { smtp?: SmtpSinkOptions } = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'resetline-workers-'));
  const prefix = `rl-workers-${process.pid}-${randomBytes(4).toString('hex')}`;
  const store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
  const secretBox = new AesGcmSecretBox(randomBytes(32));
  const smtp = await startSmtpSink(options.smtp);
  const webhook = await startWebhookSink();
  const redis = new Redis(REDIS_URL);
  const notifier = createNotifier({
    smtp: { url: smtp.url, from: 'Contoso <no-reply@contoso.example>' },
    smsWebhook: { url: webhook.url, secret: WEBHOOK_SECRET },
  });
  let queue: JobQueue;
  let workers: RunningWorkers;
  const start = async () => {
    queue = new BullMqJobQueue({ redisUrl: REDIS_URL, prefix });
    workers = await startWorkers({
      eventStore: store,
      jobQueue: queue,
      notifier,
      secretBox,
      clock: systemClock,
      publicUrl: 'https://sspr.contoso.example',
      checkpointPath: join(dir, 'dispatcher.sqlite'),
      logger: silentLogger,
    });
  };
  const stop = async () => {
    await workers.stop();
    await queue.close();
  };
  await start();

  return {
    dir,
    prefix,
    store,
    secretBox,
    smtp,
    webhook,
    redis,
    seed: new Seed(store, secretBox),
    workers: () => workers,
    queue: () => queue,
    restart: async () => {
      await stop();
      await start();
    },
    settle: async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const head = await store.headPosition();
        const counts = await queue.counts('notifications');
        const busy = counts.waiting + counts.active + counts.delayed;
        if ((workers.dispatcher?.position ?? 0) >= head && busy === 0) return;
        if (Date.now() > deadline) {
          throw new Error(`Workers did not settle: head ${head}, ${JSON.stringify(counts)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: async () => {
      await stop();
      await notifier.close();
      await store.close();
      await Promise.all([smtp.close(), webhook.close()]);
      await deleteKeys(redis, `${prefix}:*`);
      await redis.quit();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Every job's raw `data` field as BullMQ stored it in Redis, for every queue of the prefix. */
export async function rawJobData(redis: Redis, prefix: string): Promise<string[]> {
  const data: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    for (const key of keys) {
      if ((await redis.type(key)) !== 'hash') continue;
      const value = await redis.hget(key, 'data');
      if (value !== null) data.push(value);
    }
    cursor = next;
  } while (cursor !== '0');
  return data;
}
