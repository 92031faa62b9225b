export { startWorkers, type RunningWorkers, type WorkerDeps } from './startWorkers.js';
export { startConfiguredWorkers, type ConfiguredWorkers } from './startConfiguredWorkers.js';
export { Dispatcher, DISPATCHER_CHECKPOINT } from './dispatcher/dispatcher.js';
export { CheckpointStore } from './dispatcher/checkpointStore.js';
export {
  DELIVERY_QUEUE,
  deliveryJobSchema,
  type DeliveryJob,
} from './notifications/deliveryJob.js';
export { outcomeEventId } from './notifications/outcomes.js';
export {
  renderMessage,
  type Branding,
  type RenderInput,
} from './notifications/templates/render.js';
export { DIGEST_QUEUE, type DigestSource } from './schedules/weeklyDigest.js';
export { REMINDER_QUEUE } from './schedules/reconfirmReminder.js';
export { jsonLogger, silentLogger, type WorkerLogger } from './logger.js';
