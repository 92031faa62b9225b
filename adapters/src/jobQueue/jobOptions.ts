import { ValidationError } from '@resetline/domain';
import type { JobBackoff, JobOptions } from '@resetline/domain';

// Both adapters accept the same names and ids, so code tested on one runs on the other. BullMQ
// refuses ids that are integers or contain ':' (its key separator).
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const JOB_ID = /^[A-Za-z0-9_.~-]{1,200}$/;
const INTEGER = /^-?\d+$/;

export const DEFAULT_BACKOFF: JobBackoff = { type: 'exponential', delayMs: 1000 };

export function assertQueueName(name: string): void {
  if (!NAME.test(name)) {
    throw new ValidationError(
      'InvalidJobQueueName',
      `Job queue name "${name}" must be 1-100 letters, digits, '_', '.' or '-'`,
    );
  }
}

export type ResolvedJobOptions = Readonly<{
  jobId: string;
  delayMs: number;
  attempts: number;
  backoff: JobBackoff;
}>;

export function resolveJobOptions(options: JobOptions): ResolvedJobOptions {
  const { jobId, delayMs = 0, attempts = 1, backoff = DEFAULT_BACKOFF } = options;
  if (!JOB_ID.test(jobId) || INTEGER.test(jobId)) {
    throw new ValidationError(
      'InvalidJobId',
      `Job id "${jobId.slice(0, 200)}" must be 1-200 letters, digits, '_', '.', '~' or '-' and not an integer`,
    );
  }
  assertNonNegativeInteger('delayMs', delayMs);
  assertNonNegativeInteger('backoff.delayMs', backoff.delayMs);
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new ValidationError(
      'InvalidJobOptions',
      `Job attempts must be an integer >= 1, got ${attempts}`,
    );
  }
  return { jobId, delayMs, attempts, backoff };
}

export function assertConcurrency(concurrency: number): void {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ValidationError(
      'InvalidJobOptions',
      `Job concurrency must be an integer >= 1, got ${concurrency}`,
    );
  }
}

/** The wait before the next attempt once `attemptsMade` attempts have failed (BullMQ's formula). */
export function backoffDelayMs(backoff: JobBackoff, attemptsMade: number): number {
  return backoff.type === 'fixed'
    ? backoff.delayMs
    : Math.round(2 ** (attemptsMade - 1) * backoff.delayMs);
}

function assertNonNegativeInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ValidationError(
      'InvalidJobOptions',
      `Job ${field} must be an integer >= 0, got ${value}`,
    );
  }
}
