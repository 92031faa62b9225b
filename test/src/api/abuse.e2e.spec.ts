import { resetStreamId } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorkers, waitForCode } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';
import { from, ok, ops, registerContact, startReset } from './selfServiceOperations.js';
import { seedTenant, seedUser, signIn } from './selfServiceSeed.js';

const PASSWORD = 'correct horse battery staple';

type Extensions = { code?: string; reason?: string };
const errorOf = (result: { errors?: readonly { extensions?: Extensions }[] }) =>
  result.errors?.[0]?.extensions;

describe('abuse of the self-service API', () => {
  let server: TestServer;
  let stopWorkers: () => Promise<void>;
  beforeAll(async () => {
    server = await startTestServer();
    stopWorkers = await startTestWorkers(server);
    await seedTenant(server, 'contoso');
    await seedUser(server, 'contoso', { username: 'jan', password: PASSWORD });
    const token = await signIn(server, 'contoso', 'jan', PASSWORD);
    await registerContact(server, token, { email: 'jan@contoso.example' });
  });
  afterAll(async () => {
    await stopWorkers?.();
    await server?.stop();
  });

  const flowEvents = async (flowId: string) =>
    (await server.services.deps.eventStore.readStream(resetStreamId(flowId))).map((e) => e.type);

  describe('guessing codes', () => {
    it('refuses a 500-alias verifyResetCode request outright, without counting a guess', async () => {
      const ip = '192.0.2.1';
      const flow = await startReset(server, 'contoso', 'jan', ip);
      await ok(server.graphql(ops.send, { f: flow.flowId, m: 'email' }, from(ip)));
      const guesses = Array.from(
        { length: 500 },
        (_, i) =>
          `g${i}: verifyResetCode(flowId: "${flow.flowId}", methodId: "email", code: "${String(i).padStart(8, '0')}") { gatesPassed }`,
      );
      const result = await server.graphql(`mutation { ${guesses.join(' ')} }`, {}, from(ip));
      // graphql-armor's token limit stops it before parsing ends; Apollo answers that with 500,
      // not 400 (graphql-armor issues #571, #751). Refused either way, and nothing was counted.
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.data).toBeNull();
      expect(result.errors).toEqual([
        {
          message: 'Syntax Error: Token limit of 2000 exceeded.',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ]);
      expect(await flowEvents(flow.flowId)).not.toContain('ResetGateFailed');

      const fifteen = await server.graphql(
        `mutation { ${guesses.slice(0, 15).join(' ')} }`,
        {},
        from(ip),
      );
      expect(fifteen.status).toBe(400);
      expect(fifteen.errors?.[0]?.message).toMatch(
        /one sensitive mutation per operation \(found 15/,
      );
      expect(await flowEvents(flow.flowId)).not.toContain('ResetGateFailed');
    });

    it('counts separate requests one by one: the fifth wrong code ends the flow', async () => {
      const ip = '192.0.2.2';
      const flow = await startReset(server, 'contoso', 'jan', ip);
      const after = new Date();
      await ok(server.graphql(ops.send, { f: flow.flowId, m: 'email' }, from(ip)));
      const code = await waitForCode(server, { to: 'jan@contoso.example', after });
      const wrong = String((Number(code) + 1) % 100_000_000).padStart(code.length, '0');
      const verify = (c: string) =>
        server.graphql(ops.verify, { f: flow.flowId, m: 'email', c }, from(ip));
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        expect(errorOf(await verify(wrong))).toEqual({
          code: 'BAD_USER_INPUT',
          reason: 'InvalidCode',
        });
      }
      expect(errorOf(await verify(wrong))).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'TooManyWrongCode',
      });
      expect(errorOf(await verify(code))).toEqual({ code: 'BAD_USER_INPUT', reason: 'FlowEnded' });
      const events = await flowEvents(flow.flowId);
      expect(events.filter((t) => t === 'ResetGateFailed')).toHaveLength(5);
      expect(events).toContain('PasswordResetFailed');
    });
  });

  describe('rate limits', () => {
    it('answers RATE_LIMITED once one address has made 120 anonymous calls in a minute', async () => {
      const ip = '192.0.2.3';
      for (let i = 0; i < 120; i += 1) {
        await ok(server.graphql(ops.start, { t: 'contoso', u: `visitor${i}` }, from(ip)));
      }
      const limited = await server.graphql(ops.start, { t: 'contoso', u: 'visitor-x' }, from(ip));
      expect(errorOf(limited)).toEqual({ code: 'RATE_LIMITED', reason: 'TooManyRequests' });
      await ok(server.graphql(ops.start, { t: 'contoso', u: 'visitor-x' }, from('192.0.2.4')));
    });

    it('answers RATE_LIMITED once one account was named 30 times in a minute, from anywhere', async () => {
      for (let i = 0; i < 30; i += 1) {
        await ok(server.graphql(ops.start, { t: 'contoso', u: 'target' }, from(`192.0.3.${i}`)));
      }
      const limited = await server.graphql(
        ops.start,
        { t: 'contoso', u: 'TARGET' },
        from('192.0.3.200'),
      );
      expect(errorOf(limited)).toEqual({ code: 'RATE_LIMITED', reason: 'TooManyRequests' });
      const change = await server.graphql(
        ops.change,
        { t: 'contoso', u: 'target', old: 'whatever it was', new: 'whatever it will be' },
        from('192.0.3.201'),
      );
      expect(errorOf(change)?.code).toBe('RATE_LIMITED');
    });
  });

  describe('aliases', () => {
    it('count one by one against the per-user limit: 40 requests of 15 aliases use up 600', async () => {
      await seedUser(server, 'contoso', { username: 'alias', password: PASSWORD });
      const token = await signIn(server, 'contoso', 'alias', PASSWORD);
      const fifteen = `{ ${Array.from({ length: 15 }, (_, i) => `m${i}: me { userId }`).join(' ')} }`;
      for (let i = 0; i < 40; i += 1) {
        const result = await server.graphql<Record<string, unknown>>(fifteen, {}, { token });
        expect(result.errors).toBeUndefined();
        expect(Object.keys(result.data!)).toHaveLength(15);
      }
      const limited = await server.graphql(ops.me, {}, { token });
      expect(errorOf(limited)).toEqual({ code: 'RATE_LIMITED', reason: 'TooManyRequests' });
    });
  });

  describe('masked errors', () => {
    it('answers an unknown or malformed flow id with NOT_FOUND and nothing else', async () => {
      for (const flowId of ['A'.repeat(32), 'not a flow id', '../../etc/passwd']) {
        const result = await server.graphql(ops.unlock, { f: flowId }, from('192.0.2.5'));
        expect(result.errors).toEqual([
          {
            message: 'This reset flow does not exist',
            path: ['unlockAccount'],
            extensions: { code: 'NOT_FOUND', reason: 'UnknownFlow' },
          },
        ]);
      }
    });

    it('asks for a session before any registration', async () => {
      const result = await server.graphql(ops.registerEmail, { a: 'x@contoso.example' });
      expect(errorOf(result)).toEqual({ code: 'UNAUTHENTICATED', reason: 'SignInRequired' });
    });
  });
});
