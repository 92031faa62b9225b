import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createCryptoPorts,
  DevOutbox,
  ensureDevSecrets,
  InProcessJobQueue,
  loadConfig,
  openSqliteEventStore,
} from '@resetline/adapters';
import {
  handleCreateTenant,
  handleStartPasswordReset,
  resetStreamId,
  type ServiceDeps,
} from '@resetline/domain';
import { silentLogger, startWorkers } from '@resetline/workers';
import { afterAll, describe, expect, it } from 'vitest';

describe('the reset-expiry schedule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resetline-expiry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records a flow nobody finished as abandoned once its session ends', async () => {
    const config = ensureDevSecrets(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir }));
    const store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
    const started = new Date('2026-11-25T09:00:00Z');
    let now = started;
    const deps: ServiceDeps = { eventStore: store, ...createCryptoPorts(config.secrets), clock: { now: () => now } };
    const meta = (kind: 'system' | 'anonymous') => ({
      now,
      tenantId: 'acme',
      actor: { kind, id: 'test' },
      correlationId: deps.random.uuidv7(),
    });
    await handleCreateTenant(deps, { tenantId: 'acme', name: 'Acme', tier: 'basic' }, meta('system'));
    const flow = await handleStartPasswordReset(deps, { username: 'nobody@acme.test' }, meta('anonymous'));

    const queue = new InProcessJobQueue();
    const workers = await startWorkers({
      eventStore: store,
      jobQueue: queue,
      notifier: new DevOutbox({ directory: join(dir, 'outbox') }),
      secretBox: deps.secretBox,
      clock: deps.clock,
      publicUrl: 'http://localhost:4000',
      checkpointPath: join(dir, 'dispatcher.sqlite'),
      logger: silentLogger,
    });
    try {
      const ended = async () =>
        (await store.readStream(resetStreamId(flow.flowId))).map((e) => e.type);
      await sleep(300);
      expect(await ended()).not.toContain('PasswordResetAbandoned');

      now = new Date(started.getTime() + 16 * 60_000);
      await workers.stop();
      const restarted = await startWorkers({
        eventStore: store,
        jobQueue: new InProcessJobQueue(),
        notifier: new DevOutbox({ directory: join(dir, 'outbox') }),
        secretBox: deps.secretBox,
        clock: deps.clock,
        publicUrl: 'http://localhost:4000',
        checkpointPath: join(dir, 'dispatcher-2.sqlite'),
        logger: silentLogger,
      });
      try {
        for (let i = 0; i < 100 && !(await ended()).includes('PasswordResetAbandoned'); i++) await sleep(50);
        const types = await ended();
        expect(types.filter((t) => t === 'PasswordResetAbandoned')).toHaveLength(1);
      } finally {
        await restarted.stop();
      }
    } finally {
      await queue.close();
      await store.close();
    }
  });
});
