import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BullMqJobQueue, InProcessJobQueue, JobQueueUnavailableError } from '@resetline/adapters';
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

describe('BullMqJobQueue when Redis is unreachable', () => {
  it('fails the enqueue naming the Redis it tried, without its password', async () => {
    const queue = new BullMqJobQueue({ redisUrl: 'redis://:hunter2@127.0.0.1:1', prefix: runId });
    const error = await queue.enqueue('mail', {}, { jobId: 'evt-x' }).catch((e: unknown) => e);
    await queue.close();
    expect(error).toBeInstanceOf(JobQueueUnavailableError);
    expect((error as Error).message).toMatch(
      /enqueue job evt-x on "mail": Redis at 127\.0\.0\.1:1 /,
    );
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
