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

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Reads batches after the last delivered position until none is left, then waits for the next
 * append and reads again. Because it always reads after the last position it handed out, events
 * that land while it is catching up are delivered once, in order, without a gap.
 *
 * A hand-written iterator rather than an async generator: a generator costs ~4x more per event,
 * which is most of the gap to the bare SQLite read rate on a catch-up over millions of events.
 */
class CatchUpIterator implements AsyncIterator<RecordedEvent, undefined> {
  private buffer: RecordedEvent[] = [];
  private index = 0;
  private refilling: Promise<IteratorResult<RecordedEvent, undefined>> | undefined;
  private cancelWait = (): void => {};
  private ended = false;

  constructor(
    private readonly source: CatchUpSource,
    private readonly batchSize: number,
    private after: number,
    private readonly isStopped: () => boolean,
  ) {}

  next(): Promise<IteratorResult<RecordedEvent, undefined>> {
    if (this.refilling) return this.refilling.then(() => this.next());
    if (this.ended || this.isStopped()) return Promise.resolve(DONE);
    const event = this.buffer[this.index];
    if (event !== undefined) {
      this.index += 1;
      return Promise.resolve({ done: false, value: event });
    }
    this.refilling = this.refill().finally(() => {
      this.refilling = undefined;
    });
    return this.refilling;
  }

  async return(): Promise<IteratorResult<RecordedEvent, undefined>> {
    this.ended = true;
    this.wake();
    return DONE;
  }

  wake(): void {
    this.cancelWait();
  }

  private async refill(): Promise<IteratorResult<RecordedEvent, undefined>> {
    while (!this.ended && !this.isStopped()) {
      const batch = this.source.read(this.after, this.batchSize);
      const first = batch[0];
      if (first !== undefined) {
        this.buffer = batch;
        this.index = 1;
        this.after = (batch[batch.length - 1] as RecordedEvent).position;
        return { done: false, value: first };
      }
      const wait = this.source.changes.wait(this.source.pollIntervalMs);
      this.cancelWait = wait.cancel;
      await wait.done;
    }
    return DONE;
  }
}

export const createCatchUpSubscription = (
  source: CatchUpSource,
  options: Readonly<{ after?: number; batchSize?: number }>,
): Subscription => {
  let stopped = false;
  const iterators = new Set<CatchUpIterator>();
  return {
    [Symbol.asyncIterator]: () => {
      const iterator = new CatchUpIterator(
        source,
        options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH,
        options.after ?? 0,
        () => stopped,
      );
      iterators.add(iterator);
      return iterator;
    },
    stop: async () => {
      stopped = true;
      for (const iterator of iterators) iterator.wake();
      iterators.clear();
    },
  };
};
