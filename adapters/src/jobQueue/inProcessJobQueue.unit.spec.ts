import { afterEach, describe, expect, it, vi } from 'vitest';
import { InProcessJobQueue } from './inProcessJobQueue.js';

describe('InProcessJobQueue delays longer than one Node timer', () => {
  afterEach(() => vi.useRealTimers());

  it('runs a 180-day job after 180 days, not at once', async () => {
    vi.useFakeTimers();
    const queue = new InProcessJobQueue();
    const ran: string[] = [];
    await queue.process('reminders', async (_payload, context) => void ran.push(context.id));
    const day = 24 * 3600 * 1000;
    await queue.enqueue('reminders', {}, { jobId: 'reminder-1', delayMs: 180 * day });

    await vi.advanceTimersByTimeAsync(1_000);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(179 * day);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(day);
    expect(ran).toEqual(['reminder-1']);
    await queue.close();
  });
});
