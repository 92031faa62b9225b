import type { RecordedEvent, Subscription } from '@resetline/domain';
import type { ChangeSignal } from './changeSignal.js';

export type CatchUpSource = Readonly<{
  /** Events strictly after `after` in global order, at most `maxCount`. */
  read(after: number, maxCount: number): RecordedEvent[];
  changes: ChangeSignal;
  /** Upper bound on the wait when another process appends (this one is not notified then). */
  pollIntervalMs: number;
}>;

export const DEFAULT_SUBSCRIPTION_BATCH = 500;

/**
 * Reads batches after the last delivered position until none is left, then waits for the next
 * append and reads again. Because it always reads "after the last delivered position", events
 * that land while it is catching up are delivered once, in order, without a gap.
 */
export const createCatchUpSubscription = (
  source: CatchUpSource,
  options: Readonly<{ after?: number; batchSize?: number; onEnd?: () => void }>,
): Subscription => {
  const batchSize = options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH;
  let stopped = false;
  let cancelWait = (): void => {};

  async function* iterate(): AsyncGenerator<RecordedEvent> {
    let after = options.after ?? 0;
    try {
      while (!stopped) {
        const batch = source.read(after, batchSize);
        if (batch.length === 0) {
          const wait = source.changes.wait(source.pollIntervalMs);
          cancelWait = wait.cancel;
          await wait.done;
          continue;
        }
        for (const event of batch) {
          if (stopped) return;
          yield event;
          after = event.position;
        }
      }
    } finally {
      options.onEnd?.();
    }
  }

  return {
    [Symbol.asyncIterator]: () => iterate(),
    stop: async () => {
      stopped = true;
      cancelWait();
    },
  };
};
