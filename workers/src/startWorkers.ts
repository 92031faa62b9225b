import { cryptoRandom } from '@resetline/adapters';
import type { Clock, EventStore, JobQueue, Notifier, Random, SecretBox } from '@resetline/domain';
import { CheckpointStore } from './dispatcher/checkpointStore.js';
import { Dispatcher } from './dispatcher/dispatcher.js';
import { jsonLogger, type WorkerLogger } from './logger.js';
import { deliverNotification } from './notifications/deliverNotification.js';
import { DELIVERY_QUEUE } from './notifications/deliveryJob.js';
import { DeliveryOutcomes } from './notifications/outcomes.js';
import { TenantDirectory } from './notifications/tenantDirectory.js';
import { EventStoreDigestSource } from './schedules/eventStoreDigestSource.js';
import { REMINDER_QUEUE, remindToReconfirm } from './schedules/reconfirmReminder.js';
import { abandonExpiredFlow, RESET_EXPIRY_QUEUE } from './schedules/resetExpiry.js';
import { DIGEST_QUEUE, sendWeeklyDigest, type DigestSource } from './schedules/weeklyDigest.js';

export type WorkerDeps = Readonly<{
  eventStore: EventStore;
  jobQueue: JobQueue;
  notifier: Notifier;
  secretBox: SecretBox;
  clock: Clock;
  /** For ids of the events the workers record (default: the CSPRNG adapter). */
  random?: Random;
  /** PUBLIC_URL: links in messages point at the portal there. */
  publicUrl: string;
  /** The dispatcher's checkpoint file, e.g. `<DATA_DIR>/dispatcher.sqlite`. */
  checkpointPath: string;
  logger?: WorkerLogger;
  digestSource?: DigestSource;
  /** Messages sent at once by this process (default 20). */
  deliveryConcurrency?: number;
  /** Run the dispatcher here (default true); processors alone scale out to more processes. */
  dispatch?: boolean;
}>;

export type RunningWorkers = Readonly<{
  dispatcher: Dispatcher | undefined;
  /** Stops the dispatcher, then the processors; the caller closes the queue, store and notifier. */
  stop(): Promise<void>;
}>;

/** Starts the dispatcher and the job processors; the all-in-one process calls this too. */
export async function startWorkers(deps: WorkerDeps): Promise<RunningWorkers> {
  const logger = deps.logger ?? jsonLogger('workers');
  const tenants = new TenantDirectory(deps.eventStore);
  const checkpoints = new CheckpointStore(deps.checkpointPath);
  const dispatcher =
    deps.dispatch === false ? undefined : new Dispatcher({ ...deps, checkpoints, tenants, logger });
  const outcomes = new DeliveryOutcomes(deps.eventStore, deps.clock);
  await deps.jobQueue.process(DELIVERY_QUEUE, deliverNotification({ ...deps, tenants, outcomes }), {
    concurrency: deps.deliveryConcurrency ?? 20,
  });
  await deps.jobQueue.process(REMINDER_QUEUE, remindToReconfirm(deps));
  await deps.jobQueue.process(RESET_EXPIRY_QUEUE, abandonExpiredFlow({ ...deps, random: deps.random ?? cryptoRandom }));
  const admins = dispatcher?.admins ?? { adminsOf: () => [] };
  await deps.jobQueue.process(
    DIGEST_QUEUE,
    sendWeeklyDigest({
      ...deps,
      source: deps.digestSource ?? new EventStoreDigestSource(deps.eventStore),
      adminsOf: (tenantId) => admins.adminsOf(tenantId),
    }),
  );
  dispatcher?.start();
  return {
    dispatcher,
    stop: async () => {
      await dispatcher?.stop();
      checkpoints.close();
    },
  };
}
