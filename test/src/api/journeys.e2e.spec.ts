import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorkers, waitForCode } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';
import { seedTenant, seedUser, signIn } from './selfServiceSeed.js';

const OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'lanterns over quiet harbours';

const START = `mutation($t: String!, $u: String!) {
  startPasswordReset(tenant: $t, username: $u) {
    flowId status gatesRequired gatesPassed unlockAllowed expiresAt
    methods { methodId method maskedTarget questions }
  }
}`;
const SEND = `mutation($f: String!, $m: String!) {
  sendResetCode(flowId: $f, methodId: $m) { methodId channel maskedTarget expiresAt }
}`;
const VERIFY = `mutation($f: String!, $m: String!, $c: String!) {
  verifyResetCode(flowId: $f, methodId: $m, code: $c) { gatesPassed gatesRequired }
}`;
const COMPLETE = `mutation($f: String!, $p: String!) {
  completePasswordReset(flowId: $f, newPassword: $p) { flowId status }
}`;

describe('register, then reset by email code', () => {
  let server: TestServer;
  let stopWorkers: () => Promise<void>;
  beforeAll(async () => {
    server = await startTestServer();
    stopWorkers = await startTestWorkers(server);
    await seedTenant(server, 'contoso');
    await seedUser(server, 'contoso', { username: 'jan', password: OLD_PASSWORD });
  });
  afterAll(async () => {
    await stopWorkers?.();
    await server?.stop();
  });

  it('signs in with the new password, not the old one', async () => {
    const token = await signIn(server, 'contoso', 'jan', OLD_PASSWORD);
    const before = new Date();
    const registered = await server.graphql<{
      registerEmail: { methodId: string; maskedTarget: string };
    }>(
      'mutation($a: String!) { registerEmail(address: $a) { methodId maskedTarget expiresAt } }',
      { a: 'jan@contoso.example' },
      { token },
    );
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.registerEmail.maskedTarget).toBe('j***@contoso.example');
    const code = await waitForCode(server, { to: 'jan@contoso.example', after: before });
    const confirmed = await server.graphql(
      'mutation($m: String!, $c: String!) { confirmEmail(methodId: $m, code: $c) { methodId requirementMet } }',
      { m: registered.data!.registerEmail.methodId, c: code },
      { token },
    );
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data).toEqual({
      confirmEmail: { methodId: registered.data!.registerEmail.methodId, requirementMet: true },
    });

    const started = await server.graphql<{
      startPasswordReset: { flowId: string; methods: { methodId: string; method: string }[] };
    }>(START, { t: 'contoso', u: 'jan' });
    expect(started.errors).toBeUndefined();
    const flow = started.data!.startPasswordReset;
    const email = flow.methods.find((m) => m.method === 'email')!;
    const sentAt = new Date();
    const sent = await server.graphql(SEND, { f: flow.flowId, m: email.methodId });
    expect(sent.errors).toBeUndefined();
    const resetCode = await waitForCode(server, { to: 'jan@contoso.example', after: sentAt });
    const verified = await server.graphql(VERIFY, {
      f: flow.flowId,
      m: email.methodId,
      c: resetCode,
    });
    expect(verified.data).toEqual({ verifyResetCode: { gatesPassed: 1, gatesRequired: 1 } });
    const completed = await server.graphql(COMPLETE, { f: flow.flowId, p: NEW_PASSWORD });
    expect(completed.data).toEqual({
      completePasswordReset: { flowId: flow.flowId, status: 'completed' },
    });

    await expect(signIn(server, 'contoso', 'jan', NEW_PASSWORD)).resolves.toMatch(/\./);
    await expect(signIn(server, 'contoso', 'jan', OLD_PASSWORD)).rejects.toThrow(/UNAUTHENTICATED/);
  });
});
