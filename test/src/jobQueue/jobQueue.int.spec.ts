import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { BullMqJobQueue, InProcessJobQueue } from '@resetline/adapters';
import { jobQueueContract } from './jobQueue.contract.js';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const runId = `rl-test-${process.pid}-${randomBytes(4).toString('hex')}`;
const admin = new Redis(REDIS_URL);
afterAll(async () => {
  await deleteKeys(`${runId}*`);
  await admin.quit();
});

async function deleteKeys(pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length) await admin.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

jobQueueContract('InProcessJobQueue', () => ({
  durable: false,
  open: () => new InProcessJobQueue(),
  dispose: async () => {},
}));

let testNumber = 0;
jobQueueContract('BullMqJobQueue', () => {
  testNumber += 1;
  const prefix = `${runId}-${testNumber}`;
  return {
    durable: true,
    open: () => new BullMqJobQueue({ redisUrl: REDIS_URL, prefix }),
    dispose: () => deleteKeys(`${prefix}:*`),
  };
});
