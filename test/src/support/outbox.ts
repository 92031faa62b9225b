import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DevOutbox, InProcessJobQueue, type OutboxMessage } from '@resetline/adapters';
import { silentLogger, startWorkers } from '@resetline/workers';
import type { TestServer } from './resetlineServer.js';

/** Where the all-in-one process keeps messages when no SMTP or SMS transport is configured. */
export const outboxOf = (server: Pick<TestServer, 'dataDir'>): DevOutbox =>
  new DevOutbox({ directory: join(server.dataDir, 'outbox') });

/**
 * Runs the real dispatcher and delivery workers beside a test server, on its event store and
 * secret box, delivering to its dev outbox. Until startResetline runs the workers itself (the
 * integrator wires them in); once it does (`workers` on the running server), this does nothing.
 */
export const startTestWorkers = async (server: TestServer): Promise<() => Promise<void>> => {
  if (server.workers) return async () => {};
  const { deps } = server.services;
  const jobQueue = new InProcessJobQueue();
  const workers = await startWorkers({
    eventStore: deps.eventStore,
    jobQueue,
    notifier: outboxOf(server),
    secretBox: deps.secretBox,
    clock: deps.clock,
    publicUrl: server.url,
    checkpointPath: join(server.dataDir, 'test-dispatcher.sqlite'),
    logger: silentLogger,
  });
  return async () => {
    await workers.stop();
    await jobQueue.close();
  };
};

/** A code as the templates write it: 6-8 digits, or spelled out digit by digit for a call. */
const codeIn = (message: OutboxMessage): string | undefined => {
  const digits = /\b\d{6,8}\b/.exec(message.text) ?? /\b\d(?: \d){5,7}\b/.exec(message.text);
  return digits?.[0].replaceAll(' ', '');
};

/** The newest code sent to `to` at or after `after`, polling the dev outbox until it arrives. */
export const waitForCode = async (
  server: Pick<TestServer, 'dataDir'>,
  { to, after, timeoutMs = 10_000 }: Readonly<{ to: string; after: Date; timeoutMs?: number }>,
): Promise<string> => {
  const outbox = outboxOf(server);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const message of await outbox.list({ to })) {
      if (Date.parse(message.storedAt) < after.getTime()) break;
      const code = codeIn(message);
      if (code) return code;
    }
    await sleep(25);
  }
  throw new Error(`No code reached ${to} in the dev outbox within ${timeoutMs} ms`);
};

/** Every message sent to `to` so far, newest first. */
export const messagesTo = (server: Pick<TestServer, 'dataDir'>, to: string) =>
  outboxOf(server).list({ to });
