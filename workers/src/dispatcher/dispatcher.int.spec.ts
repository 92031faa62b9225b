import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessJobQueue, openSqliteEventStore, systemClock } from '@resetline/adapters';
import type { EventStore, RecordedEvent } from '@resetline/domain';
import type { WorkerLogger } from '../logger.js';
import type { PlannedJob } from '../notifications/deliveryJob.js';
import { TenantDirectory } from '../notifications/tenantDirectory.js';
import { CheckpointStore } from './checkpointStore.js';
import { Dispatcher, DISPATCHER_CHECKPOINT } from './dispatcher.js';

const POISON = 'ResetAttemptCounted';

describe('Dispatcher and an event it cannot plan', () => {
  let dir: string;
  let store: EventStore;
  let checkpoints: CheckpointStore;
  let queue: InProcessJobQueue;
  const errors: string[] = [];
  const logger: WorkerLogger = { info() {}, warn() {}, error: (message) => errors.push(message) };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'resetline-dispatcher-'));
    store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
    checkpoints = new CheckpointStore(join(dir, 'dispatcher.sqlite'));
    queue = new InProcessJobQueue();
    errors.length = 0;
  });
  afterEach(async () => {
    await queue.close();
    await store.close();
    checkpoints.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = (type: string, n: number) =>
    store.appendToStream(`user-u${n}`, [
      {
        id: crypto.randomUUID(),
        type,
        data: { flowId: `f${n}`, kind: 'started' },
        occurredAt: new Date(),
        metadata: { tenantId: 't1', actor: { kind: 'system', id: 'test' }, correlationId: 'c' },
      },
    ]);

  // A planner with a defect for one event type; every other event gets one job.
  const planned: string[] = [];
  const plan = async (event: RecordedEvent): Promise<PlannedJob[]> => {
    if (event.type === POISON) throw new Error(`cannot plan ${event.type}`);
    planned.push(event.id);
    return [{ queue: 'probe', payload: { eventId: event.id }, options: { jobId: event.id } }];
  };

  const dispatch = async (): Promise<Dispatcher> => {
    const dispatcher = new Dispatcher({
      eventStore: store,
      jobQueue: queue,
      checkpoints,
      tenants: new TenantDirectory(store),
      clock: systemClock,
      logger,
      retryDelayMs: { min: 1, max: 2 },
      maxPlanAttempts: 3,
      plan,
    });
    dispatcher.start();
    const head = await store.headPosition();
    for (let i = 0; i < 500 && dispatcher.position < head; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await dispatcher.stop();
    return dispatcher;
  };

  it('records it as a dead letter after the attempts run out and passes on to later events', async () => {
    await append('SignInSucceeded', 1);
    await append(POISON, 2);
    await append('SignInSucceeded', 3);

    const dispatcher = await dispatch();

    expect(dispatcher.position).toBe(3);
    expect(planned).toHaveLength(2);
    expect(checkpoints.deadLetters()).toEqual([
      expect.objectContaining({
        position: 2,
        eventType: POISON,
        attempts: 3,
        error: `cannot plan ${POISON}`,
      }),
    ]);
    expect(errors).toEqual(['no jobs could be planned for an event; dead-lettered and passed']);
  });

  it('keeps one entry per event when a replay gives up on it again', async () => {
    await append(POISON, 1);
    await dispatch();
    checkpoints.commit(DISPATCHER_CHECKPOINT, 0);

    await dispatch();

    expect(checkpoints.deadLetters().map((l) => l.position)).toEqual([1]);
    expect(errors).toHaveLength(2);
  });
});
