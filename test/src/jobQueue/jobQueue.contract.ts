import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobContext, JobPayload, JobQueue } from '@resetline/domain';
import { JobQueueClosedError, UnrecoverableJobError } from '@resetline/adapters';
import { gate, sleep, waitUntil } from './waiting.js';

/** One test's view of an adapter: queues opened from it share one store when `durable`. */
export type JobQueueFixture = Readonly<{
  durable: boolean;
  open(): JobQueue;
  dispose(): Promise<void>;
}>;

// Clocks of Node timers and Redis both round to the millisecond.
const CLOCK_SLACK_MS = 5;

/** The behaviour every JobQueue adapter must show; run it once per adapter. */
export function jobQueueContract(adapter: string, makeFixture: () => JobQueueFixture): void {
  describe(`JobQueue contract: ${adapter}`, () => {
    let fixture: JobQueueFixture;
    let opened: JobQueue[];
    const open = (): JobQueue => {
      const queue = fixture.open();
      opened.push(queue);
      return queue;
    };

    beforeEach(() => {
      fixture = makeFixture();
      opened = [];
    });
    afterEach(async () => {
      await Promise.all(opened.map((queue) => queue.close()));
      await fixture.dispose();
    });

    describe('enqueue', () => {
      it('hands the handler the payload and the job context', async () => {
        const queue = open();
        const seen: [JobPayload, JobContext][] = [];
        await queue.process('mail', async (payload, job) => {
          seen.push([payload, job]);
        });
        await queue.enqueue('mail', { to: 'a@example.org', n: 1 }, { jobId: 'evt-1', attempts: 2 });
        await waitUntil(() => seen.length === 1, 'the job to run');
        expect(seen[0]).toEqual([
          { to: 'a@example.org', n: 1 },
          { id: 'evt-1', name: 'mail', attempt: 1, attempts: 2 },
        ]);
      });

      it('ignores a second enqueue with the same job id, waiting or completed', async () => {
        const queue = open();
        await queue.enqueue('mail', { v: 'first' }, { jobId: 'evt-dup' });
        await queue.enqueue('mail', { v: 'second' }, { jobId: 'evt-dup' });
        expect((await queue.counts('mail')).waiting).toBe(1);

        const ran: unknown[] = [];
        await queue.process('mail', async (payload) => {
          ran.push(payload['v']);
        });
        await waitUntil(() => ran.length === 1, 'the first job to run');
        await waitUntil(async () => (await queue.counts('mail')).completed === 1, 'completion');
        await queue.enqueue('mail', { v: 'replayed' }, { jobId: 'evt-dup' });
        // One handler runs jobs in order: had the replay been queued, it would run first.
        await queue.enqueue('mail', { v: 'sentinel' }, { jobId: 'evt-sentinel' });
        await waitUntil(() => ran.includes('sentinel'), 'the sentinel job');
        expect(ran).toEqual(['first', 'sentinel']);
      });

      it('keeps job ids of different names apart', async () => {
        const queue = open();
        await queue.enqueue('mail', {}, { jobId: 'evt-2' });
        await queue.enqueue('sms', {}, { jobId: 'evt-2' });
        expect((await queue.counts('mail')).waiting).toBe(1);
        expect((await queue.counts('sms')).waiting).toBe(1);
      });

      it('refuses job ids the other adapter could not store, with BAD_USER_INPUT', async () => {
        const queue = open();
        for (const jobId of ['', 'a:b', '42', 'x'.repeat(201)]) {
          await expect(queue.enqueue('mail', {}, { jobId })).rejects.toMatchObject({
            code: 'BAD_USER_INPUT',
            reason: 'InvalidJobId',
          });
        }
      });
    });

    describe('when a handler throws', () => {
      it('retries until an attempt succeeds', async () => {
        const queue = open();
        const attempts: number[] = [];
        await queue.process('mail', async (_payload, job) => {
          attempts.push(job.attempt);
          if (job.attempt < 3) throw new Error('smtp busy');
        });
        await queue.enqueue(
          'mail',
          {},
          {
            jobId: 'evt-retry',
            attempts: 3,
            backoff: { type: 'fixed', delayMs: 10 },
          },
        );
        await waitUntil(async () => (await queue.counts('mail')).completed === 1, 'completion');
        expect(attempts).toEqual([1, 2, 3]);
        expect(await queue.counts('mail')).toMatchObject({ failed: 0, delayed: 0, waiting: 0 });
      });

      it('waits exponentially longer between attempts', async () => {
        const queue = open();
        const startedAt: number[] = [];
        await queue.process('mail', async (_payload, job) => {
          startedAt.push(Date.now());
          if (job.attempt < 4) throw new Error('try later');
        });
        await queue.enqueue(
          'mail',
          {},
          {
            jobId: 'evt-backoff',
            attempts: 4,
            backoff: { type: 'exponential', delayMs: 100 },
          },
        );
        await waitUntil(() => startedAt.length === 4, 'four attempts');
        const gaps = startedAt.slice(1).map((at, i) => at - (startedAt[i] as number));
        expect(gaps[0]).toBeGreaterThanOrEqual(100 - CLOCK_SLACK_MS);
        expect(gaps[1]).toBeGreaterThanOrEqual(200 - CLOCK_SLACK_MS);
        expect(gaps[2]).toBeGreaterThanOrEqual(400 - CLOCK_SLACK_MS);
        expect(gaps[1]).toBeGreaterThan(gaps[0] as number);
        expect(gaps[2]).toBeGreaterThan(gaps[1] as number);
      });

      it('fails at once on an unrecoverable error, whatever attempts are left', async () => {
        const queue = open();
        let calls = 0;
        await queue.process('mail', async () => {
          calls += 1;
          throw new UnrecoverableJobError('recipient rejected (550)');
        });
        await queue.enqueue('mail', { to: 'x' }, { jobId: 'evt-perm', attempts: 5 });
        await waitUntil(async () => (await queue.counts('mail')).failed === 1, 'failure');
        expect(calls).toBe(1);
        const [failed] = await queue.listFailed('mail');
        expect(failed).toMatchObject({
          id: 'evt-perm',
          name: 'mail',
          payload: { to: 'x' },
          attemptsMade: 1,
          failedReason: 'recipient rejected (550)',
        });
        expect(failed?.failedAt).toBeInstanceOf(Date);
      });

      it('lists jobs out of attempts as failed, newest first, and retries them on demand', async () => {
        const queue = open();
        let broken = true;
        const done: string[] = [];
        await queue.process('mail', async (_payload, job) => {
          if (broken) throw new Error(`relay down for ${job.id}`);
          done.push(`${job.id}@${job.attempt}`);
        });
        const options = { attempts: 2, backoff: { type: 'fixed', delayMs: 10 } } as const;
        await queue.enqueue('mail', { n: 1 }, { jobId: 'evt-a', ...options });
        await waitUntil(async () => (await queue.counts('mail')).failed === 1, 'a to fail');
        await queue.enqueue('mail', { n: 2 }, { jobId: 'evt-b', ...options });
        await waitUntil(async () => (await queue.counts('mail')).failed === 2, 'b to fail');

        const failed = await queue.listFailed('mail');
        expect(failed.map((job) => [job.id, job.attemptsMade, job.failedReason])).toEqual([
          ['evt-b', 2, 'relay down for evt-b'],
          ['evt-a', 2, 'relay down for evt-a'],
        ]);
        expect(await queue.listFailed('mail', 1)).toHaveLength(1);

        broken = false;
        expect(await queue.retryFailed('mail', 'evt-a')).toBe(1);
        await waitUntil(() => done.length === 1, 'a to run again');
        expect(done).toEqual(['evt-a@1']);
        expect((await queue.listFailed('mail')).map((job) => job.id)).toEqual(['evt-b']);

        expect(await queue.retryFailed('mail')).toBe(1);
        await waitUntil(async () => (await queue.counts('mail')).completed === 2, 'b to complete');
        expect(await queue.counts('mail')).toMatchObject({ failed: 0, completed: 2 });
        expect(await queue.retryFailed('mail', 'evt-unknown')).toBe(0);
      });
    });

    describe('delayed jobs', () => {
      it('does not run a delayed job before its time', async () => {
        const queue = open();
        let ranAt = 0;
        await queue.process('reminder', async () => {
          ranAt = Date.now();
        });
        const enqueuedAt = Date.now();
        await queue.enqueue('reminder', {}, { jobId: 'evt-later', delayMs: 300 });
        expect(await queue.counts('reminder')).toMatchObject({ delayed: 1, waiting: 0 });
        await waitUntil(() => ranAt > 0, 'the delayed job');
        expect(ranAt - enqueuedAt).toBeGreaterThanOrEqual(300 - CLOCK_SLACK_MS);
      });
    });

    describe('concurrency', () => {
      it('runs at most `concurrency` jobs at once', async () => {
        const queue = open();
        const release = gate();
        let running = 0;
        let maxRunning = 0;
        let finished = 0;
        await queue.process(
          'mail',
          async () => {
            running += 1;
            maxRunning = Math.max(maxRunning, running);
            await release.opened;
            running -= 1;
            finished += 1;
          },
          { concurrency: 3 },
        );
        for (let i = 0; i < 7; i += 1) await queue.enqueue('mail', { i }, { jobId: `evt-c${i}` });
        await waitUntil(() => running === 3, 'three jobs to run');
        await sleep(150);
        expect(running).toBe(3);
        release.open();
        await waitUntil(() => finished === 7, 'all jobs');
        expect(maxRunning).toBe(3);
      });
    });

    describe('close', () => {
      it('waits for running jobs, then runs nothing more and takes no jobs', async () => {
        const queue = open();
        const release = gate();
        const ran: string[] = [];
        await queue.process('mail', async (_payload, job) => {
          if (job.id === 'evt-running') await release.opened;
          ran.push(job.id);
        });
        await queue.enqueue('mail', {}, { jobId: 'evt-running' });
        await waitUntil(async () => (await queue.counts('mail')).active === 1, 'the job to start');
        await queue.enqueue('mail', {}, { jobId: 'evt-delayed', delayMs: 100 });

        let closed = false;
        const closing = queue.close().then(() => {
          closed = true;
        });
        await sleep(50);
        expect(closed).toBe(false);
        release.open();
        await closing;
        expect(ran).toEqual(['evt-running']);

        await sleep(250);
        expect(ran).toEqual(['evt-running']);
        await expect(queue.enqueue('mail', {}, { jobId: 'evt-after' })).rejects.toBeInstanceOf(
          JobQueueClosedError,
        );
        await expect(queue.process('sms', async () => {})).rejects.toBeInstanceOf(
          JobQueueClosedError,
        );
      });

      it('leaves unfinished jobs to the next process when the queue is durable', async () => {
        if (!fixture.durable) return;
        const first = open();
        await first.enqueue('mail', { n: 1 }, { jobId: 'evt-kept', delayMs: 50 });
        await first.close();

        const second = open();
        const ran: string[] = [];
        await second.process('mail', async (_payload, job) => {
          ran.push(job.id);
        });
        await waitUntil(() => ran.length === 1, 'the kept job');
        expect(ran).toEqual(['evt-kept']);
      });
    });
  });
}
