import { performance } from 'node:perf_hooks';
import { resetStreamId } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesTo, startTestWorkers, waitForCode } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';
import { from, ok, ops, registerContact, startReset, type Flow } from './selfServiceOperations.js';
import { disableUser, seedTenant, seedUser, signIn } from './selfServiceSeed.js';

const PASSWORD = 'correct horse battery staple';
const TENANT = 'contoso';

/** Who is asked about: one user who can reset, and everyone who cannot for some reason. */
const usernames = {
  eligible: 'jan',
  lockedOut: 'lola',
  unregistered: 'piet',
  disabled: 'dora',
  outOfScope: 'otto',
  unknown: 'nobody-by-this-name',
} as const;
type Kind = keyof typeof usernames;
const kinds = Object.keys(usernames) as Kind[];
const ipOf = (kind: Kind) => `192.0.2.${10 + kinds.indexOf(kind)}`;

/** Keys and value types, arrays collapsed to the set of their element shapes. */
const shapeOf = (value: unknown): unknown => {
  if (value === null) return 'null';
  if (Array.isArray(value))
    return [...new Set(value.map((v) => JSON.stringify(shapeOf(v))))].sort();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return typeof value;
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

describe('startPasswordReset does not tell who exists or who can reset', () => {
  let server: TestServer;
  let stopWorkers: () => Promise<void>;
  beforeAll(async () => {
    server = await startTestServer();
    stopWorkers = await startTestWorkers(server);
    await seedTenant(server, TENANT, {
      sspr: { scope: 'selected', selectedGroups: ['sspr-pilot'] },
      lockout: { threshold: 3 },
    });
    const inScope = { password: PASSWORD, groups: ['sspr-pilot'] };
    const registered = async (username: string, email: string) => {
      const userId = await seedUser(server, TENANT, { username, ...inScope });
      await registerContact(server, await signIn(server, TENANT, username, PASSWORD), { email });
      return userId;
    };
    await registered('jan', 'jan@contoso.example');
    await registered('lola', 'lola@contoso.example');
    for (const wrong of ['wrong 1', 'wrong 2', 'wrong 3']) {
      await expect(signIn(server, TENANT, 'lola', wrong)).rejects.toThrow(/UNAUTHENTICATED/);
    }
    await disableUser(server, TENANT, await registered('dora', 'dora@contoso.example'));
    await seedUser(server, TENANT, { username: 'piet', ...inScope });
    await seedUser(server, TENANT, { username: 'otto', password: PASSWORD });
  });
  afterAll(async () => {
    await stopWorkers?.();
    await server?.stop();
  });

  const start = (kind: Kind) => startReset(server, TENANT, usernames[kind], ipOf(kind));

  it('answers every start with the same shape, status and kind of methods', async () => {
    const flows = Object.fromEntries(
      await Promise.all(kinds.map(async (kind) => [kind, await start(kind)] as const)),
    ) as Record<Kind, Flow>;
    const now = Date.now();
    for (const kind of kinds) {
      const flow = flows[kind];
      expect(shapeOf(flow), kind).toEqual(shapeOf(flows.eligible));
      expect(flow, kind).toMatchObject({
        status: 'open',
        gatesRequired: 1,
        gatesPassed: 0,
        unlockAllowed: false,
      });
      expect(flow.flowId, kind).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(Date.parse(flow.expiresAt) - now, kind).toBeGreaterThan(14 * 60_000);
      expect(Date.parse(flow.expiresAt) - now, kind).toBeLessThanOrEqual(15 * 60_000);
      expect(flow.methods.length, kind).toBeGreaterThanOrEqual(1);
      expect(flow.methods.length, kind).toBeLessThanOrEqual(2);
      for (const method of flow.methods) {
        expect(method.methodId, kind).toBe(method.method);
        expect(method.maskedTarget, kind).toMatch(
          /^[a-z0-9]\*\*\*@[\w.-]+$|^\+\d{1,3} \d\*{5}\d{2}$/,
        );
        expect(method.questions, kind).toBeNull();
      }
    }
    expect(flows.eligible.methods).toEqual([
      { methodId: 'email', method: 'email', maskedTarget: 'j***@contoso.example', questions: null },
    ]);
  });

  it('answers sendResetCode alike too, and sends nothing to anyone who cannot reset', async () => {
    const sentTo = async (kind: Kind) => {
      const flow = await start(kind);
      const sent = await ok(
        server.graphql<{ sendResetCode: unknown }>(
          ops.send,
          { f: flow.flowId, m: flow.methods[0]!.methodId },
          from(ipOf(kind)),
        ),
      );
      const events = await server.services.deps.eventStore.readStream(resetStreamId(flow.flowId));
      return {
        sent: sent.sendResetCode,
        codeEvents: events.filter((e) => e.type === 'ResetCodeSent'),
      };
    };
    const others = await Promise.all(
      kinds.filter((k) => k !== 'eligible' && k !== 'lockedOut').map(sentTo),
    );
    const after = new Date();
    const eligible = await sentTo('eligible');
    await waitForCode(server, { to: 'jan@contoso.example', after });
    for (const other of others) {
      expect(shapeOf(other.sent)).toEqual(shapeOf(eligible.sent));
      expect(other.codeEvents).toEqual([]);
    }
    expect(eligible.codeEvents).toHaveLength(1);
    const toDora = await messagesTo(server, 'dora@contoso.example');
    expect(toDora.filter((m) => Date.parse(m.storedAt) >= after.getTime())).toEqual([]);
  });

  it('takes the same time for everyone (median of 15 starts each, within 25 ms or 50 %)', async () => {
    await stopWorkers();
    stopWorkers = async () => {};
    const timings = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<
      Kind,
      number[]
    >;
    for (let round = 0; round < 17; round += 1) {
      // Rotate the order each round so that no kind always runs first (JIT, caches, fsync).
      const order = kinds.map((_, i) => kinds[(i + round) % kinds.length]!);
      for (const kind of order) {
        const began = performance.now();
        await start(kind);
        if (round >= 2) timings[kind].push(performance.now() - began);
      }
    }
    const reference = median(timings.eligible);
    for (const kind of kinds) {
      const m = median(timings[kind]);
      expect(
        Math.abs(m - reference),
        `${kind}: ${m.toFixed(1)} ms vs ${reference.toFixed(1)} ms`,
      ).toBeLessThanOrEqual(Math.max(25, 0.5 * reference));
    }
  });
});
