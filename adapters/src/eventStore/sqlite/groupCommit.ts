import type { AppendResult } from '@resetline/domain';
import type { AppendOutcome, AppendRequest } from './appendBatch.js';

type Pending = AppendRequest &
  Readonly<{ resolve: (result: AppendResult) => void; reject: (error: unknown) => void }>;

/**
 * better-sqlite3 is synchronous, so appends cannot overlap a commit; instead, every append
 * requested during one turn of the event loop is queued and committed together on the next
 * `setImmediate`, in one transaction and one fsync. A promise resolves only after its commit.
 */
export const createGroupCommit = (
  commit: (requests: readonly AppendRequest[]) => AppendOutcome[],
  onCommitted: () => void,
) => {
  let queue: Pending[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  const flush = (): void => {
    scheduled = undefined;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes = commit(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index] as AppendOutcome;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    onCommitted();
  };

  return {
    append: (request: AppendRequest): Promise<AppendResult> =>
      new Promise<AppendResult>((resolve, reject) => {
        queue.push({ ...request, resolve, reject });
        scheduled ??= setImmediate(flush);
      }),
    /** Commits whatever is queued now (used on close). */
    flushNow: (): void => {
      if (scheduled) clearImmediate(scheduled);
      flush();
    },
  };
};
