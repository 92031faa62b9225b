/**
 * Thrown by a job handler when retrying cannot help (bad address, rejected by the provider):
 * the job goes straight to the failed set whatever attempts are left.
 */
export class UnrecoverableJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnrecoverableJobError';
  }
}

/** The queue was closed: it takes no more jobs and runs no more handlers. */
export class JobQueueClosedError extends Error {
  constructor(operation: string) {
    super(`Cannot ${operation}: the job queue is closed`);
    this.name = 'JobQueueClosedError';
  }
}

/** Redis could not be reached or refused the command; the operation may be retried later. */
export class JobQueueUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JobQueueUnavailableError';
  }
}
