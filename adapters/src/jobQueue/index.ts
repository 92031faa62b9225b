export { BullMqJobQueue } from './bullMqJobQueue.js';
export type { BullMqJobQueueOptions } from './bullMqJobQueue.js';
export { createJobQueue } from './createJobQueue.js';
export type { JobQueueConfig } from './createJobQueue.js';
export { JobQueueClosedError, JobQueueUnavailableError, UnrecoverableJobError } from './errors.js';
export { InProcessJobQueue } from './inProcessJobQueue.js';
export type { InProcessJobQueueOptions } from './inProcessJobQueue.js';
